"""The audit as SARIF 2.1.0, so code-scanning UIs show each finding at the line
that loads the model: one result per finding and place of use, the rule ids of
``checks.RULES``, locations relative to ``SRCROOT`` (the audited folder), and
findings an active exception waives carried as accepted external suppressions
with the exception's reason.

A SARIF region addresses the artifact's own text, and a notebook's text is its
JSON; so a place in a notebook is the ``.ipynb`` file at the line of the JSON text
that holds the source line (``startLine`` only: columns in the JSON text are not
the cell's), and the location carries the cell's view as well: its message says
``cell N, line L, column C`` and its properties hold ``cell``, ``cellLine`` and
``cellColumn``."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from mofkit.audit.checks import RULES
from mofkit.audit.result import AuditResult
from mofkit.audit.usage import Usage

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
DEFAULT_LEVELS = {"unresolved": "warning", "exception-expired": "warning"}


def _rules() -> list[dict[str, Any]]:
    return [{
        "id": rule.id,
        "name": rule.name,
        "shortDescription": {"text": rule.short},
        "help": {"text": rule.help},
        "defaultConfiguration": {"level": DEFAULT_LEVELS.get(rule.id, "error")},
    } for rule in RULES.values()]


def _fingerprint(*parts: object) -> str:
    return hashlib.sha256("\0".join(str(p) for p in parts).encode()).hexdigest()[:32]


def _location(usage: Usage) -> dict[str, Any]:
    artifact = {"uri": usage.path, "uriBaseId": "SRCROOT"}
    if usage.cell is None:
        return {"physicalLocation": {
            "artifactLocation": artifact,
            "region": {"startLine": usage.line, "startColumn": usage.column},
        }}
    return {
        "physicalLocation": {"artifactLocation": artifact,
                             "region": {"startLine": usage.file_line or 1}},
        "message": {"text": f"cell {usage.cell}, line {usage.line}, column {usage.column}"},
        "properties": {"cell": usage.cell, "cellLine": usage.line,
                       "cellColumn": usage.column},
    }


def sarif_log(result: AuditResult) -> dict[str, Any]:
    from mofkit.report.common import mofkit_version

    index = {rule: n for n, rule in enumerate(RULES)}
    results: list[dict[str, Any]] = []
    for finding in result.findings:
        for usage in finding.usages:
            item: dict[str, Any] = {
                "ruleId": finding.rule,
                "ruleIndex": index[finding.rule],
                "level": finding.level,
                "message": {"text": finding.message},
                "locations": [_location(usage)],
                "partialFingerprints": {"mofAudit/v1": _fingerprint(
                    finding.rule, finding.model, finding.revision, usage.path,
                    usage.expression)},
            }
            properties: dict[str, Any] = {}
            if finding.model:
                properties["model"] = finding.model
            if finding.revision:
                properties["revision"] = finding.revision
            if properties:
                item["properties"] = properties
            if finding.waived_by is not None:
                exc = finding.waived_by
                item["suppressions"] = [{
                    "kind": "external", "status": "accepted",
                    "justification": f"{exc.reason} (policy exception until "
                                     f"{exc.expires.isoformat()})",
                }]
            results.append(item)
    root = Path(result.root).resolve()
    folder = root if root.is_dir() else root.parent
    run: dict[str, Any] = {
        "tool": {"driver": {
            "name": "mofkit",
            "fullName": "mofkit audit (Model Openness Framework policy)",
            "version": mofkit_version(),
            "rules": _rules(),
        }},
        "originalUriBaseIds": {"SRCROOT": {"uri": folder.as_uri() + "/"}},
        "results": results,
        "invocations": [{
            "executionSuccessful": True,
            "toolExecutionNotifications": [
                {"level": "note", "message": {"text": note}} for note in result.notes],
        }],
        "properties": {"policy": result.policy.path, "today": result.today.isoformat(),
                       "result": "pass" if result.ok else "fail"},
    }
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}


def render_sarif(result: AuditResult) -> str:
    return json.dumps(sarif_log(result), indent=2, ensure_ascii=False) + "\n"
