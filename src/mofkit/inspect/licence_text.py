"""Licence names and texts, as the rest of ``inspect`` needs them.

This module is the one door to ``mofkit.licenses``: full-text
identification is ``mofkit.licenses.reading.identify`` (the detection engine,
token lists skipped, version families told apart) and licence strings go
through ``mofkit.licenses.resolver``. Both are imported on first use, so that
importing ``inspect`` stays cheap; they are part of mofkit, so there is no
fallback to hide a failure behind.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mofkit.licenses.resolver import Normalized


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

def _normalize(written: str, license_name: str | None = None) -> Normalized:
    from mofkit.licenses.resolver import normalize

    return normalize(written, license_name=license_name)


def identify(text: str, *, keep_weak: bool = False) -> list[Identified]:
    """The licences a text contains (a LICENSE file, a README section).

    Licence-like text the engine cannot name is left out unless ``keep_weak``.
    """
    from mofkit.licenses.reading import identify as read

    found = []
    for match in read(text):
        if not keep_weak and (match.kind == "unknown" or "unknown" in match.key):
            continue  # licence-like text the engine could not name
        licence = match.spdx or f"LicenseRef-scancode-{match.key}"
        found.append(Identified(licence, match.start_line, match.end_line,
                                match.rule or "detect", float(match.coverage), match.kind,
                                match.key))
    return found


def mentions(line: str) -> list[str]:
    """Licence names mentioned in a line of prose, as written."""
    return [match.group(0) for match in MENTION.finditer(line)]


def known(written: str, license_name: str | None = None) -> bool:
    """Whether mofkit knows the licence a string names."""
    return _normalize(written, license_name).known


def is_open(written: str, license_name: str | None = None) -> bool:
    """Whether mofkit's policy counts the licence as open (for any kind of component)."""
    from mofkit.licenses.policy import judge
    from mofkit.licenses.verdict import Kind

    verdict = judge(written, "code", license_name=license_name)
    return verdict.kind in (Kind.OPEN, Kind.OPEN_WRONG_TYPE)


def resolved(written: str, license_name: str | None = None) -> str | None:
    """The licence id or expression mofkit's resolver reads in ``written`` (with a Hub
    ``license_name``), or ``None`` when it resolves to nothing."""
    result = _normalize(written, license_name)
    return result.licence if result.known and result.licence else None


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
    from mofkit.licenses.catalog import lookup

    found = _normalize(written, license_name)
    info = lookup(found.licence) if found.known and found.licence else None
    return info.name if info is not None else None


def canonical(written: str, license_name: str | None = None) -> str:
    """A key to compare two licence statements: equal keys, same licence."""
    result = _normalize(written, license_name)
    if result.known and result.licence:
        return result.licence.lower()
    text = license_name if written.strip().lower() == "other" and license_name else written
    key = text.strip().lower().removeprefix("licenseref-scancode-")
    return re.sub(r"[\s_,-]+", "", key)
