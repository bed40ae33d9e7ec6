"""Sending a note for review with a formula the page cannot show is refused,
with each formula, where it is and why; fixing it lets the note through."""

import pytest
from django.core.exceptions import ValidationError

from catalog.models import Note
from catalog.services import (
    note_formula_problems,
    note_request_changes,
    note_revise,
    note_submit,
)
from tests.services.workflow_notes import write_draft


def test_a_broken_formula_keeps_a_draft_out_of_review(people):
    note = write_draft(
        people,
        summary="The bound $\\frac{a$ holds.",
        body="## Method\n\nWe use $\\foo{x}$ and $x^2$.",
    )

    with pytest.raises(ValidationError) as refused:
        note_submit(note=note, user=people["editor"])

    assert refused.value.messages == [
        "2 formulas in this note cannot be shown as written, so a reader would "
        "see TeX instead:",
        "TL;DR: “\\frac{a”: a { is never closed: add its }.",
        "Body: “\\foo{x}”: \\foo is not a command the renderer knows, so it "
        "would show as “\\foo”: check its spelling, or write \\operatorname{foo}.",
        "Fix them in the form, save, and send the note for review again.",
    ]
    note.refresh_from_db()
    assert note.status == Note.Status.DRAFT
    assert not note.events.filter(action="submitted").exists()


def test_the_fixed_note_goes_to_review(people):
    note = write_draft(people, summary="The bound $\\frac{a$ holds.")
    with pytest.raises(ValidationError):
        note_submit(note=note, user=people["editor"])

    note_revise(
        note=note,
        user=people["editor"],
        changes={"summary": "The bound $\\frac{a}{b}$ holds."},
    )
    note_submit(note=note, user=people["editor"])

    note.refresh_from_db()
    assert note.status == Note.Status.IN_REVIEW


def test_a_resubmission_is_checked_too(people):
    note = write_draft(people, summary="Fine $x$.")
    note_submit(note=note, user=people["editor"])

    note_request_changes(note=note, moderator=people["moderator"], reason="More.")
    note_revise(
        note=note,
        user=people["editor"],
        changes={"body": "$$\n\\begin{aligned} a &= b \\end{aligned}\n$$"},
    )

    with pytest.raises(ValidationError) as refused:
        note_submit(note=note, user=people["editor"])

    assert "the environment “aligned” is not supported" in " ".join(
        refused.value.messages
    )


def test_problems_name_the_field_they_are_in():
    assert note_formula_problems(data={"summary": "ok $x$", "body": "$x^$"}) == [
        "Body: “x^”: a ^ or _ has nothing after it."
    ]
