"""A text to scan, as token ids with the line of each token and which are legalese."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import repeat

import numpy as np

from mofkit.licenses.detect.index import DIGITS, HIGH, LINE_BREAK, STOPWORD, Index
from mofkit.licenses.detect.tokenize import ASCII_QUERY_TOKEN, QUERY_TOKEN

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
    # How many words no rule knows follow the token before the next known one (at most
    # 255): a phrase that must be matched whole is broken there, and they widen the
    # stretch a match spans (ScanCode's qmagnitude counts them).
    unknown_after: bytearray
    # How many stopwords (markup such as ``<br>``, ``&nbsp;``; prose such as "a") follow
    # the token before the next known one (at most 255): a must-be-whole phrase is
    # broken where these differ from the rule's own, as in ScanCode.
    stop_after: bytearray
    array: np.ndarray  # the tokens as uint64, for the vectorised stages
    # Where each query run starts (token positions, the first is 0): ScanCode breaks a
    # text file into runs at RUN_BREAK lines in a row without legalese (blank, unknown
    # words, numbers, or known words that are not legalese), and aligns run by run.
    run_starts: list[int] = field(default_factory=list)

    @classmethod
    def build(cls, text: str, idx: Index) -> Query:
        if "\x00" in text:
            text = binary_strings(text)
        # One pass of the tokenizer over the whole text finds the words and the line
        # breaks (as str.splitlines counts them); the lookup maps a word no rule uses
        # to 0, a stopword to STOPWORD and a line break to LINE_BREAK.
        low = text.lower()
        found = (ASCII_QUERY_TOKEN if low.isascii() else QUERY_TOKEN).findall(low)
        ids = np.fromiter(map(idx.query_ids.get, found, repeat(0)), dtype=np.int64,
                          count=len(found))
        line = np.cumsum(ids == LINE_BREAK) + 1
        keep = ids > 0
        toks = ids[keep]
        high = np.frombuffer(idx.word_flags, dtype=np.uint8)[toks] & HIGH
        # An unknown word marks the last known token before it (if any).
        last_known = np.cumsum(keep) - 1  # per word: the known token at or before it
        before = last_known[ids == 0]
        unknown_after = np.minimum(np.bincount(before[before >= 0], minlength=len(toks)),
                                   255).astype(np.uint8)
        before = last_known[ids == STOPWORD]
        stop_after = np.minimum(np.bincount(before[before >= 0], minlength=len(toks)),
                                255).astype(np.uint8)
        lines = line[keep]
        digits = np.frombuffer(idx.word_flags, dtype=np.uint8)[toks] & DIGITS
        run_lines = lines
        if has_long_lines(text):
            run_lines = chunk_lines(ids)[keep]
        return cls(text=text, tokens=toks.tolist(), lines=lines.tolist(),
                   data=toks.astype("<u2").tobytes(), high=bytearray(high.tobytes()),
                   unknown_after=bytearray(unknown_after.tobytes()),
                   stop_after=bytearray(stop_after.tobytes()),
                   array=toks.astype(np.uint64),
                   run_starts=run_starts(run_lines, high, digits))

    def __len__(self) -> int:
        return len(self.tokens)


LONG_LINE = 300  # characters: a text with a longer line is "text with very long lines"
LINE_CHUNK = 25  # words (known or not) per line when such a text is cut in query runs


def has_long_lines(text: str) -> bool:
    """Whether libmagic (which ScanCode asks for a file's type) calls the text one
    "with very long lines": a line longer than ``LONG_LINE`` characters. (Splitting
    on line ends and measuring the parts is ~20x faster than searching for 301
    characters without a line end, which tries every position; splitting on "\n"
    alone, the other line ends made "\n" first, is ~3x faster than on the regex.)"""
    if len(text) <= LONG_LINE:
        return False
    if "\r" in text:
        text = text.replace("\r", "\n")
    if "\x85" in text:
        text = text.replace("\x85", "\n")
    return max(map(len, text.split("\n"))) > LONG_LINE


def chunk_lines(ids: np.ndarray) -> np.ndarray:
    """Per word of ``ids`` (the query's word ids, with line breaks and stopwords), the
    line ScanCode's query-run breaker sees it on in a text with very long lines: each
    line cut in chunks of ``LINE_CHUNK`` words (stopwords left out, unknown words
    counted), and lines without such words left out, so that blank lines do not count
    towards a run break."""
    words = ids != LINE_BREAK
    counted = words & (ids != STOPWORD)
    line = np.cumsum(~words)  # the line of each entry
    before = np.cumsum(counted) - counted  # counted words before each entry
    # counted words before the start of each entry's line
    first = np.flatnonzero(np.diff(line, prepend=-1))
    start = np.repeat(before[first], np.diff(np.append(first, len(ids))))
    chunk = np.where(counted, (before - start) // LINE_CHUNK, 0)
    key = line.astype(np.int64) * (len(ids) + 1) + chunk
    out = np.zeros(len(ids), dtype=np.int64)
    ks = key[counted]
    if len(ks):
        new = np.ones(len(ks), dtype=np.int64)
        new[1:] = ks[1:] != ks[:-1]
        out[counted] = np.cumsum(new)
    return out


# Lines in a row without legalese that end a query run: ScanCode's for a text file (its
# default of 4 is for a string; the files it scans, and its test files, are read with 15).
RUN_BREAK = 15


def run_starts(lines: np.ndarray, high: np.ndarray, digits: np.ndarray) -> list[int]:
    """Where the query runs start, as ScanCode's query builds them: a line counts
    towards a break unless it holds a legalese word (and not only numbers); once
    ``RUN_BREAK`` such lines follow a run, the next word starts a new one. ``lines``,
    ``high`` and ``digits``: per token, its line and whether it is legalese, a number."""
    n = len(lines)
    if not n:
        return []
    new = np.empty(n, dtype=bool)
    new[0] = True
    np.not_equal(lines[1:], lines[:-1], out=new[1:])
    first = new.nonzero()[0]  # each line's first token
    good = (np.maximum.reduceat(high, first) > 0) & (np.minimum.reduceat(digits, first) == 0)
    # lines without known words before each line
    at = lines[first].astype(np.int64)
    gaps = np.empty(len(at), dtype=np.int64)
    gaps[0] = at[0] - 1
    np.subtract(at[1:], at[:-1] + 1, out=gaps[1:])
    if (len(at) > 1 and gaps[1:].max() >= RUN_BREAK) or (gaps[0] >= RUN_BREAK and not good[0]):
        return _run_starts_loop(first, gaps.tolist(), good)
    # Without such gaps a count never goes past RUN_BREAK, so it is the lines towards
    # a break since the last line with legalese, less RUN_BREAK for each run ended
    # since: a run ends on the line where that total reaches the next multiple of
    # RUN_BREAK. Per line, the total is that of the lines before it (each with the
    # lines without known words before it) since the last line with legalese.
    total = at - 1  # (the sum of gaps + 1 up to each line)
    after_good = good[:-1].nonzero()[0] + 1  # lines counting from 0 again
    base = np.zeros(len(at), dtype=np.int64)
    base[after_good] = total[after_good - 1] + 1
    np.maximum.accumulate(base, out=base)
    level = (total - base) // RUN_BREAK
    before = level[:-1].copy()  # the level of the line before
    before[after_good - 1] = 0
    return [0, *first[(level[1:] > before).nonzero()[0] + 1].tolist()]


def _run_starts_loop(first: np.ndarray, gaps: list[int], good: np.ndarray) -> list[int]:
    """:func:`run_starts` line by line (for texts with RUN_BREAK lines or more in a
    row without known words: a count past RUN_BREAK starts again from there)."""
    count = 0 if good[0] else gaps[0] + 1  # lines towards a break so far
    out = [0]
    for at, gap, ok in zip(first[1:].tolist(), gaps[1:], good[1:].tolist(), strict=True):
        if count + gap >= RUN_BREAK:
            # the run ended on one of the lines in between (or just before this one);
            # the ones after that count from 0
            out.append(at)
            count = gap if count >= RUN_BREAK else count + gap - RUN_BREAK
        else:
            count += gap
        count = 0 if ok else count + 1
    return out
