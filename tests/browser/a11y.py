"""The accessibility and HTML-validity gate of the browser tests.

`axe_violations(page)` runs axe-core (pinned in package-lock.json, installed
by scripts/_venv.sh; never served by the site) on the page as it is now, with
the WCAG 2.0/2.1 A and AA rules and axe's best practices. `sideways_scroll`
says whether the page scrolls sideways, naming what sticks out.
`html_errors` runs the Nu HTML Checker once over many pages' HTML.

An exception is allowed only for markup that Django's admin renders and the
project cannot reach; each names its rule and its selector, and says why.
"""

from __future__ import annotations

import json
import re
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]


@dataclass(frozen=True)
class Exception_:
    """One rule on the elements one CSS selector matches, let pass, and why.

    The selector is matched in the page (`element.matches`), not compared
    with axe's own selector for the element, which changes with the markup
    around it.
    """

    rule: str
    selector: str
    why: str


# Markup of Django's admin that no template, widget attribute or stylesheet of
# the project reaches. Keep this list short: each entry is a known gap.
EXCEPTIONS: tuple[Exception_, ...] = ()


@dataclass(frozen=True)
class Violation:
    where: str
    rule: str
    impact: str
    selector: str
    help: str
    summary: str

    def __str__(self) -> str:
        summary = " ".join(self.summary.split())[:300]
        return (
            f"{self.where}: {self.rule} ({self.impact}) at {self.selector}: "
            f"{self.help}. {summary}"
        )


def _axe_source() -> str:
    if not AXE_JS.exists():
        raise RuntimeError(
            f"{AXE_JS} is missing: run scripts/test (or `npm ci`) to install it."
        )
    return AXE_JS.read_text(encoding="utf-8")


_RUN_AXE = """async ([tags, exceptions]) => {
  const result = await axe.run(document, {
    runOnly: {type: "tag", values: tags},
    resultTypes: ["violations"],
  });
  const allowed = (rule, node) => {
    const element = typeof node.target[0] === "string" ?
      document.querySelector(node.target[0]) : null;
    return !!element && exceptions.some(
      ([id, selector]) => id === rule && element.matches(selector));
  };
  return result.violations.map(v => ({
    id: v.id, impact: v.impact || "", help: v.help,
    nodes: v.nodes.filter(n => !allowed(v.id, n)).map(n => ({
      target: n.target.map(t => Array.isArray(t) ? t.join(" >>> ") : t).join(" "),
      summary: n.failureSummary || "",
    })),
  }));
}"""


def axe_violations(page, *, where: str = "") -> list[Violation]:
    """axe-core's violations on the page as it is now, less the exceptions.

    axe is evaluated through the browser's debugging protocol, which the
    site's Content-Security-Policy does not govern: the page under test is
    the page a reader gets, policy and all.
    """
    # A colour that is still fading after a change of theme (the admin's
    # links have transitions) would be measured halfway: end the fades first.
    page.evaluate("() => document.getAnimations().forEach(a => a.finish())")
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(_axe_source())
    exceptions = [[allowed.rule, allowed.selector] for allowed in EXCEPTIONS]
    found = page.evaluate(_RUN_AXE, [AXE_TAGS, exceptions])
    where = where or page.url
    return [
        Violation(
            where=where,
            rule=item["id"],
            impact=item["impact"],
            selector=node["target"],
            help=item["help"],
            summary=node["summary"],
        )
        for item in found
        for node in item["nodes"]
    ]


# Elements sticking out past the viewport that no scroll container (or
# clipping box) of their own holds: the reason a page scrolls sideways.
_SIDEWAYS = """() => {
  const root = document.scrollingElement;
  const extra = root.scrollWidth - root.clientWidth;
  if (extra <= 0) return null;
  const width = root.clientWidth;
  const held = el => {
    // An absolutely placed box escapes a scroller that does not place it.
    if (getComputedStyle(el).position === "absolute") return false;
    for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) {
      const overflow = getComputedStyle(up).overflowX;
      if (overflow !== "visible") return true;
    }
    return false;
  };
  const name = el => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") +
    [...el.classList].map(c => "." + c).join("");
  const culprits = [];
  for (const el of document.body.querySelectorAll("*")) {
    const box = el.getBoundingClientRect();
    if (box.width && box.right > width + 0.5 && !held(el)) {
      const path = [];
      for (let up = el; up && up !== document.body; up = up.parentElement) {
        path.unshift(name(up));
      }
      culprits.push(path.slice(-4).join(" > ") + ` (to ${Math.round(box.right)}px)`);
    }
  }
  return {extra, culprits: culprits.slice(-5)};
}"""


def sideways_scroll(page) -> str:
    """ "" if the page fits its viewport's width, else what sticks out."""
    found = page.evaluate(_SIDEWAYS)
    if not found:
        return ""
    return f"scrolls sideways by {found['extra']}px: " + "; ".join(found["culprits"])


def _file_name(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") + ".html"


def html_errors(pages: dict[str, str | bytes]) -> list[str]:
    """The Nu HTML Checker's errors in these pages ({name: HTML}), as lines.

    One run for all of them: the checker takes about two seconds to start.
    """
    if not pages:
        return []
    with tempfile.TemporaryDirectory(prefix="vnu-") as folder:
        names = {}
        for name, html in pages.items():
            path = Path(folder) / _file_name(name)
            assert path.name not in names.values(), f"two pages named {name}"
            data = html if isinstance(html, bytes) else html.encode()
            path.write_bytes(data)
            names[path.resolve().as_uri()] = name
        result = subprocess.run(
            ["java", "-jar", str(VNU_JAR), "--errors-only", "--format", "json"]
            + sorted(str(Path(folder) / _file_name(name)) for name in pages),
            capture_output=True,
            text=True,
            timeout=300,
        )
    try:
        messages = json.loads(result.stderr)["messages"]
    except (ValueError, KeyError):
        raise RuntimeError(
            f"The Nu HTML Checker did not answer in JSON:\n{result.stderr[-2000:]}"
        ) from None
    lines = []
    for message in messages:
        if message.get("type") not in ("error", "non-document-error"):
            continue
        url = message.get("url", "")
        where = names.get(url) or names.get(url.replace("file:/", "file:///"), url)
        lines.append(
            f"{where}, line {message.get('lastLine', '?')}: {message['message']}"
            f" [{message.get('extract', '').strip()}]"
        )
    return lines
