"""import_mkdocs: listing and note files merged into notes, refusals that name
the file and line, reruns, dry runs."""

from datetime import date

import pytest
from django.core.management.base import CommandError
from django.utils import timezone

from catalog.importers.mkdocs import (
    Catalog,
    parse_note,
)
from catalog.models import Keyword, Note, Paper
from tests.importers.mkdocs_tree import (
    CVPR_NOTE,
    ICML_LISTING,
    note_at,
    run,
    sample_tree,
    table_rows,
    write_tree,
)


@pytest.mark.django_db
def test_listing_and_note_files_are_merged(tmp_path):
    out = run("import_mkdocs", sample_tree(tmp_path / "docs"))

    assert (
        "created 3, updated 0, unchanged 0, related links 3 (1 targets missing)" in out
    )
    privacy = note_at("ICML2025", "llm_safety", "empirical_privacy_variance")
    serving = note_at("ICML2025", "llm_safety", "cheaper_serving")
    watermarks = note_at("CVPR2026", "llm_safety", "robust_watermarks")
    assert all(
        n.status == Note.Status.PUBLISHED for n in (privacy, serving, watermarks)
    )

    # Listing entry and note file: the file wins, here for title and summary.
    assert privacy.paper.title == "Empirical Privacy Variance"
    assert privacy.summary == (
        "Models trained to the same $(ε,δ)$-DP guarantee memorize very differently."
    )
    assert privacy.paper.arxiv_id == "2503.12314"
    assert (
        privacy.paper.code_url == "https://github.com/empvv/empirical-privacy-variance"
    )
    assert privacy.paper.code_note == ""
    assert privacy.paper.area_label == "Privacy / AI Safety"
    assert sorted(privacy.paper.keywords.names()) == [
        "DP-SGD",
        "Differential Privacy",
        "Memorization",
    ]
    assert sorted(privacy.topics.names()) == ["Differential Privacy", "Privacy"]
    assert privacy.ratings == [
        ("Novelty", 5, "A brand-new concept."),
        ("Experimental Thoroughness", 4, "Two datasets only."),
        ("Writing Quality", 4, "Clear."),
        ("Value", 5, "Matters for policy makers."),
    ]
    assert timezone.localtime(privacy.published_at).date() == date(2026, 5, 8)
    # The body is every other section, fenced code untouched.
    assert privacy.body.startswith("## Background & Motivation\n\nDP-SGD clips")
    assert "## Method\n\n```python\n## not a heading: inside a code fence\n```" in (
        privacy.body
    )
    for left_out in ("TL;DR", "## Rating", "⭐", "RELATED", "related-papers"):
        assert left_out not in privacy.body
    assert set(privacy.related.all()) == {serving, watermarks}

    # Listing entry without a note file: a summary-only note.
    assert serving.paper.title == "Cheaper Serving: Private Inference [at Scale]"
    assert serving.summary == (
        "Cuts the cost of private inference (measured in $/MWh) by half,\n"
        "with no loss of accuracy."
    )
    assert serving.body == ""
    assert serving.ratings == []

    # Note file without a listing entry: venue and area from its path.
    assert watermarks.paper.title == "Robust Watermarks for Image Generators"
    assert watermarks.paper.code_url == ""
    assert watermarks.paper.code_note == "Not released"
    assert watermarks.paper.paper_url == "https://openreview.net/forum?id=abc123"
    assert watermarks.paper.arxiv_id == ""
    assert watermarks.paper.area_label == "Watermarking / Security"
    assert (
        watermarks.body
        == "## Limitations & Future Work\n\n- Only tested on two generators."
    )
    assert watermarks.ratings == [
        ("Novelty", 4, "A new embedding space."),
        ("Experimental Thoroughness", 3, "Few attacks."),
        ("Writing Quality", 5, "Very clear."),
        ("Value", 4, ""),
    ]
    assert list(watermarks.related.all()) == [privacy]
    # No `topics:` key: topics are left alone, here empty.
    assert list(watermarks.topics.names()) == []


@pytest.mark.django_db
def test_venue_spellings_in_the_conference_line(tmp_path):
    path = (
        write_tree(tmp_path, {"CVPR2026/llm_safety/robust_watermarks.md": CVPR_NOTE})
        / "CVPR2026/llm_safety/robust_watermarks.md"
    )
    catalog = Catalog.load()

    note = parse_note(
        path, venue_code="CVPR2026", area_slug="llm_safety", catalog=catalog
    )

    assert note.conference == "CVPR2026"
    assert note.warnings == []
    assert catalog.venue_code_for("ICML 2025") == "ICML2025"
    assert catalog.venue_code_for("ICML2025") == "ICML2025"
    assert catalog.venue_code_for("NeurIPS 2025 (Spotlight)") == "NeurIPS2025"
    assert catalog.venue_code_for("icml2026") == "ICML2026"
    assert catalog.venue_code_for("A Workshop Somewhere") is None


@pytest.mark.django_db
def test_conference_line_naming_another_venue_is_a_warning(tmp_path):
    text = CVPR_NOTE.replace("**Conference**: CVPR 2026", "**Conference**: ICCV 2025")
    path = (
        write_tree(tmp_path, {"CVPR2026/llm_safety/x.md": text})
        / "CVPR2026/llm_safety/x.md"
    )

    note = parse_note(
        path, venue_code="CVPR2026", area_slug="llm_safety", catalog=Catalog.load()
    )

    assert note.conference == "ICCV2025"
    assert [str(w) for w in note.warnings] == [
        f"{path}:15: Conference names ICCV2025 but the file is in CVPR2026; "
        "the folder wins"
    ]


@pytest.mark.django_db
def test_dollar_as_currency_survives(tmp_path):
    run("import_mkdocs", sample_tree(tmp_path / "docs"))

    serving = note_at("ICML2025", "llm_safety", "cheaper_serving")

    assert "(measured in $/MWh)" in serving.summary
    assert "$/MWh" in serving.summary_html
    assert "<math" not in serving.summary_html


@pytest.mark.parametrize(
    ("relative", "text", "line", "message"),
    [
        (
            "ICML2025/llm_safety/unclosed.md",
            "---\ntitle: Unclosed header\ndate: 2026-05-08\n\n# Unclosed header\n",
            1,
            "never closed",
        ),
        (
            "ICML2025/llm_safety/bad_key.md",
            "---\ntitle: >-\n  Bad key\nthis line is not a key\n---\n# Bad key\n",
            4,
            "not `key: value` or a list item",
        ),
        (
            "ICML2025/llm_safety/bad_date.md",
            "---\ntitle: Bad date\ndate: the eighth of May\n---\n# Bad date\n",
            3,
            "`date` is not a date",
        ),
        (
            "CVPR2026/llm_safety/robust_watermarks.md",
            CVPR_NOTE.replace(
                "[OpenReview](https://openreview.net/forum?id=abc123)",
                "[x](javascript:alert(1))",
            ),
            16,
            "not a web address: 'javascript:alert(1'",
        ),
        (
            "CVPR2026/llm_safety/robust_watermarks.md",
            CVPR_NOTE.replace("<!-- RELATED:END -->", ""),
            36,
            "RELATED:START has no RELATED:END",
        ),
    ],
    ids=[
        "front-matter-unclosed",
        "front-matter-bad-line",
        "bad-date",
        "link-without-url",
        "related-unclosed",
    ],
)
@pytest.mark.django_db
def test_a_bad_file_is_refused_with_file_and_line(
    tmp_path, relative, text, line, message
):
    docs = sample_tree(tmp_path / "docs")
    run("import_mkdocs", docs)
    before = table_rows()
    # A good change that must not be written either: errors stop everything.
    listing = docs / "ICML2025/llm_safety/index.md"
    listing.write_text(ICML_LISTING.replace("by half", "by a third"), encoding="utf-8")
    write_tree(docs, {relative: text})

    with pytest.raises(CommandError) as refused:
        run("import_mkdocs", docs)

    assert str(refused.value).startswith(f"{docs / relative}:{line}: ")
    assert message in str(refused.value)
    assert table_rows() == before


@pytest.mark.django_db
def test_several_bad_files_are_all_reported(tmp_path):
    docs = write_tree(
        tmp_path,
        {
            "ICML2025/llm_safety/a.md": CVPR_NOTE.replace(
                "date: 2026-04-30", "date: last spring"
            ),
            "ICML2025/llm_safety/b.md": "---\ntitle: b\n",
        },
    )

    with pytest.raises(CommandError) as refused:
        run("import_mkdocs", docs)

    assert str(refused.value).splitlines() == [
        f"{docs}/ICML2025/llm_safety/a.md:10: `date` is not a date like 2026-05-08: "
        "'last spring'",
        f"{docs}/ICML2025/llm_safety/b.md:1: the front matter opened here is never "
        "closed with '---'",
        "2 errors; nothing was written.",
    ]


@pytest.mark.django_db
def test_a_refusal_while_writing_rolls_everything_back(tmp_path):
    long_title = "A" * 501
    docs = sample_tree(tmp_path / "docs")
    # Sorted after the other notes, so they are written before this one fails.
    write_tree(
        docs,
        {
            "NeurIPS2025/llm_safety/long_title.md": (
                f"# {long_title}\n\n**Conference**: NeurIPS 2025\n\n"
                "## TL;DR\n\nShort.\n"
            )
        },
    )

    with pytest.raises(CommandError) as refused:
        run("import_mkdocs", docs)

    assert str(refused.value).startswith(
        f"{docs}/NeurIPS2025/llm_safety/long_title.md:1: title:"
    )
    assert Paper.objects.count() == 0
    assert Note.objects.count() == 0


@pytest.mark.django_db
def test_a_second_run_changes_nothing(tmp_path):
    docs = sample_tree(tmp_path / "docs")
    run("import_mkdocs", docs)
    first = table_rows()

    out = run("import_mkdocs", docs)

    assert (
        "created 0, updated 0, unchanged 3, related links 3 (1 targets missing)" in out
    )
    assert table_rows() == first


@pytest.mark.django_db
def test_a_changed_file_updates_its_note_only(tmp_path):
    docs = sample_tree(tmp_path / "docs")
    run("import_mkdocs", docs)
    path = docs / "CVPR2026/llm_safety/robust_watermarks.md"
    path.write_text(CVPR_NOTE.replace("**Value**: 4/5", "**Value**: 2/5"), "utf-8")

    out = run("import_mkdocs", docs)

    assert "created 0, updated 1, unchanged 2" in out
    assert note_at("CVPR2026", "llm_safety", "robust_watermarks").value == 2


@pytest.mark.django_db
def test_dry_run_writes_nothing(tmp_path):
    docs = sample_tree(tmp_path / "docs")

    out = run("import_mkdocs", docs, "--dry-run")

    assert "would have created 3, updated 0, unchanged 0, related links 3" in out
    assert Paper.objects.count() == 0
    assert Note.objects.count() == 0
    assert Keyword.objects.count() == 0


@pytest.mark.django_db
def test_dry_run_reports_updates_without_writing_them(tmp_path):
    docs = sample_tree(tmp_path / "docs")
    run("import_mkdocs", docs)
    before = table_rows()
    path = docs / "CVPR2026/llm_safety/robust_watermarks.md"
    path.write_text(CVPR_NOTE.replace("two generators", "three generators"), "utf-8")

    out = run("import_mkdocs", docs, "--dry-run")

    assert "would have created 0, updated 1, unchanged 2" in out
    assert table_rows() == before


@pytest.mark.django_db
def test_topics_are_left_alone_without_a_topics_key(tmp_path):
    docs = sample_tree(tmp_path / "docs")
    run("import_mkdocs", docs)
    # An editor curates topics in the CMS, on notes with and without the key.
    note_at("CVPR2026", "llm_safety", "robust_watermarks").topics.set(["Watermarking"])
    note_at("ICML2025", "llm_safety", "empirical_privacy_variance").topics.set(
        ["Other"]
    )

    run("import_mkdocs", docs)

    watermarks = note_at("CVPR2026", "llm_safety", "robust_watermarks")
    privacy = note_at("ICML2025", "llm_safety", "empirical_privacy_variance")
    assert list(watermarks.topics.names()) == ["Watermarking"]
    assert sorted(privacy.topics.names()) == ["Differential Privacy", "Privacy"]
