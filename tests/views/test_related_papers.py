"""The note page's "Related Papers": the source's RELATED links, those whose
note is here as links, the others as text with the address the note will
have, until a later import brings it."""

import re

from tests.importers.mkdocs_tree import run, sample_tree, write_tree
from tests.pagetext import visible_lines

NOTE_URL = "/ICML2025/llm_safety/empirical_privacy_variance/"
LATER_NOTE = """\
---
title: >-
  [Paper Note] Not In This Tree
description: >-
  [ICLR 2026][LLM Safety][Privacy] It arrives later.
tags:
  - ICLR 2026
  - LLM Safety
date: 2026-05-01
---

# Not In This Tree

**Conference**: ICLR 2026
**Code**: Not released
**Area**: LLM Safety
**Keywords**: Privacy

## TL;DR

It arrives later.
"""


def related_section(client) -> str:
    page = client.get(NOTE_URL).content.decode()
    return page.split('id="related"')[1].split("</section>")[0]


def test_related_papers_shows_linked_notes_and_waiting_links(db, client, tmp_path):
    run("import_mkdocs", sample_tree(tmp_path / "docs"))

    section = related_section(client)

    assert section.startswith(">Related Papers</h2>")
    links = re.findall(r'<a href="([^"]+)">([^<]+)</a>', section)
    assert links == [
        (
            "/ICML2025/llm_safety/cheaper_serving/",
            "[ICML 2025] Cheaper Serving: Private Inference [at Scale]",
        ),
        (
            "/CVPR2026/llm_safety/robust_watermarks/",
            "[CVPR 2026] Robust Watermarks for Image Generators",
        ),
    ]
    # Not imported yet: its text, and where its note will live, but no link
    # that would end on a 404.
    assert (
        '<li class="pending">[ICLR 2026] Not In This Tree <span class="pending-note">'
        "(not on this site yet: <code>/ICLR2026/llm_safety/not_in_this_tree/</code>)"
        "</span></li>"
    ) in section
    assert 'href="/ICLR2026/' not in section


def test_a_later_import_makes_the_waiting_link_live(db, client, tmp_path):
    run("import_mkdocs", sample_tree(tmp_path / "docs"))
    later = write_tree(
        tmp_path / "later",
        {"ICLR2026/llm_safety/not_in_this_tree.md": LATER_NOTE},
    )

    run("import_mkdocs", later)

    section = related_section(client)
    assert (
        '<a href="/ICLR2026/llm_safety/not_in_this_tree/">'
        "[ICLR 2026] Not In This Tree</a>"
    ) in section
    assert "not on this site yet" not in section
    assert client.get("/ICLR2026/llm_safety/not_in_this_tree/").status_code == 200


def test_the_source_block_is_shown_once_as_the_section(db, client, tmp_path):
    run("import_mkdocs", sample_tree(tmp_path / "docs"))

    lines = visible_lines(client.get(NOTE_URL).content.decode())

    assert lines.count("Related Papers") == 1
    assert not any("RELATED" in line for line in lines)
