"""Full-text search: ranking and matching, the same on SQLite and PostgreSQL.

Run on both databases (SQLite's FTS5 and PostgreSQL); nothing here depends on
which one runs.
"""

import pytest

from tests.factories import make_note
from tests.search.results import titles

pytestmark = pytest.mark.django_db


def test_title_ranks_above_topic_above_summary_above_body(client):
    # Made in the reverse order, so that no tie-break by id can pass the test.
    make_note(
        title="Fish studies",
        summary="Plain summary.",
        body="Zebrafish here, zebrafish there, zebrafish everywhere: zebrafish.",
    )
    make_note(title="Aquarium work", summary="We study the zebrafish genome.")
    make_note(title="Lab notes", summary="Plain summary.", topics=["Zebrafish"])
    make_note(title="Zebrafish embryos", summary="Plain summary.")
    make_note(title="Unrelated", summary="Nothing about fish at all.")

    assert titles(client, q="zebrafish") == [
        "Zebrafish embryos",
        "Lab notes",
        "Aquarium work",
        "Fish studies",
    ]


def test_a_keyword_ranks_with_topics_above_the_summary(client):
    make_note(title="Summary mention", summary="A note on tokenizers.")
    make_note(title="Keyword only", summary="Plain summary.", keywords=["tokenizers"])

    assert titles(client, q="tokenizers") == ["Keyword only", "Summary mention"]


@pytest.mark.parametrize(
    ("query", "text"),
    [
        ("models", "A language model for proteins."),
        ("model", "Two language models for proteins."),
        ("watermarking", "A watermarked text stays readable."),
    ],
)
def test_stemming_finds_other_forms_of_a_word(client, query, text):
    make_note(title="Proteins", summary=text)
    make_note(title="Other", summary="Nothing to see.")

    assert titles(client, q=query) == ["Proteins"]


def test_every_word_must_match_in_any_field(client):
    make_note(title="Watermark removal attack", summary="Plain summary.")
    make_note(title="Watermark detection", summary="We remove the mark.")
    make_note(title="Watermark theory", summary="Plain summary.")
    make_note(title="Removal of backdoors", summary="Plain summary.")

    assert sorted(titles(client, q="watermark removal")) == [
        "Watermark detection",
        "Watermark removal attack",
    ]


def test_quoted_phrase_needs_its_words_together(client):
    make_note(title="A", summary="We train a language model on code.")
    make_note(title="B", summary="A model of language acquisition.")

    assert titles(client, q='"language model"') == ["A"]
    assert sorted(titles(client, q="language model")) == ["A", "B"]


def test_minus_leaves_a_word_out_and_or_accepts_either(client):
    make_note(title="Backdoor attacks", summary="Poisoned data.")
    make_note(title="Backdoor defence", summary="CROW removes them.")
    make_note(title="Jailbreaks", summary="Prompts that escape.")

    assert titles(client, q="backdoor -crow") == ["Backdoor attacks"]
    assert sorted(titles(client, q="jailbreak or poisoned")) == [
        "Backdoor attacks",
        "Jailbreaks",
    ]


def test_common_words_and_punctuation_do_not_stop_a_match(client):
    make_note(title="Alignment study", topics=["Alignment/RLHF"])
    make_note(title="GPT-4 red teaming", summary="State-of-the-art attacks.")

    assert titles(client, q="the RLHF") == ["Alignment study"]
    assert titles(client, q="rlhf,") == ["Alignment study"]
    assert titles(client, q="GPT-4") == ["GPT-4 red teaming"]
    assert titles(client, q="state of the art") == ["GPT-4 red teaming"]
