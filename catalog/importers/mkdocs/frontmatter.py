"""The YAML-like front matter at the top of a source file.

It reads the shapes the source and our exporter write, and nothing more, so
that what it cannot read is refused with the file and line.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from catalog.importers.errors import SourceError
from catalog.importers.mkdocs.text import TAG_LENGTH

_FRONT_KEY = re.compile(r"^(?P<key>[A-Za-z_][\w-]*)\s*:(?:\s+(?P<value>.*))?$")
_BLOCK_SCALAR = re.compile(r"^[>|][+-]?$")
_FLOW_ITEM = re.compile(r"\"(?:\\.|[^\"\\])*\"|'(?:''|[^'])*'|[^,\s][^,]*")


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
    mappings (`item_list`), flow lists (`[]`), a mapping of scalars
    (`search`). PyYAML would read more, but it would not tell which line of
    which file it choked on in these terms.
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
        if content and _FRONT_KEY.match(content[0][1].strip()):
            return _block_mapping(path, content)
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


def _block_mapping(path: Path, content: list[tuple[int, str]]) -> dict[str, Any]:
    """Indented `key: value` lines (`search:` / `  exclude: true` on a home
    page), one level deep."""
    indent = len(content[0][1]) - len(content[0][1].lstrip())
    mapping: dict[str, Any] = {}
    for number, text in content:
        match = _FRONT_KEY.match(text.strip())
        if len(text) - len(text.lstrip()) != indent or match is None:
            raise SourceError(
                path, number, f"front matter line is not `key: value`: {text.strip()!r}"
            )
        mapping[match["key"]] = _inline_value(path, number, match["value"] or "")
    return mapping


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


def front_text(front: FrontMatter, key: str, path: Path) -> str:
    value = front.values.get(key)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise SourceError(path, front.line(key), f"`{key}` should be text")
    return " ".join(value.split())


def front_list(front: FrontMatter, key: str, path: Path) -> list[str]:
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
