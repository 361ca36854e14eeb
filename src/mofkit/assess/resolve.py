"""Which licence covers each component, and what that licence means for it.

Resolution order (the MOF tool's, kept by both rule sets): the component's own
licence; else the release's global licence for the component's type (code,
data, document); else the global distribution licence; else none. A component
explicitly marked unlicensed never inherits.
"""

from __future__ import annotations

from collections.abc import Callable

from mofkit.assess.model import ComponentResult, Status
from mofkit.licenses.verdict import Kind, LicenceVerdict
from mofkit.release import ComponentEntry, ComponentType, Release
from mofkit.rules import Component, MofRules, fold_placeholder

Judge = Callable[[str | None, ComponentType], LicenceVerdict]

_STATUS = {
    Kind.OPEN: Status.OPEN,
    Kind.OPEN_WRONG_TYPE: Status.OPEN_WRONG_TYPE,
    Kind.UNLICENSED: Status.UNLICENSED,
}


def resolve_licence(
    entry: ComponentEntry, comp: Component, release: Release
) -> tuple[str | None, str | None, str | None]:
    """(licence as written, where it came from, path of the licence text) for an entry."""
    if entry.licence is not None:
        return (entry.licence or None, "component", entry.licence_path)
    for scope in (comp.type, "distribution"):
        statement = release.licences.get(scope)
        if statement is not None and statement.name:
            return (statement.name, scope, statement.path)
    return (None, None, None)


def component_results(
    release: Release, rules: MofRules, judge: Judge, *, read_placeholders: bool
) -> dict[str, ComponentResult]:
    """One result per component of the framework, in the rules' order.

    With ``read_placeholders`` (the ``mof`` rule set), a licence field that says
    "Component not included" makes the component missing and "Undisclosed"
    makes it unlicensed; the MOT tool reads both as a not-open licence.
    """
    results: dict[str, ComponentResult] = {}
    for comp in rules.components:
        entry = release.entry(comp.id)
        result = ComponentResult(
            id=comp.id, name=comp.name, type=comp.type, mof_class=comp.mof_class,
            required=comp.required, status=Status.MISSING,
        )
        results[comp.id] = result
        result.elsewhere = release.elsewhere_for(comp.id)
        if entry is None:
            if not comp.required:
                # The MOF marks it optional: not shown is not a shortfall of any class.
                result.note = "none listed - optional in the MOF, it never changes the class"
            continue
        result.evidence = list(entry.evidence)
        result.component_path = entry.component_path
        written, source, path = resolve_licence(entry, comp, release)
        result.licence_written, result.licence_from, result.licence_path = written, source, path
        meaning = rules.placeholders.get(fold_placeholder(written)) if written else None
        if read_placeholders and meaning == "not-included":
            result.note = f"the record says the component is not included ({written!r})"
            result.licence_written = result.licence_from = result.licence_path = None
            continue
        if read_placeholders and meaning == "undisclosed":
            result.verdict = LicenceVerdict(
                Kind.UNLICENSED, f"licence undisclosed ({written!r})", written, None, "placeholder"
            )
            result.status = Status.UNLICENSED
            continue
        verdict = judge(written, comp.type)
        result.verdict = verdict
        result.status = _STATUS.get(verdict.kind, Status.NOT_OPEN)
        if result.status is Status.OPEN_WRONG_TYPE:
            rule = rules.types[comp.type]
            text = verdict.reason
            if rule.wants not in text:
                text += f"; the MOF asks for {rule.wants}"
            result.warning = f"{comp.name}: {text} (e.g. {rule.recommended})"
    return results
