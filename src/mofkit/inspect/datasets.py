"""Datasets: the training (and validation) data.

Evidence: data files under a data folder in the release (one finding per
folder, with file count and size); the card's ``datasets:`` metadata (Hub
dataset ids: published, outside the release); for a fine-tune, the datasets
named in its card are its fine-tuning data.
"""

from __future__ import annotations

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
    card = ctx.card
    names = ctx.metadata.get("datasets")
    if card is not None and names:
        items = names if isinstance(names, list) else [names]
        findings.append(Finding(
            COMPONENT, card.path,
            "card metadata names the training datasets: " + ", ".join(map(str, items[:10])),
            card.meta_line("datasets"), 0.7, external=True,
        ))
    return findings
