"""What every reader of the MkDocs tree shares: a file's lines, links and web
addresses, note slugs, and the warnings a reader collects."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from catalog.converters import VenueCodeConverter
from catalog.importers.errors import SourceError, refuse_nul
from catalog.models import Area, Paper, Venue

# (venue code, area slug, note slug): the key of a note, as its path spells it.
RelatedKey = tuple[str, str, str]

LISTING_FILE = "index.md"
# The longest values the models store; checked here so the error has a line.
URL_LENGTH = Paper._meta.get_field("paper_url").max_length
SLUG_LENGTH = Paper._meta.get_field("slug").max_length
TAG_LENGTH = 100

LINK = re.compile(
    r"\[(?P<text>(?:\\.|[^\]\\])*)\]"
    r"\(\s*<?(?P<url>[^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)"
)
BARE_URL = re.compile(r"<?(?P<url>https?://[^\s<>]+)>?")
HTML_COMMENT = re.compile(r"^\s*<!--.*-->\s*$")
MARKDOWN_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|<>])")
# What editors write where a link would go when there is none.
NOTHING = {"", "-", "—", "–", "/", "n/a", "na", "none", "tbd", "null"}

_SLUG = re.compile(r"^[-\w]+$", re.ASCII)
# A venue folder: letters then a year (`ICML2025`), as the URLs take it.
VENUE_CODE = re.compile(rf"^(?:{VenueCodeConverter.regex})$")
VENUE_CODE_LENGTH = Venue._meta.get_field("code").max_length
AREA_SLUG_LENGTH = Area._meta.get_field("slug").max_length
_URL_VALIDATOR = URLValidator(schemes=["http", "https"])


@dataclass(frozen=True)
class SourceWarning:
    """Something read but not used; the import goes on and reports it."""

    path: Path
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


@dataclass
class AreaSaid:
    """What one page says about an area (home, venue page, listing); None
    where it says nothing."""

    slug: str
    path: Path
    line: int
    name: str | None = None
    emoji: str | None = None
    group: str | None = None


@dataclass
class VenueSaid:
    """What one page says about a venue."""

    code: str
    path: Path
    line: int
    emoji: str | None = None


def read_lines(path: Path) -> list[str]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as error:
        raise SourceError(path, 1, f"not UTF-8 text ({error.reason})") from None
    refuse_nul(path, text)
    # Not splitlines(): it also splits on characters editors don't see as breaks.
    return text.split("\n")


def check_slug(path: Path, slug: str, line: int) -> None:
    if not _SLUG.match(slug) or len(slug) > SLUG_LENGTH:
        raise SourceError(
            path,
            line,
            f"{slug!r} is not a usable note slug (letters, digits, '-' and '_', "
            f"at most {SLUG_LENGTH})",
        )


def joined(texts) -> str:
    """Lines joined, without the blank lines around them."""
    rows = list(texts)
    while rows and not rows[0].strip():
        rows.pop(0)
    while rows and not rows[-1].strip():
        rows.pop()
    return "\n".join(rows)


def url_in(value: str) -> str:
    """The address of the first link in value, or its first bare address."""
    if link := LINK.search(value):
        return link["url"]
    if bare := BARE_URL.search(value):
        return bare["url"].rstrip(".,;:)")
    return ""


def checked_url(path: Path, line: int, url: str) -> str:
    try:
        _URL_VALIDATOR(url)
    except ValidationError:
        raise SourceError(path, line, f"not a web address: {url!r}") from None
    if len(url) > URL_LENGTH:
        raise SourceError(path, line, f"web address longer than {URL_LENGTH}")
    return url


def split_emoji(label: str) -> tuple[str, str]:
    """`🔒 LLM Safety` → ("🔒", "LLM Safety"); no emoji: ("", label).

    The emoji is the first word when it holds no letter or digit, as the
    source's headings, cards and links write it (`🧊 3D Vision`).
    """
    words = label.split(None, 1)
    if len(words) == 2 and not any(char.isalnum() for char in words[0]):
        return words[0], words[1].strip()
    return "", label.strip()


def is_venue_code(name: str) -> bool:
    return bool(VENUE_CODE.match(name)) and len(name) <= VENUE_CODE_LENGTH


def is_area_slug(name: str) -> bool:
    return bool(_SLUG.match(name)) and len(name) <= AREA_SLUG_LENGTH
