"""Intermediate model parameters: checkpoints saved during training.

Evidence, strongest first: weight files inside checkpoint or step folders
(``checkpoint-1000/``, ``step143000/``, ``global_step500/``); revision names
such as ``revision="step143000"`` in the card (Pythia-style branches); card
sentences that say intermediate checkpoints are published. One finding per
checkpoint folder, so a suite of 150 checkpoints stays readable.
"""

from __future__ import annotations

import re

from mofkit.inspect.context import ScanContext
from mofkit.inspect.finding import Finding
from mofkit.inspect.kinds import checkpoint_folder, is_weight_file

COMPONENT = "model-parameters-intermediate"
MAX_HEADERS = 64  # checkpoint folders whose first weight header is read
_REVISION = re.compile(
    r"""revision\s*[=:]\s*["']?((?:step|checkpoint|ckpt|global_step|iter)[-_]?\d+)""", re.I
)
_STATEMENT = re.compile(
    r"intermediate\s+(?:training\s+)?checkpoints?|(?:\d+|all)\s+(?:training\s+)?checkpoints"
    r"|checkpoints?\s+(?:are|is)\s+(?:available|released|published|hosted)", re.I,
)
_NEGATION = re.compile(r"\b(?:no|not|without|never|don't|do not|aren't|isn't)\b", re.I)


def inspect(ctx: ScanContext) -> list[Finding]:
    findings: list[Finding] = []
    folders: dict[str, list[str]] = {}
    for item in ctx.snapshot.files:
        if not is_weight_file(item):
            continue
        folder = checkpoint_folder(item)
        if folder is not None:
            folders.setdefault(f"{item.root}:{folder}" if item.root else folder, []).append(
                item.path
            )
    for number, (folder, paths) in enumerate(folders.items()):
        first = ctx.snapshot.get(paths[0])
        header = ctx.header(first) if first is not None and number < MAX_HEADERS else None
        detail = f"; {header.describe()}" if header is not None and header.ok else ""
        findings.append(Finding(
            COMPONENT, paths[0],
            f"checkpoint folder {folder}/ holds {len(paths)} weight file(s){detail}", None, 0.95,
        ))
    card = ctx.card
    if card is None:
        return findings
    for number, line in card.body_lines():
        revision = _REVISION.search(line)
        if revision:
            findings.append(Finding(
                COMPONENT, card.path,
                f"card loads the intermediate revision {revision.group(1)!r}", number, 0.75,
            ))
            continue
        statement = _STATEMENT.search(line)
        if statement and not _NEGATION.search(line):
            findings.append(Finding(
                COMPONENT, card.path, f"card states: {statement.group(0)!r}", number, 0.6,
            ))
    return findings
