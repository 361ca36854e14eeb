"""Text that is safe to show: on a terminal, and in UTF-8 output.

* :func:`terminal_safe` escapes the characters a terminal would act on instead of
  showing - C0 and C1 control characters but newline and tab (ESC starts colour,
  screen-clearing and title sequences; CR rewrites the line), DEL, and the Unicode
  bidirectional overrides - as ``\\xNN`` / ``\\uNNNN``. Every name, path and message
  mofkit prints on a terminal goes through it (the text report, ``mof registry list``,
  the one-line errors and notes on stderr).
* :func:`path_text` is how a file name is written in every output: bytes that are not
  UTF-8 (which Python keeps as lone surrogates, ``\\udc80``) as ``\\x80``, and control
  characters escaped as above (newline and tab included: a path is one line). Output is
  therefore always valid UTF-8. The escape is not reversible for a name that itself
  holds a backslash followed by ``x``; it is for showing, never for opening.
"""

from __future__ import annotations

import re

_BIDI = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
_TERMINAL = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{_BIDI}\ud800-\udfff]")
_PATH = re.compile(f"[\x00-\x1f\x7f-\x9f{_BIDI}\ud800-\udfff]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8 (surrogateescape)
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def terminal_safe(text: str) -> str:
    """``text`` with what a terminal would act on escaped (newlines and tabs kept)."""
    return _TERMINAL.sub(_escape, text)


def path_text(name: str) -> str:
    """A file name or path as one line of valid UTF-8 (see the module's docstring)."""
    return _PATH.sub(_escape, name)
