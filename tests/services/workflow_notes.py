"""Notes at each step of the workflow, and what their public page says."""

from catalog.models import Note
from catalog.services import note_submit
from tests.factories import make_draft, make_note
from tests.pagetext import visible_lines


def write_draft(people, **data) -> Note:
    """A note the editor wrote and saved once: a draft."""
    return make_draft(
        author=people["editor"], **{"body": "## Method\n\nA first body.", **data}
    )


def in_review(people, **data) -> Note:
    note = write_draft(people, **data)
    return note_submit(note=note, user=people["editor"])


def live_note(**kwargs) -> Note:
    """A published note, as an import makes one."""
    return make_note(title="A live paper", summary="The published summary.", **kwargs)


def public_text(client, note: Note) -> list[str] | None:
    response = client.get(note.get_absolute_url())
    if response.status_code == 404:
        return None
    assert response.status_code == 200
    return visible_lines(response.content.decode())


def actions(note: Note) -> list[str]:
    return list(note.events.order_by("pk").values_list("action", flat=True))
