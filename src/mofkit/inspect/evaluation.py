"""Evaluation results and evaluation data.

Result files (scores, metrics) are evaluation results, never evaluation data;
examples, test fixtures, dependency manifests and docs in an evaluation folder
are neither.

Results: ``model-index`` in the card metadata (the Hub's structured results),
result tables in the card's evaluation sections, result files
(``eval_results.json``, ``results*.json`` in an evaluation folder,
``.eval_results/*.yaml``). Data: data files in an evaluation folder, and the
benchmark datasets a ``model-index`` names (public, outside the release).
"""

from __future__ import annotations

import re

from mofkit.inspect.context import ScanContext
from mofkit.inspect.finding import Finding
from mofkit.inspect.kinds import DATA_SUFFIXES, is_code, is_example_path
from mofkit.inspect.libraries import MANIFESTS
from mofkit.rules.ids import EVALUATION_DATA, EVALUATION_RESULTS

RESULTS = EVALUATION_RESULTS
DATA = EVALUATION_DATA
_EVAL_DIR = re.compile(r"^(?:eval|evals|evaluation|evaluations|benchmarks?|results|downstream|"
                       r"downstream[-_]tasks|\.eval_results)$", re.I)
_RESULT_FILE = re.compile(r"^(?:.*[-_])?(?:eval_results|all_results|results?|scores?|metrics|"
                          r"leaderboard)(?:[-_].*)?\.(?:json|jsonl|csv|tsv|md|yaml|yml)$", re.I)
_EVAL_DATA_FILE = re.compile(r"(?:^|[-_])(?:test|eval|validation|val|dev|benchmark)"
                             r"(?:[-_.]|$)", re.I)
_TABLE_ROW = re.compile(r"^\s*\|.*\|\s*$")
_METRIC = re.compile(r"\b(?:accuracy|acc|f1|bleu|rouge\w*|exact match|perplexity|pass@\d+|"
                     r"mmlu|auc|win rate|score)\b", re.I)
_NUMBER = re.compile(r"\d+(?:\.\d+)?\s*%?")


def inspect(ctx: ScanContext) -> list[Finding]:
    findings = _files(ctx)
    card = ctx.card
    if card is None:
        return findings
    index = card.metadata.get("model-index")
    if isinstance(index, list) and index:
        results = [
            result for entry in index if isinstance(entry, dict)
            for result in entry.get("results", []) or [] if isinstance(result, dict)
        ]
        line = card.meta_line("model-index")
        findings.append(Finding(
            RESULTS, card.path, f"card metadata model-index with {len(results)} result(s)",
            line, 0.95,
        ))
        names = sorted({
            str(result.get("dataset", {}).get("name") or result.get("dataset", {}).get("type"))
            for result in results if isinstance(result.get("dataset"), dict)
        })
        if names:
            findings.append(Finding(
                DATA, card.path, "model-index names public benchmark datasets: "
                + ", ".join(names[:8]), line, 0.55, external=True,
            ))
    for section in card.find_sections(r"evaluat|results|benchmark|performance"):
        prose: Finding | None = None
        for offset, row in enumerate(section.body):
            if _TABLE_ROW.match(row) and _NUMBER.search(row) and not set(
                row.replace("|", "").strip()
            ) <= set("-: "):
                findings.append(Finding(
                    RESULTS, card.path, f"result table in the card section '{section.title}'",
                    section.line + offset + 1, 0.8,
                ))
                prose = None
                break
            metric = _METRIC.search(row)
            if prose is None and metric and _NUMBER.search(row):
                prose = Finding(
                    RESULTS, card.path, f"card section '{section.title}' reports a result: "
                    f"{metric.group(0)!r}", section.line + offset + 1, 0.6,
                )
        if prose is not None:
            findings.append(prose)
    return findings


def _files(ctx: ScanContext) -> list[Finding]:
    findings: list[Finding] = []
    for item in ctx.snapshot.files:
        if is_example_path(item) or ctx.foreign(item) or item.name.lower() in MANIFESTS or (
            item.name.lower().startswith(("requirements", "readme", "license", "licence"))
        ):
            continue  # examples, fixtures, manifests and docs are not evaluation data
        in_eval = any(_EVAL_DIR.match(part) for part in item.parts[:-1])
        if _RESULT_FILE.match(item.name) and (in_eval or item.name.lower().startswith(
            ("eval_results", "all_results")
        )):
            findings.append(Finding(RESULTS, item.path, "evaluation results file", None, 0.8))
        elif in_eval and item.suffix in DATA_SUFFIXES and not is_code(item):
            findings.append(Finding(DATA, item.path, "data file in an evaluation folder", None,
                                    0.75))
        elif item.suffix in (".jsonl", ".parquet", ".csv", ".tsv") and _EVAL_DATA_FILE.search(
            item.name.rsplit(".", 1)[0]
        ):
            findings.append(Finding(DATA, item.path, "held-out data file (test/eval split)", None,
                                    0.6))
    return findings
