from django.contrib import admin
from django.urls import include, path

from notes_cms.health import healthz

urlpatterns = [
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
    path("", include("catalog.urls")),
]

# A database or cache outage met outside a view still answers the 503 page.
handler500 = "notes_cms.health.server_error"
