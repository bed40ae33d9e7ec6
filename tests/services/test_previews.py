"""Preview links: a signed token names a note until it expires."""

import pytest
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from catalog.services import (
    PREVIEW_SALT,
    note_from_preview_token,
    note_preview_token,
)
from tests.services.workflow_notes import write_draft


def test_preview_token_names_the_note_until_it_expires(people):
    note = write_draft(people)

    token = note_preview_token(note=note, user=people["editor"])

    assert note_from_preview_token(token=token) == note
    assert note_from_preview_token(token=token + "x") is None
    # Signed eight days ago: TimestampSigner appends the time, then signs.
    eight_days_ago = int(timezone.now().timestamp()) - 8 * 24 * 3600
    old = signing.Signer(salt=PREVIEW_SALT).sign(
        f"{note.pk}:{signing.b62_encode(eight_days_ago)}"
    )
    assert note_from_preview_token(token=old) is None
    assert note.events.first().action == "preview_shared"
    with pytest.raises(PermissionDenied):
        note_preview_token(note=note, user=people["staff"])
