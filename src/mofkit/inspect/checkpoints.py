"""Intermediate model parameters: checkpoints saved during training.

Released checkpoints need files, revisions or a download the card offers:

* weight files inside checkpoint or step folders (``checkpoint-1000/``,
  ``step143000/``, ``global_step500/``), judged like final weights (a header,
  the size floor of ``weights.py``): one finding per folder, so a suite of 150
  checkpoints stays readable;
* branches (and tags) of the Hub repo named for training steps or tokens
  (``step1000``, ``stage1-step140000-tokens294B``, ``checkpoint-500``): one
  finding for the set, surer the more there are, the more distinct commits they
  point at and the more regular their steps; ``main``, ``pr/…``, conversions
  and other branches (``fp16``, ``onnx``) are not checkpoints;
* revisions the card loads (``revision="step143000"``: Pythia-style Hub
  branches);
* card sentences that say checkpoints are published and where (available,
  released, hosted, on a branch, a link). "Email us", "on request" or
  "available to partners" is not released: a hint. Numbers need word
  boundaries: "T5 checkpoints" is not "5 checkpoints".
"""

from __future__ import annotations

import re
from collections import Counter
from itertools import pairwise

from mofkit.inspect.context import ScanContext
from mofkit.inspect.finding import CARD, CONTENT, LINK, NAME, Finding
from mofkit.inspect.kinds import checkpoint_folder, is_weight_file
from mofkit.inspect.weights import declared_parameters, floors, measure
from mofkit.rules.ids import INTERMEDIATE_WEIGHTS
from mofkit.sources.hf.records import GitRef
from mofkit.sources.hf.snapshot import HubSnapshot

COMPONENT = INTERMEDIATE_WEIGHTS
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
# A branch or tag named for a point in training: a step, iteration or epoch count
# ("step1000", "global_step500", "checkpoint-2000", "stage1-step140000-tokens294B"),
# or the tokens seen ("tokens-300B", "300B-tokens"). Delimited on both sides.
_TRAINING_REF = re.compile(
    r"(?:^|[-_./])(?:(?:global[-_]?)?step|checkpoint|ckpt|iter(?:ation)?|epoch)[-_]?(\d+)"
    r"(?:[kmbt])?(?=$|[-_./])"
    r"|(?:^|[-_./])tokens?[-_]?(\d+(?:\.\d+)?)[kmbt]?(?=$|[-_./])"
    r"|(?:^|[-_./])(\d+(?:\.\d+)?)[kmbt]?[-_]?tokens?(?=$|[-_./])", re.I,
)
MAX_NAMED = 4  # branch names shown in a finding (first and last ones)
_WITHHELD = re.compile(r"\b(?:on request|upon request|request access|email|e-mail|contact us|"
                       r"reach out|partners?|arrange access|by application|apply for)\b", re.I)


def inspect(ctx: ScanContext) -> list[Finding]:
    findings = _folders(ctx) + _branches(ctx)
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
        params, size = measure(items, headers)
        detail = f"; {headers[0].describe()}"
        if not any(h.ok for h in headers):
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


def training_point(name: str) -> float | None:
    """The step (or tokens) a branch or tag name denotes, or ``None`` when the name
    does not denote a point in training (``main``, ``pr/3``, ``fp16``, ``v1.0``)."""
    match = _TRAINING_REF.search(name)
    if match is None:
        return None
    return float(next(group for group in match.groups() if group is not None))


def regular_step(points: list[float]) -> float | None:
    """The interval most of the points are apart (``1000`` for step1000, step2000…),
    or ``None`` when no interval spaces at least half of them."""
    values = sorted(set(points))
    gaps = Counter(b - a for a, b in pairwise(values))
    if not gaps:
        return None
    gap, count = gaps.most_common(1)[0]
    return gap if len(values) >= 3 and count * 2 >= len(values) - 1 else None


def _branches(ctx: ScanContext) -> list[Finding]:
    """Hub branches and tags named for training steps: intermediate checkpoints the
    repo serves as revisions (not read: a link)."""
    snapshot = ctx.snapshot
    if not isinstance(snapshot, HubSnapshot) or snapshot.refs is None:
        return []
    refs: list[tuple[float, GitRef]] = []
    for ref in [*snapshot.refs.branches, *snapshot.refs.tags]:
        point = training_point(ref.name)
        if point is not None and ref.name != "main":
            refs.append((point, ref))
    if not refs:
        return []
    refs.sort(key=lambda pair: (pair[0], pair[1].name))
    names = [ref.name for _, ref in refs]
    commits = len({ref.target_commit for _, ref in refs})
    step = regular_step([point for point, _ in refs])
    shown = names if len(names) <= MAX_NAMED else [*names[:2], "…", *names[-2:]]
    what = (f"{len(names)} Hub branch(es)/tag(s) named for training steps or tokens "
            f"({', '.join(shown)})")
    if len(names) > 1 and commits == 1:
        return [Finding(COMPONENT, snapshot.ref_path(names[0]), f"{what}, all at one commit: "
                        "not distinct checkpoints", None, 0.4, kind=LINK)]
    if len(names) == 1:
        confidence = 0.6
    elif len(names) < 5:
        confidence = 0.75
    else:
        confidence = 0.9 if step is not None else 0.8
    regular = f", every {step:g}" if step is not None else ""
    return [Finding(COMPONENT, snapshot.ref_path(names[-1]),
                    f"{what}: {commits} distinct commit(s){regular}", None, confidence,
                    kind=LINK)]
