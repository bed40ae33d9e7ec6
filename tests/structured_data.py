"""The schema.org JSON-LD of a page, read as search engines read it.

extruct parses the page and its `<script type="application/ld+json">`
elements as a crawler does, so a script that is not valid JSON, or that the
HTML around it breaks, fails here; the checks below hold each item to the
shape schema.org and search engines give `BreadcrumbList`, `CollectionPage`
and `ItemList`.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import extruct
import lxml.html


def json_ld(html: str | bytes, url: str) -> list[dict]:
    """Every JSON-LD item of the page; an unreadable one raises."""
    if isinstance(html, bytes):
        html = html.decode()
    return extruct.extract(html, base_url=url, syntaxes=["json-ld"], errors="strict")[
        "json-ld"
    ]


def of_type(items: list[dict], kind: str) -> list[dict]:
    return [item for item in items if item.get("@type") == kind]


def _absolute(url) -> bool:
    parts = urlsplit(url) if isinstance(url, str) else None
    return bool(parts and parts.scheme in ("http", "https") and parts.netloc)


def _list_items(elements, where: str, *, last_may_omit_url: bool) -> list[str]:
    problems = []
    if not isinstance(elements, list) or not elements:
        return [f"{where}: itemListElement must be a non-empty list"]
    for number, element in enumerate(elements, start=1):
        if element.get("@type") != "ListItem":
            problems.append(f"{where}: item {number} is not a ListItem")
        if not isinstance(element.get("position"), int):
            problems.append(f"{where}: item {number} has no whole-number position")
        if not str(element.get("name", "")).strip():
            problems.append(f"{where}: item {number} has no name")
        url = element.get("item", element.get("url"))
        if url is None and last_may_omit_url and number == len(elements):
            continue
        if not _absolute(url):
            problems.append(f"{where}: item {number} has no absolute URL ({url!r})")
    positions = [element.get("position") for element in elements]
    if positions != list(range(positions[0], positions[0] + len(positions))):
        problems.append(f"{where}: positions are not consecutive: {positions}")
    return problems


def breadcrumb_problems(data: dict) -> list[str]:
    """What is wrong with a BreadcrumbList (Google's breadcrumb shape)."""
    if data.get("@context") != "https://schema.org":
        return ["BreadcrumbList: @context is not https://schema.org"]
    problems = _list_items(
        data.get("itemListElement"), "BreadcrumbList", last_may_omit_url=True
    )
    if not problems and data["itemListElement"][0]["position"] != 1:
        problems.append("BreadcrumbList: positions must start at 1")
    return problems


def collection_problems(data: dict) -> list[str]:
    """What is wrong with a CollectionPage whose main entity is an ItemList."""
    problems = []
    if data.get("@context") != "https://schema.org":
        problems.append("CollectionPage: @context is not https://schema.org")
    if not str(data.get("name", "")).strip():
        problems.append("CollectionPage: no name")
    if not _absolute(data.get("url")):
        problems.append("CollectionPage: no absolute url")
    items = data.get("mainEntity")
    if not isinstance(items, dict) or items.get("@type") != "ItemList":
        return [*problems, "CollectionPage: mainEntity is not an ItemList"]
    count = items.get("numberOfItems")
    elements = items.get("itemListElement")
    if not isinstance(count, int) or not isinstance(elements, list):
        return [*problems, "ItemList: numberOfItems or itemListElement missing"]
    if elements:
        problems += _list_items(elements, "ItemList", last_may_omit_url=False)
        if elements[-1].get("position", 0) > count:
            problems.append(f"ItemList: a position past numberOfItems ({count})")
    elif count:
        problems.append(f"ItemList: {count} items said, none listed")
    return problems


def visible_breadcrumbs(html: str | bytes) -> list[str] | None:
    """The names of the page's breadcrumbs as screen readers get them (without
    what is aria-hidden), or None when the page has none."""
    tree = lxml.html.fromstring(html)
    navs = tree.xpath('//nav[contains(concat(" ", @class, " "), " breadcrumbs ")]')
    if not navs:
        return None
    for hidden in navs[0].xpath('.//*[@aria-hidden="true"]'):
        hidden.drop_tree()
    return [" ".join(li.text_content().split()) for li in navs[0].xpath(".//li")]


def page_problems(html: str | bytes, url: str, *, listing: bool) -> list[str]:
    """A page's JSON-LD checked against what it shows: breadcrumbs, and for a
    listing (`listing=True`) a CollectionPage of its items."""
    try:
        items = json_ld(html, url)
    except ValueError as error:
        return [f"its JSON-LD cannot be read: {error}"]
    problems = []
    crumbs = visible_breadcrumbs(html)
    trails = of_type(items, "BreadcrumbList")
    if crumbs is not None:
        if len(trails) != 1:
            problems.append(f"{len(trails)} BreadcrumbLists for one breadcrumb trail")
        else:
            problems += breadcrumb_problems(trails[0])
            names = [element.get("name") for element in trails[0]["itemListElement"]]
            if names != crumbs:
                problems.append(f"BreadcrumbList {names} is not the trail {crumbs}")
    elif trails:
        problems.append("a BreadcrumbList on a page that shows no breadcrumbs")
    collections = of_type(items, "CollectionPage")
    if listing and len(collections) != 1:
        problems.append(f"{len(collections)} CollectionPages on a listing")
    for collection in collections:
        problems += collection_problems(collection)
    return problems
