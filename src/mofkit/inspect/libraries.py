"""Supporting libraries and tools: the tokenizer, and libraries or tools the
release ships itself.

* a tokenizer shipped with the model (``tokenizer.json``, ``tokenizer.model``,
  ``vocab.txt``...) or tokenizer code (``tokenization_*.py``, ``encoder.py``,
  ``train_tokenizer.py``; a class subclassing a tokenizer base; a script that
  trains a tokenizer, read from its calls): tokenizers are supporting
  libraries, never data-preprocessing or training code;
* an installable package (``setup.py`` / ``pyproject.toml`` / ``setup.cfg``);
* tools: scripts in a ``tools/`` folder or named for converting, merging,
  exporting, quantizing or serving the model;
* a bundled copy of another project (its own licence and package files): a
  library the release runs on, under that project's own licence.

A dependency manifest (``requirements.txt``, ``environment.yml``...) names the
libraries the code needs; they are not part of the release, so it is a hint.
"""

from __future__ import annotations

import re

from mofkit.inspect.code_content import TOKENIZER_TRAINING
from mofkit.inspect.context import CONTENT_SUFFIXES, ScanContext
from mofkit.inspect.finding import CONTENT, NAME, Finding
from mofkit.inspect.kinds import is_test, is_tokenizer_code
from mofkit.rules.ids import SUPPORTING_LIBRARIES
from mofkit.sources.snapshot import SnapshotFile

COMPONENT = SUPPORTING_LIBRARIES
TOKENIZER_FILES = frozenset({
    "tokenizer.json", "tokenizer.model", "tokenizer_config.json", "vocab.json", "vocab.txt",
    "merges.txt", "spiece.model", "sentencepiece.model", "special_tokens_map.json",
    "tiktoken.model", "tokenizer.tiktoken",
})
PACKAGES = frozenset({"setup.py", "pyproject.toml", "setup.cfg", "cargo.toml", "package.json"})
MANIFESTS = frozenset({
    "requirements.txt", "environment.yml", "environment.yaml", "pipfile", "poetry.lock",
    "uv.lock", "dockerfile", "conda.yaml", "conda.yml",
})
_TOOL_NAME = re.compile(r"^(?:convert|conversion|merge|export|quantiz|quant|api_server|"
                        r"openai_api|server|serve)\w*\.py$", re.I)
_TOOL_DIR = re.compile(r"^(?:tools?|utilities|scripts/tools)$", re.I)
_TOKENIZER_BASE = re.compile(r"Tokenizer(?:Fast)?$|^SentencePiece", re.I)


def inspect(ctx: ScanContext) -> list[Finding]:
    findings: list[Finding] = []
    seen: set[str] = set()

    def once(key: str, finding: Finding) -> None:
        if key not in seen:
            seen.add(key)
            findings.append(finding)

    for item in ctx.snapshot.files:
        name = item.name.lower()
        folder = f"{item.root}:{item.parent}"
        if name in TOKENIZER_FILES:
            once("tok:" + folder, Finding(COMPONENT, item.path,
                                          "tokenizer shipped with the release", None, 0.8,
                                          kind=NAME))
        elif name in PACKAGES and item.depth <= 1 and not ctx.foreign(item):
            once("pkg:" + folder, Finding(COMPONENT, item.path,
                                          f"installable package ({item.name})", None, 0.7,
                                          kind=NAME))
        elif not is_test(item) and (item.suffix == ".py" or (
                item.suffix in CONTENT_SUFFIXES and TOKENIZER_TRAINING in ctx.facts(item).cues)):
            finding = _code(ctx, item)
            if finding is not None:
                once(finding.why.split(":")[0] + folder, finding)
        elif name in MANIFESTS or (name.startswith("requirements") and name.endswith(".txt")):
            count = _dependencies(ctx, item.path) if name.endswith(".txt") else None
            what = f" ({count} dependencies)" if count else ""
            once("dep:" + folder, Finding(
                COMPONENT, item.path, f"dependency manifest {item.name}{what}: names the "
                "libraries the code needs, which are not part of the release", None, 0.4,
                kind=NAME))
    return findings


def _code(ctx: ScanContext, item: SnapshotFile) -> Finding | None:
    foreign = ctx.foreign(item)
    facts = ctx.facts(item)
    bases = [base for _, parents in facts.classes.values() for base in parents]
    if any(_TOKENIZER_BASE.search(base.rsplit(".", 1)[-1]) for base in bases):
        why, confidence, kind = "tokenizer code: subclasses a tokenizer", 0.85, CONTENT
    elif TOKENIZER_TRAINING in facts.cues:
        line, cue = facts.cues[TOKENIZER_TRAINING]
        trains = cue if cue.startswith("runs ") else f"calls {cue}"
        return Finding(COMPONENT, item.path, f"tokenizer code: trains a tokenizer ({trains})"
                       + (f"; {foreign}: not the release's own" if foreign else ""), line,
                       0.3 if foreign else 0.85, kind=CONTENT)
    elif is_tokenizer_code(item):
        why, confidence, kind = "tokenizer code: named for a tokenizer", 0.75, NAME
    elif _TOOL_NAME.match(item.name) or any(_TOOL_DIR.match(p) for p in item.parts[:-1]):
        why, confidence, kind = "tool: named or placed as a tool for the model", 0.6, NAME
    elif foreign and foreign.startswith("a bundled copy"):
        return Finding(COMPONENT, item.path, f"library: {foreign}", None, 0.6, kind=NAME)
    else:
        return None
    if foreign:
        why += f"; {foreign}: not the release's own"
        confidence = 0.3
    return Finding(COMPONENT, item.path, why, None, confidence, kind=kind)


def _dependencies(ctx: ScanContext, path: str) -> int:
    return sum(
        1 for line in ctx.snapshot.lines(path)
        if line.strip() and not line.lstrip().startswith(("#", "-"))
    )
