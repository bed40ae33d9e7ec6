"""The one error every importer raises: what was wrong, and where."""

from pathlib import Path


class SourceError(Exception):
    def __init__(self, path: Path | str, line: int, message: str):
        self.path, self.line, self.message = Path(path), line, message
        super().__init__(f"{path}:{line}: {message}")
