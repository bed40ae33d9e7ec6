"""Preview links: a signed token names one shared revision until it expires
or is revoked."""

from datetime import timedelta

import pytest
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from catalog.models import PreviewLink
from catalog.services import (
    PREVIEW_SALT,
    note_preview_token,
    note_revise,
    preview_link_from_token,
    preview_link_revoke,
)
from tests.services.workflow_notes import write_draft


def test_preview_token_names_the_link_until_it_expires(people):
    note = write_draft(people)

    token = note_preview_token(note=note, user=people["editor"])

    link = preview_link_from_token(token=token)
    assert (link.note, link.revision) == (note, note.current_revision)
    assert preview_link_from_token(token=token + "x") is None
    # Signed eight days ago: TimestampSigner appends the time, then signs.
    eight_days_ago = int(timezone.now().timestamp()) - 8 * 24 * 3600
    old = signing.Signer(salt=PREVIEW_SALT).sign(
        f"{link.pk}:{signing.b62_encode(eight_days_ago)}"
    )
    assert preview_link_from_token(token=old) is None
    # The row's own end counts too, whatever the signature says.
    PreviewLink.objects.filter(pk=link.pk).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    assert preview_link_from_token(token=token) is None
    assert note.events.first().action == "preview_shared"
    with pytest.raises(PermissionDenied):
        note_preview_token(note=note, user=people["staff"])


def test_a_link_keeps_its_revision_and_ends_when_revoked(people):
    note = write_draft(people)
    token = note_preview_token(note=note, user=people["editor"])
    shared = note.current_revision
    note_revise(note=note, user=people["editor"], changes={"summary": "Later."})

    link = preview_link_from_token(token=token)
    assert link.revision == shared

    with pytest.raises(PermissionDenied):
        preview_link_revoke(link=link, user=people["staff"])
    preview_link_revoke(link=link, user=people["moderator"])

    assert preview_link_from_token(token=token) is None
    link.refresh_from_db()
    assert link.revoked_by == people["moderator"]
    assert note.events.first().action == "preview_revoked"
    with pytest.raises(ValidationError, match="already revoked"):
        preview_link_revoke(link=link, user=people["editor"])
