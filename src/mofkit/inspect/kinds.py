"""Kinds of files, recognised by name: code, data, weights, checkpoints, tests.

Shared by the inspectors so that one file is classified the same way everywhere.
"""

from __future__ import annotations

import re

from mofkit.sources.snapshot import SnapshotFile

CODE_SUFFIXES = frozenset({
    ".py", ".ipynb", ".sh", ".bash", ".js", ".ts", ".rs", ".go", ".jl", ".lua", ".c", ".cc",
    ".cpp", ".cu", ".h", ".hpp", ".java", ".scala", ".r", ".swift", ".zig",
})
CONFIG_SUFFIXES = frozenset({".yaml", ".yml", ".json", ".toml", ".cfg", ".ini", ".gin"})
DATA_SUFFIXES = frozenset({
    ".jsonl", ".parquet", ".csv", ".tsv", ".arrow", ".zst", ".gz", ".tar", ".txt", ".json",
    ".npy", ".idx", ".bin", ".tfrecord", ".feather", ".xz", ".bz2", ".zip",
})
WEIGHT_SUFFIXES = frozenset({
    ".safetensors", ".bin", ".pt", ".pth", ".ckpt", ".gguf", ".ggml", ".onnx", ".h5",
    ".msgpack", ".tflite", ".mlmodel", ".pdparams", ".keras", ".nemo",
})
# Files with a weight suffix that hold training state, not parameters.
_STATE = re.compile(
    r"^(?:optimizer|optim|scheduler|lr_scheduler|rng_state|scaler|training_args|trainer_state)"
    r"(?:[._-].*)?$", re.I,
)
_MODEL_BIN = re.compile(r"(?:model|weights?|adapter|params|consolidated|diffusion)", re.I)
_CHECKPOINT_PART = re.compile(
    r"(?:^|[-_.])(?:checkpoint|ckpt|step|global_step|iter|iteration|epoch|rev)[-_]?\d+", re.I
)
_TEST_PART = re.compile(r"^(?:tests?|testing|__tests__)$|^test_.*\.py$|^.*_test\.py$", re.I)
DATA_DIRS = frozenset({"data", "dataset", "datasets", "corpus", "corpora"})
LICENCE_FILE = re.compile(r"^(?:licen[cs]e|copying)(?:[-_.].*)?$", re.I)


def is_training_state(item: SnapshotFile) -> bool:
    """Optimizer/scheduler/trainer state files (not code that happens to share the name)."""
    return item.suffix not in CODE_SUFFIXES and bool(_STATE.match(item.name))


def is_weight_file(item: SnapshotFile) -> bool:
    """Parameters by name: a weight suffix, not training state, not a data shard."""
    suffix = item.suffix
    if suffix not in WEIGHT_SUFFIXES or is_training_state(item):
        return False
    if suffix == ".bin":
        if any(part.lower() in DATA_DIRS for part in item.parts[:-1]):
            return False
        return bool(_MODEL_BIN.search(item.name)) or item.size > (1 << 20)
    return True


def checkpoint_folder(item: SnapshotFile) -> str | None:
    """The checkpoint folder (or file) a path belongs to, if it looks intermediate."""
    parts = item.parts
    for index, part in enumerate(parts):
        if _CHECKPOINT_PART.search(part):
            return "/".join(parts[: index + 1])
    return None


def is_test(item: SnapshotFile) -> bool:
    return any(_TEST_PART.match(part) for part in item.parts)


def is_code(item: SnapshotFile) -> bool:
    return item.suffix in CODE_SUFFIXES


# Paths that hold someone else's code or stand-ins, not the release's own
# evidence: vendored copies, test fixtures, examples. Findings there are noted
# (low confidence) and never set a component's licence.
_VENDORED_PART = re.compile(
    r"^(?:third[-_]?party|3rd[-_]?party|vendor|vendored|external|externals|dependencies|deps|"
    r"submodules?|extern)$", re.I,
)
_FIXTURE_PART = re.compile(r"^(?:test[-_]?fixtures?|fixtures?|test[-_]?data|testdata|mocks?)$",
                           re.I)
_EXAMPLE_PART = re.compile(r"^(?:examples?|example[-_]\w+|samples?[-_]data|demo[-_]?data)$",
                           re.I)
# A file copied whole from a library says so at its top (a "Copied from" note
# further down marks one function, and is how original modelling code reads).
_COPIED = re.compile(r"#\s*(?:Copied from|Adapted from|Taken from|Based on)\s+(?:https?://\S*"
                     r"(?:transformers|github\.com/huggingface)|transformers\.)", re.I)


def foreign_part(item: SnapshotFile) -> str | None:
    """Why a file is not the release's own evidence (vendored, fixture), or None."""
    for part in item.parts[:-1]:
        if _VENDORED_PART.match(part):
            return f"vendored code ({part}/)"
        if _FIXTURE_PART.match(part):
            return f"test fixture ({part}/)"
    return None


def is_example_path(item: SnapshotFile) -> bool:
    """Under an examples folder: shows the format, is not the release's data."""
    return any(_EXAMPLE_PART.match(part) for part in item.parts[:-1])


def copied_from_library(text: str) -> bool:
    """A file whose header says it was copied from a library (transformers...)."""
    return bool(_COPIED.search(text[:1000]))


TOKENIZER_CODE = re.compile(
    r"^(?:tokeni[sz]ation\w*|tokeni[sz]er\w*|train_tokeni[sz]er\w*|\w*_tokeni[sz]er|encoders?|"
    r"bpe\w*|\w*_bpe|vocab\w*|sentencepiece\w*|sp_tokeni[sz]ation)\.py$", re.I,
)


def is_tokenizer_code(item: SnapshotFile) -> bool:
    """Tokenizer code by name (tokenizers are supporting libraries, not data preprocessing)."""
    return item.suffix == ".py" and bool(TOKENIZER_CODE.match(item.name))


def notebook_code(text: str) -> str:
    """The code cells of a Jupyter notebook as one Python text (shell escapes dropped)."""
    import json

    try:
        cells = json.loads(text).get("cells", [])
    except (ValueError, RecursionError, AttributeError):  # not JSON, or nested too deep
        return ""
    lines: list[str] = []
    for cell in cells if isinstance(cells, list) else []:
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        source = cell.get("source", "")
        source = "".join(source) if isinstance(source, list) else str(source)
        lines.extend(line for line in source.splitlines()
                     if not line.lstrip().startswith(("!", "%")))
        lines.append("")
    return "\n".join(lines)
