"""One TeX formula, as MathML for pages or as Unicode text for plain places.

``tex_to_html`` makes ``<math>`` with its TeX kept as an annotation (for
copy-paste, and for tests that compare page text with the TeX). ``tex_to_text``
reads the same MathML as Unicode (``\\ell_p`` → ``ℓₚ``, ``10^{-3}`` → ``10⁻³``)
for a ``<title>``, a feed or JSON-LD, where no markup is allowed. Formulas
repeat a lot within and across notes, hence the caches.
"""

from __future__ import annotations

import html
import re
from functools import lru_cache
from xml.etree.ElementTree import Element, SubElement, tostring

from latex2mathml.commands import MATRICES
from latex2mathml.converter import convert_to_element
from markdown_it.common.utils import escapeHtml

TEX_ENCODING = "application/x-tex"
MATHML_NS = "http://www.w3.org/1998/Math/MathML"


def _unescape_tree(element: Element) -> None:
    """Turn latex2mathml's entity strings into real characters, in place.

    latex2mathml stores symbols as entity text (``"&#x0003C;"``) and its own
    ``convert()`` un-escapes the whole serialised document to make them work,
    which also turns ``\\text{<b>}`` into a live ``<b>`` tag. Decoding the text
    nodes instead and letting ElementTree escape them keeps ``<`` and ``&``
    inert.
    """
    for node in element.iter():
        if node.text:
            node.text = html.unescape(node.text)
        if node.tail:
            node.tail = html.unescape(node.tail)
        for name, value in node.attrib.items():
            node.attrib[name] = html.unescape(value)


def _mathml(tex: str, display: bool) -> tuple[Element | None, str]:
    """The formula as MathML, or None and why latex2mathml could not read it."""
    try:
        math = convert_to_element(tex, display="block" if display else "inline")
    except Exception as error:  # untrusted input: whatever goes wrong, show TeX
        name = type(error).__name__
        return None, _FAILURES.get(name, f"it cannot be read as TeX ({name})")
    _unescape_tree(math)
    return math, ""


# --- What the converter rejects, or converts only in part ------------------------

# latex2mathml's exceptions, said as what to fix.
_FAILURES = {
    "MissingSuperScriptOrSubscriptError": "a ^ or _ has nothing after it",
    "MissingEndError": r"a \begin{…} has no matching \end{…}",
    "ExtraLeftOrMissingRightError": r"a \left has no matching \right",
    "DoubleSubscriptsError": "two subscripts in a row: put them in one _{…}",
    "DoubleSuperscriptsError": "two superscripts in a row: put them in one ^{…}",
    "NumeratorNotFoundError": "a fraction has no numerator",
    "DenominatorNotFoundError": "a fraction has no denominator",
    "NoAvailableTokensError": r"a command such as \sqrt or \left has nothing after it",
    "LimitsMustFollowMathOperatorError": r"\limits must follow an operator such "
    r"as \sum",
    "InvalidAlignmentError": "a column alignment is not one of l, c, r",
}
# Environments latex2mathml lays out as a table; any other one it drops,
# leaving its rows run together and each & shown as text.
_ENVIRONMENTS = {command.removeprefix("\\") for command in MATRICES}
_BEGIN = re.compile(r"\\begin\s*\{([^}]*)\}")
# Elements that need all their arguments, and how many; a missing one is
# dropped silently (``\frac{a}`` becomes a fraction with no denominator).
_ARITY = {
    "mfrac": (2, r"\frac (or \dfrac, \binom) needs two arguments: \frac{a}{b}"),
    "mroot": (2, r"\sqrt[n] needs its argument: \sqrt[3]{x}"),
    "mover": (2, r"\overset (or an accent) needs two arguments"),
    "munder": (2, r"\underset needs two arguments"),
}


def _unbalanced_brace(tex: str) -> str:
    depth, pos = 0, 0
    while pos < len(tex):
        char = tex[pos]
        if char == "\\":
            pos += 2
            continue
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth < 0:
                return "a } closes nothing: remove it or add its {"
        pos += 1
    return "a { is never closed: add its }" if depth else ""


def _incomplete(math: Element, tex: str) -> str:
    """Why the MathML of `tex` says less than the TeX does, or ""."""
    for name in _BEGIN.findall(tex):
        if name.strip() not in _ENVIRONMENTS:
            return (
                f"the environment “{name}” is not supported: its rows and & "
                r"would show as text; use align* (or cases, array, pmatrix)"
            )
    for node in math.iter():
        tag = node.tag.rsplit("}", 1)[-1]
        text = node.text or ""
        if tag == "mi" and text.startswith("\\"):
            return (
                f"{text} is not a command the renderer knows, so it would show "
                f"as “{text}”: check its spelling, or write \\operatorname{{"
                f"{text[1:]}}}"
            )
        if tag in _ARITY and len(node) < _ARITY[tag][0]:
            return _ARITY[tag][1]
    if "&" in tex.replace("\\&", "") and not any(
        node.tag.endswith("mtable") for node in math.iter()
    ):
        return (
            "& only separates columns inside align*, cases, array or a matrix: "
            r"here it would show as text (write \& for the sign itself)"
        )
    return ""


@lru_cache(maxsize=2048)
def tex_problem(tex: str, display: bool = False) -> str:
    """Why `tex` cannot be shown as its author meant, or "" if it can.

    The same conversion the pages use: a formula it rejects, and one it
    converts only in part (an unclosed brace, an unknown command or
    environment, a missing argument, a stray ``&``).
    """
    return _problem_of(tex, *_mathml(tex, display))


def _problem_of(tex: str, math: Element | None, failure: str) -> str:
    if math is None:
        return failure
    return _unbalanced_brace(tex) or _incomplete(math, tex)


@lru_cache(maxsize=2048)
def tex_to_html(tex: str, display: bool) -> str:
    """Render one formula as ``<math>`` with its TeX kept as an annotation.

    A formula with a problem (``tex_problem``) is shown as its TeX source in
    ``<code class="math-error">``, the problem as its title, rather than as
    MathML that silently drops or garbles part of it. The result is not
    sanitised: the callers pass it through the sanitiser.
    """
    math, failure = _mathml(tex, display)
    problem = _problem_of(tex, math, failure)
    if problem or math is None:
        return (
            f'<code class="math-error" title="Formula not shown: '
            f'{escapeHtml(problem)}">{escapeHtml(tex)}</code>'
        )
    # <semantics> takes exactly one presentation child, then the annotations.
    # latex2mathml puts a single <mrow> under <math>; wrap anything else.
    children = list(math)
    for child in children:
        math.remove(child)
    semantics = SubElement(math, "semantics")
    if len(children) == 1:
        semantics.append(children[0])
    else:
        SubElement(semantics, "mrow").extend(children)
    annotation = SubElement(semantics, "annotation", encoding=TEX_ENCODING)
    annotation.text = tex
    return tostring(math, encoding="unicode", short_empty_elements=False)


# --- MathML as Unicode text -----------------------------------------------------

_SUPERSCRIPTS = dict(
    zip("0123456789+-−=()ni*′″‴†", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁻⁼⁽⁾ⁿⁱ*′″‴†", strict=True)
)
_SUBSCRIPTS = dict(
    zip(
        "0123456789+-−=()aehijklmnoprstuvx",
        "₀₁₂₃₄₅₆₇₈₉₊₋₋₌₍₎ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓ",
        strict=True,
    )
)
# An accent above a letter (\hat, \tilde, \bar, \dot, \vec): a combining mark.
_ACCENTS = {
    "^": "\u0302",
    "ˆ": "\u0302",
    "~": "\u0303",
    "˜": "\u0303",
    "¯": "\u0304",
    "‾": "\u0305",
    "˙": "\u0307",
    "¨": "\u0308",
    "→": "\u20d7",
}
# Relations read better with a space on each side: "E = mc²".
_SPACED = set("=≈≠≤≥<>∈∉⊂⊆⊃⊇→←⇒⇔↦∼≃≅∝")


def _tag(node: Element) -> str:
    return node.tag.rsplit("}", 1)[-1]


def _script(node: Element, table: dict[str, str], mark: str) -> str:
    """A sub- or superscript as Unicode script characters if it has them all
    (``ₚ``, ``⁻³``), else written out with `mark` (``_F``, ``^(ab)``)."""
    text = "".join(_read(node).split())
    if text and all(char in table for char in text):
        return "".join(table[char] for char in text)
    return mark + (text if len(text) == 1 else f"({text})")


def _grouped(node: Element) -> str:
    text = _read(node).strip()
    return text if len(text) == 1 or text.isalnum() else f"({text})"


def _read(node: Element) -> str:
    tag, children = _tag(node), list(node)
    if tag in {"mi", "mn", "mtext", "ms"}:
        return node.text or ""
    if tag == "mo":
        text = (node.text or "").strip()
        return f" {text} " if text in _SPACED else text
    if tag == "mspace":
        return " "
    if tag == "annotation":
        return ""
    if tag in {"msub", "msup", "msubsup", "munder", "mover", "munderover"}:
        if not children:
            return ""
        base, scripts = _read(children[0]), children[1:]
        if tag == "mover" and scripts and _read(scripts[0]).strip() in _ACCENTS:
            return base + _ACCENTS[_read(scripts[0]).strip()]
        under = tag in {"msub", "msubsup", "munder", "munderover"}
        over = tag in {"msup", "msubsup", "mover", "munderover"}
        if under and scripts:
            base += _script(scripts.pop(0), _SUBSCRIPTS, "_")
        if over and scripts:
            base += _script(scripts.pop(0), _SUPERSCRIPTS, "^")
        return base
    if tag == "mfrac" and len(children) == 2:
        return f"{_grouped(children[0])}/{_grouped(children[1])}"
    if tag == "msqrt":
        inner = "".join(_read(child) for child in children).strip()
        return "√" + (inner if len(inner) == 1 else f"({inner})")
    if tag == "mroot" and len(children) == 2:
        return f"{_script(children[1], _SUPERSCRIPTS, '^')}√{_grouped(children[0])}"
    return "".join(_read(child) for child in children)


@lru_cache(maxsize=4096)
def tex_to_text(tex: str) -> str:
    """One formula as readable Unicode text; its TeX if it cannot be read."""
    math, _ = _mathml(tex, False)
    if math is None:
        return tex
    return " ".join(_read(math).split())
