"""The public pages, one module per family: `listings` (home, venue, area,
topic), `notes` (a note's page and downloads), `search`, `submissions`
(reader submissions), and `machine` (what scripts and crawlers read).

Views stay thin: they read through QuerySet methods and `catalog.selectors`,
write through `catalog.services`, and run a fixed number of queries.
"""

from catalog.views.listings import (
    AreaAcrossView,
    AreaDetailView,
    HomeView,
    TopicDetailView,
    VenueDetailView,
)
from catalog.views.machine import (
    bibtex_response,
    json_response,
    note_data,
    page_data,
    robots_txt,
    site_url,
)
from catalog.views.notes import NoteDetailView
from catalog.views.search import SearchForm, SearchView
from catalog.views.submissions import (
    NewPaperCreateView,
    SubmissionStatusView,
    SuggestionCreateView,
    submission_slot_give_back,
    submission_slot_take,
    submissions_left,
)

__all__ = [
    "AreaAcrossView",
    "AreaDetailView",
    "HomeView",
    "NewPaperCreateView",
    "NoteDetailView",
    "SearchForm",
    "SearchView",
    "SubmissionStatusView",
    "SuggestionCreateView",
    "TopicDetailView",
    "VenueDetailView",
    "bibtex_response",
    "json_response",
    "note_data",
    "page_data",
    "robots_txt",
    "site_url",
    "submission_slot_give_back",
    "submission_slot_take",
    "submissions_left",
]
