"""Where inline TeX math starts and ends: markdown-it rules for ``$…$``,
``$$…$$``, ``\\(…\\)`` and ``\\[…\\]``, shared by notes, titles and snippets.

The source site typesets its notes with Arithmatex's "smart dollar" rule: a
``$`` opens math unless a space follows it and closes it unless a space comes
before it, whatever stands around the pair. So ``10$\\times$``, ``$5$ms`` and
``$\\ell_p$-Calibration`` are math there, and they are math here. One rule is
added, Pandoc's: a closing ``$`` right before a digit only closes a formula that
is plainly TeX (``$\\times$10``), so that prices such as ``$5-$10`` stay text.
A ``$`` with no closing one (``(measured in $/MWh)``) and an escaped ``\\$`` are
text.
"""

from __future__ import annotations

import re

from markdown_it.rules_inline import StateInline

# Token types of the rules here, and whether each one is display math.
# ``math_inline_double`` is ``$$…$$`` (or ``\[…\]``) written inside a
# paragraph: still display math, just not a block of its own. ``math_block``
# is dollarmath's ``$$…$$`` block.
MATH_TOKENS = {
    "math_inline": False,
    "math_inline_double": True,
    "math_block": True,
}

# Characters no price or plain number holds, but most formulas do.
_TEX_ONLY = re.compile(r"[\\^_{}]")
# Only the end of the line may follow a closing ``\]`` (see bracket_math).
_LINE_END = re.compile(r"[ \t]*(?:\n|$)")


def _escaped(src: str, pos: int) -> bool:
    """Whether the character at `pos` follows an odd number of backslashes."""
    backslashes = 0
    while pos > 0 and src[pos - 1] == "\\":
        backslashes += 1
        pos -= 1
    return backslashes % 2 == 1


def _closing(src: str, start: int, stop: int, closer: str) -> int:
    """The position of the first unescaped `closer` from `start`, or -1.
    A backslash escapes the next character, inside math as in LaTeX."""
    pos = start
    while pos < stop:
        if src[pos] == "\\":
            pos += 2
        elif src.startswith(closer, pos):
            return pos
        else:
            pos += 1
    return -1


def dollar_math(state: StateInline, silent: bool) -> bool:
    """Inline rule for ``$…$`` and ``$$…$$`` (see the module's docstring)."""
    src, pos, stop = state.src, state.pos, state.posMax
    if src[pos] != "$" or _escaped(src, pos):
        return False
    double = src.startswith("$$", pos)
    opener = "$$" if double else "$"
    start = pos + len(opener)
    if start >= stop or (not double and src[start].isspace()):
        return False
    end = _closing(src, start, stop, opener)
    if end == -1:
        return False
    content = src[start:end]
    if not content.strip() or (not double and content[-1].isspace()):
        return False
    after = end + len(opener)
    if after < stop and src[after].isdigit() and not _TEX_ONLY.search(content):
        return False

    if not silent:
        token = state.push("math_inline_double" if double else "math_inline", "math", 0)
        token.content = content
        token.markup = opener
    state.pos = after
    return True


def bracket_math(state: StateInline, silent: bool) -> bool:
    """Inline rule for ``\\(…\\)`` (inline) and ``\\[…\\]`` (display) math.

    It runs before markdown-it's ``escape`` rule, which would otherwise read
    ``\\(`` as an escaped parenthesis. ``\\[`` also escapes brackets in link
    text, e.g. ``[\\[ICLR 2026\\] Title](x.md)``, so display math is only taken
    when ``\\[`` starts a line and ``\\]`` ends one, as it does in LaTeX-style
    notes. Either form may span lines within a paragraph.
    """
    src, pos = state.src, state.pos
    opener = src[pos : pos + 2]
    if opener == "\\(":
        closer, token_type = "\\)", "math_inline"
    elif opener == "\\[":
        line_start = src.rfind("\n", 0, pos) + 1
        if src[line_start:pos].strip(" \t"):
            return False
        closer, token_type = "\\]", "math_inline_double"
    else:
        return False

    end = src.find(closer, pos + 2)
    if end == -1:
        return False
    content = src[pos + 2 : end]
    if not content.strip():
        return False
    if token_type == "math_inline_double" and not _LINE_END.match(src, end + 2):
        return False

    if not silent:
        token = state.push(token_type, "math", 0)
        token.content = content
        token.markup = opener
    state.pos = end + 2
    return True
