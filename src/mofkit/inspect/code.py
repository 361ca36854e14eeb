"""Training, inference, evaluation and data-preprocessing code.

A code file (``.py``, ``.sh``, ``.ipynb``...) is matched against cues for each
of the four components: its name or folder (``train.py``, ``scripts/eval/``)
and its content (``Trainer(``, ``.generate(``, ``lm_eval``, ``dedup``). A
name and a content cue together give the highest confidence; the finding's
line is the first content cue. Tests are skipped (they test the code, they are
not the pipeline). Usage snippets in the model card are a hint only (below
the confidence that counts a component): they show the model runs with some
library, not that the release ships inference code, and they take no licence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from mofkit.inspect.context import ScanContext
from mofkit.inspect.finding import CONTENT, NAME, Finding
from mofkit.inspect.kinds import CONFIG_SUFFIXES, is_code, is_test

MAX_CODE_BYTES = 256 << 10  # larger files are matched by name only


@dataclass(frozen=True)
class Cues:
    component: str
    label: str
    name: re.Pattern[str]  # matched against the file name
    folder: re.Pattern[str]  # matched against each parent folder
    content: re.Pattern[str]


CUES: tuple[Cues, ...] = (
    Cues(
        "training-code", "training",
        re.compile(r"^(?:.*[-_])?(?:train|training|pretrain|finetune|fine_tune|sft|dpo|ppo|rlhf|"
                   r"trainer)(?:[-_].*)?\.\w+$", re.I),
        re.compile(r"^(?:train|training|pretrain|pretraining|finetune|finetuning|sft|rlhf)$", re.I),
        re.compile(r"\b(?:\w*Trainer\(|trainer\.train\(|loss\.backward\(|\.backward\(\)|"
                   r"optimizer\.step\(|deepspeed\.initialize\(|accelerator\.backward\()"),
    ),
    Cues(
        "inference-code", "inference",
        re.compile(r"^(?:.*[-_])?(?:infer|inference|generate|generation|predict|serve|server|"
                   r"chat|sample|demo|app|run_model)(?:[-_].*)?\.\w+$", re.I),
        re.compile(r"^(?:inference|serving|serve|deploy|generation)$", re.I),
        re.compile(r"\.generate\(|\bpipeline\(\s*[\"']text|\bLLM\(|\btorch\.inference_mode\(|"
                   r"\bmodel\.eval\(\)"),
    ),
    Cues(
        "evaluation-code", "evaluation",
        re.compile(r"^(?:.*[-_])?(?:eval|evals|evaluate|evaluation|benchmark|bench|score|"
                   r"harness)(?:[-_].*)?\.\w+$", re.I),
        re.compile(r"^(?:eval|evals|evaluation|evaluate|benchmarks?|lm[-_]eval.*)$", re.I),
        re.compile(r"\blm_eval\b|lm-evaluation-harness|\bevaluate\.load\(|\bcompute_metrics\b|"
                   r"\bsimple_evaluate\(|\bperplexity\b", re.I),
    ),
    Cues(
        "data-preprocessing-code", "data preprocessing",
        re.compile(r"^(?:.*[-_])?(?:preprocess\w*|prepare(?:_\w+)?|prep|tokeni[sz]e\w*|dedup\w*|"
                   r"deduplicat\w*|filter\w*|clean\w*|shard\w*|data_?prep\w*)"
                   r"(?:[-_].*)?\.\w+$", re.I),
        re.compile(r"^(?:preprocess\w*|preprocessing|data_?prep\w*|data[-_]processing|dedup\w*|"
                   r"filtering)$", re.I),
        re.compile(r"\bdedup\w*|\bMinHash\w*|\bdatasketch\b|\bnear[-_ ]duplicate|"
                   r"\blang(?:uage)?[-_ ]?id\b|\bquality[-_ ]filter|\bdatatrove\b", re.I),
    ),
)


# Literal fragments one of which every content cue contains: a cheap test on
# the lower-cased text before the regular expression runs.
NEEDLES: tuple[tuple[str, ...], ...] = (
    ("trainer", "backward(", "optimizer.step(", "deepspeed.initialize("),
    (".generate(", "pipeline(", "llm(", "inference_mode(", "model.eval()"),
    ("lm_eval", "lm-evaluation-harness", "evaluate.load(", "compute_metrics", "simple_evaluate(",
     "perplexity"),
    ("dedup", "minhash", "datasketch", "duplicate", "lang", "quality", "datatrove"),
)


def _first_cues(text: str) -> dict[int, re.Match[str]]:
    """The first content-cue match per cue index."""
    lowered = text.lower()
    found: dict[int, re.Match[str]] = {}
    for index, (cue, needles) in enumerate(zip(CUES, NEEDLES, strict=True)):
        if any(needle in lowered for needle in needles):
            match = cue.content.search(text)
            if match:
                found[index] = match
    return found


def inspect(ctx: ScanContext) -> list[Finding]:
    findings: list[Finding] = []
    folder_cues: dict[tuple[str, ...], tuple[bool, ...]] = {}
    for item in ctx.snapshot.files:
        code = is_code(item)
        if not code and item.suffix not in CONFIG_SUFFIXES:
            continue
        if is_test(item):
            continue
        folders = item.parts[:-1]
        if folders not in folder_cues:
            folder_cues[folders] = tuple(
                any(cue.folder.match(part) for part in folders) for cue in CUES
            )
        text: str | None = None
        if code and item.size <= MAX_CODE_BYTES:
            text = ctx.snapshot.text(item)
        cues = _first_cues(text) if text else {}
        for index, cue in enumerate(CUES):
            by_name = bool(cue.name.match(item.name))
            by_folder = folder_cues[folders][index]
            match = cues.get(index)
            if not code:  # configs count only inside a folder for that purpose
                if by_folder:
                    findings.append(Finding(
                        cue.component, item.path,
                        f"{cue.label} configuration in a {cue.label} folder", None, 0.5,
                    ))
                continue
            if not (by_name or by_folder or match):
                continue
            line = text.count("\n", 0, match.start()) + 1 if match and text else None
            reasons = []
            if by_name:
                reasons.append("named for " + cue.label)
            elif by_folder:
                reasons.append("in a " + cue.label + " folder")
            if match:
                reasons.append(f"calls {match.group(0).strip()!r}")
            confidence = 0.9 if (by_name or by_folder) and match else (
                0.75 if by_name else 0.6 if match else 0.55
            )
            findings.append(Finding(
                cue.component, item.path, f"{cue.label} code: " + ", ".join(reasons), line,
                confidence, kind=CONTENT if match else NAME,
            ))
    findings.extend(_card_snippets(ctx))
    return findings


SNIPPET_CONFIDENCE = 0.4  # a hint: below INCLUDE_AT
_SNIPPET = re.compile(r"\.from_pretrained\(|\bpipeline\(|\.generate\(|llama\.cpp|\bollama\b")


def _card_snippets(ctx: ScanContext) -> list[Finding]:
    card = ctx.card
    if card is None:
        return []
    for number, line in card.code_lines():
        if _SNIPPET.search(line):
            library = ctx.metadata.get("library_name")
            on = f" with the library {library!r}" if isinstance(library, str) else ""
            return [Finding(
                "inference-code", card.path,
                f"card shows how to run the model{on} (a usage snippet, not shipped code)",
                number, SNIPPET_CONFIDENCE,
            )]
    return []
