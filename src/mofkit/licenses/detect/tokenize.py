"""Text → token words, the same way for the index and for a query.

Follows ScanCode's ``licensedcode.tokenize``: lower-case word runs (letters and
digits, with an optional inner ``+`` so ``gpl-2.0+`` keeps its "or later"),
markup words (HTML tags and entities, comment markers) and a few words of code
and prose ("a", "class") dropped as stopwords, as ScanCode's ``stopwords`` do.
Spellings of one legalese word ("licence", "licenses") are read as that word by
the index (its ``aliases``), not here.
Rule texts mark required phrases with ``{{ … }}``; those are recorded as token
spans and the braces dropped.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

WORD = re.compile(r"[^_\W]+\+?[^_\W]*")
RULE_WORD = re.compile(r"[^_\W]+\+?[^_\W]*|\{\{|\}\}")
# The line breaks str.splitlines() splits on ("\r\n" is one).
LINE_BREAKS = ("\r\n", "\n", "\r", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85",
               "\u2028", "\u2029")
# A query is read in one pass: its words and its line breaks.
QUERY_TOKEN = re.compile(WORD.pattern + "|\r\n|[" + "".join(LINE_BREAKS[1:]) + "]")
# ... the same for a lower-cased ASCII text, where a word character is [a-z0-9]: an
# explicit class is read about 1.7 times as fast as the Unicode one.
ASCII_QUERY_TOKEN = re.compile(r"[a-z0-9]+\+?[a-z0-9]*|\r\n|["
                               + "".join(c for c in LINE_BREAKS[1:] if c.isascii()) + "]")

# Words that carry no licence meaning: markup, entities, comment leaders and a few
# words of code and prose ("a", "class", "printf"), dropped from rules and queries
# alike: ScanCode's ``licensedcode.stopwords`` (its rules are written for it, e.g.
# "under BSD style licenses" stands for "under a BSD-style license"), exactly: a word
# ScanCode keeps ("html", "sub" in "sub-license", "strong") counts in a rule's length
# and in a query's as it does there.
STOPWORDS: frozenset[str] = frozenset(
    (
        "a", "abbr", "alt", "amp", "apos", "auto", "bdquo", "blockquote", "body", "border",
        "br", "bull", "bullet", "class", "colon", "comma", "div", "dnl", "echo", "em",
        "emdash", "emsp", "ensp", "ge", "gt", "h1", "h2", "h3", "h4", "h5", "hairsp",
        "head1", "head2", "head3", "height", "hr", "href", "img", "ldquo", "ldquor", "le",
        "li", "lists", "lpar", "lsaquo", "lsquo", "lsquor", "lt", "mdash", "nav", "nbsp",
        "ndash", "numsp", "ol", "p", "padding", "para", "period", "pre", "printf", "puncsp",
        "quot", "raquo", "rdquo", "rdquor", "rel", "rem", "rpar", "rsaquo", "rsquo",
        "rsquor", "sbquo", "script", "semi", "side", "span", "src", "td", "th", "thinsp",
        "tilde", "tr", "ul", "ulink", "width", "x3c", "x3e",
    )
)


def words(text: str) -> Iterator[tuple[int, str]]:
    """Yield ``(line_number, word)`` for every non-stopword word, lines from 1."""
    for lineno, ws in line_words(text):
        for w in ws:
            yield lineno, w


def line_words(text: str) -> Iterator[tuple[int, list[str]]]:
    """Yield ``(line_number, words)`` for every line holding non-stopword words."""
    findall, stop = WORD.findall, STOPWORDS
    for lineno, line in enumerate(text.lower().splitlines(), start=1):
        ws = findall(line)
        if ws:
            if not stop.isdisjoint(ws):
                ws = [w for w in ws if w not in stop]
            yield lineno, ws


def rule_words(text: str, stops: dict[int, int] | None = None,
               ) -> tuple[list[str], list[tuple[int, int]]]:
    """Words of a rule text and its required-phrase spans ``(start, end)`` (end exclusive).

    ``stops``, if given, receives how many stopwords follow each word position that
    has any (ScanCode's ``stopwords_by_pos``; those before the first word are left out):
    a required phrase of the text must have the same ones."""
    out: list[str] = []
    spans: list[tuple[int, int]] = []
    start: int | None = None
    for m in RULE_WORD.finditer(text.lower()):
        w = m.group()
        if w == "{{":
            start = len(out)
        elif w == "}}":
            if start is not None and len(out) > start:
                spans.append((start, len(out)))
            start = None
        elif w not in STOPWORDS:
            out.append(w)
        elif stops is not None and out:
            stops[len(out) - 1] = stops.get(len(out) - 1, 0) + 1
    return out, spans
