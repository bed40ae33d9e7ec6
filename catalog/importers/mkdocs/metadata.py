"""The `**Label**: value` lines below a note's title.

A label names a paper field through `NoteField.source_label` (catalog.notedata),
read by its kind: plain text, a web address, or comma-separated tags. So a
field that notedata gives a source label is read with no change here. The
Conference line (the venue, which the folder decides), arXiv (an id or a link)
and Code (a link, a remark, or `Not released`) have readers of their own.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from catalog.importers.errors import SourceError
from catalog.importers.mkdocs.text import (
    BARE_URL,
    LINK,
    NOTHING,
    TAG_LENGTH,
    checked_url,
    url_in,
)
from catalog.importers.mkdocs.venues import Catalog
from catalog.models import Paper
from catalog.notedata import FIELDS, Kind, NoteField

if TYPE_CHECKING:
    from catalog.importers.mkdocs.notes import NoteSource

NOT_RELEASED = Paper.NOT_RELEASED

# `**Label**: value` or `**Label:** value`, ending maybe in a Markdown hard break.
_META = re.compile(
    r"^\*\*(?P<label>[^*]+?)\s*(?::\s*\*\*|\*\*\s*:)\s*(?P<value>.*?)"
    r"\s*(?:<br\s*/?>|\\)?\s*$"
)
# Other labels the source writes for the same line.
_ALIASES = {
    "venue": "conference",
    "keyword": "keywords",
    "author": "authors",
    "affiliation": "affiliations",
}

_ARXIV_ID = r"(?:\d{4}\.\d{4,5}|[a-z-]+(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?"
_ARXIV_TEXT = re.compile(rf"^(?:arxiv:\s*)?(?P<id>{_ARXIV_ID})$", re.I)
_ARXIV_URL = re.compile(rf"arxiv\.org/(?:abs|pdf)/(?P<id>{_ARXIV_ID})", re.I)

# reader(note, value, line, catalog)
Reader = Callable[["NoteSource", str, int, Catalog], None]


def read_metadata(note: NoteSource, lines: list[str], i: int, catalog: Catalog) -> int:
    """Read the `**Label**: value` lines from line i; returns where they end.

    An unknown label ends the block, so its line stays in the body rather than
    being dropped.
    """
    while i < len(lines):
        text = lines[i].strip()
        if not text:
            i += 1
            continue
        match = _META.match(text)
        reader = _reader_for(match["label"]) if match else None
        if match is None or reader is None:
            break
        reader(note, match["value"].strip(), i + 1, catalog)
        i += 1
    return i


def _reader_for(label: str) -> Reader | None:
    label = label.strip().casefold()
    return _READERS.get(_ALIASES.get(label, label))


def _read_field(
    spec: NoteField, note: NoteSource, value: str, line: int, catalog: Catalog
) -> None:
    """A line whose label notedata gives a field, read by the field's kind."""
    if spec.kind is Kind.URL:
        url = url_in(value)
        if not url:
            if value.casefold() not in NOTHING:
                note.warn(line, f"{spec.source_label} line has no link: {value!r}")
            return
        value = checked_url(note.path, line, url)
    elif spec.kind is Kind.TAGS:
        value = _names(note, line, spec.source_label, value)
    else:
        value = value.replace("**", "").strip()
    setattr(note, spec.name, value)
    note.lines[spec.name] = line


def _names(note: NoteSource, line: int, label: str, value: str) -> list[str]:
    names = []
    for name in re.split(r"[,，;]", value):
        name = " ".join(name.split())
        if len(name) > TAG_LENGTH:
            raise SourceError(
                note.path, line, f"{label} entry longer than {TAG_LENGTH}: {name!r}"
            )
        if name and name not in names:
            names.append(name)
    return names


def _read_conference(note: NoteSource, value: str, line: int, catalog: Catalog) -> None:
    note.conference = catalog.venue_code_for(value)
    note.lines["conference"] = line
    if note.conference is None:
        note.warn(line, f"Conference {value!r} is not a known venue; the folder wins")
    elif note.conference != note.venue_code:
        note.warn(
            line,
            f"Conference names {note.conference} but the file is in "
            f"{note.venue_code}; the folder wins",
        )


def _read_arxiv(note: NoteSource, value: str, line: int, catalog: Catalog) -> None:
    link = LINK.search(value)
    text = link["text"] if link else value
    url = url_in(value)
    found = _ARXIV_URL.search(url) if url else None
    found = found or _ARXIV_TEXT.match(text.strip())
    if found:
        note.arxiv_id = found["id"]
        note.lines["arxiv_id"] = line
    elif url:
        # An arXiv line that links elsewhere still says where the paper is.
        note.paper_url = note.paper_url or checked_url(note.path, line, url)
        note.lines["paper_url"] = line
    elif value.casefold() not in NOTHING:
        note.warn(line, f"arXiv line has neither an arXiv id nor a link: {value!r}")


def _read_code(note: NoteSource, value: str, line: int, catalog: Catalog) -> None:
    note.lines["code_url"] = note.lines["code_note"] = line
    if value.casefold().rstrip(".") == NOT_RELEASED.casefold():
        note.code_url, note.code_note = "", NOT_RELEASED
        return
    link = LINK.search(value)
    bare = None if link else BARE_URL.search(value)
    found = link or bare
    if found is None:
        note.code_note = "" if value.casefold() in NOTHING else value
        return
    note.code_url = checked_url(note.path, line, url_in(value))
    # The link's own text is usually the URL or `owner/repo`; a remark is outside.
    note.code_note = (value[: found.start()] + value[found.end() :]).strip()


# Lower-cased label → reader: the fields notedata labels, then those read here.
_READERS: dict[str, Reader] = {
    **{
        spec.source_label.casefold(): partial(_read_field, spec)
        for spec in FIELDS
        if spec.source_label
    },
    "conference": _read_conference,
    "arxiv": _read_arxiv,
    "code": _read_code,
}
