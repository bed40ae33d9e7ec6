"""Build catalog rows through the same services the site uses."""

from datetime import datetime, timedelta
from itertools import count

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from catalog.models import Area, Note, Submission, Venue
from catalog.services import (
    NoteContent,
    note_create,
    note_submit,
    note_upsert,
    submission_create,
)
from catalog.slugs import slug_from_title

_sequence = count(1)

# The summary of the `note` fixture (tests/conftest.py), and the one a
# reader's suggestion offers in its place.
OLD_SUMMARY = "The paper watermarks model outputs so that paraphrasing keeps the mark."
NEW_SUMMARY = (
    "The paper embeds a watermark in model outputs that survives paraphrasing, "
    "and shows detection stays reliable at low false-positive rates."
)


def make_person(
    username: str,
    group: str | None = None,
    *,
    email: str | None = None,
    is_staff: bool = True,
    **fields,
):
    """A member of staff (unless `is_staff=False`) in `group`, as the site
    defines its groups: Editors and Moderators come from the data migrations.

    Read back from the database, so no permission cache from before the group
    was added lingers on the object.
    """
    users = get_user_model().objects
    user = users.create_user(
        username=username,
        email=f"{username}@example.com" if email is None else email,
        is_staff=is_staff,
        **fields,
    )
    if group:
        user.groups.add(Group.objects.get(name=group))
    return users.get(pk=user.pk)


def make_draft(
    *, author, venue: str = "ICML2025", area: str = "llm_safety", **data
) -> Note:
    """A note `author` wrote and saved once in the admin: a draft."""
    return note_create(
        venue=Venue.objects.get(code=venue),
        area=Area.objects.get(slug=area),
        user=author,
        data={
            "title": "Watermarks that survive paraphrase",
            "summary": "The first summary.",
            **data,
        },
    )


def make_in_review(*, author, **data) -> Note:
    """A draft its author sent for review."""
    return note_submit(note=make_draft(author=author, **data), user=author)


def days_ago(days: int) -> datetime:
    return timezone.now() - timedelta(days=days)


def make_note(
    *,
    venue: str | Venue = "ICML2025",
    area: str | Area = "llm_safety",
    title: str | None = None,
    summary: str = "A short summary of the paper.",
    body: str = "",
    topics: list[str] | None = None,
    keywords: list[str] | None = None,
    code_url: str = "",
    status: str = Note.Status.PUBLISHED,
    published_at: datetime | None = None,
    **paper_fields,
) -> Note:
    number = next(_sequence)
    title = title or f"Paper number {number}"
    if published_at is None and status == Note.Status.PUBLISHED:
        published_at = timezone.now() - timedelta(days=1, minutes=number)
    note, _ = note_upsert(
        content=NoteContent(
            venue=venue if isinstance(venue, Venue) else Venue.objects.get(code=venue),
            area=area if isinstance(area, Area) else Area.objects.get(slug=area),
            slug=paper_fields.pop("slug", None) or slug_from_title(title),
            title=title,
            summary=summary,
            body=body,
            code_url=code_url,
            topics=topics,
            keywords=keywords or [],
            published_at=published_at,
            **paper_fields,
        ),
        status=status,
    )
    return note


def make_suggestion(note: Note, **overrides) -> Submission:
    """A reader's suggestion of a new summary for `note`, pending."""
    fields = {
        "summary": NEW_SUMMARY,
        "name": "Ada Lovelace",
        "email": "ada@example.org",
    }
    fields.update(overrides)
    return submission_create(kind=Submission.Kind.SUGGESTION, note=note, **fields)


def make_bulk_notes(
    *, count: int, venues: list[str], areas: list[str], topics: list[str] = ()
) -> list[Note]:
    """`count` published notes spread over venues × areas, written in bulk.

    For size and query-count tests, where going through the services one note
    at a time would be slow and is not the point. Topics are cycled through.
    """
    from catalog.models import Paper, TaggedTopic, Topic

    places = [
        (Venue.objects.get(code=v), Area.objects.get(slug=a))
        for v in venues
        for a in areas
    ]
    start = next(_sequence)
    papers = Paper.objects.bulk_create(
        Paper(
            venue=places[n % len(places)][0],
            area=places[n % len(places)][1],
            slug=f"bulk_{start}_{n}",
            title=f"Bulk paper {start}-{n:04d}",
            arxiv_id=f"2501.{n:05d}",
        )
        for n in range(count)
    )
    published_at = timezone.now() - timedelta(days=30)
    notes = Note.objects.bulk_create(
        Note(
            paper=paper,
            summary="A bulk summary with $x^2$ math.",
            summary_html="<p>A bulk summary.</p>",
            status=Note.Status.PUBLISHED,
            is_live=True,
            published_at=published_at,
        )
        for paper in papers
    )
    tags = [Topic.objects.get_or_create(name=name)[0] for name in topics]
    if tags:
        TaggedTopic.objects.bulk_create(
            TaggedTopic(content_object=note, tag=tags[n % len(tags)])
            for n, note in enumerate(notes)
        )
    return notes


def newest_revision(note: Note):
    """The note's working revision as a moderator opening it now reads it."""
    return (
        Note.objects.select_related("current_revision").get(pk=note.pk).current_revision
    )


def upsert_summary(note: Note, summary: str, capture) -> None:
    """Give a live note a new summary as an import would, running the
    on-commit callbacks (`capture`: django_capture_on_commit_callbacks)."""
    paper = note.paper
    with capture(execute=True):
        note_upsert(
            content=NoteContent(
                venue=paper.venue,
                area=paper.area,
                slug=paper.slug,
                title=paper.title,
                summary=summary,
            )
        )
