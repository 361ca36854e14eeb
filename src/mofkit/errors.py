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
        """One line, safe to print: control characters escaped (``mofkit.safetext``)."""
        from mofkit.safetext import terminal_safe

        text = " ".join(self.message.split())
        return terminal_safe(f"{self.source}: {text}" if self.source else text)


class InputError(MofError):
    """The input could not be read or does not have the expected shape."""


class RulesError(MofError):
    """A rules data file inside the package is broken (a bug, not user input)."""


def one_line_for(exc: Exception, source: str) -> str:
    """The one-line message for one input's failure in a batch that keeps going: a
    MofError's own line, or an internal error (a bug) naming the input. With
    ``MOFKIT_DEBUG`` set, a bug is re-raised for its traceback."""
    import os

    if isinstance(exc, MofError):
        return exc.one_line()
    if os.environ.get("MOFKIT_DEBUG"):
        raise exc
    from mofkit.safetext import terminal_safe

    return terminal_safe(f"{source}: internal error: {type(exc).__name__}: "
                         f"{' '.join(str(exc).split())} (set MOFKIT_DEBUG=1 for a traceback, "
                         "and please report it)")
