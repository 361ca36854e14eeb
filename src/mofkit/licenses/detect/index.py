"""The compiled licence index: rules as token-id sequences, plus lookup tables.

Layout of ``mofkit/licenses/data/index.bin`` (zlib-compressed pickle, built by
``scripts/build_license_index.py`` from the ScanCode LicenseDB):

- ``vocab``: words; a word's id is its position (id 0 means "not a licence word"):
  as in ScanCode's dictionary, the rules' words, every legalese word and the words of
  the licences' SPDX ids (a text's "temp" is a word no rule holds, not an unknown one);
- ``word_flags``: one byte per word: ``HIGH`` for legalese (words specific to
  licences, ScanCode's "high" tokens), ``DIGITS`` for numbers;
- ``high_len``: per rule, how many of its tokens are legalese (uint16);
- ``tokens`` / ``starts``: every rule's token ids (uint16) back to back, and the
  offsets where each rule starts (uint32, one more than the number of rules);
- per rule: ``ids`` (ScanCode rule identifier), ``expressions`` (ScanCode licence
  expression, empty for false-positive rules), ``kinds`` / ``relevance`` /
  ``min_cov`` / ``continuous`` (one byte each), ``required`` (required-phrase
  token spans, only for the rules that have them);
- ``post_data`` / ``post_offsets``: for the rarer words, the ids (uint16) of the
  rules holding them, grouped by word (CSR layout), each word's in increasing
  ``Index.min_rare`` then id (:func:`.candidates.cap_tables`),
  and ``rare_count``: how many distinct rare words each rule holds;
- ``ngrams``: the sorted 32-bit hashes (:func:`ngram_hashes`) of the word
  ``NGRAM``-grams of the rule texts, for unknown-licence detection
  (:mod:`.match_unknown`), stored as the byte planes (low byte first) of the gaps
  between consecutive hashes: small gaps, so the planes compress well;
- ``licenses``: key → (SPDX id or LicenseRef, short name, category);
- ``spdx_to_key``: lower-cased SPDX id → ScanCode key.
- ``aliases``: spelling variant, plural or typo of a word → the word the index
  holds for it ("licence" → "license"), as ScanCode's dictionary gives them one id.
- tables the engine derives from those, made by the build script with the engine's
  own functions because making them costs more than reading them:
  ``set_words`` / ``set_counts`` / ``set_sizes`` (each rule's distinct words, sorted,
  uint16, their counts in the rule, uint16, and how many each rule has, uint32:
  :func:`.runrank.rule_sets`) and ``cap_cut`` (per level and word, how many more of
  the word's rules need at most that many rare words than at most the level before,
  uint16 rows: :func:`.candidates.cap_tables`).

Lookup tables derived from those (whole-text hash, exact-match anchors) are
built at load time, which is cheaper than unpickling them.
"""

from __future__ import annotations

import pickle
import sys
import threading
import zlib
from array import array
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import numpy as np

from mofkit.licenses.detect.thresholds import (
    LONG_TEXT,
    MIN_CONTAINMENT,
    MIN_RULE_LEN,
    SMALL_RULE,
)
from mofkit.licenses.detect.tokenize import LINE_BREAKS, STOPWORDS

FORMAT_VERSION = 4
HIGH = 1  # word flag: legalese
DIGITS = 2  # word flag: only digits
RARE_DF_FRACTION = 0.2
ANCHOR = 4  # rules at least this long are found by their first ANCHOR tokens
NGRAM = 6  # word n-grams of the rule texts, for unknown-licence detection
NGRAM_BITS = 32  # bits kept of an n-gram hash (28 saves 0.5 MB but adds false hits)
LINE_BREAK = -1  # what Index.query_ids maps a line break to
STOPWORD = -2  # ... and a stopword (markup: neither a licence word nor an unknown one)

KINDS: tuple[str, ...] = (
    "text", "notice", "reference", "tag", "intro", "clue", "false-positive",
)
KIND_CODES: dict[str, int] = {k: i for i, k in enumerate(KINDS)}

_LOCK = threading.Lock()
_INDEX: Index | None = None


def _native_u16(raw: bytes) -> array:
    a = array("H")
    a.frombytes(raw)
    if sys.byteorder != "little":
        a.byteswap()
    return a


@dataclass(slots=True, eq=False)
class Index:
    vocab: list[str]
    word_id: dict[str, int]
    word_flags: bytes
    tokens: bytes  # little-endian uint16 ids
    starts: array
    ids: list[str]
    expressions: list[str]
    kinds: bytes
    relevance: bytes
    min_cov: bytes
    continuous: bytes
    required: dict[int, list[tuple[int, int]]]
    # Per rule matched only whole or holding required phrases: how many stopwords
    # follow a word of those parts in the rule text (word position -> count).
    stops: dict[int, dict[int, int]]
    post_data: np.ndarray  # uint16 rule ids, grouped by word
    post_offsets: np.ndarray  # uint32, where each word's rule ids start
    rare_count: np.ndarray  # float64: distinct rare words per rule
    rule_lens: np.ndarray  # int64
    high_lens: np.ndarray  # int64: legalese tokens per rule
    seq_eligible: np.ndarray  # bool: rules the alignment stage may try
    # bool: short references and tags ScanCode aligns all the same (see load); a
    # stretch tries them apart from the other rules (candidates.TOP_SMALL).
    small_refs: np.ndarray
    min_rare: np.ndarray  # int64: rare words a candidate needs (2**40: not eligible)
    ngrams: np.ndarray  # uint32, sorted: hashes of the rule texts' word NGRAM-grams
    licenses: dict[str, tuple[str, str, str]]
    spdx_to_key: dict[str, str]
    whole: dict[bytes, int] = field(default_factory=dict)
    # word_id plus every line break (mapped to LINE_BREAK), for reading a query in one pass.
    query_ids: dict[str, int] = field(default_factory=dict)
    # Exact search: per length 1..ANCHOR, the sorted packed keys (16 bits per token)
    # of the rules of that length, or of the first ANCHOR tokens of longer rules,
    # and the rule ids in the same order.
    keys: dict[int, np.ndarray] = field(default_factory=dict)
    key_rids: dict[int, np.ndarray] = field(default_factory=dict)
    # Per rule of ANCHOR tokens or more, the packed key of its last ANCHOR tokens (0
    # for shorter rules): an anchored candidate is checked in full only when the text
    # has the same tokens where the rule would end.
    tail_keys: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.uint64))
    # Tables made at build time (see the layout above); empty in an index being built.
    derived: dict[str, np.ndarray] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.ids)

    def rule_len(self, rid: int) -> int:
        return self.starts[rid + 1] - self.starts[rid]

    def rule_bytes(self, rid: int) -> bytes:
        return self.tokens[2 * self.starts[rid]: 2 * self.starts[rid + 1]]

    def rule_tokens(self, rid: int) -> array:
        return _native_u16(self.rule_bytes(rid))

    def rule_text(self, rid: int) -> str:
        """The rule's words joined by spaces (the normalized text it matches)."""
        return " ".join(self.vocab[t] for t in self.rule_tokens(rid))

    def kind(self, rid: int) -> str:
        return KINDS[self.kinds[rid]]

    def is_long_text(self, rid: int) -> bool:
        """Whether rule ``rid`` is a licence text over ``LONG_TEXT`` words: matched
        exactly, ScanCode takes it out of the query before aligning (its match_query:
        ``is_license_text`` and length over 120)."""
        return self.kind(rid) == "text" and int(self.rule_lens[rid]) > LONG_TEXT

    def find_rule(self, identifier: str) -> int:
        return self.ids.index(identifier)

    def _derive(self) -> None:
        tokens, starts = self.tokens, self.starts
        whole: dict[bytes, int] = {}
        for rid in range(len(self.ids)):
            whole.setdefault(tokens[2 * starts[rid]: 2 * starts[rid + 1]], rid)
        self.whole = whole
        self.query_ids = dict(self.word_id)
        self.query_ids.update(dict.fromkeys(STOPWORDS, STOPWORD))
        self.query_ids.update(dict.fromkeys(LINE_BREAKS, LINE_BREAK))
        tok = np.frombuffer(tokens, dtype="<u2").astype(np.uint64)
        first = np.frombuffer(starts, dtype=np.uint32)[:-1].astype(np.int64)
        lens = self.rule_lens
        for ln in range(1, ANCHOR + 1):
            rids = np.flatnonzero(lens == ln) if ln < ANCHOR else np.flatnonzero(lens >= ln)
            key = np.zeros(len(rids), dtype=np.uint64)
            for k in range(ln):
                key = (key << np.uint64(16)) | tok[first[rids] + k]
            order = np.argsort(key, kind="stable")
            self.keys[ln] = key[order]
            self.key_rids[ln] = rids[order]
        long_rules = np.flatnonzero(lens >= ANCHOR)
        last = first[long_rules] + lens[long_rules] - ANCHOR
        tail = np.zeros(len(long_rules), dtype=np.uint64)
        for k in range(ANCHOR):
            tail = (tail << np.uint64(16)) | tok[last + k]
        self.tail_keys = np.zeros(len(lens), dtype=np.uint64)
        self.tail_keys[long_rules] = tail


def pack(tokens: np.ndarray, ln: int) -> np.ndarray:
    """Packed keys of every window of ``ln`` tokens (uint64, 16 bits per token)."""
    n = len(tokens) - ln + 1
    key = np.zeros(max(n, 0), dtype=np.uint64)
    for k in range(ln):
        key = (key << np.uint64(16)) | tokens[k: k + n]
    return key


_MIX1 = np.uint64(0x9E3779B97F4A7C15)
_MIX2 = np.uint64(0xBF58476D1CE4E5B9)


def ngram_hashes(tokens: np.ndarray) -> np.ndarray:
    """``NGRAM_BITS``-bit hashes (uint32) of every window of ``NGRAM`` token ids (uint64)."""
    n = len(tokens) - NGRAM + 1
    if n <= 0:
        return np.zeros(0, dtype=np.uint32)
    h = np.zeros(n, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for k in range(NGRAM):
            h = (h * _MIX1) ^ tokens[k: k + n]
        h ^= h >> np.uint64(29)
        h *= _MIX2
    return (h >> np.uint64(64 - NGRAM_BITS)).astype(np.uint32)


def encode_ngrams(hashes: np.ndarray) -> list[bytes]:
    """Sorted unique uint32 hashes → byte planes (low byte first) of the gaps between them."""
    gaps = np.diff(hashes.astype(np.int64), prepend=0).astype(np.int64)
    width = max(1, (int(gaps.max()).bit_length() + 7) // 8) if len(gaps) else 1
    return [((gaps >> (8 * k)) & 0xFF).astype(np.uint8).tobytes() for k in range(width)]


def decode_ngrams(planes: list[bytes]) -> np.ndarray:
    gaps = np.zeros(len(planes[0]), dtype=np.uint32)
    for k, plane in enumerate(planes):
        gaps |= np.frombuffer(plane, dtype=np.uint8).astype(np.uint32) << np.uint32(8 * k)
    return np.cumsum(gaps, dtype=np.uint32)


def default_path() -> Path:
    return Path(str(resources.files("mofkit.licenses") / "data" / "index.bin"))


def load(path: Path | None = None) -> Index:
    """Load an index file (the shipped one by default)."""
    raw = (path or default_path()).read_bytes()
    return from_data(pickle.loads(zlib.decompress(raw)))


DERIVED: dict[str, str] = {  # the build-time tables and their (little-endian) types
    "set_words": "<u2", "set_counts": "<u2", "set_sizes": "<u4",
    "cap_cut": "<u2",
}


def from_data(data: dict) -> Index:
    """The index of the unpickled ``data`` (without its derived tables while it is
    being built)."""
    if data.get("version") != FORMAT_VERSION:
        raise RuntimeError(f"licence index format {data.get('version')} != {FORMAT_VERSION}")
    vocab = data["vocab"]
    starts = array("I")
    starts.frombytes(data["starts"])
    if sys.byteorder != "little":
        starts.byteswap()
    word_id = {w: i for i, w in enumerate(vocab) if i}
    # Spelling variants, plurals and typos of a word ("licence", "licenses") are that
    # word, as in ScanCode's dictionary.
    word_id.update((w, word_id[c]) for w, c in data.get("aliases", {}).items())
    idx = Index(
        vocab=vocab,
        word_id=word_id,
        word_flags=data["word_flags"],
        tokens=data["tokens"],
        starts=starts,
        ids=data["ids"],
        expressions=data["expressions"],
        kinds=data["kinds"],
        relevance=data["relevance"],
        min_cov=data["min_cov"],
        continuous=data["continuous"],
        required=data["required"],
        stops=data.get("stops", {}),
        post_data=np.frombuffer(data["post_data"], dtype="<u2"),
        post_offsets=np.frombuffer(data["post_offsets"], dtype="<u4").astype(np.int64),
        rare_count=np.frombuffer(data["rare_count"], dtype="<u2").astype(np.float64),
        seq_eligible=np.zeros(0, dtype=bool),
        small_refs=np.zeros(0, dtype=bool),
        min_rare=np.zeros(0, dtype=np.int64),
        high_lens=np.frombuffer(data["high_len"], dtype="<u2").astype(np.int64),
        rule_lens=np.diff(np.frombuffer(data["starts"], dtype="<u4").astype(np.int64)),
        ngrams=decode_ngrams(data["ngrams"]),
        licenses=data["licenses"],
        spdx_to_key=data["spdx_to_key"],
        derived={k: np.frombuffer(data[k], dtype=t) for k, t in DERIVED.items() if k in data},
    )
    idx.rule_lens = np.diff(np.frombuffer(idx.starts, dtype=np.uint32).astype(np.int64))
    idx._derive()
    # As ScanCode's ``is_approx_matchable``: not tiny, not continuous (nor a required
    # phrase), not a false positive; ScanCode means to leave out short references and
    # tags too, but tests that before it has sized its rules (``is_small`` is still
    # unset in its index's _add_rules), so it ranks and aligns them like any rule. They
    # are flagged (``small_refs``): a stretch tries them only where it holds all their
    # legalese words, and apart from the other rules (candidates.candidates).
    kinds = np.frombuffer(idx.kinds, dtype=np.uint8)
    short_ref = (idx.rule_lens < SMALL_RULE) & (
        (kinds == KIND_CODES["reference"]) | (kinds == KIND_CODES["tag"]))
    approx = (
        (idx.rule_lens >= MIN_RULE_LEN)
        & (kinds != KIND_CODES["false-positive"])
        & (np.frombuffer(idx.continuous, dtype=np.uint8) == 0)
        & (idx.rare_count > 0)
    )
    idx.seq_eligible = approx & ~short_ref
    idx.small_refs = approx & short_ref
    idx.min_rare = np.where(approx, np.ceil(MIN_CONTAINMENT * idx.rare_count),
                            2**40).astype(np.int64)
    return idx


def get_index() -> Index:
    """The shipped index, loaded once per process."""
    global _INDEX
    if _INDEX is None:
        with _LOCK:
            if _INDEX is None:
                _INDEX = load()
    return _INDEX
