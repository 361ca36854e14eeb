"""A text to scan, as token ids with the line of each token and which are legalese."""

from __future__ import annotations

import re
import sys
from array import array
from dataclasses import dataclass

from mofkit.licenses.detect.index import HIGH, Index
from mofkit.licenses.detect.tokenize import line_words

MIN_STRING = 4  # printable characters in a row that make a string of a binary file
_PRINTABLE = r"[\x20-\x7e\t]"
# Runs of unprintable characters, and printable runs too short to be a string.
_NOT_STRING = re.compile(rf"[^\x20-\x7e\t\n]+|(?<!{_PRINTABLE}){_PRINTABLE}{{1,{MIN_STRING - 1}}}"
                         rf"(?!{_PRINTABLE})")


def binary_strings(text: str) -> str:
    """The strings of a binary file (runs of at least ``MIN_STRING`` printable ASCII
    characters, as the ``strings`` tool and ScanCode read binaries), lines kept: a
    licence name inside machine code ("\\x8bGPL\\x89D") is not a licence."""
    return _NOT_STRING.sub(" ", text)


@dataclass(slots=True)
class Query:
    text: str
    tokens: list[int]  # words no rule uses are dropped (as ScanCode does)
    lines: list[int]  # line number (from 1) of each token
    data: bytes  # tokens as little-endian uint16, for exact search
    high: bytearray  # 1 where the token is legalese (ScanCode's "high" tokens)
    # 1 where words no rule knows follow the token (before the next known one): a
    # phrase that must be matched whole is broken there.
    unknown_after: bytearray

    @classmethod
    def build(cls, text: str, idx: Index) -> Query:
        if "\x00" in text:
            text = binary_strings(text)
        get, flags = idx.word_id.get, idx.word_flags
        toks: list[int] = []
        lines: list[int] = []
        unknown: list[int] = []  # positions followed by unknown words
        for line, ws in line_words(text):
            ids = [get(w, 0) for w in ws]
            if 0 in ids:
                for i in ids:
                    if i:
                        toks.append(i)
                        lines.append(line)
                    elif toks:
                        unknown.append(len(toks) - 1)
                continue
            toks.extend(ids)
            lines.extend([line] * len(ids))
        a = array("H", toks)
        if sys.byteorder != "little":
            a.byteswap()
        high = bytearray(flags[t] & HIGH for t in toks)
        unknown_after = bytearray(len(toks))
        for p in unknown:
            unknown_after[p] = 1
        return cls(text=text, tokens=toks, lines=lines, data=a.tobytes(), high=high,
                   unknown_after=unknown_after)

    def __len__(self) -> int:
        return len(self.tokens)
