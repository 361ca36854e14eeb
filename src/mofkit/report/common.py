"""What every human-readable report says, worded once: class states, component
licences, first evidence, licence conflicts, gap lists and the one-line
"what is missing" summary of `mof check`.

The writers (text, Markdown, HTML, badges) only lay these out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from mofkit.assess.model import (
    Assessment,
    ClassResult,
    ComponentResult,
    Gap,
    GapItem,
    OsaidVerdict,
    Status,
)
from mofkit.release import Evidence
from mofkit.report.verdict import licence_name, status_word
from mofkit.rules import load_mof

ROMAN = load_mof().numerals()  # class number -> "III", "II", "I" (the rules' numerals)

STATUS_LABEL = {status: status_word(status.value) for status in Status}
# Colours as the Model Openness Tool uses them: qualified green, in progress blue,
# not met grey. Hex values are shared by the HTML report and the badges.
STATE_COLOUR = {"qualified": "#2e7d32", "in progress": "#1565c0", "not met": "#757575"}
OSAID_COLOUR = {"pass": "#2e7d32", "fail": "#c62828", "unknown": "#ef6c00"}
STATUS_COLOUR = {
    Status.OPEN: "#2e7d32",
    Status.OPEN_WRONG_TYPE: "#ef6c00",
    Status.NOT_OPEN: "#c62828",
    Status.UNLICENSED: "#c62828",
    Status.MISSING: "#757575",
}


def class_state(cr: ClassResult) -> str:
    """qualified / in progress / not met, as the MOT's badges say it."""
    if cr.qualified:
        return "qualified"
    return "in progress" if cr.progress > 0 else "not met"


def percent(value: float) -> str:
    """A progress figure for people: whole percent unless a fraction matters."""
    rounded = round(value, 1)
    return f"{rounded:.0f}%" if rounded == int(rounded) else f"{rounded:.1f}%"


def class_summary(cr: ClassResult) -> str:
    """e.g. "qualified", "in progress 60%", "not met"."""
    state = class_state(cr)
    return f"in progress {percent(cr.progress)}" if state == "in progress" else state


def ordered_components(a: Assessment) -> list[ComponentResult]:
    """Class III first, required before optional, in the rules' order otherwise."""
    return sorted(a.components, key=lambda c: (-c.mof_class, not c.required))


def licence_id(c: ComponentResult) -> str:
    """The licence a component rests on: its canonical id, else the string as written."""
    if c.status in (Status.MISSING, Status.UNLICENSED):
        return ""
    shown = c.verdict.licence if c.verdict and c.verdict.licence else None
    return shown or c.licence_written or "?"


def licence_label(c: ComponentResult) -> str:
    """The licence a component rests on, as people name it ("none" when unlicensed)."""
    if c.status is Status.UNLICENSED:
        return "none"
    return licence_name(licence_id(c))


_LICENCE_REF = re.compile(r"LicenseRef-[A-Za-z0-9.+-]*[A-Za-z0-9]")


def humanise(text: str) -> str:
    """Text for people: ``LicenseRef-…`` ids in it replaced by the licences' names."""
    return _LICENCE_REF.sub(lambda m: licence_name(m.group(0)), text)


# What each evidence kind (release.EVIDENCE_KINDS) rests on, in a report's words.
EVIDENCE_KIND_WORDS = {
    "content": "file content read",
    "name": "file name only",
    "card": "model card statement",
    "link": "a link, not read",
}


@dataclass(frozen=True)
class EvidenceView:
    """One piece of evidence as every human format shows it."""

    where: str  # path:line, or "" for a summary line ("and 3 more finding(s)")
    why: str
    confidence: float | None
    kind: str | None  # content / name / card statement / link, when the scan says

    def details(self) -> str:
        parts = []
        if self.confidence is not None:
            parts.append(f"confidence {self.confidence * 100:.0f}%")
        if self.kind:
            parts.append(EVIDENCE_KIND_WORDS.get(self.kind, self.kind))
        return ", ".join(parts)


def evidence_views(c: ComponentResult) -> list[EvidenceView]:
    out = []
    for ev in c.evidence:
        kind_text = str(ev.kind) if ev.kind else None
        if not ev.path or ev.path == "…":
            out.append(EvidenceView("", ev.why, None, None))
            continue
        where = f"{ev.path}:{ev.line}" if ev.line else ev.path
        out.append(EvidenceView(where, humanise(ev.why), ev.confidence, kind_text))
    return out


def fit_path(path: str, width: int) -> str:
    """``path`` within ``width`` characters, shortened in the middle (never split)."""
    if len(path) <= width or width < 8:
        return path
    keep = width - 1
    head = keep // 3
    return path[:head] + "…" + path[len(path) - (keep - head):]


def licence_detail(c: ComponentResult) -> str:
    """Where the licence comes from and, when not open, what kind it is."""
    parts: list[str] = []
    if c.licence_from and c.licence_from != "component" and c.status is not Status.MISSING:
        parts.append(f"from {c.licence_from}")
    if c.status is Status.NOT_OPEN and c.verdict is not None:
        parts.append(c.verdict.kind.value)
    return ", ".join(parts)


def first_evidence_item(c: ComponentResult) -> Evidence | None:
    for ev in c.evidence:
        if ev.path and ev.path != "…":
            return ev
    return None


def first_evidence(c: ComponentResult) -> str:
    """``path:line`` of the first piece of evidence, or ``path``; "" when none."""
    ev = first_evidence_item(c)
    if ev is None:
        return ""
    return f"{ev.path}:{ev.line}" if ev.line else ev.path


@dataclass(frozen=True)
class ConflictView:
    why: str
    components: tuple[str, ...]
    statements: tuple[str, ...]  # "MIT (LICENSE:1)"


def conflicts_of(a: Assessment) -> list[ConflictView]:
    """Licence conflicts the assessment carries, if its source found any.

    A scan attaches them as ``assessment.conflicts``: objects with ``to_dict()``
    (or plain dicts) shaped ``{"why", "components", "statements": [{"licence",
    "path", "line"}]}``. Records carry none.
    """
    items: Any = getattr(a, "conflicts", None) or []
    views: list[ConflictView] = []
    for item in items:
        data = item.to_dict() if hasattr(item, "to_dict") else dict(item)
        statements = []
        for st in data.get("statements") or []:
            where = st.get("path") or ""
            if where and st.get("line"):
                where += f":{st['line']}"
            statements.append(f"{st.get('licence') or '?'}" + (f" ({where})" if where else ""))
        views.append(ConflictView(str(data.get("why") or ""),
                                  tuple(str(x) for x in data.get("components") or ()),
                                  tuple(statements)))
    return views


def gap_steps(gaps: list[Gap]) -> list[tuple[Gap, list[GapItem], int]]:
    """Each gap with the steps not already listed by the class gap before it.

    Class gaps are cumulative (the steps to Class II include those to Class III),
    so a report lists only the new steps and says how many were shown above.
    Returns ``(gap, new_items, repeated_count)``.
    """
    out: list[tuple[Gap, list[GapItem], int]] = []
    seen: set[tuple[str, str, str]] = set()
    for gap in gaps:
        if gap.target == "osaid":
            out.append((gap, list(gap.items), 0))
            continue
        new = [i for i in gap.items if (i.component, i.action, i.suggestion) not in seen]
        out.append((gap, new, len(gap.items) - len(new)))
        seen.update((i.component, i.action, i.suggestion) for i in gap.items)
    return out


def gap_repeat(repeated: int, more: bool) -> str:
    """How a gap heading refers to steps already listed for a lower class."""
    if not repeated:
        return ""
    steps = f"{repeated} step{'s' if repeated != 1 else ''} listed above"
    return f" ({steps}, plus:)" if more else f" (the {steps})"


def suggestion(item: GapItem) -> str:
    from mofkit.rules import load_mof

    by_id = load_mof().by_id
    names = [by_id[a].name.lower() if a in by_id else a for a in item.alternatives]
    alt = f" (or instead: the {', '.join(names)})" if names else ""
    return item.suggestion + alt


def _short(a: Assessment, cid: str) -> str:
    c = a.component(cid)
    name = c.name[0].lower() + c.name[1:]
    if c.status is Status.MISSING:
        return f"{name} missing"
    if c.status is Status.UNLICENSED:
        return f"{name} unlicensed"
    licence = licence_label(c)
    return f"{name} not open ({licence})" if licence else f"{name} not open"


def class_shortfall(a: Assessment, number: int) -> list[str]:
    """What keeps the release from class ``number``, one phrase per component."""
    cr = a.classes[number]
    items: list[str] = []
    for cid in [*cr.missing, *cr.not_open, *cr.unlicensed]:
        phrase = _short(a, cid)
        if phrase not in items:
            items.append(phrase)
    if not items and not cr.qualified:
        items.append(f"progress {percent(cr.progress)}")
    return items


def osaid_shortfall(a: Assessment) -> list[str]:
    items = []
    for el in a.osaid.elements.values():
        if el.verdict is not OsaidVerdict.PASS:
            short = [r for r in el.reasons if len(r) <= 70][:2]
            reason = f" ({'; '.join(short)})" if short else ""
            items.append(f"{el.name.lower()} {el.verdict.value}{reason}")
    return items


def created_at() -> str:
    """When a document was made, as ISO 8601 UTC (seconds). ``SOURCE_DATE_EPOCH``
    (the reproducible-builds convention) fixes it, for byte-identical output."""
    import datetime as dt
    import os

    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    try:
        moment = dt.datetime.fromtimestamp(int(epoch), dt.UTC) if epoch else dt.datetime.now(dt.UTC)
    except (ValueError, OverflowError, OSError):
        moment = dt.datetime.now(dt.UTC)
    return moment.replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def stable_uuid(assessments: list[Assessment]) -> str:
    """A UUID that depends only on what is reported, so equal input gives equal ids."""
    import json
    import uuid

    key = json.dumps([a.to_dict() for a in assessments], sort_keys=True, default=str)
    return str(uuid.uuid5(uuid.NAMESPACE_URL, "mofkit:" + key))


def slug(text: str) -> str:
    import re

    return re.sub(r"[^A-Za-z0-9.-]+", "-", text).strip("-") or "release"


def mofkit_version() -> str:
    from mofkit.version import __version__

    return str(__version__)


@dataclass(frozen=True)
class Overview:
    """What every human format says above and beside the details: the verdict line,
    where it comes from, claims that cannot be true, use restrictions, the legend."""

    verdict: str
    provenance: Any  # verdict.Provenance
    implausible: list[str]
    restrictions: list[Any]  # verdict.Restriction
    stated: list[tuple[str, str]]  # use restrictions a scan read in files: (where, why)
    legend: list[str]
    date: str  # "released 2026-03-01 (stated in the model card)" / "release date unknown ·
    # record dated 2025-11-03" / ""


def overview(a: Assessment) -> Overview:
    from mofkit.report import verdict as v

    data = a.to_dict()
    stated = []
    for item in (a.scan or {}).get("restrictions") or []:
        where = str(item.get("path") or "") + (f":{item['line']}" if item.get("line") else "")
        stated.append((where, humanise(str(item.get("why") or ""))))
    return Overview(v.verdict_line(data), v.provenance(data), v.implausible_claims(data),
                    v.restrictions(data), stated, v.legend(data), v.dates_line(data))


def subtitle(a: Assessment, view: Overview) -> str:
    rel = a.release
    return " · ".join(x for x in (rel.producer, rel.version, view.date) if x)


def restriction_groups(items: list[Any]) -> list[tuple[str, list[Any], str | None, str | None]]:
    """Restriction chips grouped by the licence that sets them, in first-seen order:
    ``(licence, chips, url of its primary source or text, file of the release stating it)``."""
    groups: dict[str, list[Any]] = {}
    for item in items:
        groups.setdefault(item.licence, []).append(item)
    return [(licence, chips, next((r.source for r in chips if r.source), None),
             next((r.where for r in chips if r.where), None))
            for licence, chips in groups.items()]
