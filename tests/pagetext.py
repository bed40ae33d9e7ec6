"""The text a reader sees on a page, one line per block, as a scraper reads it.

Navigation, forms, the footer and hidden parts are left out, as are the
elements a test marks as not part of the reading text. Math is read as
`\\(TeX\\)` from its annotation, the way the source site's text shows it.
"""

from html.parser import HTMLParser

BLOCKS = {
    "address",
    "article",
    "aside",
    "blockquote",
    "br",
    "dd",
    "div",
    "dl",
    "dt",
    "figcaption",
    "figure",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "li",
    "main",
    "ol",
    "p",
    "pre",
    "section",
    "table",
    "td",
    "th",
    "tr",
    "ul",
}
SKIPPED = {
    "head",
    "script",
    "style",
    "nav",
    "footer",
    "form",
    "template",
    "svg",
    "noscript",
}
VOID = {"br", "hr", "img", "input", "meta", "link", "source", "wbr"}


class _TextParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self.current: list[str] = []
        self.skip_depth = 0
        self.math_depth = 0
        self.in_annotation = False
        self.stack: list[str] = []

    def _break(self):
        text = " ".join("".join(self.current).split())
        if text:
            self.lines.append(text)
        self.current = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in VOID:
            if tag == "br" and not self.skip_depth:
                self._break()
            return
        self.stack.append(tag)
        # aria-hidden hides from screen readers only: an emoji so marked is seen.
        hidden = "hidden" in attrs
        if self.skip_depth or tag in SKIPPED or hidden:
            self.skip_depth += 1
            return
        if tag == "math":
            self.math_depth += 1
            self.current.append("\\(")
        elif tag == "annotation" and self.math_depth:
            self.in_annotation = True
        elif tag in BLOCKS:
            self._break()

    def handle_endtag(self, tag):
        if tag in VOID or not self.stack:
            return
        while self.stack and self.stack.pop() != tag:
            pass
        if self.skip_depth:
            self.skip_depth -= 1
            return
        if tag == "math":
            self.math_depth -= 1
            self.current.append("\\)")
        elif tag == "annotation":
            self.in_annotation = False
        elif tag in BLOCKS:
            self._break()

    def handle_data(self, data):
        if self.skip_depth or (self.math_depth and not self.in_annotation):
            return
        self.current.append(data)


def visible_lines(html: str) -> list[str]:
    parser = _TextParser()
    parser.feed(html)
    parser.close()
    parser._break()
    return parser.lines
