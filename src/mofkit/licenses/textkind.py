"""What kind of text a file holds, before anyone looks for a licence in it.

* :func:`decode` reads bytes as text: a PDF's page texts (:mod:`.pdftext`); UTF-32 and
  UTF-16 with a byte-order mark (Windows editors save LICENSE files so), UTF-8 (with or
  without a mark), else Latin-1; bytes with NULs and no mark are binary (``None``).
* :func:`is_token_list` tells a tokenizer's vocabulary or merges list from prose: word
  lists hold every word of a language, licence words included, and must not be read as
  licence texts.
"""

from __future__ import annotations

import codecs
import re

_BOMS = (  # UTF-32 first: its little-endian mark begins with UTF-16's
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
    (codecs.BOM_UTF8, "utf-8"),
)
SNIFF = 8192

# "token": 123 pairs of a JSON vocabulary (vocab.json, tokenizer.json)
_JSON_ENTRY = re.compile(r'"(?:[^"\\]|\\.){1,64}"\s*:\s*-?\d+(?:\.\d+)?\s*[,}]')
MIN_ENTRIES = 200


def decode(raw: bytes, *, latin1: bool = True) -> str | None:
    """The text of ``raw``, or ``None`` if it is binary. Bytes that are not UTF-8 are read
    as Latin-1 (or, without ``latin1``, the bad bytes replaced); a character cut by a
    capped read is replaced, not fatal."""
    from mofkit.licenses.pdftext import is_pdf, pdf_text

    if is_pdf(raw):  # its words are in compressed streams
        return pdf_text(raw)
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            return raw[len(bom):].decode(encoding, errors="replace")
    if b"\0" in raw[:SNIFF]:
        return None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start >= len(raw) - 3 or not latin1:  # a character cut by a size cap
            return raw.decode("utf-8", errors="replace")
        return raw.decode("latin-1")


def is_token_list(text: str) -> bool:
    """Whether ``text`` is a vocabulary or merges list rather than prose: a JSON map of
    hundreds of tokens to numbers, or hundreds of lines that each hold one or two short
    items ("Ġthe", "Ġ t", "▁the\t-3.2", "##ing") and almost never a sentence."""
    sample = text[:200_000]
    entries = _JSON_ENTRY.findall(sample)
    if len(entries) >= MIN_ENTRIES and sum(map(len, entries)) >= 0.6 * len(sample.strip()):
        return True
    lines = [line for line in sample.splitlines() if line.strip()]
    if len(lines) < MIN_ENTRIES:
        return False
    short = sum(1 for line in lines if len(line.split()) <= 2 and len(line) <= 40)
    sentences = sum(1 for line in lines if len(line.split()) >= 5)
    return short >= 0.95 * len(lines) and sentences <= 0.01 * len(lines)
