"""Readers of the source formats the catalog can take over (SOURCE-FORMAT.md).

Each reader is lenient with what it can read and raises `SourceError`, naming
the file and line, for what it cannot.
"""

from catalog.importers.errors import SourceError

__all__ = ["SourceError"]
