"""Error types. Every error a user can cause is a MofError: the CLI prints its
one-line message and exits with status 2, never a traceback."""

from __future__ import annotations


class MofError(Exception):
    """A user-facing error: bad input, a missing file, a network failure.

    ``source`` names the input the error is about (a path, a URL, a licence
    string), so that the one-line message says what to fix.
    """

    def __init__(self, message: str, source: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.source = source

    def one_line(self) -> str:
        text = " ".join(self.message.split())
        return f"{self.source}: {text}" if self.source else text


class InputError(MofError):
    """The input could not be read or does not have the expected shape."""


class RulesError(MofError):
    """A rules data file inside the package is broken (a bug, not user input)."""
