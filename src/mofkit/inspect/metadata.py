"""Model metadata: training configuration, optimizer states, logs.

Strong evidence: trainer state and arguments (``trainer_state.json``,
``training_args.bin``), optimizer and scheduler states (``optimizer.pt``),
training configurations (``configs/*.yml`` of a training run), logs. Weak
evidence: ``config.json`` and ``generation_config.json``, which describe the
model rather than its training.
"""

from __future__ import annotations

import re

from mofkit.inspect.context import ScanContext
from mofkit.inspect.finding import Finding
from mofkit.inspect.kinds import CONFIG_SUFFIXES, is_training_state
from mofkit.rules.ids import MODEL_METADATA

COMPONENT = MODEL_METADATA
_CONFIG_DIRS = frozenset({"configs", "config", "conf", "hparams", "recipes"})
_LOG = re.compile(r"\.(?:log|tfevents\..*)$|^events\.out\.tfevents", re.I)
MAX_PER_KIND = 5


def inspect(ctx: ScanContext) -> list[Finding]:
    findings: list[Finding] = []
    counts: dict[str, int] = {}

    def add(kind: str, item_path: str, why: str, confidence: float) -> None:
        counts[kind] = counts.get(kind, 0) + 1
        if counts[kind] <= MAX_PER_KIND:
            findings.append(Finding(COMPONENT, item_path, why, None, confidence))

    for item in ctx.snapshot.files:
        name = item.name.lower()
        if is_training_state(item):
            add("state", item.path, f"training state {item.name} (optimizer/scheduler/trainer)",
                0.9)
        elif item.suffix in CONFIG_SUFFIXES and {p.lower() for p in item.parts[:-1]} & (
            _CONFIG_DIRS
        ):
            add("config", item.path, "training configuration file", 0.75)
        elif _LOG.search(item.name) or "wandb" in (p.lower() for p in item.parts[:-1]):
            add("log", item.path, "training log", 0.7)
        elif name in ("config.json", "generation_config.json") and item.depth == 0:
            add("model-config", item.path, f"{item.name} (model configuration only)", 0.4)
    return findings
