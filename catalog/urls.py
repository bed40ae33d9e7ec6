from django.contrib.sitemaps.views import sitemap
from django.urls import path, register_converter

from catalog import feeds
from catalog.converters import VenueCodeConverter
from catalog.preview import note_preview_view
from catalog.sitemaps import SITEMAPS
from catalog.views import listings, machine, notes, search, submissions

register_converter(VenueCodeConverter, "venue")

app_name = "catalog"

urlpatterns = [
    path("", listings.HomeView.as_view(), name="home"),
    path("search/", search.SearchView.as_view(), name="search"),
    path(
        "search/results.bib",
        search.SearchView.as_view(export="bib"),
        name="search_bibtex",
    ),
    path("feeds/atom.xml", feeds.SiteFeed(), name="feed_site"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", machine.robots_txt, name="robots_txt"),
    path(
        "areas/<slug:area_slug>/",
        listings.AreaAcrossView.as_view(),
        name="area_across",
    ),
    path(
        "areas/<slug:area_slug>/feed.xml",
        feeds.AreaAcrossFeed(),
        name="area_across_feed",
    ),
    path(
        "areas/<slug:area_slug>/notes.bib",
        listings.AreaAcrossView.as_view(export="bib"),
        name="area_across_bibtex",
    ),
    path(
        "topics/<slug:topic_slug>/",
        listings.TopicDetailView.as_view(),
        name="topic_detail",
    ),
    path(
        "topics/<slug:topic_slug>/feed.xml",
        feeds.TopicFeed(),
        name="topic_feed",
    ),
    path(
        "topics/<slug:topic_slug>/notes.bib",
        listings.TopicDetailView.as_view(export="bib"),
        name="topic_bibtex",
    ),
    path("preview/<str:token>/", note_preview_view, name="note_preview"),
    path("<venue:venue>/", listings.VenueDetailView.as_view(), name="venue_detail"),
    path("<venue:venue>/feed.xml", feeds.VenueFeed(), name="venue_feed"),
    path(
        "<venue:venue>/<slug:area_slug>/",
        listings.AreaDetailView.as_view(),
        name="area_detail",
    ),
    path(
        "<venue:venue>/<slug:area_slug>/feed.xml",
        feeds.AreaFeed(),
        name="area_feed",
    ),
    path(
        "<venue:venue>/<slug:area_slug>/notes.bib",
        listings.AreaDetailView.as_view(export="bib"),
        name="area_bibtex",
    ),
    path(
        "<venue:venue>/<slug:area_slug>/index.json",
        listings.AreaDetailView.as_view(export="json"),
        name="area_json",
    ),
    path(
        "<venue:venue>/<slug:area_slug>/<slug:note_slug>/",
        notes.NoteDetailView.as_view(),
        name="note_detail",
    ),
    path(
        "<venue:venue>/<slug:area_slug>/<slug:note_slug>/cite.bib",
        notes.NoteDetailView.as_view(export="bib"),
        name="note_bibtex",
    ),
    path(
        "<venue:venue>/<slug:area_slug>/<slug:note_slug>/index.json",
        notes.NoteDetailView.as_view(export="json"),
        name="note_json",
    ),
    # Reader submissions.
    path(
        "<venue:venue>/<slug:area_slug>/<slug:note_slug>/suggest/",
        submissions.SuggestionCreateView.as_view(),
        name="suggestion_create",
    ),
    path(
        "submit/",
        submissions.NewPaperCreateView.as_view(),
        name="submission_create",
    ),
    path(
        "submissions/<str:token>/",
        submissions.SubmissionStatusView.as_view(),
        name="submission_status",
    ),
]
