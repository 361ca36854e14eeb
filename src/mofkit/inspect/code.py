"""Training, inference, evaluation and data-preprocessing code.

A code file is classified by what it does (``code_content``: Python read with
``ast``, shell scripts by the commands they run, notebooks by their code
cells); its name or folder (``train.py``, ``scripts/eval/``) breaks ties and,
alone, is weaker evidence. The finding's kind says which (content or name) and
its line is the first content cue. Tests are skipped (they test the code, they
are not the pipeline); vendored code and test fixtures are noted, never the
release's own evidence. A usage snippet in the model card shows the model runs
with open code, not that the release ships it: a hint, never the component.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from mofkit.inspect.code_content import ARCH, EVAL, INFER, TOKENIZER_TRAINING, TRAIN
from mofkit.inspect.context import ScanContext
from mofkit.inspect.finding import CONTENT, NAME, Finding
from mofkit.inspect.kinds import CONFIG_SUFFIXES, is_code, is_test
from mofkit.rules.ids import DATA_PREPROCESSING_CODE, EVALUATION_CODE, INFERENCE_CODE, TRAINING_CODE
from mofkit.sources.snapshot import SnapshotFile


@dataclass(frozen=True)
class Cues:
    component: str
    label: str
    name: re.Pattern[str]  # matched against the file name
    folder: re.Pattern[str]  # matched against each parent folder


CUES: tuple[Cues, ...] = (
    Cues(
        TRAINING_CODE, "training",
        re.compile(r"^(?:.*[-_])?(?:train|training|pretrain|finetune|fine_tune|sft|dpo|ppo|rlhf|"
                   r"trainer)(?:[-_].*)?\.\w+$", re.I),
        re.compile(r"^(?:train|training|pretrain|pretraining|finetune|finetuning|sft|rlhf)$", re.I),
    ),
    Cues(
        INFERENCE_CODE, "inference",
        re.compile(r"^(?:.*[-_])?(?:infer|inference|generate|generation|predict|serve|server|"
                   r"chat|sample|demo|app|run_model)(?:[-_].*)?\.\w+$", re.I),
        re.compile(r"^(?:inference|serving|serve|deploy|generation)$", re.I),
    ),
    Cues(
        EVALUATION_CODE, "evaluation",
        re.compile(r"^(?:.*[-_])?(?:eval|evals|evaluate|evaluation|benchmark|bench|score|"
                   r"harness|metrics?)(?:[-_].*)?\.\w+$", re.I),
        re.compile(r"^(?:eval|evals|evaluation|evaluate|benchmarks?|lm[-_]eval.*)$", re.I),
    ),
    Cues(
        DATA_PREPROCESSING_CODE, "data preprocessing",
        re.compile(r"^(?:.*[-_])?(?:preprocess\w*|prepare(?:_\w+)?|prep|dedup\w*|"
                   r"deduplicat\w*|filter\w*|clean\w*|shard\w*|data_?prep\w*|make_data|"
                   r"build_data\w*|process_data\w*)(?:[-_].*)?\.\w+$", re.I),
        re.compile(r"^(?:preprocess\w*|preprocessing|data_?prep\w*|data[-_]processing|dedup\w*|"
                   r"filtering)$", re.I),
    ),
)


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
        if not code:  # configs count only inside a folder for that purpose
            findings.extend(
                Finding(cue.component, item.path,
                        f"{cue.label} configuration in a {cue.label} folder", None, 0.45)
                for index, cue in enumerate(CUES) if folder_cues[folders][index]
            )
            continue
        findings.extend(_classify(ctx, item, folder_cues[folders]))
    findings.extend(_card_snippets(ctx))
    return findings


def _classify(ctx: ScanContext, item: SnapshotFile, by_folder: tuple[bool, ...]) -> list[Finding]:
    """One file's findings: its content decides, its name and folder break ties.

    Content and name agree: 0.9. Content alone: 0.8. Name alone while the content
    says nothing: 0.5 (found, on a name). A name or folder the content contradicts
    (a "demo" script that trains), or a folder alone: a hint below the threshold.
    Content cues of a file whose name points to another of its cues (an evaluation
    script that also calls generate) are hints. Vendored and fixture paths are
    noted, never the release's own evidence.
    """
    by_name = tuple(bool(cue.name.match(item.name)) for cue in CUES)
    facts = ctx.facts(item)
    shown = {cue.component: facts.cues[cue.component] for cue in CUES
             if cue.component in facts.cues}
    if ARCH in facts.cues:  # a modelling file: its generate() is the network's own
        shown.pop(INFER, None)
    named = {cue.component for index, cue in enumerate(CUES) if by_name[index] or
             by_folder[index]}
    if EVAL in named and INFER in shown and EVAL not in shown:
        at, call = shown.pop(INFER)  # an evaluation script runs the model to score it
        shown[EVAL] = (at, f"{call} on a benchmark")
    foreign = ctx.foreign(item)
    findings = []
    tokenizer = facts.cues.get(TOKENIZER_TRAINING) if TRAIN not in shown else None
    for index, cue in enumerate(CUES):
        component = cue.component
        if component == TRAIN and tokenizer is not None:
            if by_name[index] or by_folder[index]:  # "train_tokenizer.py": a supporting tool
                findings.append(Finding(
                    component, item.path, f"{cue.label} code by its name, but it trains a "
                    f"tokenizer ({tokenizer[1]}), not the model: a supporting library",
                    tokenizer[0], 0.3, kind=CONTENT))
            continue
        reasons = []
        if by_name[index]:
            reasons.append("named for " + cue.label)
        elif by_folder[index]:
            reasons.append("in a " + cue.label + " folder")
        line = None
        if component in shown:
            line, what = shown[component]
            reasons.append(what if what.startswith(("class ", "import ", "defines ", "reads ",
                                                    "runs ")) else f"calls {what}")
            if by_name[index] or by_folder[index]:
                confidence = 0.9
            elif named & shown.keys() or (named and what.startswith("reads ")):
                confidence = 0.45  # the name picks another of its cues

            else:
                confidence = 0.8
            kind = CONTENT
        elif by_name[index]:
            confidence = 0.4 if shown else 0.45  # a name alone only breaks ties
            kind = NAME
        elif by_folder[index]:
            confidence = 0.4
            kind = NAME
        else:
            continue
        if foreign:
            confidence = min(confidence, 0.3)
            reasons.append(foreign + ": not the release's own")
        findings.append(Finding(component, item.path, f"{cue.label} code: " + ", ".join(reasons),
                                line, confidence, kind=kind))
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
                INFERENCE_CODE, card.path,
                f"card shows how to run the model{on} (a usage snippet, not shipped code)",
                number, SNIPPET_CONFIDENCE,
            )]
    return []
