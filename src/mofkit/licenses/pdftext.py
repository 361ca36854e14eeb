"""The text of a PDF file, for licence identification.

Licence texts are sometimes shipped as PDFs (a CLA, a specification licence). Their
words sit in compressed content streams, so a PDF read as text shows no licence at
all. :func:`pdf_text` extracts the words with ``pypdf`` (pure Python, no
dependencies); an unreadable PDF gives ``None``.
"""

from __future__ import annotations

import io
import logging

MAGIC = b"%PDF-"
MAX_PAGES = 200  # a licence is a few pages; a book-sized PDF is not read whole


def is_pdf(raw: bytes) -> bool:
    return raw[:1024].lstrip().startswith(MAGIC)


def pdf_text(raw: bytes) -> str | None:
    """The text of the pages of PDF ``raw`` (pages joined by blank lines), or ``None``
    when it is not a PDF or cannot be read."""
    if not is_pdf(raw):
        return None
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # damaged-xref chatter
    try:
        reader = PdfReader(io.BytesIO(raw), strict=False)
        pages = [page.extract_text() or "" for page in reader.pages[:MAX_PAGES]]
    except (PyPdfError, ValueError, KeyError, TypeError, OSError, RecursionError):
        return None
    return "\n\n".join(pages)


def text_bytes(text: str) -> bytes:
    """The bytes a PDF read as text came from: Latin-1 maps each byte to one character
    (and back); text decoded as UTF-8 goes back as UTF-8."""
    try:
        return text.encode("latin-1")
    except UnicodeEncodeError:
        return text.encode("utf-8", errors="surrogateescape")
