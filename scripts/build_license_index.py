"""Compile the ScanCode LicenseDB (licence texts + detection rules) into mofkit's licence index.

The curated texts of ``src/mofkit/licenses/data/texts/`` (licences LicenseDB lacks) are
indexed beside LicenseDB's texts.

    python scripts/build_license_index.py [--licensedb ../shared/data/licensedb]
                                          [--out src/mofkit/licenses/data/index.bin]

The output is a zlib-compressed pickle of plain Python containers (see
``mofkit.licenses.detect.index`` for the layout). Texts become ids of a shared
vocabulary once, here, so that loading the index at run time only has to
decompress and unpickle: no tokenizing, no parsing.
"""

from __future__ import annotations

import argparse
import gzip
import json
import pickle
import sys
import time
import zlib
from array import array
from collections import defaultdict
from pathlib import Path

import numpy as np

from mofkit.licenses.curated import curated_licences
from mofkit.licenses.detect.candidates import cap_tables
from mofkit.licenses.detect.index import (
    DERIVED,
    DIGITS,
    FORMAT_VERSION,
    HIGH,
    KIND_CODES,
    NGRAM,
    RARE_DF_FRACTION,
    encode_ngrams,
    from_data,
    ngram_hashes,
)
from mofkit.licenses.detect.runrank import set_tables
from mofkit.licenses.detect.tokenize import rule_words

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DB = ROOT.parent / "shared" / "data" / "licensedb"
DEFAULT_OUT = ROOT / "src" / "mofkit" / "licenses" / "data" / "index.bin"
LEGALESE = Path(__file__).resolve().parent / "data" / "legalese.txt"
EQUIVALENTS = Path(__file__).resolve().parent / "data" / "legalese_equivalents.txt"


def _kind(rule: dict) -> str:
    if rule.get("is_false_positive"):
        return "false-positive"
    for flag, kind in (
        ("is_license_text", "text"),
        ("is_license_notice", "notice"),
        ("is_license_reference", "reference"),
        ("is_license_tag", "tag"),
        ("is_license_intro", "intro"),
        ("is_license_clue", "clue"),
    ):
        if rule.get(flag):
            return kind
    return "notice"


# N-grams holding one of these words say who or where, not what is permitted: they are
# not kept for unknown-licence detection (ScanCode's ``match_unknown.markers``).
MARKERS = frozenset((
    "copyright", "c", "copyrights", "rights", "reserved", "trademark", "foundation",
    "government", "institute", "university", "inc", "corp", "co", "author", "com", "org",
    "net", "uk", "fr", "be", "de", "http", "https", "www",
))


def rule_ngrams(tokens: array, starts: array, vocab: list[str], kinds: bytes) -> np.ndarray:
    """Sorted unique hashes of the "good" word n-grams of every rule but the false positives.

    As ScanCode's ``is_good_tokens_ngram``: an n-gram is dropped when it holds a marker
    word, a 4-digit number (a year), 3 or more numbers, 3 or more one-letter words, or
    no more than 2 distinct words; n-grams across two rules do not exist.
    """
    tok = np.frombuffer(tokens, dtype="<u2").astype(np.int64)
    first = np.frombuffer(starts, dtype="<u4").astype(np.int64)
    n = len(tok) - NGRAM + 1
    pos = np.arange(n)
    rid = np.searchsorted(first, pos, side="right") - 1
    keep = pos + NGRAM <= first[rid + 1]
    keep &= np.frombuffer(kinds, dtype=np.uint8)[rid] != KIND_CODES["false-positive"]
    digit = np.array([w.isdigit() for w in vocab])
    year = np.array([w.isdigit() and len(w) == 4 for w in vocab])
    single = np.array([len(w) == 1 for w in vocab])
    marker = np.array([w in MARKERS for w in vocab])

    def count(flags: np.ndarray) -> np.ndarray:
        c = np.concatenate(([0], np.cumsum(flags[tok])))
        return c[NGRAM:] - c[:-NGRAM]

    keep &= (count(marker) == 0) & (count(year) == 0)
    keep &= (count(digit) < 3) & (count(single) < 3)
    win = np.sort(np.lib.stride_tricks.sliding_window_view(tok, NGRAM), axis=1)
    keep &= (np.diff(win, axis=1) != 0).sum(axis=1) + 1 > 2
    return np.unique(ngram_hashes(tok.astype(np.uint64))[keep])


def _read(path: Path) -> list[dict]:
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]


def legalese(path: Path = LEGALESE) -> frozenset[str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(w.strip() for w in lines if w.strip() and not w.startswith("#"))


def equivalents(path: Path = EQUIVALENTS) -> list[list[str]]:
    """Groups of words the index treats as one (spelling variants, plurals, typos)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [ln.split() for ln in lines if ln.strip() and not ln.startswith("#")]


def aliases(all_words: list[list[str]], groups: list[list[str]]) -> dict[str, str]:
    """Each word of a group of equivalent words -> the group's word the rule texts use
    most (ties: the first in order), for the words of a group other than that one."""
    count: dict[str, int] = defaultdict(int)
    for words in all_words:
        for w in words:
            count[w] += 1
    out: dict[str, str] = {}
    for group in groups:
        canon = max(group, key=lambda w: (count.get(w, 0), -group.index(w)))
        out.update((w, canon) for w in group if w != canon)
    return out


def build(db: Path) -> dict:
    # LicenseDB's licences, then the texts mofkit curates (licenses/data/texts/): those
    # LicenseDB lacks, indexed the same way under their LicenseRef-mofkit-<key> ids
    licensedb = _read(db / "licenses.jsonl.gz")
    licenses = licensedb + curated_licences()
    rules = _read(db / "rules.jsonl.gz")

    lic_meta: dict[str, tuple[str, str, str]] = {}
    spdx_to_key: dict[str, str] = {}
    for lic in licenses:
        key = lic["key"]
        spdx = lic.get("spdx_license_key") or f"LicenseRef-scancode-{key}"
        lic_meta[key] = (spdx, lic.get("short_name") or lic.get("name") or key,
                         lic.get("category") or "")
    # Non-deprecated licences win the SPDX id → key mapping.
    for lic in sorted(licenses, key=lambda d: not d.get("is_deprecated", False)):
        for spdx in [lic.get("spdx_license_key"), *lic.get("other_spdx_license_keys", [])]:
            if spdx:
                spdx_to_key[spdx.lower()] = lic["key"]

    entries: list[tuple[str, str, str, int, int, bool, str]] = []
    texts: list[str] = []
    for lic in licenses:
        if lic.get("is_deprecated") or not lic.get("text", "").strip():
            continue
        entries.append((f"{lic['key']}.LICENSE", lic["key"], "text", 100,
                        int(lic.get("minimum_coverage") or 0), False, lic["key"]))
        texts.append(lic["text"])
    for rule in rules:
        if rule.get("is_deprecated") or not rule.get("text", "").strip():
            continue
        expr = rule.get("license_expression") or ""
        entries.append((rule["identifier"], expr, _kind(rule), int(rule.get("relevance") or 100),
                        int(rule.get("minimum_coverage") or 0),
                        # a required phrase is matched only whole, as a continuous rule
                        bool(rule.get("is_continuous") or rule.get("is_required_phrase")),
                        ""))
        texts.append(rule["text"])

    vocab: dict[str, int] = {}
    tokens = array("H")
    starts = array("I", [0])
    required: dict[int, list[tuple[int, int]]] = {}
    kept: list[tuple] = []
    df: dict[int, int] = defaultdict(int)
    sets: list[set[int]] = []
    # Per text, how many stopwords follow each word (see rule_words); kept below for
    # the rules matched only whole or holding required phrases, inside those parts.
    stopped: list[dict[int, int]] = [{} for _ in texts]
    tokenized = [rule_words(text, st) for text, st in zip(texts, stopped, strict=True)]
    alias = aliases([words for words, _ in tokenized], equivalents())
    stops: dict[int, dict[int, int]] = {}

    def word_id(w: str) -> int:
        """The id of word ``w`` (its group's word, if it has one), given on first sight
        (0 is "not in the vocabulary")."""
        w = alias.get(w, w)
        tid = vocab.get(w)
        if tid is None:
            tid = vocab[w] = len(vocab) + 1
        return tid

    for entry, (words, spans), st in zip(entries, tokenized, stopped, strict=True):
        if not words:
            continue
        ids = [word_id(w) for w in words]
        rid = len(kept)
        if spans:
            required[rid] = spans
        whole = [(0, len(words))] if entry[5] else spans
        inside = {p: c for p, c in st.items() if any(a <= p < b - 1 for a, b in whole)}
        if inside:
            stops[rid] = inside
        kept.append(entry)
        tokens.extend(ids)
        starts.append(len(tokens))
        s = set(ids)
        sets.append(s)
        for t in s:
            df[t] += 1
    # ScanCode's dictionary also holds every legalese word, used by a rule or not: a
    # text's "trespassing" is legalese there (a query run holds it; a line with it is
    # not blank for the run breaks) ...
    for w in sorted(legalese()):
        word_id(w)
    # ... and the words of every current licence's SPDX ids (LicenseRef-scancode-
    # <key> included) as plain words: a text's "temp" or "gary" is
    # then a word no rule holds, which breaks an exact match and counts as a mismatch in
    # an alignment, instead of an unknown word the query drops (index.py, _spdx_tokens).
    for lic in licensedb:
        if lic.get("is_deprecated"):
            continue
        for spdx in [lic.get("spdx_license_key"), *lic.get("other_spdx_license_keys", [])]:
            for w in rule_words(spdx or "")[0]:
                word_id(w)
    if len(vocab) >= 65535:
        raise SystemExit("vocabulary too large for 16-bit token ids")

    # Postings of the rarer words (the ones that tell licences apart), for candidate ranking.
    max_df = int(RARE_DF_FRACTION * len(kept))
    postings: dict[int, array] = defaultdict(lambda: array("H"))
    rare_count = array("H")
    for rid, s in enumerate(sets):
        n = 0
        for t in s:
            if df[t] <= max_df:
                postings[t].append(rid)
                n += 1
        rare_count.append(n)

    words_by_id = [""] * (len(vocab) + 1)
    for w, i in vocab.items():
        words_by_id[i] = w
    high = legalese()
    flags = bytes((HIGH if w in high else 0) | (DIGITS if w.isdigit() else 0)
                  for w in words_by_id)
    return {
        "version": FORMAT_VERSION,
        "vocab": words_by_id,
        "word_flags": flags,
        "high_len": _high_lens(tokens, starts, flags),
        "tokens": tokens.tobytes(),
        "starts": starts.tobytes(),
        "ids": [e[0] for e in kept],
        "expressions": [e[1] for e in kept],
        "kinds": bytes(KIND_CODES[e[2]] for e in kept),
        "relevance": bytes(e[3] for e in kept),
        "min_cov": bytes(e[4] for e in kept),
        "continuous": bytes(int(e[5]) for e in kept),
        "required": required,
        "stops": stops,
        "post_data": b"".join(postings[t].tobytes() if t in postings else b""
                              for t in range(len(vocab) + 1)),
        "post_offsets": _offsets([len(postings[t]) if t in postings else 0
                                  for t in range(len(vocab) + 1)]),
        "rare_count": rare_count.tobytes(),
        "ngrams": encode_ngrams(rule_ngrams(tokens, starts, words_by_id,
                                            bytes(KIND_CODES[e[2]] for e in kept))),
        "licenses": lic_meta,
        "spdx_to_key": spdx_to_key,
        "aliases": {w: c for w, c in alias.items() if c in vocab},
    }


def derived_tables(data: dict) -> dict[str, bytes]:
    """The tables the engine derives from the index (``index.DERIVED``, and the
    postings in the order it reads them), made with the engine's own functions on the
    index ``data`` and stored with it, because making them on a scan's first text
    costs more than reading them."""
    idx = from_data(data)
    tables = {**set_tables(idx), **cap_tables(idx)}
    assert tables.keys() == DERIVED.keys() | {"post_data"}
    types = {**DERIVED, "post_data": "<u2"}
    return {k: np.ascontiguousarray(v, dtype=types[k]).tobytes() for k, v in tables.items()}


def _high_lens(tokens: array, starts: array, flags: bytes) -> bytes:
    """Per rule, how many of its tokens are legalese (uint16, little-endian)."""
    high = (np.frombuffer(flags, dtype=np.uint8) & HIGH).astype(np.int64)
    per_token = np.concatenate(([0], np.cumsum(high[np.frombuffer(tokens, dtype="<u2")])))
    first = np.frombuffer(starts, dtype="<u4").astype(np.int64)
    return np.diff(per_token[first]).astype("<u2").tobytes()


def _offsets(sizes: list[int]) -> bytes:
    out = array("I", [0])
    for n in sizes:
        out.append(out[-1] + n)
    return out.tobytes()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--licensedb", type=Path, default=DEFAULT_DB)
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = ap.parse_args(argv)
    if not (args.licensedb / "rules.jsonl.gz").exists():
        print(f"error: no LicenseDB at {args.licensedb}", file=sys.stderr)
        return 2
    t0 = time.perf_counter()
    data = build(args.licensedb)
    data.update(derived_tables(data))
    blob = zlib.compress(pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL), 9)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_bytes(blob)
    print(f"{len(data['ids'])} rules, {len(data['vocab'])} words, "
          f"{len(data['tokens']) // 2} tokens, {len(data['ngrams'][0])} {NGRAM}-grams "
          f"→ {args.out} ({len(blob) / 1e6:.1f} MB) "
          f"in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
