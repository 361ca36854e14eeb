"""Datasets: the training (and validation) data.

Datasets need data. Evidence:

* data files under a data folder of the release, together at least
  :data:`MIN_DATA_BYTES` (one finding per folder, with file count and size);
  a smaller folder, or files named or placed as examples (``*_example.json``,
  ``examples/``), show the format, not the data: a hint;
* a dataset card in a data folder (``README.md`` with front matter,
  ``dataset_infos.json``): the data is described as a published dataset;
* the card's ``datasets:`` metadata (Hub dataset repositories: published,
  outside the release, a link) - every name, however many; Hub dataset links
  in the card's prose when the card presents them as training data (a link
  elsewhere is only a hint); for a fine-tune, its fine-tuning data;
* a card line presenting another download link as the training data ("the
  training data can be downloaded from <url>"); "on request" is not published.

Result tables (scores, metrics) are evaluation results, not data.
"""

from __future__ import annotations

import re

from mofkit.inspect import card_links
from mofkit.inspect.context import ScanContext
from mofkit.inspect.finding import CONTENT, LINK, NAME, Finding
from mofkit.inspect.kinds import DATA_DIRS, DATA_SUFFIXES, is_code, is_example_path
from mofkit.rules.ids import DATASETS

COMPONENT = DATASETS
# Below this a data folder is a sample of the format, not a training set: a
# 14 KB score table or a 2 KB example file is not a dataset, while even small
# fine-tuning sets (a few thousand examples) pass 1 MB.
MIN_DATA_BYTES = 1_000_000
_SKIP_DIRS = frozenset({"eval", "evals", "evaluation", "benchmarks", "benchmark", "results",
                        "samples", "examples", "outputs"})
_EXAMPLE_NAME = re.compile(r"(?:^|[-_.])(?:examples?|samples?|demo|dummy|toy|tiny|mock)"
                           r"(?:[-_.]|$)", re.I)
_RESULT_NAME = re.compile(r"(?:^|[-_.])(?:results?|scores?|metrics|leaderboard)(?:[-_.]|$)",
                          re.I)
_DATASET_CARD = frozenset({"dataset_infos.json", "dataset_info.json", "dataset_dict.json"})
_URL = re.compile(r"https?://\S+")
_TRAINING_DATA = re.compile(r"\b(?:training|pre-?training|train)\s+(?:data|dataset|corpus|set)\b",
                            re.I)
_OFFERED = re.compile(r"\b(?:download|downloaded|available|released|published|hosted|"
                      r"can be found|get it)\b", re.I)
_WITHHELD = re.compile(r"\b(?:on request|upon request|request access|email|e-mail|contact us|"
                       r"not (?:be )?(?:released|available|public)|private|internal|proprietary)\b",
                       re.I)


def inspect(ctx: ScanContext) -> list[Finding]:
    findings = _folders(ctx)
    card = ctx.card
    if card is None:
        return findings
    findings.extend(_card_datasets(ctx))
    for number, line in card.body_lines():
        url = _URL.search(line)
        if url and "/datasets/" not in url.group(0) and _TRAINING_DATA.search(line) and (
            _OFFERED.search(line) and not _WITHHELD.search(line)
        ):
            findings.append(Finding(
                COMPONENT, card.path, "card presents a download link as the training data: "
                + url.group(0).rstrip(").,]>"), number, 0.6, external=True, kind=LINK,
            ))
            break
    return findings


def _folders(ctx: ScanContext) -> list[Finding]:
    findings: list[Finding] = []
    folders: dict[str, tuple[str, int, int]] = {}  # folder -> (first path, files, bytes)
    examples: dict[str, tuple[str, int]] = {}  # folder -> (first path, bytes)
    packages = {(item.root, item.parent) for item in ctx.snapshot.files
                if item.name == "__init__.py"}
    for item in ctx.snapshot.files:
        parts = [part.lower() for part in item.parts[:-1]]
        if not parts or not set(parts) & DATA_DIRS or set(parts) & _SKIP_DIRS:
            continue
        index = next(i for i, part in enumerate(parts) if part in DATA_DIRS)
        folder = "/".join(item.parts[: index + 1])
        key = f"{item.root}:{folder}" if item.root else folder
        if item.name.lower() in _DATASET_CARD:
            findings.append(Finding(COMPONENT, item.path, f"dataset description {item.name} in "
                                    f"{folder}/", None, 0.75, kind=CONTENT))
            continue
        if is_code(item) or item.suffix not in DATA_SUFFIXES or item.name.lower() == "readme.md":
            continue
        if (item.root, "/".join(item.parts[:index])) in packages or ctx.foreign(item):
            continue  # package data of a Python library, vendored or fixture data
        stem = item.name.rsplit(".", 1)[0]
        if _RESULT_NAME.search(stem):
            continue  # a result table: evaluation results, not data
        if _EXAMPLE_NAME.search(stem) or is_example_path(item):
            first, size = examples.get(key, (item.path, 0))
            examples[key] = (first, size + item.size)
            continue
        first, count, size = folders.get(key, (item.path, 0, 0))
        folders[key] = (first, count + 1, size + item.size)
    for folder, (first, count, size) in folders.items():
        if size >= MIN_DATA_BYTES:
            findings.append(Finding(
                COMPONENT, first,
                f"data folder {folder}/ holds {count} data file(s), {size:,} bytes", None, 0.9,
                kind=NAME,
            ))
        else:
            findings.append(Finding(
                COMPONENT, first, f"data folder {folder}/ holds {count} data file(s), only "
                f"{size:,} bytes: too small for a training dataset (floor {MIN_DATA_BYTES:,})",
                None, 0.35, kind=NAME,
            ))
    for folder, (first, size) in examples.items():
        findings.append(Finding(
            COMPONENT, first, f"example data in {folder}/ ({size:,} bytes): shows the format, "
            "is not the training data", None, 0.3, kind=NAME,
        ))
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
            card.meta_line("datasets"), 0.7, external=True, kind=LINK,
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
