"""The audit as plain text for a terminal or a log (no colour, fits 100 columns)."""

from __future__ import annotations

from collections.abc import Sequence

from mofkit.audit.obligations import describe
from mofkit.audit.result import AuditResult, ModelAudit
from mofkit.report.table import Column, render_table

SHOWN_USAGES = 3
WIDTH = 100


def _class(m: ModelAudit) -> str:
    a = m.assessment
    if a is None:
        return "not assessed"
    osaid = a.osaid.verdict.value
    return f"{a.label or 'no MOF class'}; OSAID {osaid}"


def _where(m: ModelAudit) -> str:
    shown = ", ".join(u.where for u in m.usages[:SHOWN_USAGES])
    more = len(m.usages) - SHOWN_USAGES
    return shown + (f" (+{more} more)" if more > 0 else "")


def _table(columns: list[Column], rows: Sequence[Sequence[object]]) -> str:
    """A table under a section heading: headers, indented two spaces, within WIDTH."""
    return render_table(columns, rows, width=WIDTH, indent=2).rstrip("\n")


def render_text(result: AuditResult) -> str:
    lines: list[str] = []
    add = lines.append
    policy = result.policy
    add(f"mof audit {result.root}: {len(result.models)} model(s) from "
        f"{result.discovery.files_read} file(s); policy "
        f"{policy.path or '(none: inventory only)'}; today {result.today.isoformat()}")
    add("")
    add("Models")
    if not result.models:
        add("  none found")
    for m in result.models:
        verdict = "ok" if m.ok else "FAIL"
        if m.allowed_by:
            verdict += f" (allowed by {m.allowed_by})"
        add(f"  {m.label}  [{verdict}]")
        if m.resolved_revision and m.resolved_revision != m.revision:
            add(f"    revision read: {m.resolved_revision}")
        add(f"    {_class(m)}")
        licence = m.licence or "none"
        add(f"    licence: {licence} ({m.licence_kind})")
        if m.error:
            add(f"    error: {m.error}")
        if m.obligations:
            add(f"    obligations: {', '.join(m.obligations)}")
        add(f"    used at: {_where(m)}")
    failing = result.failing
    if failing:
        add("")
        add("Findings")
        add(_table([Column("Level"), Column("Rule"), Column("Where", wrap=True),
                    Column("Message", wrap=True)],
                   [(f.level, f.rule, f.where or None, f.message) for f in failing]))
    waived = result.waived
    if waived:
        add("")
        add("Waived by an exception")
        rows = []
        for f in waived:
            exc = f.waived_by
            assert exc is not None
            rows.append((f.rule, f.model, exc.reason, exc.expires.isoformat()))
        add(_table([Column("Rule"), Column("Model", wrap=True), Column("Reason", wrap=True),
                    Column("Until")], rows))
    local = result.discovery.of_kind("local")
    if local:
        add("")
        add("Local models (not on the Hub, not assessed)")
        for u in local:
            add(f"  {u.where}  {u.model}")
    unresolved = result.discovery.of_kind("unresolved")
    if unresolved and result.policy.unresolved == "ignore":
        add("")
        add("Unresolved model ids (ignored by the policy)")
        for u in unresolved:
            add(f"  {u.where}  {u.expression}")
    total = result.obligations()
    if total:
        add("")
        add("Obligations for the whole codebase")
        for key, models in total.items():
            add(f"  {key}: {describe(key)}")
            add(f"    {', '.join(models)}")
    if result.notes:
        add("")
        add("Notes")
        for note in result.notes:
            add(f"  {note}")
    add("")
    blocking = sum(f.blocking for f in result.findings)
    if result.ok:
        add(f"policy holds: {len(result.models)} model(s), "
            f"{len(result.waived)} finding(s) waived")
    else:
        add(f"policy does not hold: {blocking} blocking finding(s)")
    return "\n".join(lines) + "\n"
