"""Final model parameters: weight files outside checkpoint folders.

Weight files are recognised by suffix and confirmed by their first bytes
(safetensors header, GGUF/HDF5/zip/pickle magic). The safetensors header gives
tensor count, dtypes and parameter count, recorded in the finding. A Git LFS
pointer is weights that were not fetched: still evidence that the release
publishes them. A sharded checkpoint's index (``*.index.json``) is recorded too.
"""

from __future__ import annotations

import json

from mofkit.inspect.context import ScanContext
from mofkit.inspect.finding import CONTENT, NAME, Finding
from mofkit.inspect.kinds import checkpoint_folder, is_weight_file
from mofkit.rules.ids import WEIGHTS

COMPONENT = WEIGHTS
MAX_HEADERS = 64  # headers read per release; further shards are named only


def inspect(ctx: ScanContext) -> list[Finding]:
    findings: list[Finding] = []
    weights = [
        item for item in ctx.snapshot.files
        if is_weight_file(item) and checkpoint_folder(item) is None
    ]
    for count, item in enumerate(weights):
        if count >= MAX_HEADERS:
            why = f"weight file ({item.suffix})"
            findings.append(Finding(COMPONENT, item.path, why, None, 0.8))
            continue
        header = ctx.header(item)
        if header.ok and header.format in ("safetensors", "gguf", "hdf5", "zip", "pickle"):
            confidence = 1.0
        elif header.format == "lfs-pointer":
            confidence = 0.85
        elif header.ok:  # no magic we know (onnx has none): trust the name
            confidence = 0.8
        else:
            confidence = 0.4
        adapter = " (adapter weights of a fine-tune)" if "adapter" in item.name.lower() else ""
        why = header.describe() + adapter
        kind = CONTENT if header.ok and header.format != "unknown" else NAME
        findings.append(Finding(COMPONENT, item.path, why, None, confidence, kind=kind))
    for item in ctx.snapshot.files:
        if item.name.endswith((".safetensors.index.json", ".bin.index.json")) and (
            checkpoint_folder(item) is None
        ):
            findings.append(Finding(COMPONENT, item.path, _index_why(ctx, item.path), None, 0.7))
    return findings


def _index_why(ctx: ScanContext, path: str) -> str:
    try:
        data = json.loads(ctx.snapshot.text(path) or "")
        shards = len(set(data.get("weight_map", {}).values()))
        total = data.get("metadata", {}).get("total_size")
    except (ValueError, RecursionError, AttributeError):  # not JSON, or nested too deep
        return "sharded-weights index (unreadable JSON)"
    size = f", {int(total):,} bytes" if isinstance(total, int | float) else ""
    return f"sharded-weights index: {shards} shards{size}"
