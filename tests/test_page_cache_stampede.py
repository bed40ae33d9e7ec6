"""Many readers asking at once for a page nobody has stored: one render.

Threads of their own, each with its own database connection, so the tests
are transactional (a module of their own: see tests/conftest.py). The
readers wait at a barrier and ask together; the first to ask renders the
page and stores it, the others wait for that page. How long the render takes
does not matter: the waiters' bound is set far above it.
"""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection
from django.test import Client

from tests.factories import make_note

READERS = 8
AREA_URL = "/ICML2025/llm_safety/"

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.PUBLIC_PAGE_CACHE = True
    settings.PUBLIC_PAGE_CACHE_WAIT_SECONDS = 120
    settings.CACHE_RETRY_SECONDS = 0


def _together(path: str) -> list:
    start = threading.Barrier(READERS)

    def read(_):
        try:
            start.wait()
            return Client().get(path)
        finally:
            connection.close()

    with ThreadPoolExecutor(READERS) as pool:
        return list(pool.map(read, range(READERS)))


def test_readers_arriving_together_at_a_cold_page_get_one_render():
    make_note(title="Stampeded paper", summary="Everyone wants this one.")

    pages = _together(AREA_URL)

    assert [page.status_code for page in pages] == [200] * READERS
    assert sorted(page["X-Cache"] for page in pages) == ["hit"] * (READERS - 1) + [
        "miss"
    ]
    assert len({page.content for page in pages}) == 1
    assert "Everyone wants this one." in pages[0].content.decode()


def test_readers_of_a_page_that_is_not_stored_do_not_wait_for_each_other():
    make_note(title="Stampeded paper", summary="Everyone wants this one.")

    pages = _together("/ICML2025/llm_safety/no_such_note/")

    assert [page.status_code for page in pages] == [404] * READERS
