from django.urls import path, register_converter

from catalog import submission_views, views
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
    # Reader submissions.
    path(
        "<venue:venue>/<slug:area_slug>/<slug:note_slug>/suggest/",
        submission_views.SuggestionCreateView.as_view(),
        name="suggestion_create",
    ),
    path(
        "submit/",
        submission_views.NewPaperCreateView.as_view(),
        name="submission_create",
    ),
    path(
        "submissions/<str:token>/",
        submission_views.SubmissionStatusView.as_view(),
        name="submission_status",
    ),
]
