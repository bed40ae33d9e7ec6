"""What a feed reader would meet in our Atom feeds: whether a payload broke
the XML, changed a title, or left something runnable in a summary's HTML.
Used by the hostile-input test."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser


class FeedHtml(HTMLParser):
    """What a feed reader would run in a summary's HTML."""

    def __init__(self):
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "iframe", "object", "embed", "style", "base", "meta"):
            self.found.append(tag)
        for name, value in attrs:
            scheme = re.sub(r"[\x00-\x20]", "", value or "").lower()
            if name.startswith("on") or scheme.startswith(("javascript", "data:")):
                self.found.append(f"{tag} {name}")


def feed_problems(text: str, titles: set[str]) -> list[str]:
    atom = "{http://www.w3.org/2005/Atom}"
    root = ET.fromstring(text)  # Raises if a payload broke the XML.
    problems = []
    seen = {entry.findtext(f"{atom}title") for entry in root.iter(f"{atom}entry")}
    if not titles <= seen:
        problems.append(f"titles changed: {sorted(titles - seen)[:3]}")
    for content in root.iter(f"{atom}content"):
        parser = FeedHtml()
        parser.feed(content.text or "")
        problems += parser.found
    return problems
