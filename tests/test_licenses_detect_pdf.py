"""Licence texts shipped as PDFs: their words sit in compressed content streams, so the
engine reads the PDF's pages (mofkit.licenses.pdftext) before looking for a licence."""

from __future__ import annotations

import zlib

from mofkit.licenses.detect import identify
from mofkit.licenses.pdftext import pdf_text
from mofkit.licenses.textkind import decode

BSD_LINES = [
    "Copyright (c) 2008, Example Corp.",
    "Redistribution and use in source and binary forms, with or without modification,",
    "are permitted provided that the following conditions are met:",
    "Redistributions of source code must retain the above copyright notice, this list",
    "of conditions and the following disclaimer.",
    "Redistributions in binary form must reproduce the above copyright notice, this list",
    "of conditions and the following disclaimer in the documentation and/or other",
    "materials provided with the distribution.",
    "Neither the name of Example Corp. nor the names of its contributors may be used",
    "to endorse or promote products derived from this software without specific prior",
    "written permission.",
    "THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS \"AS IS\" AND",
    "ANY EXPRESS OR IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE IMPLIED",
    "WARRANTIES OF MERCHANTABILITY AND FITNESS FOR A PARTICULAR PURPOSE ARE DISCLAIMED.",
    "IN NO EVENT SHALL THE COPYRIGHT HOLDER OR CONTRIBUTORS BE LIABLE FOR ANY DIRECT,",
    "INDIRECT, INCIDENTAL, SPECIAL, EXEMPLARY, OR CONSEQUENTIAL DAMAGES (INCLUDING, BUT",
    "NOT LIMITED TO, PROCUREMENT OF SUBSTITUTE GOODS OR SERVICES; LOSS OF USE, DATA, OR",
    "PROFITS; OR BUSINESS INTERRUPTION) HOWEVER CAUSED AND ON ANY THEORY OF LIABILITY,",
    "WHETHER IN CONTRACT, STRICT LIABILITY, OR TORT (INCLUDING NEGLIGENCE OR OTHERWISE)",
    "ARISING IN ANY WAY OUT OF THE USE OF THIS SOFTWARE, EVEN IF ADVISED OF THE",
    "POSSIBILITY OF SUCH DAMAGE.",
]


def make_pdf(lines: list[str]) -> bytes:
    """A one-page PDF whose page shows ``lines`` (Helvetica, a Flate-compressed stream),
    with a correct cross-reference table, as a word processor would save it."""
    def esc(s: str) -> str:
        return s.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    ops = ["BT", "/F1 9 Tf", "11 TL", "40 800 Td"]
    ops += [f"({esc(line)}) Tj T*" for line in lines]
    ops.append("ET")
    stream = zlib.compress("\n".join(ops).encode("latin-1"))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream
        + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for n, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, xref)
    return bytes(out)


def test_pdf_text_reads_the_page_words() -> None:
    text = pdf_text(make_pdf(BSD_LINES))
    assert text is not None and "Neither the name of Example Corp." in text


def test_a_bsd_licence_saved_as_pdf_is_found() -> None:
    raw = make_pdf(BSD_LINES)
    assert b"Redistribution" not in raw  # the words are only in the compressed stream
    assert [m.key for m in identify(raw.decode("latin-1"))] == ["bsd-new"]


def test_decode_gives_a_pdfs_page_text() -> None:
    text = decode(make_pdf(BSD_LINES))
    assert text is not None and "Redistribution and use" in text


def test_a_damaged_pdf_gives_nothing_not_an_error() -> None:
    raw = make_pdf(BSD_LINES)[:200]
    assert identify(raw.decode("latin-1")) == []
    assert pdf_text(b"%PDF-1.4\ngarbage") in (None, "")
    assert pdf_text(b"not a pdf") is None


def test_pdfs_read_from_several_threads_at_once_give_their_own_text() -> None:
    """PDFium is not thread-safe; pdf_text serialises it, so a web server or a bulk scan
    reading PDFs in threads gets each one's own pages."""
    from concurrent.futures import ThreadPoolExecutor

    raws = [make_pdf(BSD_LINES[: k + 2]) for k in range(8)]
    with ThreadPoolExecutor(max_workers=4) as pool:
        texts = list(pool.map(pdf_text, raws * 4))
    for k, text in enumerate(texts):
        assert text is not None
        assert BSD_LINES[k % 8 + 1] in text
        assert (k % 8 + 2 == len(BSD_LINES)) or BSD_LINES[k % 8 + 2] not in text
