"""Public pages of reader submissions: suggest a summary, submit a paper, follow.

The forms carry their own defences (catalog/forms.py); the views add the
per-IP rate limit, kept in Django's cache, and store through the services.
While the cache is unreachable the database counts the posts instead.
Nothing here is cached by the browser or a proxy: the forms hold CSRF tokens
and timestamps, the status page a private address.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.generic import FormView, TemplateView

from catalog.cache import CACHE_OUTAGE_ERRORS, cache_outage
from catalog.forms import NewPaperForm, SubmissionDefencesForm, SuggestionForm
from catalog.models import Submission
from catalog.selectors import (
    note_at_address,
    submission_count,
    submission_status_subject,
)
from catalog.services import (
    submission_count_give_back,
    submission_count_take,
    submission_create,
    submission_credit,
    submission_from_token,
    submission_status_token,
)


def _address(request: HttpRequest) -> str:
    # Behind a proxy, notes_cms.middleware.ClientAddressMiddleware has put the
    # reader's address here (CLIENT_IP_HEADER), so readers are counted apart.
    return request.META.get("REMOTE_ADDR", "")


def _rate_key(request: HttpRequest) -> str:
    return f"catalog:submissions:ip:{_address(request)}"


def submissions_left(request: HttpRequest) -> int:
    """How many more submissions this address may send in the current window."""
    return max(settings.SUBMISSION_RATE_LIMIT - _submissions_counted(request), 0)


def _submissions_counted(request: HttpRequest) -> int:
    if not cache_outage.skip():
        try:
            return cache.get(_rate_key(request), 0)
        except CACHE_OUTAGE_ERRORS as error:
            cache_outage.fail(error)
    return submission_count(
        address=_address(request), window=settings.SUBMISSION_RATE_WINDOW
    )


def submission_slot_take(request: HttpRequest) -> bool:
    """Count one submission from this address; False if that is over the limit.

    The count is one atomic increment in the shared cache, so posts arriving
    together (threads, app servers) cannot all pass a check before any of
    them is counted. The window starts with the first submission and is not
    extended by later ones. While the cache cannot be reached the database
    counts, the same way (catalog.services.limits): never no limit.
    """
    window = settings.SUBMISSION_RATE_WINDOW
    if not cache_outage.skip():
        try:
            count = _cache_count_take(_rate_key(request), window)
        except CACHE_OUTAGE_ERRORS as error:
            cache_outage.fail(error)
        else:
            return count <= settings.SUBMISSION_RATE_LIMIT
    count = submission_count_take(address=_address(request), window=window)
    return count <= settings.SUBMISSION_RATE_LIMIT


def _cache_count_take(key: str, window: int) -> int:
    if cache.add(key, 1, timeout=window):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # The window ended between the two calls.
        cache.set(key, 1, timeout=window)
        return 1


def submission_slot_give_back(request: HttpRequest) -> None:
    """Uncount a submission that was counted but could not be stored."""
    if not cache_outage.skip():
        try:
            cache.decr(_rate_key(request))
        except ValueError:  # The window has ended anyway.
            return
        except CACHE_OUTAGE_ERRORS as error:
            cache_outage.fail(error)
        else:
            return
    submission_count_give_back(address=_address(request))


@method_decorator(never_cache, name="dispatch")
class SubmissionFormView(FormView):
    """What both forms do: refuse over the limit, preview, store, redirect.

    Only stored submissions count against the limit: a reader correcting a
    refused form is not held back by their own mistakes.
    """

    def post(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        form = self.get_form()
        valid = form.is_valid()
        # A cheap early refusal; the atomic count below is what enforces it.
        if not submissions_left(request):
            return self.over_limit(form)
        if not valid:
            return self.form_invalid(form)
        if "preview" in request.POST:
            return self.render_to_response(
                self.get_context_data(form=form, preview=form.summary_preview)
            )
        if not submission_slot_take(request):
            return self.over_limit(form)
        try:
            submission = self.submit(form)
        except Exception:
            submission_slot_give_back(request)
            raise
        messages.success(
            request,
            "Thank you: a moderator will read it. Keep this page's address to "
            "see their decision"
            + (", which we will also email you." if submission.email else "."),
        )
        return redirect(
            "catalog:submission_status",
            token=submission_status_token(submission=submission),
        )

    def submitter(self):
        """The account of a submitter who is logged in, recorded so that a
        moderator cannot approve what they sent themselves."""
        user = self.request.user
        return user if user.is_authenticated else None

    def over_limit(self, form: SubmissionDefencesForm) -> HttpResponse:
        minutes = settings.SUBMISSION_RATE_WINDOW // 60
        form.add_error(
            None,
            f"This network address has sent {settings.SUBMISSION_RATE_LIMIT} "
            f"submissions in the last {minutes} minutes, the most we accept. "
            "Your text is kept below: please send it again later.",
        )
        response = self.form_invalid(form)
        response.status_code = 429
        return response

    def submit(self, form: SubmissionDefencesForm) -> Submission:
        raise NotImplementedError


class SuggestionCreateView(SubmissionFormView):
    """Suggest a better summary for a published note."""

    template_name = "catalog/suggestion_form.html"
    form_class = SuggestionForm

    def dispatch(self, request, *args, **kwargs):
        self.note = note_at_address(**kwargs)
        if self.note is None:
            raise Http404("No published note at this address.")
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self) -> dict:
        return {**super().get_form_kwargs(), "note": self.note}

    def get_context_data(self, **kwargs) -> dict:
        return super().get_context_data(note=self.note, **kwargs)

    def submit(self, form: SuggestionForm) -> Submission:
        return submission_create(
            kind=Submission.Kind.SUGGESTION,
            note=self.note,
            summary=form.cleaned_data["summary"],
            name=form.cleaned_data["name"],
            email=form.cleaned_data["email"],
            submitted_by=self.submitter(),
        )


class NewPaperCreateView(SubmissionFormView):
    """Submit a note for a paper the site does not cover yet."""

    template_name = "catalog/submission_form.html"
    form_class = NewPaperForm

    def submit(self, form: NewPaperForm) -> Submission:
        data = form.cleaned_data
        return submission_create(
            kind=Submission.Kind.NEW_PAPER,
            title=data["title"],
            venue=data["venue"],
            area=data["area"],
            paper_url=data["paper"],
            summary=data["summary"],
            name=data["name"],
            email=data["email"],
            submitted_by=self.submitter(),
        )


@method_decorator(never_cache, name="dispatch")
class SubmissionStatusView(TemplateView):
    """Where the submitter follows their submission; the signed URL is the key."""

    template_name = "catalog/submission_status.html"

    def get_context_data(self, **kwargs) -> dict:
        submission = submission_from_token(token=kwargs["token"])
        if submission is None:
            raise Http404("No submission has this address.")
        subject = submission_status_subject(submission=submission)
        return super().get_context_data(
            submission=submission,
            credit=submission_credit(submission=submission),
            subject_title=subject.title,
            note_url=subject.url,
            new_paper_url=reverse("catalog:submission_create"),
            **kwargs,
        )
