"""Template helpers of the public pages: charts, stars, links and metadata."""

import json
import re

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.template.defaultfilters import pluralize
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from catalog import markup

register = template.Library()

SITE_NAME = "AI Paper Notes"
# Until the search page's URL is registered (it is built separately), the
# header's search form still points where it will live.
SEARCH_PATH = "/search/"

SORT_SUMMARIES = {
    "newest": "newest first",
    "title": "by title",
    "listing": "in listing order",
}

CHART_ROW = 26
CHART_LABEL_END = 236
CHART_BAR_START = 246
CHART_BAR_MAX = 330
CHART_WIDTH = 640
CHART_LABEL_CHARS = 32


@register.simple_tag(takes_context=True)
def absolute_url(context, path: str) -> str:
    """`path` as a full address, for canonical links and metadata."""
    return context["request"].build_absolute_uri(path)


@register.simple_tag
def search_url() -> str:
    try:
        return reverse("catalog:search")
    except NoReverseMatch:
        return SEARCH_PATH


@register.filter
def inline_math(title: str) -> SafeString:
    """A title (plain text holding `$…$`) as HTML: escaped, its math as MathML."""
    return mark_safe(markup.render_inline_title(str(title)))


@register.filter
def plain_title(title: str) -> str:
    """A title as plain text, its math as Unicode, for <title> and metadata."""
    return markup.plain_title(str(title))


@register.filter
def plain_text(source: str) -> str:
    """A summary's Markdown as one line of plain text, for descriptions."""
    return markup.plain_text(str(source))


@register.filter
def emoji_label(item) -> SafeString:
    """A venue's or an area's label, its emoji hidden from screen readers.

    The emoji only decorates: read aloud ("test tube ICML2025") it is noise.
    """
    emoji = getattr(item, "emoji", "")
    name = item.label.removeprefix(emoji).strip() if emoji else item.label
    if not emoji:
        return format_html("{}", name)
    return format_html('<span aria-hidden="true">{}</span> {}', emoji, name)


@register.simple_tag
def venue_description(venue, overview) -> str:
    """What a venue page holds, in the source's words: "869 ECCV2024 paper
    notes covering 3D Vision (181), … and other 34 areas. Each note has …"."""
    if not overview.total:
        return f"No {venue.code} paper notes are published yet."
    named = [f"{p.area.name} ({p.count})" for p in overview.described]
    if overview.undescribed:
        others = overview.undescribed
        covering = f"{', '.join(named)} and other {others} area{pluralize(others)}"
    elif len(named) > 1:
        covering = f"{', '.join(named[:-1])} and {named[-1]}"
    else:
        covering = named[0]
    return (
        f"{overview.total} {venue.code} paper note{pluralize(overview.total)} "
        f"covering {covering}. Each note has TL;DR, motivation, method, "
        "experiments, highlights, and limitations — 5-minute reads of core ideas."
    )


@register.simple_tag
def filter_summary(filterset, page_obj=None) -> str:
    """What a filtered listing shows, for its <title>, or "" unfiltered:
    " (Watermarking + Privacy, with code, “robust”, newest first, page 2)"."""
    parts = []
    if filterset.is_bound and filterset.is_valid():
        data = filterset.form.cleaned_data
        for name in ("venue", "area"):
            if data.get(name):
                # The choice's label without its count: "LLM Safety (3)".
                label = dict(filterset.form.fields[name].choices)[data[name]]
                parts.append(str(label).rsplit(" (", 1)[0])
        if data.get("topic"):
            parts.append(" + ".join(topic.name for topic in data["topic"]))
        if data.get("q"):
            parts.append(f"“{data['q']}”")
        if data.get("has_code"):
            parts.append("with code" if data["has_code"] == "1" else "without code")
        sort = data.get("sort")
        if sort and sort != filterset.default_sort:
            parts.append(SORT_SUMMARIES[sort])
    if page_obj is not None and page_obj.number > 1:
        parts.append(f"page {page_obj.number}")
    return f" ({', '.join(parts)})" if parts else ""


@register.filter
def stars(score: int, out_of: int = 5) -> str:
    """4 → ★★★★☆ (the number is given next to it for screen readers)."""
    score = max(0, min(int(score), out_of))
    return "★" * score + "☆" * (out_of - score)


def _short(name: str) -> str:
    if len(name) <= CHART_LABEL_CHARS:
        return name
    return name[: CHART_LABEL_CHARS - 1].rstrip() + "…"


@register.simple_tag
def topic_chart(items, title: str) -> SafeString:
    """A horizontal bar chart of topic counts as inline SVG, drawn here.

    The SVG is an image to assistive technology (role="img") whose title and
    description say every topic and its count, so no script and no separate
    text copy are needed; colours come from the stylesheet's classes, so the
    chart follows the light or dark theme.
    """
    if not items:
        return ""
    top = max(item.count for item in items)
    height = CHART_ROW * len(items) + 4
    rows = []
    for number, item in enumerate(items):
        y = number * CHART_ROW + 4
        width = max(2, round(CHART_BAR_MAX * item.count / top))
        rows.append(
            (
                CHART_LABEL_END,
                y + 15,
                _short(item.name),
                CHART_BAR_START,
                y,
                width,
                CHART_BAR_START + width + 6,
                y + 15,
                item.count,
            )
        )
    bars = format_html_join(
        "",
        '<text class="chart-label" x="{}" y="{}" text-anchor="end">{}</text>'
        '<rect class="chart-bar" x="{}" y="{}" width="{}" height="20" rx="3"></rect>'
        '<text class="chart-count" x="{}" y="{}">{}</text>',
        rows,
    )
    description = "; ".join(
        f"{item.name}: {item.count} note{'s' if item.count != 1 else ''}"
        for item in items
    )
    return format_html(
        '<svg class="topic-chart" role="img" viewBox="0 0 {} {}" width="{}" '
        'height="{}" aria-labelledby="topic-chart-title topic-chart-desc" '
        'xmlns="http://www.w3.org/2000/svg">'
        '<title id="topic-chart-title">{}</title>'
        '<desc id="topic-chart-desc">{}</desc>{}</svg>',
        CHART_WIDTH,
        height,
        CHART_WIDTH,
        height,
        title,
        description,
        bars,
    )


def json_ld_script(data: dict) -> SafeString:
    """`data` as a <script type="application/ld+json"> element."""
    # JSON inside <script> must not close the element or open a comment.
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
    text = text.replace("<", "\\u003C").replace(">", "\\u003E")
    text = text.replace("&", "\\u0026")
    return format_html(
        '<script type="application/ld+json">{}</script>', mark_safe(text)
    )


# "Kurt Gödel et al." names Kurt Gödel; the others are unknown.
_ET_AL = re.compile(r"\s*\bet\s+al\.?$", re.IGNORECASE)


@register.simple_tag(takes_context=True)
def note_json_ld(context, note) -> SafeString:
    """schema.org: our note is an Article about the paper (a ScholarlyArticle)."""
    request = context["request"]
    paper = note.paper
    title = markup.plain_title(paper.title)
    about = {"@type": "ScholarlyArticle", "name": title}
    if paper.arxiv_id:
        about.update(url=paper.arxiv_url, sameAs=paper.arxiv_url)
        about["identifier"] = f"arXiv:{paper.arxiv_id}"
    elif paper.paper_url:
        about["url"] = paper.paper_url
    authors = [_ET_AL.sub("", name) for name in paper.author_names]
    if any(authors):
        # The paper's authors, not ours: the note's publisher is the site.
        about["author"] = [
            {"@type": "Person", "name": name} for name in authors if name
        ]
    about["isPartOf"] = {
        "@type": "PublicationEvent",
        "name": paper.venue.name,
        "startDate": str(paper.venue.year),
    }
    url = request.build_absolute_uri(note.get_absolute_url())
    keywords = [topic.name for topic in note.topics.all()]
    keywords += [keyword.name for keyword in paper.keywords.all()]
    return json_ld_script(
        {
            "@context": "https://schema.org",
            "@type": "Article",
            "headline": title[:110],
            "name": f"Note on {title}",
            "description": markup.plain_text(note.summary),
            "url": url,
            "mainEntityOfPage": url,
            "datePublished": note.published_at,
            "dateModified": note.public_changed_at,
            "inLanguage": "en",
            "keywords": keywords,
            "about": about,
            "isPartOf": {
                "@type": "WebSite",
                "name": SITE_NAME,
                "url": request.build_absolute_uri("/"),
            },
            "publisher": {"@type": "Organization", "name": SITE_NAME},
        }
    )
