"""schema.org JSON-LD of the public pages, for search engines and other readers.

- `{% breadcrumbs %}` draws a page's breadcrumb trail and gives the same
  trail as a `BreadcrumbList`, so the two cannot disagree;
- `{% collection_json_ld %}` (and its venue and area-across forms) says that a
  listing is a `CollectionPage` whose main entity is an `ItemList` of the
  notes (or listings) it links to, in the order shown;
- `{% website_json_ld %}` names the site and its search on the home page.

A note's own `Article` is in reader.py (`note_json_ld`).
"""

from __future__ import annotations

from django import template
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from catalog.markup import plain_title, render_inline_title
from catalog.templatetags.reader import (
    SITE_NAME,
    emoji_label,
    json_ld_script,
    search_url,
)

register = template.Library()

SCHEMA = "https://schema.org"


def _text(item) -> str:
    """A crumb's or an item's name as plain text (a venue or an area without
    its emoji, a title's math as Unicode)."""
    if isinstance(item, str):
        return plain_title(item)
    emoji = getattr(item, "emoji", "")
    return item.label.removeprefix(emoji).strip() if emoji else item.label


def _shown(item) -> SafeString:
    # A text crumb may be a note's title, with math in it.
    if isinstance(item, str):
        return mark_safe(render_inline_title(item))
    return emoji_label(item)


def _website(request) -> dict:
    return {
        "@type": "WebSite",
        "name": SITE_NAME,
        "url": request.build_absolute_uri("/"),
    }


@register.simple_tag(takes_context=True)
def breadcrumbs(context, *trail) -> SafeString:
    """`{% breadcrumbs "Home" home_url venue venue_url area %}`: name, address,
    name, address…; a last name without an address is the page itself.

    A name is text, or a venue or an area (shown with its emoji hidden).
    """
    request = context["request"]
    crumbs = [
        (trail[i], trail[i + 1] if i + 1 < len(trail) else None)
        for i in range(0, len(trail), 2)
    ]
    items = format_html_join(
        "",
        "<li>{}</li>",
        (
            (
                format_html('<a href="{}">{}</a>', url, _shown(name))
                if url
                else format_html('<span aria-current="page">{}</span>', _shown(name)),
            )
            for name, url in crumbs
        ),
    )
    data = {
        "@context": SCHEMA,
        "@type": "BreadcrumbList",
        "itemListElement": [
            {
                "@type": "ListItem",
                "position": position,
                "name": _text(name),
                # The page itself needs no address: it is where the reader is.
                **({"item": request.build_absolute_uri(url)} if url else {}),
            }
            for position, (name, url) in enumerate(crumbs, start=1)
        ],
    }
    return format_html(
        '<nav class="breadcrumbs" aria-label="Breadcrumbs"><ol>{}</ol></nav>{}',
        items,
        json_ld_script(data),
    )


def _collection(request, *, name: str, entries, total: int, start: int = 1) -> dict:
    return {
        "@context": SCHEMA,
        "@type": "CollectionPage",
        "name": name,
        "url": request.build_absolute_uri(request.get_full_path()),
        "isPartOf": _website(request),
        "mainEntity": {
            "@type": "ItemList",
            # The whole list's length, when the page shows one page of it.
            "numberOfItems": total,
            "itemListElement": [
                {
                    "@type": "ListItem",
                    "position": position,
                    "name": title,
                    "url": request.build_absolute_uri(url),
                }
                for position, (title, url) in enumerate(entries, start=start)
            ],
        },
    }


@register.simple_tag(takes_context=True)
def collection_json_ld(
    context, notes, *, total=None, page=None, name="", venue=None, area=None, topic=None
) -> SafeString:
    """A listing of notes: an area in a venue, a topic, or search results.

    `page` (a Page) numbers them from its first row; `total` is the whole
    list's length. The name is the listing's unless `name` is given.
    """
    notes = [getattr(item, "note", item) for item in notes]  # a search hit's note
    if not name:
        name = f"{topic.name}: paper notes" if topic else f"{venue.code} {area.name}"
    return json_ld_script(
        _collection(
            context["request"],
            name=name,
            entries=[
                (plain_title(note.paper.title), note.get_absolute_url())
                for note in notes
            ],
            total=len(notes) if total is None else total,
            start=page.start_index() if page is not None and notes else 1,
        )
    )


@register.simple_tag(takes_context=True)
def venue_json_ld(context, venue, overview) -> SafeString:
    """A venue's page lists its areas' listings, in the order shown."""
    entries = [
        (
            preview.area.name,
            reverse(
                "catalog:area_detail",
                kwargs={"venue": venue.code, "area_slug": preview.area.slug},
            ),
        )
        for preview in overview.previews
    ]
    return json_ld_script(
        _collection(
            context["request"],
            name=f"{venue.name} paper notes",
            entries=entries,
            total=len(entries),
        )
    )


@register.simple_tag(takes_context=True)
def area_across_json_ld(context, area, overview) -> SafeString:
    """An area across venues lists the area's listing in each venue."""
    entries = [
        (
            f"{area.name} at {cell.venue.name}",
            reverse(
                "catalog:area_detail",
                kwargs={"venue": cell.venue.code, "area_slug": area.slug},
            ),
        )
        for cell in overview.venues
    ]
    return json_ld_script(
        _collection(
            context["request"],
            name=f"{area.name} across venues",
            entries=entries,
            total=len(entries),
        )
    )


@register.simple_tag(takes_context=True)
def website_json_ld(context) -> SafeString:
    """The site, and how to search it (a search box in search results)."""
    request = context["request"]
    search = request.build_absolute_uri(search_url())
    return json_ld_script(
        {
            "@context": SCHEMA,
            **_website(request),
            "description": "Short notes on AI research papers, by venue, area "
            "and topic.",
            "potentialAction": {
                "@type": "SearchAction",
                "target": {
                    "@type": "EntryPoint",
                    "urlTemplate": f"{search}?q={{search_term_string}}",
                },
                "query-input": "required name=search_term_string",
            },
        }
    )
