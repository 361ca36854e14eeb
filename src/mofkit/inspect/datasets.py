"""Datasets: the training (and validation) data.

Evidence: data files under a data folder in the release (one finding per
folder, with file count and size); the card's ``datasets:`` metadata (Hub
dataset ids: published, outside the release) — every name, however many; Hub
dataset links in the card's prose, when the card presents them as training
data (a link elsewhere is only a hint); for a fine-tune, the datasets named in
its card are its fine-tuning data.
"""

from __future__ import annotations

from mofkit.inspect import card_links
from mofkit.inspect.context import ScanContext
from mofkit.inspect.finding import Finding
from mofkit.inspect.kinds import DATA_DIRS, DATA_SUFFIXES, is_code

COMPONENT = "datasets"
_SKIP_DIRS = frozenset({"eval", "evals", "evaluation", "benchmarks", "benchmark", "results",
                        "samples", "examples", "outputs"})


def inspect(ctx: ScanContext) -> list[Finding]:
    findings: list[Finding] = []
    folders: dict[str, tuple[str, int, int]] = {}  # folder -> (first path, files, bytes)
    packages = {(item.root, item.parent) for item in ctx.snapshot.files
                if item.name == "__init__.py"}
    for item in ctx.snapshot.files:
        parts = [part.lower() for part in item.parts[:-1]]
        if not parts or not set(parts) & DATA_DIRS or set(parts) & _SKIP_DIRS:
            continue
        if is_code(item) or item.suffix not in DATA_SUFFIXES or item.name.lower() == "readme.md":
            continue
        index = next(i for i, part in enumerate(parts) if part in DATA_DIRS)
        if (item.root, "/".join(item.parts[:index])) in packages:
            continue  # package data of a Python library, not training data
        folder = "/".join(item.parts[: index + 1])
        key = f"{item.root}:{folder}" if item.root else folder
        first, count, size = folders.get(key, (item.path, 0, 0))
        folders[key] = (first, count + 1, size + item.size)
    for folder, (first, count, size) in folders.items():
        findings.append(Finding(
            COMPONENT, first, f"data folder {folder}/ holds {count} data file(s), {size:,} bytes",
            None, 0.9,
        ))
    if ctx.card is not None:
        findings.extend(_card_datasets(ctx))
    return findings


MAX_LISTED = 30  # names written out in one finding; the count always says how many


def _card_datasets(ctx: ScanContext) -> list[Finding]:
    card = ctx.card
    assert card is not None
    named = card_links.datasets(card)
    findings: list[Finding] = []
    meta = [item.name for item in named if item.how == "metadata"]
    if meta:
        listed = ", ".join(meta[:MAX_LISTED])
        if len(meta) > MAX_LISTED:
            listed += f", and {len(meta) - MAX_LISTED} more"
        findings.append(Finding(
            COMPONENT, card.path,
            f"card metadata names {len(meta)} training dataset(s): {listed}",
            card.meta_line("datasets"), 0.7, external=True,
        ))
    for item in named:
        if item.how != "link":
            continue
        if item.training:
            findings.append(Finding(
                COMPONENT, card.path, f"card links the Hub dataset {item.name} as training data",
                item.line, 0.65, external=True,
            ))
        else:
            findings.append(Finding(
                COMPONENT, card.path,
                f"card links the Hub dataset {item.name} (not presented as training data)",
                item.line, 0.35, external=True,
            ))
    return findings
