"""mofkit's licence-text identification engine.

``identify(text)`` returns the licences found in a text, in file order, as
:class:`Match` objects. Stages run cheapest first, each on what the previous ones
left: whole-text hash (:mod:`.match_hash`), ``SPDX-License-Identifier`` tags
(:mod:`.match_tag`), exact multi-pattern search (:mod:`.match_exact`), candidate
ranking and alignment (:mod:`.match_seq`), then overlap resolution
(:mod:`.merge`) and licence-like leftovers as unknown licences
(:mod:`.match_unknown`). The index (:mod:`.index`) is compiled from the ScanCode
LicenseDB by ``scripts/build_license_index.py`` and ships with the package.
"""

from __future__ import annotations

from mofkit.licenses.detect.models import Hit, Match

__all__ = ["Match", "identify", "licence_text", "spdx_expression"]

# Compressed archives (zip/jar/wheel, gzip, xz, 7z) hold no readable licence text.
ARCHIVE_MAGIC = ("PK\x03\x04", "\x1f\x8b", "\xfd7zXZ", "7z\xbc\xaf")



def licence_text(key: str) -> str:
    """The full text of licence ``key`` (a ScanCode key) as the shipped index holds it: its
    words in order, lower-cased, one paragraph. For tests and examples that need a real
    licence text without ``../shared``. Unknown keys raise ``KeyError``."""
    from mofkit.licenses.detect.index import get_index

    index = get_index()
    try:
        rid = index.find_rule(f"{key}.LICENSE")
    except ValueError:
        raise KeyError(key) from None
    return index.rule_text(rid)


def spdx_expression(key_expression: str) -> str:
    """A ScanCode key expression with SPDX ids (``LicenseRef-scancode-<key>`` if none)."""
    import re

    from mofkit.licenses.detect.index import get_index

    lic = get_index().licenses

    def sub(m: re.Match[str]) -> str:
        w = m.group()
        if w in ("AND", "OR", "WITH"):
            return w
        meta = lic.get(w)
        return meta[0] if meta else f"LicenseRef-scancode-{w}"

    return re.sub(r"[^\s()]+", sub, key_expression)


def _to_match(idx: object, q: object, h: Hit) -> Match:
    from mofkit.licenses.detect.index import Index
    from mofkit.licenses.detect.query import Query

    assert isinstance(idx, Index) and isinstance(q, Query)
    if h.rid >= 0:
        expr, kind, rule = idx.expressions[h.rid], idx.kind(h.rid), idx.ids[h.rid]
        relevance = idx.relevance[h.rid]
    else:
        expr, kind, rule, relevance = h.expression, h.kind, h.extra.get("rule", h.kind), 100
    score = round(100 * h.coverage * h.density * relevance / 100, 2)
    return Match(
        key=expr,
        spdx=spdx_expression(expr),
        start_line=q.lines[h.qstart],
        end_line=q.lines[h.qend - 1],
        score=score,
        coverage=round(100 * h.coverage, 2),
        kind=kind,
        rule=rule,
        matcher=h.matcher,
    )


def identify(text: str) -> list[Match]:
    """Every licence found in ``text``, in the order they appear."""
    from mofkit.licenses.detect.compound import drop_split_compounds
    from mofkit.licenses.detect.index import get_index
    from mofkit.licenses.detect.match_exact import match_exact
    from mofkit.licenses.detect.match_hash import match_hash
    from mofkit.licenses.detect.match_seq import match_seq
    from mofkit.licenses.detect.match_tag import match_tags
    from mofkit.licenses.detect.match_unknown import match_unknown
    from mofkit.licenses.detect.merge import refine
    from mofkit.licenses.detect.query import Query
    from mofkit.licenses.detect.refine import (
        drop_alignments_over_texts,
        drop_licence_lists,
        drop_scattered,
    )

    if not isinstance(text, str) or not text.strip() or text.startswith(ARCHIVE_MAGIC):
        return []  # nothing, or a compressed archive (extract it first, as ScanCode does)
    if text[:1024].lstrip().startswith("%PDF-"):  # a PDF read as text: words in its streams
        from mofkit.licenses.pdftext import pdf_text, text_bytes

        text = pdf_text(text_bytes(text)) or ""
        if not text.strip():
            return []
    if text[:64].lstrip().startswith("{"):  # a source map: the sources it holds
        from mofkit.licenses.sourcemap import sourcemap_text

        mapped = sourcemap_text(text)
        if mapped is not None:
            if not mapped.strip():
                return []
            text = mapped
    idx = get_index()
    q = Query.build(text, idx)
    if not q.tokens:
        return []
    hits = match_hash(idx, q)
    if not hits:
        covered = bytearray(len(q))
        hits = match_tags(idx, q, covered)
        # Exact search is not blocked by the tag lines (as in ScanCode, whose exact
        # matcher still sees them): a rule that holds a tag line and its neighbours
        # wins over the tag when the overlaps are resolved.
        exact = match_exact(idx, q, bytearray(len(q)))
        hits.extend(exact)
        # Alignment runs over everything but the tags, exact hits included: a
        # licence text whose parts matched smaller rules exactly must still be
        # found whole.
        # It is skipped, as in ScanCode, when exact hits already explain every
        # legalese word.
        explained = bytearray(covered)
        for h in exact:
            explained[h.qstart: h.qend] = b"\x01" * h.span
        if any(t and not e for t, e in zip(q.high, explained, strict=True)):
            # ScanCode takes the long licence texts matched exactly out of the query
            # (Index.is_long_text): its candidates are ranked, and its aligner's
            # rounds run, on what is left.
            gone = bytearray(len(q))
            for h in exact:
                if idx.is_long_text(h.rid):
                    gone[h.qstart: h.qend] = b"\x01" * h.span
            hits.extend(match_seq(idx, q, covered, explained, gone))
    for h in hits:
        if h.rid >= 0:
            h.kind = idx.kind(h.rid)
            h.relevance = idx.relevance[h.rid]
    hits = drop_split_compounds(idx, drop_scattered(idx, q, hits))
    hits = drop_alignments_over_texts(idx, q, hits)
    hits = refine(idx, hits, q.high, q.run_starts)
    hits = drop_licence_lists(idx, match_unknown(idx, q, hits))
    return [_to_match(idx, q, h) for h in hits]
