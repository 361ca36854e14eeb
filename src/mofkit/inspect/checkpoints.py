"""Intermediate model parameters: checkpoints saved during training.

Released checkpoints need files, revisions or a download the card offers:

* weight files inside checkpoint or step folders (``checkpoint-1000/``,
  ``step143000/``, ``global_step500/``), judged like final weights (a header,
  the size floor of ``weights.py``): one finding per folder, so a suite of 150
  checkpoints stays readable;
* revisions the card loads (``revision="step143000"``: Pythia-style Hub
  branches);
* card sentences that say checkpoints are published and where (available,
  released, hosted, on a branch, a link). "Email us", "on request" or
  "available to partners" is not released: a hint. Numbers need word
  boundaries: "T5 checkpoints" is not "5 checkpoints".
"""

from __future__ import annotations

import re

from mofkit.inspect.context import ScanContext
from mofkit.inspect.finding import CARD, CONTENT, LINK, NAME, Finding
from mofkit.inspect.kinds import checkpoint_folder, is_weight_file
from mofkit.inspect.weights import declared_parameters, floors

COMPONENT = "model-parameters-intermediate"
MAX_HEADERS = 64  # checkpoint folders whose first weight header is read
_REVISION = re.compile(
    r"""revision\s*[=:]\s*["']?((?:step|checkpoint|ckpt|global_step|iter)[-_]?\d+)""", re.I
)
_STATEMENT = re.compile(
    r"\bintermediate\s+(?:training\s+)?checkpoints?\b|\b(?:\d[\d,]*|all)\s+(?:intermediate\s+|"
    r"training\s+)?checkpoints\b|\bcheckpoints?\s+(?:are|is|were|will be)\s+"
    r"(?:also\s+)?(?:available|released|published|hosted|provided)", re.I,
)
_OFFERED = re.compile(r"\b(?:available|released|publish(?:ed)?|hosted|provided|download\w*|"
                      r"branch(?:es)?|revisions?|on the hub|on hugging ?face)\b|https?://", re.I)
_NEGATION = re.compile(r"\b(?:no|not|without|never|don't|do not|aren't|isn't)\b", re.I)
_WITHHELD = re.compile(r"\b(?:on request|upon request|request access|email|e-mail|contact us|"
                       r"reach out|partners?|arrange access|by application|apply for)\b", re.I)


def inspect(ctx: ScanContext) -> list[Finding]:
    findings = _folders(ctx)
    card = ctx.card
    if card is None:
        return findings
    for number, line in card.body_lines():
        revision = _REVISION.search(line)
        if revision:
            findings.append(Finding(
                COMPONENT, card.path,
                f"card loads the intermediate revision {revision.group(1)!r}", number, 0.75,
                kind=CARD,
            ))
            continue
        statement = _STATEMENT.search(line)
        if not statement or _NEGATION.search(line):
            continue
        said = statement.group(0)
        if _WITHHELD.search(line):
            findings.append(Finding(
                COMPONENT, card.path, f"card mentions {said!r}, available only on request: "
                "not released", number, 0.3, kind=CARD,
            ))
        elif _OFFERED.search(line):
            link = "https://" in line or "http://" in line
            findings.append(Finding(
                COMPONENT, card.path, f"card states: {said!r} published"
                + (" (with a link)" if link else ""), number, 0.6, kind=LINK if link else CARD,
            ))
        else:
            findings.append(Finding(
                COMPONENT, card.path, f"card mentions {said!r} without saying they are "
                "published", number, 0.35, kind=CARD,
            ))
    return findings


def _folders(ctx: ScanContext) -> list[Finding]:
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
    min_params, min_bytes = floors(False, declared_parameters(ctx))
    for number, (folder, paths) in enumerate(folders.items()):
        items = [found for path in paths if (found := ctx.snapshot.get(path)) is not None]
        if number >= MAX_HEADERS or not items:
            findings.append(Finding(
                COMPONENT, paths[0], f"checkpoint folder {folder}/ holds {len(paths)} weight "
                "file(s)", None, 0.8, kind=NAME,
            ))
            continue
        headers = [ctx.header(item) for item in items]
        usable = [(item, h) for item, h in zip(items, headers, strict=True) if h.ok]
        params = sum(h.parameters or 0 for _, h in usable)
        size = sum(h.size if h.size is not None else item.size for item, h in usable)
        detail = f"; {headers[0].describe()}"
        if not usable:
            findings.append(Finding(
                COMPONENT, paths[0], f"checkpoint folder {folder}/: no usable weight file"
                + detail, None, 0.3, kind=CONTENT,
            ))
        elif params >= min_params or size >= min_bytes:
            findings.append(Finding(
                COMPONENT, paths[0],
                f"checkpoint folder {folder}/ holds {len(paths)} weight file(s){detail}", None,
                0.95, kind=CONTENT,
            ))
        else:
            findings.append(Finding(
                COMPONENT, paths[0], f"checkpoint folder {folder}/ holds only "
                f"{params:,} parameters / {size:,} bytes: too small for a model checkpoint"
                + detail, None, 0.35, kind=CONTENT,
            ))
    return findings
