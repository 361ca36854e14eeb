"""What every human-readable report says, worded once: class states, component
licences, first evidence, licence conflicts, gap lists and the one-line
"what is missing" summary of `mof check`.

The writers (text, Markdown, HTML, badges) only lay these out.
"""

from __future__ import annotations

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

ROMAN = {1: "I", 2: "II", 3: "III"}
CLASS_NUMBER = {"I": 1, "II": 2, "III": 3, "1": 1, "2": 2, "3": 3}

STATUS_LABEL = {
    Status.OPEN: "open",
    Status.OPEN_WRONG_TYPE: "open*",
    Status.NOT_OPEN: "not open",
    Status.UNLICENSED: "unlicensed",
    Status.MISSING: "missing",
}
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


def licence_label(c: ComponentResult) -> str:
    """The licence a component rests on, short enough for a table cell."""
    if c.status is Status.MISSING:
        return ""
    if c.status is Status.UNLICENSED:
        return "none"
    shown = c.verdict.licence if c.verdict and c.verdict.licence else None
    if shown is None or (shown.startswith("LicenseRef-") and c.licence_written):
        shown = c.licence_written or shown or "?"
    return shown


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
    from mofkit import __version__

    return str(__version__)
