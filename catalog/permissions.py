"""Who may do what: the permissions the workflow checks, and the check.

A leaf module: the services refuse with `require`, and the reads that decide
which buttons to show (`catalog.selectors.workflow`) ask `user_may`, so both
apply the same rule.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied

if TYPE_CHECKING:
    from django.contrib.auth.models import User

PUBLISH_PERMISSION = "catalog.publish_note"
REVIEW_PERMISSION = "catalog.review_note"
EDIT_PERMISSION = "catalog.change_note"
ADD_PERMISSION = "catalog.add_note"
DECIDE_SUBMISSION = "catalog.decide_submission"


def user_may(user: User | None, permission: str) -> bool:
    """Whether an active account holds the permission."""
    return bool(user and user.is_active and user.has_perm(permission))


def require(user: User | None, permission: str, refusal: str) -> None:
    """Refuse with `refusal` unless `user_may` holds."""
    if not user_may(user, permission):
        raise PermissionDenied(refusal)
