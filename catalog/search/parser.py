"""The reader's words, read once into a `ParsedQuery` that each backend compiles.

So both backends match the same things and no input can reach the FTS5 query
syntax or raise a database error: every word becomes a quoted phrase. What
the parser understands: words (all must match), "quoted phrases", -word or
-"phrase" to leave out, and `or` between two alternatives. Stop words
(PostgreSQL's English list) are dropped for both.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass

MAX_QUERY_LENGTH = 200
MAX_PHRASES = 12

# PostgreSQL's english.stop: both backends drop these words from a query.
STOP_WORDS = frozenset(
    """
    i me my myself we our ours ourselves you your yours yourself yourselves he
    him his himself she her hers herself it its itself they them their theirs
    themselves what which who whom this that these those am is are was were be
    been being have has had having do does did doing a an the and but if or
    because as until while of at by for with about against between into
    through during before after above below to from up down in out on off
    over under again further then once here there when where why how all any
    both each few more most other some such no nor not only own same so than
    too very s t can will just don should now
    """.split()
)

# Punctuation separates words on both backends. FTS5's tokenizer does so
# already; PostgreSQL's parser would instead keep "GPT-4", "input/output" or
# "arxiv.org" as single tokens that a search for "output" cannot find, so the
# indexed text and the query both have it turned into spaces.
_NO_PUNCTUATION = str.maketrans(string.punctuation, " " * len(string.punctuation))

_ITEM = re.compile(r'(?P<exclude>-?)"(?P<phrase>[^"]*)"?|(?P<word>[^\s"]+)')


@dataclass(frozen=True)
class Phrase:
    """Words that must appear together, in this order (often just one)."""

    words: tuple[str, ...]

    @property
    def text(self) -> str:
        return " ".join(self.words)


@dataclass(frozen=True)
class ParsedQuery:
    """Every clause must match (AND); a clause matches if any of its phrases
    does (OR); no excluded phrase may match."""

    clauses: tuple[tuple[Phrase, ...], ...] = ()
    excluded: tuple[Phrase, ...] = ()

    def __bool__(self) -> bool:
        # Excluded words alone cannot be searched for: they would match nearly
        # everything, and FTS5 has no query for "everything but".
        return bool(self.clauses)

    @property
    def wanted(self) -> list[Phrase]:
        """Every phrase of every clause: what a field must hold to rank."""
        return [phrase for clause in self.clauses for phrase in clause]


def _phrase(text: str) -> Phrase | None:
    """The searchable words of `text`, without stop words at either end."""
    words = [
        word
        for word in text.translate(_NO_PUNCTUATION).lower().split()
        if any(char.isalnum() for char in word)
    ]
    while words and words[0] in STOP_WORDS:
        words.pop(0)
    while words and words[-1] in STOP_WORDS:
        words.pop()
    return Phrase(tuple(words)) if words else None


def parse_query(text: str) -> ParsedQuery:
    """Read a search box: words, "phrases", -excluded and `a or b`.

    Never fails: what cannot be searched for (punctuation, stop words, FTS
    syntax) is dropped, and an empty result means there was nothing to find.
    """
    clauses: list[list[Phrase]] = []
    excluded: list[Phrase] = []
    after_or = False
    for item in _ITEM.finditer(text[:MAX_QUERY_LENGTH]):
        raw = item["phrase"] if item["phrase"] is not None else item["word"]
        exclude = bool(item["exclude"])
        if item["word"] is not None:
            if raw.lower() == "or":
                after_or = bool(clauses)
                continue
            if raw.startswith("-") and len(raw) > 1:
                exclude, raw = True, raw[1:]
        phrase = _phrase(raw)
        if phrase is None:
            continue
        if exclude:
            excluded.append(phrase)
        elif after_or:
            clauses[-1].append(phrase)
        else:
            clauses.append([phrase])
        after_or = False
    # A long paste stays a cheap query.
    clauses, excluded = clauses[:MAX_PHRASES], excluded[:MAX_PHRASES]
    return ParsedQuery(tuple(tuple(clause) for clause in clauses), tuple(excluded))
