"""Licence policy: the verdict on a licence string for one component type.

mofkit's rules (they differ from the Model Openness Tool's exact-string checks
on purpose; see ``data/policy.yml`` for the judgements):

* a licence is *open* if it is OSI-approved or FSF-libre, or an open data /
  content licence, or OpenMDW-1.0 -- and is not restrictive or non-commercial;
* it is *type-appropriate* if it suits the component type: a software licence
  for code, an open data licence for data, an open content licence for documents;
* expressions: OR takes the most open alternative, AND the worst part,
  ``X WITH exception`` is judged as X.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, get_args

from mofkit.errors import MofError
from mofkit.licenses.verdict import Kind, LicenceVerdict
from mofkit.release import ComponentType

if TYPE_CHECKING:
    from mofkit.licenses.catalog import LicenceInfo

_TYPES: tuple[str, ...] = get_args(ComponentType)
_RANK = {kind: n for n, kind in enumerate(Kind)}  # Kind is ordered best to worst
_WANTED = {
    "code": "an open source licence",
    "data": "an open data licence",
    "document": "an open content licence",
}
_PROPRIETARY_CATEGORIES = {
    "Commercial": "a commercial licence",
    "Proprietary Free": "a proprietary licence",
    "Source-available": "a source-available licence",
    "CLA": "a contributor agreement, not a licence",
    "Patent License": "a patent licence only",
    "Unstated License": "a licence of unstated terms",
}


@dataclass(frozen=True, slots=True)
class _Part:
    kind: Kind
    reason: str
    osi_approved: bool
    open_terms: bool
    sources: tuple[str, ...] = ()
    verified: bool = True


UNVERIFIED = "unverified: mofkit records no primary source for its facts about {id}"


def _sourced(part: _Part, info: LicenceInfo) -> _Part:
    """The part with the licence's sources; an unverified licence says so in the reason."""
    reason = part.reason if info.verified else f"{part.reason} ({UNVERIFIED.format(id=info.id)})"
    return replace(part, reason=reason, sources=info.sources, verified=info.verified)


CUSTOM = "{id} is a custom licence, not reviewed: not open until reviewed"


def _custom(licence: str) -> _Part:
    """A licence mofkit has no entry for, named by the release (``LicenseRef-<slug>``)."""
    from mofkit.licenses.named import says_non_commercial

    reason = CUSTOM.format(id=licence)
    if says_non_commercial(licence):
        return _Part(Kind.NON_COMMERCIAL, f"{reason}; its name says non-commercial or "
                     f"research use only", False, False)
    return _Part(Kind.PROPRIETARY, reason, False, False)


def _describe(suits: Sequence[str], open_data: bool, open_content: bool) -> str:
    if "code" in suits or not (open_data or open_content):
        return "an open source licence"
    if open_data and open_content:
        return "an open data and content licence"
    return "an open data licence" if open_data else "an open content licence"


@functools.lru_cache(maxsize=8192)
def _judge_id(licence: str, exception: str | None, component_type: str) -> _Part:
    from mofkit.licenses.catalog import lookup

    info = lookup(licence)
    if info is None:
        from mofkit.licenses.named import is_custom_ref

        if is_custom_ref(licence):
            return _custom(licence)
        return _Part(Kind.UNKNOWN, f"{licence} is not in mofkit's licence catalog", False, False)
    return _sourced(_judge_info(info, exception, component_type), info)


def _judge_info(info: LicenceInfo, exception: str | None, component_type: str) -> _Part:
    with_note = f" (the {exception} exception does not change that)" if exception else ""
    if info.is_exception:
        return _Part(
            Kind.UNKNOWN,
            f"{info.id} is a licence exception, not a licence; write 'LICENCE WITH {info.id}'",
            False,
            False,
        )
    if info.openness == "open":
        what = _describe(info.suits, info.open_data, info.open_content)
        if component_type in info.suits:
            reason = f"{info.id} is {what}, appropriate for a {component_type} component"
            kind = Kind.OPEN
        else:
            reason = (f"{info.id} is {what}; a {component_type} component should carry "
                      f"{_WANTED[component_type]}")
            kind = Kind.OPEN_WRONG_TYPE
        if info.why:
            reason += f" (mofkit counts it open: {info.why})"
        return _Part(kind, reason + with_note, info.osi_approved, info.open_terms)
    label = f"{info.id} ({info.name})" if info.name != info.id else info.id
    if info.openness == "restrictive":
        why = info.why or f"ScanCode classes it '{info.category}'"
        reason = f"{label} is not open: it restricts use; {why}"
        kind = Kind.RESTRICTIVE
    elif info.openness == "non-commercial":
        why = f"; {info.why}" if info.why else ""
        reason = f"{label} is not open: it forbids commercial use{why}"
        kind = Kind.NON_COMMERCIAL
    elif info.openness == "unknown":
        reason = f"{label}: {info.why or 'the licence is not known'}"
        kind = Kind.UNKNOWN
    elif info.category in _PROPRIETARY_CATEGORIES:
        reason = f"{label} is {_PROPRIETARY_CATEGORIES[info.category]}, not an open licence"
        kind = Kind.PROPRIETARY
    else:
        reason = (f"{label} is not open by mofkit's rules: it is neither OSI-approved nor "
                  f"FSF-libre nor on mofkit's list of open data and content licences "
                  f"(ScanCode category: {info.category})")
        kind = Kind.PROPRIETARY
    return _Part(kind, reason + with_note, False, False)


def _best(parts: Sequence[_Part]) -> _Part:
    best = min(parts, key=lambda p: (_RANK[p.kind], not p.osi_approved, not p.open_terms))
    return _Part(
        best.kind,
        f"the most open alternative counts: {best.reason}",
        any(p.osi_approved for p in parts),
        any(p.open_terms for p in parts),
        best.sources,
        best.verified,
    )


def _worst(parts: Sequence[_Part]) -> _Part:
    worst = max(parts, key=lambda p: (_RANK[p.kind], not p.osi_approved, not p.open_terms))
    return _Part(
        worst.kind,
        f"every part must be open, the weakest decides: {worst.reason}",
        all(p.osi_approved for p in parts),
        all(p.open_terms for p in parts),
        worst.sources,
        worst.verified,
    )


def judge(
    written: str | None, component_type: ComponentType, *, license_name: str | None = None
) -> LicenceVerdict:
    """The verdict on the licence ``written`` for a component of ``component_type``.

    ``license_name`` is Hugging Face's name for a ``license: other`` licence.
    Bad input never raises except for an unknown component type (a caller bug
    reported as a :class:`MofError`).
    """
    if component_type not in _TYPES:
        raise MofError(f"unknown component type {component_type!r}; expected one of "
                       f"{', '.join(_TYPES)}", source="licence policy")
    if written is not None and not isinstance(written, str):
        written = str(written)
    if license_name is not None and not isinstance(license_name, str):
        license_name = str(license_name)
    return _judge(written, component_type, license_name)


@functools.lru_cache(maxsize=8192)
def _judge(written: str | None, component_type: str, license_name: str | None) -> LicenceVerdict:
    from mofkit.licenses.resolver import normalize

    if written is None or not written.strip():
        return LicenceVerdict(Kind.UNLICENSED, "no licence is stated", written, None, "empty")
    norm = normalize(written, license_name=license_name)
    if norm.licence is None:
        if norm.rule == "hf-other":
            named = f" {license_name!r}" if license_name else ""
            return LicenceVerdict(
                Kind.PROPRIETARY,
                f"'other' is a custom licence{named} that mofkit does not know "
                f"({norm.detail}); custom terms are not open",
                written, None, norm.rule,
            )
        detail = norm.detail or (f"{written.strip()!r} is not a licence id or name mofkit "
                                 f"knows; write an SPDX id such as Apache-2.0")
        return LicenceVerdict(Kind.UNKNOWN, detail, written, None, norm.rule)
    part = _judge_expression(norm.licence, component_type)
    reason = "; ".join((part.reason, *norm.notes)) if norm.notes else part.reason
    return LicenceVerdict(
        kind=part.kind,
        reason=reason,
        written=written,
        licence=norm.licence,
        rule=norm.rule,
        osi_approved=part.osi_approved,
        open_terms=part.open_terms,
        type_appropriate=part.kind is Kind.OPEN,
        sources=part.sources,
        verified=part.verified,
    )


def _judge_expression(licence: str, component_type: str) -> _Part:
    from mofkit.licenses.catalog import lookup

    if lookup(licence) is not None:  # a single id: no expression machinery needed
        return _judge_id(licence, None, component_type)
    from mofkit.licenses.expression import Leaf, combine, parse

    node = parse(licence)
    if node is None:
        return _Part(Kind.UNKNOWN, f"{licence!r} is not a valid licence expression", False, False)
    part = combine(
        node, lambda leaf: _judge_id(leaf.licence, leaf.exception, component_type), _best, _worst
    )
    if isinstance(node, Leaf):  # X WITH exception
        return part
    return replace(part, reason=f"{licence}: {part.reason}")
