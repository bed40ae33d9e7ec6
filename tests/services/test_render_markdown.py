"""render_markdown: stored HTML from older Markdown rules is rendered anew, and
the public page shows it at once."""

from io import StringIO

import pytest
from django.core.management import call_command

from catalog.models import Note, Submission
from tests.factories import make_note, make_suggestion


def _render() -> str:
    out = StringIO()
    call_command("render_markdown", stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_stale_html_of_a_live_note_and_a_submission_is_rendered_anew(client):
    note = make_note(summary="Costs fall by $O(n)$ per query.")
    suggestion = make_suggestion(note, summary="Needs $k$ samples, not $n$.")
    # What the rows held before the math rule: the TeX as plain text.
    Note.objects.filter(pk=note.pk).update(
        summary_html="<p>Costs fall by $O(n)$ per query.</p>"
    )
    Submission.objects.filter(pk=suggestion.pk).update(
        summary_html="<p>Needs $k$ samples, not $n$.</p>"
    )
    address = note.get_absolute_url()
    assert "$O(n)$" in client.get(address).content.decode()

    assert "Rendered 2 texts anew; 2 changed." in _render()

    page = client.get(address).content.decode()
    assert "$O(n)$" not in page
    assert '<annotation encoding="application/x-tex">O(n)</annotation>' in page
    suggestion.refresh_from_db()
    assert "<math" in suggestion.summary_html
    # A second run finds nothing left to change.
    assert "Rendered 2 texts anew; 0 changed." in _render()
