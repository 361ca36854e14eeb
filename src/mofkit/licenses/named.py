"""Licence names mofkit has no entry for: custom licences, and names written loosely.

* :func:`fuzzy` finds a catalog licence whose name has the same words in another order,
  or one word misspelt by a letter (never a different number: "Apache 3.0" stays
  unresolved).
* :func:`custom_id` turns a licence *name* that resolves to nothing ("Tencent Hunyuan
  Community License Agreement", a Hub ``license_name`` such as ``yi-license``) into
  ``LicenseRef-<slug of the name>``: a custom licence, not reviewed, so not open until
  someone reviews it. :func:`says_non_commercial` tells when the name itself says
  non-commercial or research-only.
* :func:`looks_like_name` decides whether free text is a licence name at all ("BAAI
  Aquila Model License" is; "License only specified in original dataset" and "pubmed"
  are not).
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections import defaultdict

CUSTOM_PREFIX = "LicenseRef-"
# ids LicenseDB and mofkit give licences they know; any other LicenseRef- id is custom
_KNOWN_REF = re.compile(r"^LicenseRef-(?:scancode|mofkit)-", re.I)
_REF_ID = re.compile(r"^LicenseRef-[A-Za-z0-9.\-]+$")
_NON_COMMERCIAL = re.compile(
    r"non[\s_-]*commercial|(?<![a-z])nc(?![a-z])|research[\s_-]+(?:only|use|purposes?)|"
    r"非商业|非商用", re.I)
# A name ends with a licence word, perhaps followed by a version
_ENDS_LIKE_NAME = re.compile(
    r"(?:licen[cs]e|agreement|terms(?:\s+of\s+(?:use|service))?|eula|"
    r"许可协议|许可证|许可|协议)"
    r"(?:[\s_-]*(?:v(?:ersion)?[\s_-]*)?\d+(?:\.\d+)*)?\W*$", re.I)
_WORDS = re.compile(r"[^\W_]+", re.UNICODE)
_LIST_MARK = re.compile(r"[,;:]|https?://")  # a list or a sentence, not one name
# Words that name no licence of their own: "Other License", "Custom license", "see licence"
_GENERIC = frozenset((
    "a", "an", "the", "other", "others", "custom", "own", "see", "our", "its", "this", "same",
    "as", "license", "licence", "licenses", "licences", "agreement", "terms", "of", "use",
    "model", "open", "source", "software", "unknown", "specified", "original", "proprietary",
    "commercial", "restrictive", "restricted", "standard", "usage", "in", "repo", "repository",
    "file", "link", "v", "version", "under", "and", "or", "with", "for",
))
MAX_NAME_WORDS = 10


def is_custom_ref(licence_id: str) -> bool:
    """A ``LicenseRef-`` id neither LicenseDB nor mofkit gave: a custom licence."""
    return bool(_REF_ID.match(licence_id)) and not _KNOWN_REF.match(licence_id)


def says_non_commercial(text: str) -> bool:
    return bool(_NON_COMMERCIAL.search(text))


def looks_like_name(text: str) -> bool:
    """Whether ``text`` reads as the name of a licence: short, ending with a licence word
    (and maybe a version), and saying more than "other licence"."""
    words = _WORDS.findall(text.lower())
    if (not words or len(words) > MAX_NAME_WORDS or _LIST_MARK.search(text)
            or not _ENDS_LIKE_NAME.search(text)):
        return False
    return any(w not in _GENERIC and not w.isdigit() for w in words)


def slug(name: str) -> str:
    """``name`` as the idstring of a ``LicenseRef-`` id (letters, digits, ``.`` and ``-``);
    a name with no ASCII letters gets a short hash, so it still has a stable id."""
    text = re.sub(r"[^a-z0-9.]+", "-", name.lower()).strip("-.")
    text = re.sub(r"-{2,}", "-", text)
    if not re.search(r"[a-z]", text):
        digest = hashlib.sha1(name.strip().encode("utf-8")).hexdigest()[:10]
        text = f"{text}-{digest}".strip("-") if text else digest
    return text


def custom_id(name: str) -> str:
    return CUSTOM_PREFIX + slug(name)


@functools.cache
def _by_words() -> tuple[dict[str, int], dict[tuple[str, ...], list[tuple[list[str], int]]]]:
    """Catalog names indexed by their sorted words, and by their numbers (for typos)."""
    from mofkit.licenses.catalog import catalog

    cat = catalog()
    sorted_words: dict[str, set[int]] = defaultdict(set)
    by_numbers: dict[tuple[str, ...], list[tuple[list[str], int]]] = defaultdict(list)
    for table in (cat.names, cat.aliases):
        for key, position in table.items():
            words = key.split()
            sorted_words[" ".join(sorted(words))].add(position)
            numbers = tuple(w for w in words if w[0].isdigit())
            by_numbers[numbers].append((words, position))
    unique = {k: next(iter(v)) for k, v in sorted_words.items() if len(v) == 1}
    return unique, by_numbers


def _one_edit(a: str, b: str) -> bool:
    """Whether ``a`` and ``b`` differ by one inserted, dropped, changed or swapped letter."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diff) == 1 or (len(diff) == 2 and diff[1] == diff[0] + 1
                                  and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]])
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return any(long_[:i] + long_[i + 1:] == short for i in range(len(long_)))


@functools.lru_cache(maxsize=4096)
def fuzzy(key: str) -> int | None:
    """The catalog position of the one licence whose name key has the words of ``key``
    (a :func:`~mofkit.licenses.keys.name_key`) in any order, or the same words with
    one of five letters or more misspelt by one letter; numbers must match exactly."""
    words = key.split()
    if not words:
        return None
    unique, by_numbers = _by_words()
    found = unique.get(" ".join(sorted(words)))
    if found is not None:
        return found
    numbers = tuple(w for w in words if w[0].isdigit())
    hits = set()
    for candidate, position in by_numbers.get(numbers, ()):
        if len(candidate) != len(words):
            continue
        differ = [(w, c) for w, c in zip(words, candidate, strict=True) if w != c]
        if len(differ) == 1 and len(differ[0][1]) >= 5 and _one_edit(*differ[0]):
            hits.add(position)
    return next(iter(hits)) if len(hits) == 1 else None
