"""The MkDocs source reader: errors naming file and line, front matter, rating
lines and listing entries."""

from pathlib import Path
from textwrap import dedent

import pytest

from catalog.importers import SourceError
from catalog.importers.mkdocs import (
    Catalog,
    parse_front_matter,
    parse_listing,
    parse_note,
)


def test_source_error_names_file_and_line():
    error = SourceError(Path("docs/ICML2025/x.md"), 7, "something is wrong")

    assert str(error) == "docs/ICML2025/x.md:7: something is wrong"
    assert (error.path, error.line) == (Path("docs/ICML2025/x.md"), 7)


def test_front_matter_shapes():
    text = dedent(
        """\
        ---
        title: >-
          A folded title
          on two lines
        description: "Quoted: with \\"escapes\\""
        tags:
          - "quoted"
          - plain tag
        keywords:
        - unindented item
        item_list:
          - u: "slug/"
            t: 'It''s a title'
        topics: []
        item_total: 4
        ---
        # Body
        """
    )

    front = parse_front_matter(Path("x.md"), text.split("\n"))

    assert front.values == {
        "title": "A folded title on two lines",
        "description": 'Quoted: with "escapes"',
        "tags": ["quoted", "plain tag"],
        "keywords": ["unindented item"],
        "item_list": [{"u": "slug/", "t": "It's a title"}],
        "topics": [],
        "item_total": "4",
    }
    assert front.lines["tags"] == 6
    assert text.split("\n")[front.end] == "# Body"


def test_front_matter_refuses_a_stray_indented_line():
    lines = ["---", "title: x", "tags:", "    - a", "  - b", "---"]

    with pytest.raises(SourceError) as refused:
        parse_front_matter(Path("x.md"), lines)

    assert str(refused.value).startswith("x.md:5: ")


@pytest.mark.parametrize(
    ("line", "aspect", "score", "reason"),
    [
        ("- Novelty: ⭐⭐⭐⭐☆ Strong idea.", "novelty", 4, "Strong idea."),
        ("- **Novelty**: 4/5 — Strong idea.", "novelty", 4, "Strong idea."),
        ("**Novelty:** ⭐️⭐️⭐️ - Strong idea.", "novelty", 3, "Strong idea."),
        ("Experimental Thoroughness — **2/5**: thin.", "thoroughness", 2, "thin."),
        ("* Writing Quality: ⭐⭐⭐⭐⭐", "writing", 5, ""),
        ("1. Value 5/5 (for practitioners)", "value", 5, "(for practitioners)"),
    ],
)
@pytest.mark.django_db
def test_rating_line_variants(tmp_path, line, aspect, score, reason):
    path = tmp_path / "n.md"
    path.write_text(f"# N\n\n## TL;DR\n\nS.\n\n## Rating\n\n{line}\n", "utf-8")

    note = parse_note(
        path, venue_code="ICML2025", area_slug="others", catalog=Catalog.load()
    )

    assert note.ratings == {aspect: (score, reason)}


def test_listing_entries_with_continued_summaries(tmp_path):
    path = tmp_path / "index.md"
    path.write_text(
        dedent(
            """\
            # 🔒 LLM Safety

            **[First](first.md)**

            :   One line
                and its continuation.

                A second paragraph.

            **[Second](second.md)**

            :   Lazy
            continuation.
            **[Third](third/)**
            """
        ),
        "utf-8",
    )

    listing = parse_listing(path, venue_code="ICML2025", area_slug="llm_safety")

    assert [(e.slug, e.title, e.summary, e.line) for e in listing.entries] == [
        ("first", "First", "One line\nand its continuation.\n\nA second paragraph.", 3),
        ("second", "Second", "Lazy\ncontinuation.", 10),
        ("third", "Third", "", 14),
    ]
    assert [str(w) for w in listing.warnings] == [
        f"{path}:14: entry has no `:   summary` below it"
    ]
