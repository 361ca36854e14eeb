"""The audit in GitHub-flavoured Markdown, ready for a pull-request comment."""

from __future__ import annotations

from mofkit.audit.obligations import describe
from mofkit.audit.result import AuditResult


def _cell(text: object) -> str:
    value = str(text)
    for char in "\\`*_{}[]<>()#+!|":
        value = value.replace(char, "\\" + char)
    return " ".join(value.split())


def render_markdown(result: AuditResult) -> str:
    out: list[str] = []
    add = out.append
    state = "✅ policy holds" if result.ok else "❌ policy does not hold"
    add(f"## mof audit: {state}")
    add("")
    add(f"{len(result.models)} model(s) found in {result.discovery.files_read} file(s); "
        f"policy: {_cell(result.policy.path or 'none (inventory only)')}; "
        f"evaluated on {result.today.isoformat()}.")
    add("")
    if result.models:
        add("| model | MOF class | OSAID | licence | policy | used at |")
        add("|---|---|---|---|---|---|")
        for m in result.models:
            a = m.assessment
            klass = (a.label or "none") if a else "not assessed"
            osaid = a.osaid.verdict.value if a else "-"
            where = ", ".join(u.where for u in m.usages[:3])
            if len(m.usages) > 3:
                where += f" (+{len(m.usages) - 3})"
            verdict = "pass" if m.ok else "**fail**"
            add(f"| {_cell(m.label)} | {_cell(klass)} | {osaid} | "
                f"{_cell(m.licence or 'none')} ({m.licence_kind}) | {verdict} | "
                f"{_cell(where)} |")
        add("")
    failing = result.failing
    if failing:
        add("### Findings")
        add("")
        for f in failing:
            add(f"- **{f.level}** `{f.rule}` {_cell(f.where)}: {_cell(f.message)}")
        add("")
    waived = result.waived
    if waived:
        add("### Waived by an exception")
        add("")
        for f in waived:
            exc = f.waived_by
            assert exc is not None
            add(f"- `{f.rule}` {_cell(f.model)}: {_cell(exc.reason)} "
                f"(until {exc.expires.isoformat()})")
        add("")
    total = result.obligations()
    if total:
        add("<details><summary>Obligations for the whole codebase</summary>")
        add("")
        add("| obligation | meaning | models |")
        add("|---|---|---|")
        for key, models in total.items():
            add(f"| {_cell(key)} | {_cell(describe(key))} | {_cell(', '.join(models))} |")
        add("")
        add("</details>")
        add("")
    if result.notes:
        add("<details><summary>Notes</summary>")
        add("")
        for note in result.notes:
            add(f"- {_cell(note)}")
        add("")
        add("</details>")
        add("")
    return "\n".join(out)
