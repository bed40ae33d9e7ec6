"""Reading the search box: words, phrases, exclusions and OR."""

from catalog.search import parse_query


def test_parse_query_reads_words_phrases_exclusions_and_or():
    parsed = parse_query('The "large language models" -jailbreak watermark OR mark')

    assert [[p.words for p in clause] for clause in parsed.clauses] == [
        [("large", "language", "models")],
        [("watermark",), ("mark",)],
    ]
    assert [p.words for p in parsed.excluded] == [("jailbreak",)]


def test_parse_query_drops_what_cannot_be_searched():
    assert not parse_query("")
    assert not parse_query("the of and")
    assert not parse_query("-okapi")  # nothing to look for, only to leave out
    assert not parse_query('"" * ( ) AND')
    assert [p.words for (p,) in parse_query("GPT-4 x.y").clauses] == [
        ("gpt", "4"),
        ("x", "y"),
    ]
