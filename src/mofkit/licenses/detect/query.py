"""A text to scan, as token ids with the line of each token and which are legalese."""

from __future__ import annotations

import sys
from array import array
from dataclasses import dataclass

from mofkit.licenses.detect.index import HIGH, Index
from mofkit.licenses.detect.tokenize import line_words


@dataclass(slots=True)
class Query:
    text: str
    tokens: list[int]  # words no rule uses are dropped (as ScanCode does)
    lines: list[int]  # line number (from 1) of each token
    data: bytes  # tokens as little-endian uint16, for exact search
    high: bytearray  # 1 where the token is legalese (ScanCode's "high" tokens)

    @classmethod
    def build(cls, text: str, idx: Index) -> Query:
        get, flags = idx.word_id.get, idx.word_flags
        toks: list[int] = []
        lines: list[int] = []
        for line, ws in line_words(text):
            ids = [i for i in [get(w, 0) for w in ws] if i]
            toks.extend(ids)
            lines.extend([line] * len(ids))
        a = array("H", toks)
        if sys.byteorder != "little":
            a.byteswap()
        high = bytearray(flags[t] & HIGH for t in toks)
        return cls(text=text, tokens=toks, lines=lines, data=a.tobytes(), high=high)

    def __len__(self) -> int:
        return len(self.tokens)
