"""Reading the search page's answers in tests."""

import re

URL = "/search/"
BIB_URL = "/search/results.bib"


def titles(client, **params) -> list[str]:
    response = client.get(URL, params)
    assert response.status_code == 200
    return [hit.note.paper.title for hit in response.context["hits"]]


def results_block(response) -> str:
    """The HTML of the results list only."""
    match = re.search(
        r'<ol class="search-results".*?</ol>', response.content.decode(), re.S
    )
    return match.group() if match else ""
