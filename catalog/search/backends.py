"""The search backend of a database connection.

Each backend module has the same three functions: `search` (one ranked page
and the count), `index_notes` (the index of some notes) and `index_rebuild`.
"""

from types import ModuleType

from django.db import connections

from catalog.search import postgresql, sqlite


def backend_for(using: str) -> ModuleType:
    """`postgresql` on PostgreSQL, else `sqlite` (the only other one run)."""
    return postgresql if connections[using].vendor == "postgresql" else sqlite
