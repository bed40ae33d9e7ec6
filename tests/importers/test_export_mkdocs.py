"""export_mkdocs: the database written back as a source tree that imports to
the same content and reads like the generator's."""

import pytest

from catalog.models import Paper
from tests.importers.mkdocs_tree import (
    catalog_dump,
    note_at,
    run,
    sample_tree,
    write_tree,
)


@pytest.mark.django_db
def test_export_round_trip_keeps_the_database_content(tmp_path):
    docs = sample_tree(tmp_path / "docs")
    write_tree(
        docs,
        {
            "CVPR2026/llm_safety/index.md": (
                "# 🔒 LLM Safety\n\n"
                "**[Robust Watermarks for Image Generators](robust_watermarks.md)**\n\n"
                ":   The listing summary.\n\n"
                "**[Sharper Detectors](sharper_detectors.md)**\n\n"
                ":   Detects generated images from their noise.\n"
            )
        },
    )
    run("import_mkdocs", docs)
    # Curated after the import: only the export's `topics:` key can carry it back.
    note_at("ICML2025", "llm_safety", "cheaper_serving").topics.set(["Privacy"])
    note_at("CVPR2026", "llm_safety", "sharper_detectors").topics.set(["Detection"])
    before = catalog_dump()

    run("export_mkdocs", tmp_path / "out")
    Paper.objects.all().delete()
    out = run("import_mkdocs", tmp_path / "out")

    assert (
        "created 4, updated 0, unchanged 0, related links 3 (1 targets missing)" in out
    )
    assert catalog_dump() == before
    # And the export of the re-imported database is the same tree, byte for byte.
    run("export_mkdocs", tmp_path / "again")
    first = sorted((tmp_path / "out").rglob("*.md"))
    again = sorted((tmp_path / "again").rglob("*.md"))
    assert [p.relative_to(tmp_path / "out") for p in first] == [
        p.relative_to(tmp_path / "again") for p in again
    ]
    assert [p.read_text("utf-8") for p in first] == [
        p.read_text("utf-8") for p in again
    ]


@pytest.mark.django_db
def test_exported_listing_reads_like_the_generator(tmp_path):
    docs = sample_tree(tmp_path / "docs")
    run("import_mkdocs", docs)
    note_at("ICML2025", "llm_safety", "cheaper_serving").topics.set(["Privacy"])

    run("export_mkdocs", tmp_path / "out")

    listing = (tmp_path / "out/ICML2025/llm_safety/index.md").read_text("utf-8")
    assert "title: >-\n  ICML2025 LLM Safety Papers · 2 Notes\n" in listing
    assert '  - u: "cheaper_serving/"\n    t: "Cheaper Serving: Private Inference' in (
        listing
    )
    assert "item_total: 2\n" in listing
    assert "# 🔒 LLM Safety\n\n**🧪 ICML2025** · **2** paper notes\n" in listing
    assert (
        "📌 **Same area in other venues:** "
        "[📷 CVPR2026 (1)](../../CVPR2026/llm_safety/index.md)\n"
    ) in listing
    # Privacy is on both notes; Differential Privacy on one only.
    assert "🔥 **Top topics:** Privacy ×2\n" in listing
    # In file name order, as the source lists them.
    assert listing.index("(cheaper_serving.md)") < listing.index(
        "(empirical_privacy_variance.md)"
    )
    assert (
        ":   Cuts the cost of private inference (measured in $/MWh) by half,\n"
        "    with no loss of accuracy.\n"
    ) in listing

    note = (
        tmp_path / "out/ICML2025/llm_safety/empirical_privacy_variance.md"
    ).read_text("utf-8")
    assert "title: >-\n  [Paper Note] Empirical Privacy Variance\n" in note
    assert "  [ICML 2025][LLM Safety][DP-SGD] Models trained" in note
    assert "date: 2026-05-08\n" in note
    assert 'topics:\n  - "Differential Privacy"\n  - "Privacy"\n' in note
    assert "**Conference**: ICML 2025  \n" in note
    assert "**arXiv**: [2503.12314](https://arxiv.org/abs/2503.12314)  \n" in note
    assert "- Writing Quality: ⭐⭐⭐⭐☆ Clear.\n" in note
    assert "- [\\[CVPR 2026\\] Robust Watermarks for Image Generators]" in note
    assert "(../../CVPR2026/llm_safety/robust_watermarks.md)" in note


@pytest.mark.django_db
def test_exported_listing_keeps_the_sources_file_name_order(tmp_path):
    docs = sample_tree(tmp_path / "docs")
    write_tree(
        docs,
        {
            "CVPR2026/llm_safety/index.md": (
                "# 🔒 LLM Safety\n\n"
                "**[Zero-Shot Detectors](a_zero_shot.md)**\n\n"
                ":   Listed first: its file name sorts first.\n\n"
                "**[Adaptive Watermarks](b_adaptive.md)**\n\n"
                ":   Listed second, although its title sorts first.\n"
            )
        },
    )
    run("import_mkdocs", docs)

    run("export_mkdocs", tmp_path / "out")

    listing = (tmp_path / "out/CVPR2026/llm_safety/index.md").read_text("utf-8")
    assert listing.index('u: "a_zero_shot/"') < listing.index('u: "b_adaptive/"')
    assert listing.index("(a_zero_shot.md)") < listing.index("(b_adaptive.md)")
