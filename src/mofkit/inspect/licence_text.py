"""Licence names and texts, as the rest of ``inspect`` needs them.

This module is the one door to ``mofkit.licenses``: it uses
``mofkit.licenses.detect.identify`` (full-text identification) and
``mofkit.licenses.resolver`` (licence strings to ids) when they are
installed, and otherwise a small fallback that knows the titles of the
licences model releases use most. The fallback only keeps the scanner useful
on its own; the licence package is the authority.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any


@dataclass(frozen=True)
class Identified:
    """A licence found in a text: its id and the lines it spans (1-based).

    ``coverage`` is the share (0-100) of the licence's words the text holds;
    ``kind`` what the matched rule is (``text``, ``notice``, ``reference``...);
    ``key`` the ScanCode key.
    """

    licence: str
    start_line: int | None = None
    end_line: int | None = None
    rule: str = ""
    coverage: float = 100.0
    kind: str = "text"
    key: str = ""

    @property
    def generic(self) -> bool:
        """A category, not a licence one can name ("a proprietary licence")."""
        return self.key in GENERIC_KEYS or self.key.startswith("unknown")


# ScanCode keys that say what kind of licence a text is without naming one.
GENERIC_KEYS = frozenset({
    "proprietary-license", "proprietary", "commercial-license", "other-permissive",
    "other-copyleft", "free-unknown", "warranty-disclaimer", "generic-tos", "license-clue",
})
# A licence text is identified when it holds this share of one licence's words: real
# LICENSE files of a licence score 99.6-100; a different licence of the same family (a
# point release, a derivative) scores lower (Llama 3 as Llama 3.1: 96%).
IDENTIFIED_COVERAGE = 99.0
# The generic keys that still say which kind of licence a text is.
CATEGORY_KEYS = frozenset({"proprietary-license", "proprietary", "commercial-license",
                           "other-permissive", "other-copyleft"})
UNIDENTIFIED = "LicenseRef-scancode-unknown"


@dataclass(frozen=True)
class TextReading:
    """What a licence file says, as far as the text engine can tell.

    ``licences``: the licences identified (each at least ``IDENTIFIED_COVERAGE``);
    ``closest``: when none is, the nearest licence text and its coverage;
    ``generic``: the text only reads as a kind of licence (proprietary...).
    """

    licences: tuple[Identified, ...]
    closest: Identified | None = None
    generic: Identified | None = None

    @property
    def identified(self) -> bool:
        return bool(self.licences)

    def describe(self) -> str:
        """Why the text is not identified, for a note."""
        if self.closest is not None:
            return (f"licence text not identified (closest: {self.closest.licence}, "
                    f"{self.closest.coverage:.0f}%)")
        if self.generic is not None:
            return f"licence text not identified by name (it reads as {self.generic.licence})"
        return "licence text not identified"


def read_text(text: str) -> TextReading:
    """Identify a licence file: exact licences, or the closest one and how close."""
    found = identify(text, keep_weak=True)
    named = [item for item in found if not item.generic]
    strong = tuple(item for item in named if item.coverage >= IDENTIFIED_COVERAGE)
    weak = [item for item in named if item.coverage < IDENTIFIED_COVERAGE]
    strong_texts = tuple(item for item in strong if item.kind == "text")
    if strong and not any(item.kind == "text" for item in weak):
        return TextReading(strong)
    if strong_texts:
        return TextReading(strong_texts)
    closest = max(weak, key=lambda item: item.coverage, default=None)
    kinds = [item for item in found if item.key in CATEGORY_KEYS]
    generic = next((item for item in kinds if item.kind == "text"), kinds[0] if kinds else None)
    return TextReading((), closest, generic)


# (pattern on the text, SPDX id or LicenseRef). Order matters: specific first.
_FALLBACK_TEXTS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.I | re.S), licence) for pattern, licence in (
        (r"llama 2 community license", "LicenseRef-scancode-llama-2-license-2023"),
        (r"llama 3\.1 community license", "LicenseRef-scancode-llama-3.1-license-2024"),
        (r"llama 3 community license", "LicenseRef-scancode-llama-3-license-2024"),
        (r"gemma terms of use", "LicenseRef-scancode-gemma-terms-2024"),
        (r"bigscience (?:open )?rail", "LicenseRef-scancode-bigscience-rail-1.0"),
        (r"attribution-noncommercial-sharealike 4\.0 international", "CC-BY-NC-SA-4.0"),
        (r"attribution-noncommercial 4\.0 international", "CC-BY-NC-4.0"),
        (r"attribution-sharealike 4\.0 international", "CC-BY-SA-4.0"),
        (r"attribution 4\.0 international", "CC-BY-4.0"),
        (r"cc0 1\.0 universal", "CC0-1.0"),
        (r"community data license agreement\W+permissive\W+version 2\.0", "CDLA-Permissive-2.0"),
        (r"apache license\W+version 2\.0", "Apache-2.0"),
        (r"permission is hereby granted,?\s+free of charge", "MIT"),
        (r"redistribution and use in source and binary forms.*neither the name", "BSD-3-Clause"),
        (r"redistribution and use in source and binary forms", "BSD-2-Clause"),
        (r"gnu general public license\W+version 3", "GPL-3.0-only"),
        (r"mozilla public license(?: version|,)? 2\.0", "MPL-2.0"),
    )
)

# Licence names as people write them in prose and metadata.
MENTION = re.compile(
    r"\b(?:CC[- ]BY(?:[- ](?:NC|SA|ND))*[- ]\d\.\d|CC0(?:[- ]1\.0)?"
    r"|Apache(?:[- ]License)?(?:,?[- ]v(?:ersion)?)?[- ]?2(?:\.0)?"
    r"|MIT(?:[- ]License)?|BSD[- ][23][- ]Clause"
    r"|[AL]?GPL[- ]?v?[23](?:\.0)?(?:[- ]only|[- ]or[- ]later|\+)?"
    r"|MPL[- ]2\.0|CDLA[- ](?:Permissive|Sharing)[- ][12]\.0"
    r"|ODC[- ]By(?:[- ]1\.0)?|ODbL(?:[- ]1\.0)?"
    r"|(?:BigScience[- ]|BigCode[- ])?Open[- ]?RAIL(?:[- ]?[MS])?(?:\+\+)?"
    r"|Llama[- ]?\d(?:\.\d)?[- ]Community[- ]Licen[sc]e(?:[- ]Agreement)?"
    r"|Gemma[- ]Terms(?:[- ]of[- ]Use)?|OpenMDW(?:[- ]1\.0)?|Unlicense)\b",
    re.I,
)

_FALLBACK_NAMES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), licence) for pattern, licence in (
        (r"^apache(?:license)?(?:v|version)?2(?:\.0)?$", "apache-2.0"),
        (r"^mit(?:license)?$", "mit"),
        (r"^ccby4\.0$", "cc-by-4.0"),
        (r"^ccbync4\.0$", "cc-by-nc-4.0"),
        (r"^ccbysa4\.0$", "cc-by-sa-4.0"),
        (r"^cc0(?:1\.0)?$", "cc0-1.0"),
        (r"^llama2(?:communitylicen[sc]e(?:agreement)?|license2023)?$", "llama-2-license-2023"),
        (r"^llama3\.1(?:communitylicen[sc]e(?:agreement)?|license2024)?$",
         "llama-3.1-license-2024"),
        (r"^bsd3clause$", "bsd-3-clause"),
        (r"^bsd2clause$", "bsd-2-clause"),
    )
)


def _optional(module: str, name: str) -> Callable[..., Any] | None:
    try:
        imported = __import__(module, fromlist=[name])
    except ImportError:
        return None
    function = getattr(imported, name, None)
    return function if callable(function) else None


@cache
def _identify() -> Callable[..., Any] | None:
    # token lists skipped, version families told apart (mofkit.licenses.reading)
    return _optional("mofkit.licenses.reading", "identify")


@cache
def _normalize() -> Callable[..., Any] | None:
    # the function from its module: once ``mofkit.licenses.resolver`` is imported, the
    # package attribute of that name is the submodule, not the function
    return _optional("mofkit.licenses.resolver", "normalize")


def identify(text: str, *, keep_weak: bool = False) -> list[Identified]:
    """The licences a text contains (a LICENSE file, a README section).

    Licence-like text the engine cannot name is left out unless ``keep_weak``.
    """
    detect = _identify()
    if detect is not None:
        found = []
        for match in detect(text):
            key = str(getattr(match, "key", ""))
            if not keep_weak and (getattr(match, "kind", "") == "unknown" or "unknown" in key):
                continue  # licence-like text the engine could not name
            licence = getattr(match, "spdx", None) or f"LicenseRef-scancode-{match.key}"
            found.append(Identified(licence, getattr(match, "start_line", None),
                                    getattr(match, "end_line", None),
                                    str(getattr(match, "rule", "") or "detect"),
                                    float(getattr(match, "coverage", 100.0)),
                                    str(getattr(match, "kind", "text")), key))
        return found
    for pattern, licence in _FALLBACK_TEXTS:
        match = pattern.search(text)
        if match:
            line = text.count("\n", 0, match.start()) + 1
            return [Identified(licence, line, None, "title (fallback)")]
    return []


def mentions(line: str) -> list[str]:
    """Licence names mentioned in a line of prose, as written."""
    return [match.group(0) for match in MENTION.finditer(line)]


def known(written: str, license_name: str | None = None) -> bool:
    """Whether mofkit knows the licence a string names."""
    normalize = _normalize()
    if normalize is None:
        return any(p.search(re.sub(r"[\s_,-]+", "", written.lower())) for p, _ in _FALLBACK_NAMES)
    try:
        return bool(normalize(written, license_name=license_name).known)
    except Exception:
        return False


def is_open(written: str, license_name: str | None = None) -> bool:
    """Whether mofkit's policy counts the licence as open (for any kind of component)."""
    judge = _optional("mofkit.licenses.policy", "judge")
    if judge is None:
        return False
    verdict = judge(written, "code", license_name=license_name)
    return str(getattr(verdict.kind, "value", verdict.kind)) in ("open", "open-wrong-type")


def resolved(written: str, license_name: str | None = None) -> str | None:
    """The licence id or expression mofkit's resolver reads in ``written`` (with a Hub
    ``license_name``), or ``None`` when it resolves to nothing."""
    normalize = _normalize()
    if normalize is None:
        return None
    result = normalize(written, license_name=license_name)
    return str(result.licence) if getattr(result, "known", False) and result.licence else None


_VERSION_TAIL = re.compile(r"(?:\s*(?:\(\d{4}-\d{2}-\d{2}\)|v?\d+(?:\.\d+)+|version\s+\S+))+$",
                           re.I)


def same_licence(first: str, second: str, license_name: str | None = None) -> bool:
    """Whether two statements name the same licence: the same id, or the same licence
    title once a version or date ends one of them ("FLUX.1 [dev] Non-Commercial License"
    and its text "... v1.1.1"): a tag that names the licence and the text of one of
    its versions agree."""
    if canonical(first, license_name) == canonical(second):
        return True
    titles = [_title(first, license_name), _title(second)]
    if titles[0] is None or titles[1] is None:
        return False
    plain = [_VERSION_TAIL.sub("", str(title)).strip().lower() for title in titles]
    versioned = [stripped != str(title).lower() for stripped, title in zip(plain, titles,
                                                                            strict=True)]
    # One names the licence, the other one version of it (GPL v2 and v3 both have one).
    return plain[0] == plain[1] and versioned[0] != versioned[1]


def _title(written: str, license_name: str | None = None) -> str | None:
    normalize = _normalize()
    lookup = _optional("mofkit.licenses.catalog", "lookup")
    if normalize is None or lookup is None:
        return None
    try:
        found = normalize(written, license_name=license_name)
        info = lookup(found.licence) if found.known and found.licence else None
    except Exception:
        return None
    return str(info.name) if info is not None else None


def canonical(written: str, license_name: str | None = None) -> str:
    """A key to compare two licence statements: equal keys, same licence."""
    normalize = _normalize()
    if normalize is not None:
        try:
            result = normalize(written, license_name=license_name)
        except Exception:
            result = None
        if result is not None and getattr(result, "known", False) and result.licence:
            return str(result.licence).lower()
    text = license_name if written.strip().lower() == "other" and license_name else written
    key = text.strip().lower().removeprefix("licenseref-scancode-")
    key = re.sub(r"[\s_,-]+", "", key)
    for pattern, licence in _FALLBACK_NAMES:
        if pattern.search(key):
            return licence
    return key
