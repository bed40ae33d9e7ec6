"""Public forms of the site.

# Reader submissions

Anyone may post these two forms, so each carries the same defences besides
CSRF (which the middleware enforces) and the per-IP rate limit (in the view):

- a honeypot field that people never see and bots fill in;
- a signed timestamp of when the form was shown: a post sooner than a person
  could type (`SUBMISSION_MIN_SECONDS`) or from a form older than
  `SUBMISSION_MAX_AGE` is refused;
- length limits on every field and at most `SUMMARY_MAX_LINKS` links in the
  summary, which is rendered through the notes' sanitising Markdown.

Every refusal names the field it is about, so the page can say what was wrong
and where.
"""

from __future__ import annotations

import re
import time

from django import forms
from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from catalog.arxiv import ARXIV_ID, arxiv_id_from_url
from catalog.markup import render_markdown
from catalog.models import Area, Note, Paper, Venue
from catalog.slugs import slug_from_title

FORM_STAMP_SALT = "catalog.submission-form"
SUMMARY_MIN_LENGTH = 40
SUMMARY_MAX_LENGTH = 2000
SUMMARY_MAX_LINKS = 3

# Every way a summary can carry an outside link: Markdown links, autolinks and
# bare addresses all contain one of these.
_LINK = re.compile(r"https?://|www\.|mailto:", re.IGNORECASE)


def form_stamp(*, at: float | None = None) -> str:
    """A tamper-proof record of when a form was shown (`at`, default now)."""
    return signing.dumps(int(time.time() if at is None else at), salt=FORM_STAMP_SALT)


class SubmissionDefencesForm(forms.Form):
    """What both reader forms share: honeypot, timestamp, summary rules."""

    # Named like a field bots like to fill; the template hides it from people
    # (off-screen, aria-hidden, out of the tab order) rather than type=hidden,
    # which bots know to skip.
    website = forms.CharField(
        required=False,
        label="Leave this field empty",
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )
    # Not required: a missing stamp gets the same message as a forged one.
    started = forms.CharField(
        required=False, label="Form timestamp", widget=forms.HiddenInput
    )
    summary = forms.CharField(
        min_length=SUMMARY_MIN_LENGTH,
        max_length=SUMMARY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=(
            "One paragraph of Markdown; $…$ for math. "
            f"{SUMMARY_MIN_LENGTH}–{SUMMARY_MAX_LENGTH} characters, at most "
            f"{SUMMARY_MAX_LINKS} links."
        ),
    )
    name = forms.CharField(
        required=False,
        max_length=100,
        help_text="Optional: how we credit you. Left empty, “a reader”.",
    )
    email = forms.EmailField(
        required=False,
        max_length=254,
        help_text="Optional: we write once, when a moderator decides. Never shown.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["started"].initial = form_stamp()

    def clean_website(self) -> str:
        if self.cleaned_data["website"]:
            raise ValidationError(
                "This field is hidden from people and must stay empty; it was "
                "filled in, as spam robots do. Clear it and send the form again."
            )
        return ""

    def clean_started(self) -> int:
        try:
            shown_at = signing.loads(self.cleaned_data["started"], salt=FORM_STAMP_SALT)
        except signing.BadSignature:
            self._renew_stamp()
            raise ValidationError(
                "The form's timestamp is missing or was altered. It has been "
                "renewed: check your text and send the form again."
            ) from None
        age = time.time() - shown_at
        if age > settings.SUBMISSION_MAX_AGE:
            self._renew_stamp()
            raise ValidationError(
                "This form was opened too long ago. It has been renewed: check "
                "your text and send it again."
            )
        if age < settings.SUBMISSION_MIN_SECONDS:
            # Keep the stamp: the next post, a few seconds on, is accepted.
            raise ValidationError(
                f"The form was sent {max(age, 0):.0f} seconds after it was opened, "
                "faster than a person types. Please read it over and send it "
                "again."
            )
        return shown_at

    def _renew_stamp(self) -> None:
        # The page is shown again with this form; a fresh stamp lets the next
        # post through instead of failing the same way forever.
        self.data = self.data.copy()
        self.data[self.add_prefix("started")] = form_stamp()

    def clean_summary(self) -> str:
        summary = self.cleaned_data["summary"].strip()
        links = len(_LINK.findall(summary))
        if links > SUMMARY_MAX_LINKS:
            raise ValidationError(
                f"The summary has {links} links; at most {SUMMARY_MAX_LINKS} are "
                "allowed."
            )
        return summary

    @property
    def summary_preview(self) -> str:
        """The summary as the site will show it (only once the form is valid)."""
        return render_markdown(self.cleaned_data.get("summary", ""))


class SuggestionForm(SubmissionDefencesForm):
    """A reader's better summary for a published note."""

    field_order = ["summary", "name", "email", "website", "started"]

    def __init__(self, *args, note: Note, **kwargs):
        self.note = note
        super().__init__(*args, **kwargs)
        self.fields["summary"].label = "Your summary"
        self.fields["summary"].initial = note.summary

    def clean_summary(self) -> str:
        summary = super().clean_summary()
        if " ".join(summary.split()) == " ".join(self.note.summary.split()):
            raise ValidationError(
                "This is the current summary, unchanged. Edit it to suggest a "
                "better one."
            )
        return summary


class NewPaperForm(SubmissionDefencesForm):
    """A note for a paper the site does not cover yet."""

    title = forms.CharField(max_length=300, help_text="The paper's title.")
    venue = forms.ModelChoiceField(
        queryset=Venue.objects.all(), empty_label="Choose a venue"
    )
    area = forms.ModelChoiceField(
        queryset=Area.objects.all(), empty_label="Choose an area"
    )
    paper = forms.CharField(
        label="arXiv ID or paper URL",
        max_length=500,
        help_text="e.g. 2501.01234 or https://openreview.net/forum?id=…",
    )

    field_order = ["title", "venue", "area", "paper", "summary", "name", "email"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["summary"].label = "Summary (TL;DR)"

    def clean_title(self) -> str:
        title = " ".join(self.cleaned_data["title"].split())
        if not slug_from_title(title):
            raise ValidationError("The title needs letters or digits.")
        return title

    def clean_paper(self) -> str:
        """An arXiv ID becomes its abstract page; anything else must be a URL."""
        value = self.cleaned_data["paper"].strip()
        arxiv = ARXIV_ID.fullmatch(value)
        if arxiv:
            return f"https://arxiv.org/abs/{arxiv['id']}"
        try:
            URLValidator(schemes=["http", "https"])(value)
        except ValidationError:
            raise ValidationError(
                "Give an arXiv ID such as 2501.01234, or the paper's address "
                "starting with https://."
            ) from None
        return value

    def clean(self) -> dict:
        cleaned = super().clean()
        venue, area = cleaned.get("venue"), cleaned.get("area")
        title, paper_url = cleaned.get("title"), cleaned.get("paper")
        # Only published notes: an answer about a draft, a note in review or
        # a rejected one would tell anyone what the desk is working on. The
        # moderators see every match on the submission's page.
        public = Paper.objects.filter(note__in=Note.objects.published())
        if venue and area and title:
            covered = public.filter(
                venue=venue, area=area, slug=slug_from_title(title)
            ).exists()
            if covered:
                self.add_error(
                    "title",
                    f"The site already has a paper with this title in {venue.code} "
                    f"› {area.name}: suggest a better summary on its page instead.",
                )
        arxiv_id = arxiv_id_from_url(paper_url or "")
        if arxiv_id and public.filter(arxiv_id=arxiv_id).exists():
            self.add_error(
                "paper",
                f"The site already has a note on arXiv {arxiv_id}: suggest a "
                "better summary on its page instead.",
            )
        return cleaned
