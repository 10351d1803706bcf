"""Errors that name what went wrong and where."""
from __future__ import annotations


class PolicyKGError(Exception):
    """Base class: a problem the user can act on (exit code 2 on the command line)."""


class SourceError(PolicyKGError):
    """A problem with an input document, at a line when one is known."""

    def __init__(self, path: str, message: str, line: int | None = None):
        self.path = str(path)
        self.line = line
        self.reason = message
        where = f"{self.path}:{line}" if line else self.path
        super().__init__(f"{where}: {message}")


class CurationError(PolicyKGError):
    """A curation entry that is malformed or does not apply to the records."""
