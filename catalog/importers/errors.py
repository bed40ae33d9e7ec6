"""The one error every importer raises: what was wrong, and where."""

from pathlib import Path


class SourceError(Exception):
    def __init__(self, path: Path | str, line: int, message: str):
        self.path, self.line, self.message = Path(path), line, message
        super().__init__(f"{path}:{line}: {message}")


def refuse_nul(path: Path | str, text: str) -> None:
    """Refuse text holding a NUL character, on the line where it is.

    No page can show it and PostgreSQL cannot store it, so a file with one
    is refused here rather than failing the import's database write.
    """
    at = text.find("\x00")
    if at != -1:
        line = text.count("\n", 0, at) + 1
        raise SourceError(path, line, "has a NUL character (byte 0), which is not text")
