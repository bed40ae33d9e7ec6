"""One world for the permission tests, built once per module."""

from collections.abc import Iterator

import pytest
from django.db import transaction

from tests.permissions.world import World, build_world


@pytest.fixture(scope="module")
def _module_world(django_db_setup, django_db_blocker) -> Iterator[World]:
    # Built once, in a transaction rolled back after the module's last test.
    # Each test runs in a savepoint inside it (the `db` fixture), so what a
    # test changes is undone before the next one.
    with django_db_blocker.unblock(), transaction.atomic():
        yield build_world()
        transaction.set_rollback(True)


@pytest.fixture
def world(_module_world, db) -> World:
    return _module_world
