"""What the catalog's admin pages share: links, redirects and refusals."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme


def public_link(url: str, label: str = "View on site") -> str:
    return format_html('<a href="{}" target="_blank" rel="noopener">{}</a>', url, label)


def safe_next(request: HttpRequest, fallback: str) -> str:
    """The page to go back to: `next` when it stays on this site."""
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if wanted and url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return wanted
    return fallback


def error_text(error: Exception) -> str:
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error) or "You may not do that."
