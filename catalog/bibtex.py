"""BibTeX for the papers our notes are about, built from the live catalog.

Entries are made on each request from the registry (venue name and year) and
the paper's current links, so a citation is never stale. A title's math stays
the TeX it is (`$\\ell_p$`), which BibTeX passes to LaTeX; the rest is escaped.
Authors are the note's, in the paper's order, when its source named them (an
"et al." becomes BibTeX's "and others"); a citation with invented authors is
worse than none, so without them the entry has no `author` field.

    bibtex_entry(note)                  one `@inproceedings` entry
    bibtex_for(notes)                   a .bib file; cite keys made unique
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from django.conf import settings

from catalog.markup import math_segments, plain_title
from catalog.models import Note

# Characters with a meaning to BibTeX or LaTeX, and how to write them as text.
_SPECIALS = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "$": r"\$",
    "&": r"\&",
    "%": r"\%",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
_SPECIAL = re.compile("|".join(re.escape(char) for char in _SPECIALS))
# Inside \url{…} only an unbalanced brace or a backslash can break the entry.
_URL_UNSAFE = {"{": "%7B", "}": "%7D", "\\": "%5C", " ": "%20"}


def bibtex_escape(text: str) -> str:
    """`text` as literal LaTeX text: every special character escaped, in one pass
    so that the braces an escape adds are not escaped again."""
    text = " ".join(text.split())
    return _SPECIAL.sub(lambda match: _SPECIALS[match.group()], text)


def bibtex_title(title: str) -> str:
    """A title as LaTeX: its text escaped, its math kept as the TeX it is
    (`Online $\\ell_p$-Calibration`), unless a formula's braces do not
    balance, which would break the entry: that one is escaped as text."""
    pieces = []
    for is_math, piece in math_segments(" ".join(title.split())):
        if is_math and _balanced(piece) and "%" not in piece.replace("\\%", ""):
            pieces.append(f"${piece}$")
        else:
            text = f"${piece}$" if is_math else piece
            pieces.append(_SPECIAL.sub(lambda match: _SPECIALS[match.group()], text))
    return "".join(pieces)


_ET_AL = re.compile(r"\s*\bet\s+al\.?$", re.IGNORECASE)


def bibtex_authors(names: list[str]) -> str:
    """`["Ada Lovelace", "Alan Turing et al."]` → `Ada Lovelace and Alan
    Turing and others`: the names in order, each escaped."""
    authors, others = [], False
    for name in names:
        if _ET_AL.search(name):
            name, others = _ET_AL.sub("", name), True
        if name.strip():
            authors.append(bibtex_escape(name))
    return " and ".join(authors + (["others"] if others else []))


def _balanced(tex: str) -> bool:
    depth = 0
    for match in re.finditer(r"\\.|[{}]", tex):
        token = match.group()
        if token == "{":
            depth += 1
        elif token == "}":
            depth -= 1
            if depth < 0:
                return False
    return depth == 0


def _url(url: str) -> str:
    return "".join(_URL_UNSAFE.get(char, char) for char in url)


# Words a cite key skips to reach the first one that says what the paper is.
_KEY_STOPWORDS = frozenset(
    "a an the on of in for to and with is are at by from via do does".split()
)


def _ascii_words(text: str) -> list[str]:
    """`"Kurt Gödel's Über-Proof"` → `["kurt", "godels", "uberproof"]`: the
    words split at spaces, lower-cased, accents dropped, other characters
    left out (a word of none is no word)."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = (re.sub(r"[^a-z0-9]", "", word) for word in folded.lower().split())
    return [word for word in words if word]


def cite_key(note: Note) -> str:
    """`<surname><year><first word>`, e.g. `lovelace2025empirical`: the first
    author's surname, the venue's year and the title's first significant word,
    as ASCII. Without authors the venue's letters stand for the surname
    (`icml2025empirical`); a title of no letters gives `note`."""
    paper = note.paper
    venue = paper.venue
    surname = ""
    for name in paper.author_names:
        words = _ascii_words(_ET_AL.sub("", name))
        if words:
            surname = words[-1]
            break
    if not surname:
        surname = re.sub(r"\d{4}$", "", venue.code).lower()
        surname = "".join(_ascii_words(surname)) or "paper"
    words = _ascii_words(plain_title(paper.title))
    first_word = next((w for w in words if w not in _KEY_STOPWORDS), "")
    return f"{surname}{venue.year}{first_word or (words[0] if words else 'note')}"


def _site_url(base_url: str | None) -> str:
    if base_url is None:
        base_url = getattr(settings, "SITE_URL", "")
    return base_url.rstrip("/")


def bibtex_entry(
    note: Note, *, key: str | None = None, base_url: str | None = None
) -> str:
    """One `@inproceedings` entry for the paper of `note`.

    `base_url` (`https://example.org`) makes the link to our note absolute;
    it defaults to the SITE_URL setting. `note` needs its paper, venue and
    area loaded (`Note.objects.for_listing()`) to avoid a query per entry.
    """
    paper = note.paper
    fields = []
    if paper.authors:
        fields.append(("author", bibtex_authors(paper.author_names)))
    fields += [
        ("title", "{" + bibtex_title(paper.title) + "}"),
        ("booktitle", bibtex_escape(paper.venue.name)),
        ("year", str(paper.venue.year)),
    ]
    if paper.arxiv_id:
        fields += [
            ("url", _url(paper.arxiv_url)),
            ("eprint", bibtex_escape(paper.arxiv_id)),
            ("archivePrefix", "arXiv"),
        ]
    elif paper.paper_url:
        fields.append(("url", _url(paper.paper_url)))
    note_url = _url(_site_url(base_url) + note.get_absolute_url())
    fields.append(("note", rf"Reading note: \url{{{note_url}}}"))
    width = max(len(name) for name, _ in fields)
    lines = [f"  {name.ljust(width)} = {{{value}}}," for name, value in fields]
    body = "\n".join(lines)
    return f"@inproceedings{{{key or cite_key(note)},\n{body}\n}}\n"


def bibtex_for(notes: Iterable[Note], *, base_url: str | None = None) -> str:
    """A .bib file with one entry per note, in the order given.

    Two papers whose keys would clash (same first author's surname, year and
    first word) get the suffixes `b`, `c`, … after the first, as reference managers do.
    """
    used: set[str] = set()
    entries = []
    for note in notes:
        key = first = cite_key(note)
        number = 1
        while key in used:
            number += 1
            key = f"{first}{_suffix(number)}"
        used.add(key)
        entries.append(bibtex_entry(note, key=key, base_url=base_url))
    return "\n".join(entries)


def _suffix(number: int) -> str:
    """2 → b, 26 → z, 27 → ba: a different non-empty suffix for each number."""
    letters = ""
    number -= 1
    while number:
        number, rest = divmod(number, 26)
        letters = "abcdefghijklmnopqrstuvwxyz"[rest] + letters
    return letters
