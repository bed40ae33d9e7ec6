from django.urls import path, register_converter

from catalog import views
from catalog.converters import VenueCodeConverter

register_converter(VenueCodeConverter, "venue")

app_name = "catalog"

urlpatterns = [
    path(
        "<venue:venue>/<slug:area_slug>/",
        views.AreaDetailView.as_view(),
        name="area_detail",
    ),
    path(
        "<venue:venue>/<slug:area_slug>/<slug:note_slug>/",
        views.NoteDetailView.as_view(),
        name="note_detail",
    ),
]
