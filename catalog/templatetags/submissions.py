"""Template tags of reader submissions."""

from django import template

from catalog.models import Note, Submission

register = template.Library()


@register.simple_tag
def summary_credit(note: Note) -> str | None:
    """Who suggested the summary the note shows now, if a reader did.

    One query: the newest approved submission (a suggestion, or the new
    paper the note was made from) whose text is still the live summary; an
    editor's later rewrite ends the credit.
    """
    name = (
        Submission.objects.filter(
            note=note,
            status=Submission.Status.APPROVED,
            summary=note.summary,
        )
        .order_by("-decided_at", "-pk")
        .values_list("name", flat=True)
        .first()
    )
    if name is None:
        return None
    return name or "a reader"
