"""Reading the reader's pages in tests."""

from tests.pagetext import visible_lines

# The page of the `site` fixture's note "Alpha Shield" (tests/views/conftest.py).
NOTE_URL = "/ICML2025/llm_safety/alpha_shield/"


def lines_of(client, url, **params) -> list[str]:
    response = client.get(url, params)
    assert response.status_code == 200
    return visible_lines(response.content.decode())
