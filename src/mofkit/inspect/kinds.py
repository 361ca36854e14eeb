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
