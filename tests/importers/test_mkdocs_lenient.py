"""Lenient with imperfect data, strict with broken data: an unreadable rating
leaves the note unrated with a warning, extra metadata lines are kept, every
warning names its file and line, and --strict refuses them all."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from catalog.models import Paper
from tests.importers.mkdocs_tree import (
    ICML_NOTE,
    note_at,
    sample_tree,
    table_rows,
    write_tree,
)
from tests.importers.site_pages import note_page

RATED = """\
## Rating

- Novelty: ⭐⭐⭐⭐☆ A new angle.
- Experimental Thoroughness: 3/5 Two benchmarks.
- Writing Quality: ⭐⭐⭐⭐⭐ Clear.
- Value: ⭐⭐⭐☆☆ Useful."""

TBD = """\
## Rating

- Novelty: TBD
- Experimental Thoroughness: TBD
- Writing Quality: TBD
- Value: TBD"""

HERE = "ICML2025/llm_safety"


def run(command: str, *args: object) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command(command, *map(str, args), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def one_note(root: Path, text: str, slug: str = "a_note") -> Path:
    return write_tree(root, {f"{HERE}/{slug}.md": text})


@pytest.mark.django_db
def test_a_tbd_rating_imports_the_note_unrated_with_a_warning(tmp_path):
    docs = one_note(
        tmp_path, note_page("Not Rated Yet", conference="ICML 2025", sections=[TBD])
    )

    out, err = run("import_mkdocs", docs)

    note = note_at("ICML2025", "llm_safety", "a_note")
    assert "created 1" in out
    assert note.ratings == []
    assert "## Rating" not in note.body
    assert err.splitlines()[0] == (
        f"warning: {docs}/{HERE}/a_note.md:20: Rating section rates no aspect "
        "readably (Novelty has no readable score: 'TBD'; Experimental Thoroughness "
        "has no readable score: 'TBD'; Writing Quality has no readable score: "
        "'TBD'; Value has no readable score: 'TBD'): the note is unrated"
    )


@pytest.mark.django_db
def test_an_empty_rating_and_one_unreadable_line_are_warnings(tmp_path):
    docs = write_tree(
        tmp_path,
        {
            f"{HERE}/empty.md": note_page(
                "Empty", conference="ICML 2025", sections=["## Rating"]
            ),
            f"{HERE}/partly.md": note_page(
                "Partly",
                conference="ICML 2025",
                sections=[RATED.replace("⭐⭐⭐☆☆ Useful.", "—")],
            ),
        },
    )

    _out, err = run("import_mkdocs", docs)

    assert note_at("ICML2025", "llm_safety", "empty").ratings == []
    # What can be read is kept; the unreadable aspect is left unrated.
    assert [
        label for label, *_ in note_at("ICML2025", "llm_safety", "partly").ratings
    ] == [
        "Novelty",
        "Experimental Thoroughness",
        "Writing Quality",
    ]
    assert err.splitlines()[:2] == [
        f"warning: {docs}/{HERE}/empty.md:20: Rating section is empty: the note is "
        "unrated",
        f"warning: {docs}/{HERE}/partly.md:25: Value has no score: left unrated",
    ]


@pytest.mark.django_db
def test_two_rating_sections_leave_the_note_unrated_and_both_in_its_text(tmp_path):
    second = RATED.replace("A new angle.", "On second thought, a small step.")
    docs = one_note(
        tmp_path,
        note_page(
            "Rated Twice",
            conference="ICML 2025",
            sections=[RATED, "## Method\n\nSteps.", second],
        ),
    )

    _out, err = run("import_mkdocs", docs)

    note = note_at("ICML2025", "llm_safety", "a_note")
    assert note.ratings == []
    assert note.body.count("## Rating") == 2
    assert "On second thought" in note.body
    assert err.splitlines()[0] == (
        f"warning: {docs}/{HERE}/a_note.md:31: a second Rating section (the first "
        "is on line 20): the note is unrated, and both stay in the text"
    )
    # The export writes the text back; it reads the same again.
    run("export_mkdocs", tmp_path / "out")
    out, _err = run("import_mkdocs", tmp_path / "out")
    assert "created 0, updated 0, unchanged 1" in out


@pytest.mark.django_db
def test_authors_affiliations_and_pdf_lines_are_kept_and_written_back(tmp_path):
    meta = [
        "**Authors**: Ada Quinn, Bo Zhang, Chloé Martin",
        "**Affiliations**: Lakeside Institute; Northern University",
        "**PDF**: [paper.pdf](https://example.org/papers/quinn26.pdf)",
        "**Code**: Not released",
    ]
    # No arXiv line: that is fine.
    docs = one_note(
        tmp_path, note_page("Three Authors", conference="ICML 2025", meta=meta)
    )

    _out, err = run("import_mkdocs", docs)

    paper = note_at("ICML2025", "llm_safety", "a_note").paper
    assert err == ""
    assert paper.authors == "Ada Quinn, Bo Zhang, Chloé Martin"
    assert paper.author_names == ["Ada Quinn", "Bo Zhang", "Chloé Martin"]
    assert paper.affiliations == "Lakeside Institute; Northern University"
    assert paper.pdf_url == "https://example.org/papers/quinn26.pdf"
    assert (paper.arxiv_id, paper.paper_url) == ("", "")
    run("export_mkdocs", tmp_path / "out")
    exported = (tmp_path / "out" / HERE / "a_note.md").read_text("utf-8")
    assert "**Authors**: Ada Quinn, Bo Zhang, Chloé Martin" in exported
    assert "**PDF**: [https://example.org/papers/quinn26.pdf]" in exported
    Paper.objects.all().delete()
    run("import_mkdocs", tmp_path / "out")
    again = note_at("ICML2025", "llm_safety", "a_note").paper
    assert (again.authors, again.affiliations, again.pdf_url) == (
        paper.authors,
        paper.affiliations,
        paper.pdf_url,
    )


@pytest.mark.django_db
def test_every_warning_is_printed_with_its_file_and_line(tmp_path):
    docs = sample_tree(tmp_path / "docs")
    path = docs / HERE / "empirical_privacy_variance.md"
    path.write_text(
        ICML_NOTE.replace("- Value: ⭐⭐⭐⭐⭐ —", "- Value: very high —"), "utf-8"
    )

    out, err = run("import_mkdocs", docs)

    assert "created 3" in out
    assert err.splitlines() == [
        f"warning: {path}:51: Value has no readable score: 'very high — Matters for "
        "policy makers.': left unrated",
        "1 warnings: things read but not used, or guessed (--strict refuses them).",
    ]


@pytest.mark.django_db
def test_strict_turns_warnings_into_refusals_and_writes_nothing(tmp_path):
    docs = sample_tree(tmp_path / "docs")
    run("import_mkdocs", docs)
    before = table_rows()
    path = docs / HERE / "empirical_privacy_variance.md"
    path.write_text(
        ICML_NOTE.replace("- Value: ⭐⭐⭐⭐⭐ —", "- Value: very high —"), "utf-8"
    )
    one_note(docs, note_page("Not Rated Yet", conference="ICML 2025", sections=[TBD]))

    with pytest.raises(CommandError) as refused:
        run("import_mkdocs", docs, "--strict")

    lines = str(refused.value).splitlines()
    assert lines[0].startswith(f"{docs}/{HERE}/a_note.md:20: Rating section rates no")
    assert lines[1].startswith(f"{path}:51: Value has no readable score")
    assert lines[2] == "2 warnings (--strict); nothing was written."
    assert table_rows() == before
    # Without --strict the same tree imports.
    out, _err = run("import_mkdocs", docs)
    assert "created 1, updated 1, unchanged 2" in out


@pytest.mark.django_db
def test_an_unreadable_listing_is_refused_with_its_file_and_nothing_is_written(
    tmp_path,
):
    docs = sample_tree(tmp_path / "docs")
    run("import_mkdocs", docs)
    before = table_rows()
    # Latin-1, not UTF-8.
    (docs / HERE / "index.md").write_bytes(b"# LLM Safety\n\nCaf\xe9\n")

    with pytest.raises(CommandError) as refused:
        run("import_mkdocs", docs)

    assert str(refused.value).startswith(f"{docs}/{HERE}/index.md:1: not UTF-8 text")
    assert table_rows() == before
