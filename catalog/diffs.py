"""Word-level differences between two revisions of a note, as HTML.

Reviewers read what changed, not two versions side by side: text fields are
compared word by word (difflib on words and the spaces between them) and
marked with <ins>/<del>; lists (topics, keywords, related notes) show what was
added and removed. Everything is escaped before it is marked.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe

from catalog.notedata import FIELDS, PLACE_FIELDS, label_of

_WORDS = re.compile(r"\s+|[^\s]+")


def _text(value) -> str:
    return "" if value is None else str(value)


def word_diff(old, new) -> SafeString:
    """`new` with the words taken out of `old` in <del> and added ones in <ins>."""
    before, after = _WORDS.findall(_text(old)), _WORDS.findall(_text(new))
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    parts = []
    for tag, i1, i2, j1, j2 in _phrases(matcher.get_opcodes(), before):
        removed = conditional_escape("".join(before[i1:i2]))
        added = conditional_escape("".join(after[j1:j2]))
        if tag == "equal":
            parts.append(added)
            continue
        if removed:
            parts.append(format_html("<del>{}</del>", removed))
        if added:
            parts.append(format_html("<ins>{}</ins>", added))
    return mark_safe("".join(parts))


def _phrases(opcodes: list, before: list[str]) -> list:
    """Join changes that only a space separates, so a phrase reads as one.

    Word by word, a rewritten sentence would alternate <del>one</del><ins>
    two</ins> for each word; readers want the old phrase, then the new.
    """
    merged: list[list] = []
    for index, (tag, i1, i2, j1, j2) in enumerate(opcodes):
        between_changes = 0 < index < len(opcodes) - 1
        if tag == "equal" and between_changes and not "".join(before[i1:i2]).strip():
            tag = "replace"
        if tag != "equal" and merged and merged[-1][0] != "equal":
            merged[-1][2], merged[-1][4] = i2, j2
            merged[-1][0] = "replace"
        else:
            merged.append([tag, i1, i2, j1, j2])
    return merged


def list_diff(old: list, new: list) -> SafeString:
    """Items as chips: kept ones as they are, removed ones in <del> marked −,
    added ones in <ins> marked + (the sign says it where colour cannot)."""
    old, new = [str(item) for item in old or []], [str(item) for item in new or []]
    parts = []
    for item in sorted(set(old) | set(new), key=str.casefold):
        if item not in new:
            parts.append(format_html('<del class="chip">− {}</del>', item))
        elif item not in old:
            parts.append(format_html('<ins class="chip">+ {}</ins>', item))
        else:
            parts.append(format_html('<span class="chip">{}</span>', item))
    return mark_safe(" ".join(parts))


@dataclass
class FieldDiff:
    name: str
    label: str
    changed: bool
    html: SafeString


def revision_diff(
    old: dict | None, new: dict, *, note_titles: dict[int, str] | None = None
) -> list[FieldDiff]:
    """Every field of two revisions' data, each with its marked difference.

    `old` None compares with an empty note (the first revision). Related
    notes are shown by title when `note_titles` maps their ids.
    """
    old = old or {}
    titles = note_titles or {}
    diffs = []
    for spec in FIELDS:
        name, label = spec.name, spec.label
        before, after = old.get(name), new.get(name)
        if name == "related":
            before = [titles.get(pk, f"note {pk}") for pk in before or []]
            after = [titles.get(pk, f"note {pk}") for pk in after or []]
        if isinstance(after, list) or isinstance(before, list):
            html = list_diff(before, after)
        else:
            html = word_diff(before, after)
        changed = (before or None) != (after or None)
        diffs.append(FieldDiff(name=name, label=label, changed=changed, html=html))
    for name in PLACE_FIELDS:
        before, after = old.get(name), new.get(name)
        # Against an empty note (a first revision), the place is not a change.
        changed = bool(before and after and before != after)
        html = word_diff(before, after) if changed else word_diff(after, after)
        diffs.append(
            FieldDiff(name=name, label=label_of(name), changed=changed, html=html)
        )
    return diffs
