from django.contrib.sitemaps.views import sitemap
from django.urls import path, register_converter

from catalog import feeds, search_views, submission_views, views
from catalog.converters import VenueCodeConverter
from catalog.preview import note_preview_view
from catalog.sitemaps import SITEMAPS

register_converter(VenueCodeConverter, "venue")

app_name = "catalog"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("search/", search_views.SearchView.as_view(), name="search"),
    path(
        "search/results.bib",
        search_views.SearchView.as_view(export="bib"),
        name="search_bibtex",
    ),
    path("feeds/atom.xml", feeds.SiteFeed(), name="feed_site"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path(
        "areas/<slug:area_slug>/",
        views.AreaAcrossView.as_view(),
        name="area_across",
    ),
    path(
        "areas/<slug:area_slug>/feed.xml",
        feeds.AreaAcrossFeed(),
        name="area_across_feed",
    ),
    path(
        "areas/<slug:area_slug>/notes.bib",
        views.AreaAcrossView.as_view(export="bib"),
        name="area_across_bibtex",
    ),
    path(
        "topics/<slug:topic_slug>/",
        views.TopicDetailView.as_view(),
        name="topic_detail",
    ),
    path(
        "topics/<slug:topic_slug>/feed.xml",
        feeds.TopicFeed(),
        name="topic_feed",
    ),
    path(
        "topics/<slug:topic_slug>/notes.bib",
        views.TopicDetailView.as_view(export="bib"),
        name="topic_bibtex",
    ),
    path("preview/<str:token>/", note_preview_view, name="note_preview"),
    path("<venue:venue>/", views.VenueDetailView.as_view(), name="venue_detail"),
    path("<venue:venue>/feed.xml", feeds.VenueFeed(), name="venue_feed"),
    path(
        "<venue:venue>/<slug:area_slug>/",
        views.AreaDetailView.as_view(),
        name="area_detail",
    ),
    path(
        "<venue:venue>/<slug:area_slug>/feed.xml",
        feeds.AreaFeed(),
        name="area_feed",
    ),
    path(
        "<venue:venue>/<slug:area_slug>/notes.bib",
        views.AreaDetailView.as_view(export="bib"),
        name="area_bibtex",
    ),
    path(
        "<venue:venue>/<slug:area_slug>/index.json",
        views.AreaDetailView.as_view(export="json"),
        name="area_json",
    ),
    path(
        "<venue:venue>/<slug:area_slug>/<slug:note_slug>/",
        views.NoteDetailView.as_view(),
        name="note_detail",
    ),
    path(
        "<venue:venue>/<slug:area_slug>/<slug:note_slug>/cite.bib",
        views.NoteDetailView.as_view(export="bib"),
        name="note_bibtex",
    ),
    path(
        "<venue:venue>/<slug:area_slug>/<slug:note_slug>/index.json",
        views.NoteDetailView.as_view(export="json"),
        name="note_json",
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
