"""Read the MkDocs source tree of the old static site (SOURCE-FORMAT.md).

    <docs>/<VENUE>/<area_slug>/index.md        an area listing
    <docs>/<VENUE>/<area_slug>/<note_slug>.md  a note

`read_tree` parses every file and merges the listings with the note files into
one `ImportItem` per note; it never writes. The reader is lenient with what it
can read (metadata lines with or without bold colons and trailing spaces, star
or `4/5` ratings, the RELATED block with or without its wrapper, quoted or
plain tags, …) and reports what it reads but cannot use as a `SourceWarning`.
What it cannot read at all (malformed front matter, a rating line without a
score, a folder that is not a known venue or area, a bad web address, …) is a
`SourceError` naming the file and line.
"""

from __future__ import annotations

import json
import posixpath
import re
from dataclasses import dataclass, field
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils import timezone

from catalog.importers.errors import SourceError, refuse_nul
from catalog.models import Area, Paper, Venue
from catalog.notedata import NoteContent

# (venue code, area slug, note slug): the key of a note, as its path spells it.
RelatedKey = tuple[str, str, str]

LISTING_FILE = "index.md"
NOT_RELEASED = Paper.NOT_RELEASED
# The longest values the models store; checked here so the error has a line.
URL_LENGTH = Paper._meta.get_field("paper_url").max_length
SLUG_LENGTH = Paper._meta.get_field("slug").max_length
TAG_LENGTH = 100

_SLUG = re.compile(r"^[-\w]+$", re.ASCII)
_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
_HTML_COMMENT = re.compile(r"^\s*<!--.*-->\s*$")
# ATX headings; a closing run of `#` needs a space before it, so `C#` survives.
_TITLE = re.compile(r"^#(?!#)\s+(?P<text>.+?)(?:\s+#+)?\s*$")
_H2 = re.compile(r"^##(?!#)\s+(?P<text>.*?)(?:\s+#+)?\s*$")
_TLDR_HEADING = re.compile(r"\btl;?\s*dr\b", re.I)
_RATING_HEADING = re.compile(r"\W*(?:overall\s+)?ratings?\W*", re.I)
_RELATED_START = re.compile(r"<!--\s*RELATED:START\s*-->")
_RELATED_END = re.compile(r"<!--\s*RELATED:END\s*-->")
_WRAPPER_OPEN = re.compile(r'^\s*<div\s+class="related-papers"[^>]*>\s*$')
_WRAPPER_CLOSE = re.compile(r"^\s*</div>\s*$")

_LINK = re.compile(
    r"\[(?P<text>(?:\\.|[^\]\\])*)\]"
    r"\(\s*<?(?P<url>[^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)"
)
_BARE_URL = re.compile(r"<?(?P<url>https?://[^\s<>]+)>?")
_ARXIV_ID = r"(?:\d{4}\.\d{4,5}|[a-z-]+(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?"
_ARXIV_TEXT = re.compile(rf"^(?:arxiv:\s*)?(?P<id>{_ARXIV_ID})$", re.I)
_ARXIV_URL = re.compile(rf"arxiv\.org/(?:abs|pdf)/(?P<id>{_ARXIV_ID})", re.I)
# What editors write where a link would go when there is none.
_NOTHING = {"", "-", "—", "–", "/", "n/a", "na", "none", "tbd", "null"}

# `**Label**: value` or `**Label:** value`, ending maybe in a Markdown hard break.
_META = re.compile(
    r"^\*\*(?P<label>[^*]+?)\s*(?::\s*\*\*|\*\*\s*:)\s*(?P<value>.*?)"
    r"\s*(?:<br\s*/?>|\\)?\s*$"
)
_META_KINDS = {
    "conference": "conference",
    "venue": "conference",
    "arxiv": "arxiv",
    "paper": "paper",
    "pdf": "paper",
    "code": "code",
    "area": "area",
    "keywords": "keywords",
    "keyword": "keywords",
}

_ASPECTS = {
    "novelty": "novelty",
    "experimental thoroughness": "thoroughness",
    "thoroughness": "thoroughness",
    "writing quality": "writing",
    "writing": "writing",
    "value": "value",
}
_RATING_LINE = re.compile(
    r"^(?:[-*+]\s+|\d+[.)]\s+)?(?:\*\*|__)?"
    r"(?P<label>novelty|experimental\s+thoroughness|thoroughness"
    r"|writing\s+quality|writing|value)(?!\w)"
    r"(?:\s*:)?(?:\*\*|__)?(?:\s*[:—–-])?\s*(?P<rest>.*)$",
    re.I,
)
_STARS = re.compile(r"^(?:\*\*)?(?P<stars>(?:[⭐★🌟☆✩✰]\ufe0f?\s?)+)(?:\*\*)?")
_FILLED_STARS = re.compile(r"[⭐★🌟]")
_FRACTION = re.compile(
    r"^[(\[]?(?:\*\*)?\s*(?P<score>\d+(?:\.\d+)?)\s*/\s*5(?![\d.])\s*(?:\*\*)?[)\]]?"
)

_FRONT_KEY = re.compile(r"^(?P<key>[A-Za-z_][\w-]*)\s*:(?:\s+(?P<value>.*))?$")
_BLOCK_SCALAR = re.compile(r"^[>|][+-]?$")
_FLOW_ITEM = re.compile(r"\"(?:\\.|[^\"\\])*\"|'(?:''|[^'])*'|[^,\s][^,]*")
_MARKDOWN_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|<>])")
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
class Catalog:
    """The venues and areas the database knows, loaded once per import."""

    venues: dict[str, Venue]
    areas: dict[str, Area]
    # Normalised spelling (code, name or an editor-set spelling) → venue code.
    spellings: dict[str, str] = field(default_factory=dict)

    @classmethod
    def load(cls) -> Catalog:
        venues = {venue.code: venue for venue in Venue.objects.all()}
        areas = {area.slug: area for area in Area.objects.all()}
        spellings: dict[str, str] = {}
        for venue in venues.values():
            for spelling in [venue.code, venue.name, *venue.spellings]:
                if isinstance(spelling, str):
                    spellings.setdefault(_spelling_key(spelling), venue.code)
        return cls(venues=venues, areas=areas, spellings=spellings)

    def venue_code_for(self, text: str) -> str | None:
        """The venue a note's Conference line names (`ICML 2025`, `ICML2025`)."""
        for candidate in _venue_candidates(text):
            code = self.spellings.get(_spelling_key(candidate))
            if code is None:
                # The last resort the format allows: `ICML 2025` → `ICML2025`.
                code = self.spellings.get(_spelling_key(candidate.replace(" ", "")))
            if code is not None:
                return code
        return None


def _spelling_key(text: str) -> str:
    return " ".join(text.split()).casefold()


def _venue_candidates(text: str) -> list[str]:
    plain = _LINK.sub(lambda m: m["text"], text).replace("**", "").strip()
    without_remark = re.sub(r"\s*[(\[].*?[)\]]", "", plain).strip()
    words = without_remark.split()
    return [plain, without_remark, " ".join(words[:2]), " ".join(words[:1])]


# ---------------------------------------------------------------- front matter


@dataclass
class FrontMatter:
    """The YAML-like header of a file: values, the line of each key, its end."""

    values: dict[str, Any]
    lines: dict[str, int]
    # Index (0-based) of the first line after the closing `---`.
    end: int

    def line(self, key: str) -> int:
        return self.lines.get(key, 1)


def parse_front_matter(path: Path, lines: list[str]) -> FrontMatter:
    """Read the shapes the source and our exporter write, and nothing more.

    Scalars (plain, quoted, `>-` / `|` blocks), lists of scalars or of small
    mappings (`item_list`), flow lists (`[]`). PyYAML would read more, but it
    would not tell which line of which file it choked on in these terms.
    """
    if not lines or lines[0].strip() != "---":
        return FrontMatter(values={}, lines={}, end=0)
    end = next((i for i in range(1, len(lines)) if lines[i].rstrip() == "---"), None)
    if end is None:
        raise SourceError(
            path, 1, "the front matter opened here is never closed with '---'"
        )
    values: dict[str, Any] = {}
    where: dict[str, int] = {}
    i = 1
    while i < end:
        text = lines[i]
        number = i + 1
        i += 1
        if not text.strip() or text.startswith("#"):
            continue
        if text[0] in " \t":
            raise SourceError(
                path,
                number,
                f"indented front matter line under no key: {text.strip()!r}",
            )
        match = _FRONT_KEY.match(text.rstrip())
        if match is None:
            raise SourceError(
                path,
                number,
                f"front matter line is not `key: value` or a list item: {text!r}",
            )
        value = (match["value"] or "").strip()
        block: list[tuple[int, str]] = []
        while i < end and (
            not lines[i].strip()
            or lines[i][0] in " \t"
            # YAML lets a list sit at the key's own indentation.
            or (not value and lines[i].startswith("-"))
        ):
            block.append((i + 1, lines[i].rstrip()))
            i += 1
        values[match["key"]] = _front_value(path, number, value, block)
        where[match["key"]] = number
    return FrontMatter(values=values, lines=where, end=end + 1)


def _front_value(
    path: Path, number: int, value: str, block: list[tuple[int, str]]
) -> Any:
    content = [(n, text) for n, text in block if text.strip()]
    if _BLOCK_SCALAR.match(value):
        return _block_scalar(value, [text for _, text in block])
    if not value:
        return _block_list(path, content) if content else None
    if content:
        # A plain or quoted scalar continued on indented lines, folded as YAML does.
        value = " ".join([value, *(text.strip() for _, text in content)])
    return _inline_value(path, number, value)


def _block_scalar(indicator: str, texts: list[str]) -> str:
    filled = [text for text in texts if text.strip()]
    indent = min((len(t) - len(t.lstrip()) for t in filled), default=0)
    rows = [text[indent:] if text.strip() else "" for text in texts]
    while rows and not rows[-1]:
        rows.pop()
    if indicator.startswith("|"):
        text = "\n".join(rows)
    else:
        # Folding: lines join with a space, each blank line becomes a newline.
        text = ""
        for row in rows:
            if not row:
                text += "\n"
            else:
                text += (" " if text and not text.endswith("\n") else "") + row
    return text if indicator.endswith("-") else text + "\n"


def _block_list(path: Path, content: list[tuple[int, str]]) -> list[Any]:
    items: list[Any] = []
    dash_indent = len(content[0][1]) - len(content[0][1].lstrip())
    mapping: dict[str, Any] | None = None
    for number, text in content:
        indent = len(text) - len(text.lstrip())
        stripped = text.strip()
        if indent == dash_indent and (stripped == "-" or stripped.startswith("- ")):
            item = stripped[1:].strip()
            match = _FRONT_KEY.match(item)
            if match:
                mapping = {
                    match["key"]: _inline_value(path, number, match["value"] or "")
                }
                items.append(mapping)
            else:
                mapping = None
                items.append(_inline_value(path, number, item))
        elif indent > dash_indent and mapping is not None:
            match = _FRONT_KEY.match(stripped)
            if match is None:
                raise SourceError(
                    path, number, f"front matter line is not `key: value`: {stripped!r}"
                )
            mapping[match["key"]] = _inline_value(path, number, match["value"] or "")
        elif indent > dash_indent and items and isinstance(items[-1], str):
            items[-1] = f"{items[-1]} {stripped}"
        else:
            raise SourceError(
                path, number, f"front matter line is not a list item: {stripped!r}"
            )
    return items


def _inline_value(path: Path, number: int, text: str) -> str | list[str]:
    text = text.strip()
    if text.startswith("[") and text.endswith("]"):
        return [_scalar(path, number, item) for item in _FLOW_ITEM.findall(text[1:-1])]
    return _scalar(path, number, text)


def _scalar(path: Path, number: int, text: str) -> str:
    text = text.strip()
    if text[:1] not in ('"', "'"):
        return text
    quote = text[0]
    if len(text) < 2 or text[-1] != quote:
        raise SourceError(path, number, f"quoted value is never closed: {text!r}")
    if quote == "'":
        return text[1:-1].replace("''", "'")
    try:
        # JSON strings are YAML double-quoted strings; our exporter writes them.
        return json.loads(text)
    except ValueError:
        return text[1:-1].replace('\\"', '"').replace("\\\\", "\\")


def _front_text(front: FrontMatter, key: str, path: Path) -> str:
    value = front.values.get(key)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise SourceError(path, front.line(key), f"`{key}` should be text")
    return " ".join(value.split())


def _front_list(front: FrontMatter, key: str, path: Path) -> list[str]:
    value = front.values.get(key)
    if value is None:
        return []
    if isinstance(value, str):
        value = [value]
    names = []
    for item in value:
        if isinstance(item, dict):
            # An unquoted `- Privacy: DP` reads as a mapping; it meant the text.
            item = ", ".join(f"{k}: {v}" for k, v in item.items())
        name = " ".join(str(item).split())
        if len(name) > TAG_LENGTH:
            raise SourceError(
                path,
                front.line(key),
                f"`{key}` item longer than {TAG_LENGTH}: {name!r}",
            )
        if name and name not in names:
            names.append(name)
    return names


# ----------------------------------------------------------------------- notes


@dataclass
class NoteSource:
    """What one note file says; empty where it says nothing."""

    path: Path
    venue_code: str
    area_slug: str
    slug: str
    title: str = ""
    summary: str = ""
    # The front matter description without its `[Venue][Area][kw]` prefix.
    fallback_summary: str = ""
    body: str = ""
    # The venue code the Conference line names, when it names a known one.
    conference: str | None = None
    arxiv_id: str = ""
    paper_url: str = ""
    code_url: str = ""
    code_note: str = ""
    area_label: str = ""
    keywords: list[str] = field(default_factory=list)
    topics: list[str] | None = None
    ratings: dict[str, tuple[int | None, str]] = field(default_factory=dict)
    published_at: datetime | None = None
    related: list[RelatedKey] = field(default_factory=list)
    # Model field name → line it was read from, so later errors can point at it.
    lines: dict[str, int] = field(default_factory=dict)
    warnings: list[SourceWarning] = field(default_factory=list)

    @property
    def key(self) -> RelatedKey:
        return (self.venue_code, self.area_slug, self.slug)

    def warn(self, line: int, message: str) -> None:
        self.warnings.append(SourceWarning(self.path, line, message))


def parse_note(
    path: Path, *, venue_code: str, area_slug: str, catalog: Catalog
) -> NoteSource:
    """Read `<VENUE>/<area>/<slug>.md`; the folders give the key."""
    note = NoteSource(
        path=path, venue_code=venue_code, area_slug=area_slug, slug=path.stem
    )
    _check_slug(path, note.slug, 1)
    lines = _read_lines(path)
    front = parse_front_matter(path, lines)
    tags = _read_note_front_matter(note, front)

    i = front.end
    while i < len(lines) and (not lines[i].strip() or _HTML_COMMENT.match(lines[i])):
        i += 1
    if i < len(lines) and (match := _TITLE.match(lines[i])):
        note.title = match["text"]
        note.lines["title"] = i + 1
        i += 1
    i = _read_metadata(note, lines, i, catalog)
    if "keywords" not in note.lines and len(tags) > 2:
        # Tags are venue, area, then the keywords (SOURCE-FORMAT.md).
        note.keywords = tags[2:]
        note.lines["keywords"] = front.line("tags")
    rest = _take_related(note, list(enumerate(lines[i:], start=i + 1)))
    _read_sections(note, rest)
    return note


def _read_lines(path: Path) -> list[str]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as error:
        raise SourceError(path, 1, f"not UTF-8 text ({error.reason})") from None
    refuse_nul(path, text)
    # Not splitlines(): it also splits on characters editors don't see as breaks.
    return text.split("\n")


def _check_slug(path: Path, slug: str, line: int) -> None:
    if not _SLUG.match(slug) or len(slug) > SLUG_LENGTH:
        raise SourceError(
            path,
            line,
            f"{slug!r} is not a usable note slug (letters, digits, '-' and '_', "
            f"at most {SLUG_LENGTH})",
        )


def _read_note_front_matter(note: NoteSource, front: FrontMatter) -> list[str]:
    """Fill what the front matter gives; returns its tags for later use."""
    path = note.path
    title = _front_text(front, "title", path)
    note.title = re.sub(r"^\[Paper Note\]\s*", "", title)
    note.lines["title"] = front.line("title")
    description = _front_text(front, "description", path)
    note.fallback_summary = re.sub(r"^(?:\[[^\]]*\])+\s*", "", description)
    if front.values.get("date"):
        note.published_at = _published_at(
            path, front.line("date"), front.values["date"]
        )
        note.lines["published_at"] = front.line("date")
    if "topics" in front.values:
        note.topics = _front_list(front, "topics", path)
    return _front_list(front, "tags", path)


def _published_at(path: Path, line: int, value: Any) -> datetime:
    text = str(value).strip()
    try:
        published = datetime.fromisoformat(text)
    except ValueError:
        raise SourceError(
            path, line, f"`date` is not a date like 2026-05-08: {text!r}"
        ) from None
    if timezone.is_naive(published):
        published = timezone.make_aware(published)
    return published


def _read_metadata(note: NoteSource, lines: list[str], i: int, catalog: Catalog) -> int:
    """Read the `**Label**: value` lines after the title; returns where they end.

    An unknown label ends the block, so its line stays in the body rather than
    being dropped.
    """
    while i < len(lines):
        text = lines[i].strip()
        if not text:
            i += 1
            continue
        match = _META.match(text)
        kind = _META_KINDS.get(match["label"].strip().casefold()) if match else None
        if match is None or kind is None:
            break
        _read_meta_value(note, kind, match["value"].strip(), i + 1, catalog)
        i += 1
    return i


def _read_meta_value(
    note: NoteSource, kind: str, value: str, line: int, catalog: Catalog
) -> None:
    if kind == "conference":
        note.conference = catalog.venue_code_for(value)
        note.lines["conference"] = line
        if note.conference is None:
            note.warn(
                line, f"Conference {value!r} is not a known venue; the folder wins"
            )
        elif note.conference != note.venue_code:
            note.warn(
                line,
                f"Conference names {note.conference} but the file is in "
                f"{note.venue_code}; the folder wins",
            )
    elif kind == "arxiv":
        _read_arxiv(note, value, line)
    elif kind == "paper":
        url = _url_in(value)
        if url:
            note.paper_url = _checked_url(note.path, line, url)
            note.lines["paper_url"] = line
        elif value.casefold() not in _NOTHING:
            note.warn(line, f"Paper line has no link: {value!r}")
    elif kind == "code":
        _read_code(note, value, line)
    elif kind == "area":
        note.area_label = value.replace("**", "").strip()
        note.lines["area_label"] = line
    elif kind == "keywords":
        keywords = []
        for word in re.split(r"[,，;]", value):
            word = " ".join(word.split())
            if len(word) > TAG_LENGTH:
                raise SourceError(
                    note.path, line, f"keyword longer than {TAG_LENGTH}: {word!r}"
                )
            if word and word not in keywords:
                keywords.append(word)
        note.keywords = keywords
        note.lines["keywords"] = line


def _url_in(value: str) -> str:
    if link := _LINK.search(value):
        return link["url"]
    if bare := _BARE_URL.search(value):
        return bare["url"].rstrip(".,;:)")
    return ""


def _checked_url(path: Path, line: int, url: str) -> str:
    try:
        _URL_VALIDATOR(url)
    except ValidationError:
        raise SourceError(path, line, f"not a web address: {url!r}") from None
    if len(url) > URL_LENGTH:
        raise SourceError(path, line, f"web address longer than {URL_LENGTH}")
    return url


def _read_arxiv(note: NoteSource, value: str, line: int) -> None:
    link = _LINK.search(value)
    text = link["text"] if link else value
    url = _url_in(value)
    found = _ARXIV_URL.search(url) if url else None
    found = found or _ARXIV_TEXT.match(text.strip())
    if found:
        note.arxiv_id = found["id"]
        note.lines["arxiv_id"] = line
    elif url:
        # An arXiv line that links elsewhere still says where the paper is.
        note.paper_url = note.paper_url or _checked_url(note.path, line, url)
        note.lines["paper_url"] = line
    elif value.casefold() not in _NOTHING:
        note.warn(line, f"arXiv line has neither an arXiv id nor a link: {value!r}")


def _read_code(note: NoteSource, value: str, line: int) -> None:
    note.lines["code_url"] = note.lines["code_note"] = line
    if value.casefold().rstrip(".") == NOT_RELEASED.casefold():
        note.code_url, note.code_note = "", NOT_RELEASED
        return
    link = _LINK.search(value)
    bare = None if link else _BARE_URL.search(value)
    found = link or bare
    if found is None:
        note.code_note = "" if value.casefold() in _NOTHING else value
        return
    note.code_url = _checked_url(note.path, line, _url_in(value))
    # The link's own text is usually the URL or `owner/repo`; a remark is outside.
    note.code_note = (value[: found.start()] + value[found.end() :]).strip()


def _fence_after(fence: str | None, text: str) -> str | None:
    """The open code fence after this line (None outside any)."""
    # Called for every line of every note: skip the regex for most of them.
    if "```" not in text and "~~~" not in text:
        return fence
    match = _FENCE.match(text)
    if match is None:
        return fence
    marker = match[1]
    if fence is None:
        return marker
    closes = marker[0] == fence[0] and len(marker) >= len(fence)
    if closes and not text.strip()[len(marker) :].strip():
        return None
    return fence


def _take_related(
    note: NoteSource, rest: list[tuple[int, str]]
) -> list[tuple[int, str]]:
    """Read the RELATED block(s) into note.related; returns the other lines."""
    kept: list[tuple[int, str]] = []
    fence = None
    i = 0
    while i < len(rest):
        number, text = rest[i]
        if fence is None and "RELATED" in text and _RELATED_START.search(text):
            end = next(
                (j for j in range(i + 1, len(rest)) if _RELATED_END.search(rest[j][1])),
                None,
            )
            if end is None:
                raise SourceError(
                    note.path, number, "RELATED:START has no RELATED:END after it"
                )
            _read_related(note, rest[i + 1 : end])
            i = end + 1
            # The wrapper <div> may sit outside the markers instead of inside.
            opening = next(
                (k for k in reversed(range(len(kept))) if kept[k][1].strip()), None
            )
            closing = next((k for k in range(i, len(rest)) if rest[k][1].strip()), None)
            if (
                opening is not None
                and closing is not None
                and _WRAPPER_OPEN.match(kept[opening][1])
                and _WRAPPER_CLOSE.match(rest[closing][1])
            ):
                del kept[opening:]
                i = closing + 1
            continue
        kept.append((number, text))
        fence = _fence_after(fence, text)
        i += 1
    return kept


def _read_related(note: NoteSource, block: list[tuple[int, str]]) -> None:
    here = posixpath.join(note.venue_code, note.area_slug)
    for number, text in block:
        for link in _LINK.finditer(text):
            target = link["url"].split("#")[0]
            if not target or "://" in target or target.startswith("mailto:"):
                continue
            parts = posixpath.normpath(posixpath.join(here, target)).split("/")
            if (
                len(parts) != 3
                or not parts[2].endswith(".md")
                or parts[2] == LISTING_FILE
            ):
                note.warn(
                    number, f"related link {target!r} does not point at a note file"
                )
                continue
            key = (parts[0], parts[1], parts[2][: -len(".md")])
            if key != note.key and key not in note.related:
                note.related.append(key)


def _read_sections(note: NoteSource, rest: list[tuple[int, str]]) -> None:
    """Split at `##` headings: TL;DR → summary, Rating → ratings, rest → body."""
    headings: list[str | None] = [None]
    parts: list[list[tuple[int, str]]] = [[]]
    fence = None
    for number, text in rest:
        if fence is None and text.startswith("##") and (match := _H2.match(text)):
            headings.append(match["text"])
            parts.append([])
        parts[-1].append((number, text))
        fence = _fence_after(fence, text)
    body = []
    for heading, part in zip(headings, parts, strict=True):
        if heading is not None and not note.summary and _TLDR_HEADING.search(heading):
            note.summary = _joined(text for _, text in part[1:]).strip()
            note.lines["summary"] = part[0][0]
        elif heading is not None and _RATING_HEADING.fullmatch(heading):
            _read_ratings(note, part[1:])
        elif section := _joined(text for _, text in part):
            body.append(section)
    note.body = "\n\n".join(body)
    if body:
        note.lines["body"] = next(n for n, text in rest if text.strip())


def _joined(texts) -> str:
    """Lines joined, without the blank lines around them."""
    rows = list(texts)
    while rows and not rows[0].strip():
        rows.pop(0)
    while rows and not rows[-1].strip():
        rows.pop()
    return "\n".join(rows)


def _read_ratings(note: NoteSource, part: list[tuple[int, str]]) -> None:
    for number, text in part:
        text = text.strip()
        if not text or _HTML_COMMENT.match(text):
            continue
        match = _RATING_LINE.match(text)
        if match is None:
            note.warn(number, f"line in the Rating section rates no aspect: {text!r}")
            continue
        aspect = _ASPECTS[" ".join(match["label"].split()).casefold()]
        score, reason = _score(note, number, match["rest"])
        if aspect in note.ratings:
            note.warn(number, f"{match['label']} is rated twice; the first one is kept")
            continue
        note.ratings[aspect] = (score, reason)
        note.lines[aspect] = number


def _score(note: NoteSource, number: int, rest: str) -> tuple[int, str]:
    if stars := _STARS.match(rest):
        score = len(_FILLED_STARS.findall(stars["stars"]))
        end = stars.end()
    elif fraction := _FRACTION.match(rest):
        exact = Decimal(fraction["score"])
        score = int(exact.quantize(Decimal(1), rounding=ROUND_HALF_UP))
        if score != exact:
            note.warn(number, f"score {exact}/5 rounded to {score}/5")
        end = fraction.end()
    else:
        raise SourceError(
            note.path,
            number,
            f"rating line has no readable score (⭐⭐⭐☆☆ or 3/5): {rest!r}",
        )
    if not 1 <= score <= 5:
        raise SourceError(note.path, number, f"scores run from 1 to 5, not {score}")
    reason = rest[end:].strip().lstrip("—–-:|").strip()
    return score, reason


# -------------------------------------------------------------------- listings


@dataclass
class ListingEntry:
    """One definition-list entry of a listing page."""

    slug: str
    title: str
    summary: str
    line: int


@dataclass
class ListingSource:
    path: Path
    venue_code: str
    area_slug: str
    entries: list[ListingEntry] = field(default_factory=list)
    warnings: list[SourceWarning] = field(default_factory=list)


_ENTRY = re.compile(r"^\*\*\[(?P<title>.+)\]\(\s*<?(?P<target>[^)\s>]+)>?\s*\)\*\*$")
_DEFINITION = re.compile(r"^:(?:[ \t]+(?P<text>.*))?$")


def parse_listing(path: Path, *, venue_code: str, area_slug: str) -> ListingSource:
    """Read `<VENUE>/<area>/index.md`: its note entries, each with its line.

    The heading, venue and topic lines are derived data and are not read; the
    export writes them anew from the database.
    """
    listing = ListingSource(path=path, venue_code=venue_code, area_slug=area_slug)
    lines = _read_lines(path)
    i = parse_front_matter(path, lines).end
    seen: set[str] = set()
    while i < len(lines):
        match = _ENTRY.match(lines[i].strip())
        i += 1
        if match is None:
            continue
        number = i
        slug = _listing_slug(match["target"])
        if slug is None:
            listing.warnings.append(
                SourceWarning(
                    path, number, f"entry links to {match['target']!r}, not a note"
                )
            )
            continue
        _check_slug(path, slug, number)
        summary, i = _read_definition(lines, i)
        if not summary:
            listing.warnings.append(
                SourceWarning(path, number, "entry has no `:   summary` below it")
            )
        if slug in seen:
            listing.warnings.append(
                SourceWarning(
                    path, number, f"{slug} is listed twice; the first is kept"
                )
            )
            continue
        seen.add(slug)
        title = _MARKDOWN_ESCAPE.sub(r"\1", match["title"]).strip()
        listing.entries.append(ListingEntry(slug, title, summary, number))
    return listing


def _listing_slug(target: str) -> str | None:
    target = target.split("#")[0]
    if "/" not in target and target.endswith(".md") and target != LISTING_FILE:
        return target[: -len(".md")]
    if target.count("/") == 1 and target.endswith("/"):
        return target[:-1]  # The site URL (`<slug>/`) instead of the file.
    return None


def _read_definition(lines: list[str], i: int) -> tuple[str, int]:
    """The `:   summary` after an entry, with its continuation lines."""
    while i < len(lines) and not lines[i].strip():
        i += 1
    match = _DEFINITION.match(lines[i]) if i < len(lines) else None
    if match is None:
        return "", i
    rows = [match["text"] or ""]
    i += 1
    while i < len(lines):
        text = lines[i]
        if text.strip() and text[0] in " \t":
            rows.append(re.sub(r"^(?: {1,4}|\t)", "", text))
        elif (
            not text.strip()
            and i + 1 < len(lines)
            and lines[i + 1][:1] in (" ", "\t")
            and lines[i + 1].strip()
        ):
            rows.append("")  # A blank line inside an indented definition.
        elif text.strip() and rows[-1] and not _ENTRY.match(text.strip()):
            rows.append(text)  # A lazy continuation line, as Markdown allows.
        else:
            break
        i += 1
    return _joined(rows).strip(), i


# ------------------------------------------------------------------------ tree


@dataclass
class ImportItem:
    """One note to write, where it came from, and what it links to."""

    content: NoteContent
    # None when no note file says anything about links (a listing entry only).
    related: list[RelatedKey] | None
    path: Path
    lines: dict[str, int] = field(default_factory=dict)

    @property
    def key(self) -> RelatedKey:
        return (self.content.venue.code, self.content.area.slug, self.content.slug)

    def line(self, field_name: str) -> int:
        return self.lines.get(field_name, self.lines.get("title", 1))


@dataclass
class SourceTree:
    items: list[ImportItem] = field(default_factory=list)
    errors: list[SourceError] = field(default_factory=list)
    warnings: list[SourceWarning] = field(default_factory=list)
    note_files: int = 0
    listing_files: int = 0


def read_tree(root: Path, catalog: Catalog) -> SourceTree:
    """Parse every listing and note under root and merge them, writing nothing.

    Every file is read even after an error, so one run reports them all.
    """
    tree = SourceTree()
    listings: list[ListingSource] = []
    notes: dict[RelatedKey, NoteSource] = {}
    for path in sorted(root.glob("*/*/*.md")):
        parts = path.relative_to(root).parts
        if any(part.startswith((".", "_")) for part in parts):
            continue
        venue_code, area_slug = parts[0], parts[1]
        try:
            _check_folders(path, venue_code, area_slug, catalog)
            if path.name == LISTING_FILE:
                listing = parse_listing(
                    path, venue_code=venue_code, area_slug=area_slug
                )
                listings.append(listing)
                tree.warnings += listing.warnings
                tree.listing_files += 1
            else:
                note = parse_note(
                    path, venue_code=venue_code, area_slug=area_slug, catalog=catalog
                )
                notes[note.key] = note
                tree.warnings += note.warnings
                tree.note_files += 1
        except SourceError as error:
            tree.errors.append(error)

    entries: dict[RelatedKey, tuple[Path, ListingEntry]] = {}
    for listing in listings:
        for entry in listing.entries:
            key = (listing.venue_code, listing.area_slug, entry.slug)
            entries.setdefault(key, (listing.path, entry))
    for key in sorted(entries.keys() | notes.keys()):
        try:
            tree.items.append(_merge(catalog, key, notes.get(key), entries.get(key)))
        except SourceError as error:
            tree.errors.append(error)
    return tree


def _check_folders(
    path: Path, venue_code: str, area_slug: str, catalog: Catalog
) -> None:
    # The registry is loaded by a migration; a typo in a folder name must not
    # quietly create a venue or an area.
    if venue_code not in catalog.venues:
        raise SourceError(
            path,
            1,
            f"folder {venue_code!r} is not a known venue code "
            f"({', '.join(sorted(catalog.venues))})",
        )
    if area_slug not in catalog.areas:
        raise SourceError(
            path,
            1,
            f"folder {area_slug!r} is not a known area slug "
            f"({', '.join(sorted(catalog.areas))})",
        )


def _merge(
    catalog: Catalog,
    key: RelatedKey,
    note: NoteSource | None,
    entry: tuple[Path, ListingEntry] | None,
) -> ImportItem:
    """The note file wins for what it says; the listing entry fills the gaps."""
    venue, area = catalog.venues[key[0]], catalog.areas[key[1]]
    listed = entry[1] if entry else None
    if note is None:
        assert entry is not None and listed is not None
        if not listed.summary:
            raise SourceError(
                entry[0],
                listed.line,
                f"{listed.title!r} has no summary here and no note file {key[2]}.md",
            )
        return ImportItem(
            content=NoteContent(
                venue=venue,
                area=area,
                slug=listed.slug,
                title=listed.title,
                summary=listed.summary,
            ),
            related=None,
            path=entry[0],
            lines={"title": listed.line, "summary": listed.line},
        )
    title = note.title or (listed.title if listed else "")
    if not title:
        raise SourceError(
            note.path, 1, "no `# Title`, no front matter title and no listing entry"
        )
    summary = (
        note.summary or (listed.summary if listed else "") or note.fallback_summary
    )
    if not summary:
        raise SourceError(
            note.path,
            note.lines.get("title", 1),
            "no `## TL;DR` section, no listing summary and no front matter description",
        )
    return ImportItem(
        content=NoteContent(
            venue=venue,
            area=area,
            slug=note.slug,
            title=title,
            summary=summary,
            body=note.body,
            arxiv_id=note.arxiv_id,
            paper_url=note.paper_url,
            code_url=note.code_url,
            code_note=note.code_note,
            area_label=note.area_label,
            keywords=note.keywords,
            topics=note.topics,
            ratings=note.ratings,
            published_at=note.published_at,
        ),
        related=note.related,
        path=note.path,
        lines=note.lines,
    )
