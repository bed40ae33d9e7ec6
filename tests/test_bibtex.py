"""BibTeX of the papers: the fields a reference manager reads, escaping, cite
keys, and the .bib downloads of a note and of (filtered) listings."""

import re

import pytest

from catalog.bibtex import bibtex_entry, bibtex_escape, bibtex_for, cite_key
from catalog.models import Note, Venue
from tests.factories import make_note

BASE = "https://notes.example.org"


def fields(entry: str) -> dict[str, str]:
    """`name = {value},` lines of one entry, values without their outer braces."""
    return dict(re.findall(r"^  (\w+)\s*= \{(.*)\},$", entry, re.M))


def keys(bib: str) -> list[str]:
    return re.findall(r"^@inproceedings\{([^,]+),$", bib, re.M)


@pytest.fixture
def arxiv_note(registry):
    return make_note(
        title="Empirical Privacy Variance",
        arxiv_id="2503.12314",
        paper_url="https://openreview.net/forum?id=x",
    )


def test_entry_of_an_arxiv_paper(arxiv_note):
    entry = bibtex_entry(arxiv_note, base_url=BASE)

    assert entry.startswith("@inproceedings{icml2025empirical,\n")
    assert entry.endswith("\n}\n")
    assert fields(entry) == {
        "title": "{Empirical Privacy Variance}",
        "booktitle": "ICML 2025",
        "year": "2025",
        "url": "https://arxiv.org/abs/2503.12314",
        "eprint": "2503.12314",
        "archivePrefix": "arXiv",
        "note": "Reading note: \\url{https://notes.example.org/ICML2025/llm_safety/"
        "empirical_privacy_variance/}",
    }


def test_entry_of_a_paper_off_arxiv_links_its_page(registry):
    note = make_note(title="Guard", paper_url="https://openreview.net/forum?id=abc")

    entry = fields(bibtex_entry(note, base_url=BASE))

    assert entry["url"] == "https://openreview.net/forum?id=abc"
    assert "eprint" not in entry and "archivePrefix" not in entry


def test_entry_never_invents_authors(arxiv_note):
    entry = bibtex_entry(arxiv_note, base_url=BASE)

    assert "author" not in entry.lower()
    assert "editor" not in entry.lower()


@pytest.mark.parametrize(
    ("authors", "expected"),
    [
        ("Ada Lovelace, Alan Turing", "Ada Lovelace and Alan Turing"),
        ("Ada Lovelace; Kurt Gödel et al.", "Ada Lovelace and Kurt Gödel and others"),
        ("Ada Lovelace, et al.", "Ada Lovelace and others"),
        ("R&D Team_1", r"R\&D Team\_1"),
    ],
)
def test_entry_names_the_authors_the_source_gave_in_order(registry, authors, expected):
    note = make_note(title="Guard", authors=authors)

    entry = bibtex_entry(note, base_url=BASE)

    assert fields(entry)["author"] == expected
    assert re.match(r"@inproceedings\{[a-z0-9]+2025guard,\n  author ", entry)


def test_venue_and_year_come_from_the_registry(arxiv_note):
    Venue.objects.filter(code="ICML2025").update(name="ICML 2025 (Vancouver)")
    note = Note.objects.for_listing().get(pk=arxiv_note.pk)

    entry = fields(bibtex_entry(note, base_url=BASE))

    assert entry["booktitle"] == "ICML 2025 (Vancouver)"
    assert entry["year"] == "2025"


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("Q&A at 50% cost", r"Q\&A at 50\% cost"),
        ("$x_i^2$ and #tags", r"\$x\_i\textasciicircum{}2\$ and \#tags"),
        ("{braces} ~ \\cmd", r"\{braces\} \textasciitilde{} \textbackslash{}cmd"),
        ("line\nbreak", "line break"),
    ],
)
def test_specials_are_escaped_in_one_pass(text, escaped):
    assert bibtex_escape(text) == escaped


def test_escaped_title_keeps_the_entry_balanced(registry):
    note = make_note(title="Q&A {for} 100% of $x_i$ \\ ~ #1")

    entry = bibtex_entry(note, base_url=BASE)

    title = fields(entry)["title"]
    # The text escaped; the formula kept as TeX, which BibTeX and LaTeX read.
    assert (
        title == r"{Q\&A \{for\} 100\% of $x_i$ \textbackslash{} \textasciitilde{} \#1}"
    )
    # Unescaped braces balance, so the entry ends where it should.
    unescaped = re.sub(r"\\[{}]", "", entry)
    assert unescaped.count("{") == unescaped.count("}")


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Online $\\ell_p$-Calibration", r"{Online $\ell_p$-Calibration}"),
        ("$\\mathbf{X}^{2}$: Scaling", r"{$\mathbf{X}^{2}$: Scaling}"),
        ("Worth \\$20 (in $/MWh)", r"{Worth \$20 (in \$/MWh)}"),
        # A formula whose braces do not balance would end the field early.
        ("Broken $\\frac{a$ formula", r"{Broken \$\textbackslash{}frac\{a\$ formula}"),
    ],
)
def test_title_math_stays_tex(registry, title, expected):
    note = make_note(title=title, slug="math_title")

    assert fields(bibtex_entry(note, base_url=BASE))["title"] == expected


@pytest.mark.parametrize(
    ("authors", "title", "expected"),
    [
        (
            "Ada Lovelace, Alan Turing",
            "Empirical Privacy Variance",
            "lovelace2025empirical",
        ),
        # Articles and prepositions are skipped to reach a word that says something.
        ("Ada Lovelace", "The Art of Guarding", "lovelace2025art"),
        ("Ada Lovelace", "On a Shield-Bench: tests", "lovelace2025shieldbench"),
        # The key is ASCII: accents dropped, "et al." is not a name.
        ("Kurt Gödel et al.", "Über-Models", "godel2025ubermodels"),
        ("Emmy van Noether; Ada Lovelace", "Rings", "noether2025rings"),
        ("et al.", "Rings", "icml2025rings"),
    ],
)
def test_cite_key_is_surname_year_and_first_word(registry, authors, title, expected):
    note = make_note(title=title, authors=authors)

    assert cite_key(note) == expected
    assert bibtex_entry(note, base_url=BASE).startswith(f"@inproceedings{{{expected},")


def test_cite_key_without_authors_starts_with_the_venue(registry):
    note = make_note(
        venue="NeurIPS2025", title="Shield-Bench: a test", slug="shieldbench_a_test"
    )

    assert cite_key(note) == "neurips2025shieldbench"


def test_cite_key_of_a_title_in_math(registry):
    note = make_note(title="$\\mathbf{X}^{2}$", slug="x_squared")

    assert cite_key(note) == "icml2025x2"


def test_clashing_keys_get_letters_in_a_listing(registry):
    notes = [
        make_note(title="Towards Safety"),
        make_note(title="Towards Honesty"),
        make_note(title="Towards Calm"),
        make_note(title="Other"),
        make_note(title="Towards Lovelace", authors="Ada Lovelace"),
        make_note(title="Towards Lovelace Again", authors="Ada Lovelace"),
    ]

    bib = bibtex_for(
        Note.objects.for_listing().filter(pk__in=[n.pk for n in notes]).by_title(),
        base_url=BASE,
    )

    assert keys(bib) == [
        "icml2025other",
        "icml2025towards",
        "icml2025towardsb",
        "lovelace2025towards",
        "lovelace2025towardsb",
        "icml2025towardsc",
    ]


# --- Downloads ------------------------------------------------------------------


@pytest.fixture
def listing(registry):
    return [
        make_note(
            title="Alpha Mark",
            topics=["Watermarking", "LLM"],
            code_url="https://github.com/a/a",
        ),
        make_note(title="Beta Mark", topics=["Watermarking"]),
        make_note(
            title="Gamma Plain", topics=["LLM"], code_url="https://github.com/g/g"
        ),
        make_note(
            title="Delta Draft", topics=["Watermarking"], status=Note.Status.DRAFT
        ),
        make_note(venue="ICLR2026", title="Elsewhere Mark", topics=["Watermarking"]),
    ]


def titles(bib: str) -> list[str]:
    return re.findall(r"^  title\s*= \{\{(.*)\}\},$", bib, re.M)


def test_listing_download_holds_every_published_note(listing, client):
    response = client.get("/ICML2025/llm_safety/notes.bib")

    assert response["Content-Type"] == "application/x-bibtex; charset=utf-8"
    assert (
        response["Content-Disposition"]
        == 'attachment; filename="ICML2025-llm_safety.bib"'
    )
    assert titles(response.content.decode()) == [
        "Alpha Mark",
        "Beta Mark",
        "Gamma Plain",
    ]


def test_filtered_listing_download_holds_exactly_the_filtered_papers(listing, client):
    bib = client.get(
        "/ICML2025/llm_safety/notes.bib", {"topic": "watermarking", "has_code": "1"}
    ).content.decode()
    page = client.get(
        "/ICML2025/llm_safety/", {"topic": "watermarking", "has_code": "1"}
    )

    assert titles(bib) == ["Alpha Mark"]
    assert [n.paper.title for n in page.context["notes"]] == titles(bib)
    assert "http://testserver/ICML2025/llm_safety/alpha_mark/" in bib


def test_listing_download_is_not_paginated(registry, client):
    from tests.factories import make_bulk_notes

    make_bulk_notes(count=120, venues=["ICML2025"], areas=["llm_safety"])

    bib = client.get("/ICML2025/llm_safety/notes.bib", {"page": "2"}).content.decode()

    assert len(keys(bib)) == 120
    assert len(set(keys(bib))) == 120


def test_download_with_a_bad_filter_says_what_is_wrong(listing, client):
    response = client.get("/ICML2025/llm_safety/notes.bib", {"topic": "nope"})

    assert response.status_code == 400
    assert "There is no topic “nope”." in response.content.decode()


def test_topic_download_honours_its_venue_filter(listing, client):
    everywhere = client.get("/topics/watermarking/notes.bib").content.decode()
    at_iclr = client.get(
        "/topics/watermarking/notes.bib", {"venue": "ICLR2026"}
    ).content.decode()

    assert titles(everywhere) == ["Alpha Mark", "Beta Mark", "Elsewhere Mark"]
    assert titles(at_iclr) == ["Elsewhere Mark"]
    assert "booktitle = {ICLR 2026}" in at_iclr


def test_area_across_download_orders_by_venue_then_title(listing, client):
    bib = client.get("/areas/llm_safety/notes.bib").content.decode()

    # ICLR2026 comes before ICML2025 in the registry's display order.
    assert titles(bib) == ["Elsewhere Mark", "Alpha Mark", "Beta Mark", "Gamma Plain"]


def test_note_download(listing, client):
    response = client.get("/ICML2025/llm_safety/alpha_mark/cite.bib")

    assert response["Content-Disposition"] == 'attachment; filename="alpha_mark.bib"'
    assert keys(response.content.decode()) == ["icml2025alpha"]
    assert titles(response.content.decode()) == ["Alpha Mark"]


def test_draft_note_has_no_download(listing, client):
    assert client.get("/ICML2025/llm_safety/delta_draft/cite.bib").status_code == 404


def test_citation_follows_an_edit_at_once(listing, client):
    from catalog.models import Paper

    Paper.objects.filter(slug="alpha_mark").update(arxiv_id="2501.00001")

    bib = client.get("/ICML2025/llm_safety/alpha_mark/cite.bib").content.decode()

    assert fields(bib)["eprint"] == "2501.00001"
