"""The text of a PDF file, for licence identification.

Licence texts are sometimes shipped as PDFs (a CLA, a specification licence). Their
words sit in compressed content streams, so a PDF read as text shows no licence at
all. :func:`pdf_text` extracts the words with ``pypdfium2`` (PDFium, the PDF engine of
Chromium, whose text extraction is some 20 times faster than a pure-Python parser's and
resolves ligatures: "ﬁle" is read "file"); an unreadable PDF gives ``None``.
"""

from __future__ import annotations

import threading

MAGIC = b"%PDF-"
MAX_PAGES = 200  # a licence is a few pages; a book-sized PDF is not read whole

# PDFium is not thread-safe: one document is read at a time in a process.
_LOCK = threading.Lock()


def is_pdf(raw: bytes) -> bool:
    return raw[:1024].lstrip().startswith(MAGIC)


def pdf_text(raw: bytes) -> str | None:
    """The text of the pages of PDF ``raw`` (pages joined by blank lines), or ``None``
    when it is not a PDF or cannot be read."""
    if not is_pdf(raw):
        return None
    import pypdfium2 as pdfium

    pages: list[str] = []
    with _LOCK:
        try:
            doc = pdfium.PdfDocument(raw)
        except pdfium.PdfiumError:
            return None
        try:
            for k in range(min(len(doc), MAX_PAGES)):
                page = doc[k]
                textpage = page.get_textpage()
                try:
                    pages.append(textpage.get_text_range())
                finally:
                    textpage.close()
                    page.close()
        except (pdfium.PdfiumError, ValueError, OSError):
            return None
        finally:
            doc.close()
    return "\n\n".join(pages)


def text_bytes(text: str) -> bytes:
    """The bytes a PDF read as text came from: Latin-1 maps each byte to one character
    (and back); text decoded as UTF-8 goes back as UTF-8."""
    try:
        return text.encode("latin-1")
    except UnicodeEncodeError:
        return text.encode("utf-8", errors="surrogateescape")
