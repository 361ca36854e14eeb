"""Final model parameters: real weights, outside checkpoint folders.

A weight file is recognised by its suffix and judged by its header
(``sources/headers.py``: safetensors parameter counts, GGUF, PyTorch zip
storages, ONNX, HDF5, pickle, Git LFS pointers with the object's size). It
counts as the model's final parameters only when it is plausibly a model:

* at least :data:`MIN_PARAMETERS` parameters (when the header gives a count) or
  :data:`MIN_BYTES` bytes, unless the card declares a smaller model (then half
  the declared count, or two bytes per declared parameter at 4-bit, is enough);
  adapters (LoRA...) have their own, lower floor; shards of one set
  (``model-00001-of-00004``, or named in an index) are judged together;
* a sharded-weights index (``*.index.json``) counts only when every shard it
  names is there with a non-empty body (on disk, or listed with its size by the
  Hub, which lists weights as LFS pointers).

An empty file, a corrupt header or a missing shard is a note in the scan's
problems (shown in every report) and a hint next to the component, never a
silent "missing", and never final parameters.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence

from mofkit.inspect.context import ScanContext
from mofkit.inspect.finding import CONTENT, LINK, NAME, Finding
from mofkit.inspect.kinds import checkpoint_folder, is_weight_file
from mofkit.rules.ids import WEIGHTS
from mofkit.sources.headers import WeightHeader
from mofkit.sources.snapshot import SnapshotFile

COMPONENT = WEIGHTS
MAX_HEADERS = 64  # headers read per release; further shards are named only
# The floor for a model's final parameters. The smallest models released as
# models (BERT-tiny 4.4 M, T5-small 60 M, Pythia-14M) are around 10 M
# parameters, 20 MB in fp16; an experiment's 12 KB .pth or a stub is far below.
MIN_PARAMETERS = 10_000_000
MIN_BYTES = 20_000_000
# Adapters (LoRA, prefix tuning) are small by design: rank-8 LoRA on a 1 B
# model's attention is about 1-2 M parameters.
MIN_ADAPTER_PARAMETERS = 100_000
MIN_ADAPTER_BYTES = 400_000
_SHARD = re.compile(r"^(.*?)[-_]?0*\d+[-_]of[-_]0*\d+(\.\w+)$", re.I)
_DECLARED = re.compile(
    r"\b(\d[\d,]*(?:\.\d+)?)\s*(k|m|b|thousand|million|billion)?\b[\s-]*(?:parameters?|params?)\b",
    re.I,
)
_SCALE = {"": 1.0, "k": 1e3, "thousand": 1e3, "m": 1e6, "million": 1e6, "b": 1e9,
          "billion": 1e9}


def inspect(ctx: ScanContext) -> list[Finding]:
    findings: list[Finding] = []
    weights = [item for item in ctx.snapshot.files
               if is_weight_file(item) and checkpoint_folder(item) is None]
    declared = declared_parameters(ctx)
    sets: dict[str, list[SnapshotFile]] = {}
    for item in weights:
        sets.setdefault(_set_key(item), []).append(item)
    count = 0
    for members in sets.values():
        headers: list[WeightHeader | None] = []
        for item in members:
            headers.append(ctx.header(item) if count < MAX_HEADERS else None)
            count += 1
        findings.extend(_judge(ctx, members, headers, declared))
    for item in ctx.snapshot.files:
        if item.name.endswith((".safetensors.index.json", ".bin.index.json")) and (
            checkpoint_folder(item) is None
        ):
            findings.append(_index(ctx, item))
    return findings


def declared_parameters(ctx: ScanContext) -> float | None:
    """The model size the card declares ("1M parameters"), if it declares one."""
    card = ctx.card
    if card is None:
        return None
    for _, line in card.body_lines():
        match = _DECLARED.search(line)
        if match:
            return float(match.group(1).replace(",", "")) * _SCALE[(match.group(2) or "").lower()]
    return None


def floors(adapter: bool, declared: float | None) -> tuple[float, float]:
    """(parameters, bytes) a weight set needs to count as a model's final parameters."""
    params: float = MIN_ADAPTER_PARAMETERS if adapter else MIN_PARAMETERS
    size: float = MIN_ADAPTER_BYTES if adapter else MIN_BYTES
    if declared is not None:
        params, size = min(params, declared / 2), min(size, declared / 2)
    return params, size


def measure(members: Sequence[SnapshotFile], headers: Sequence[WeightHeader | None]
            ) -> tuple[int, int]:
    """(parameters, bytes) of a set of weight files: parameters from the headers that
    count them, bytes from the headers or, for files whose header was not read, the
    listing; unusable files count for nothing."""
    params = sum(h.parameters or 0 for h in headers if h is not None and h.ok)
    size = sum(item.size if h is None or h.size is None else h.size
               for item, h in zip(members, headers, strict=True) if h is None or h.ok)
    return params, size


def _set_key(item: SnapshotFile) -> str:
    shard = _SHARD.match(item.name)
    return f"{item.root}:{item.parent}/{shard.group(1)}*{shard.group(2)}" if shard else item.path


def _judge(ctx: ScanContext, members: list[SnapshotFile], headers: list[WeightHeader | None],
           declared: float | None) -> list[Finding]:
    adapter = any("adapter" in item.name.lower() for item in members)
    min_params, min_bytes = floors(adapter, declared)
    params, size = measure(members, headers)
    plausible = params >= min_params or size >= min_bytes
    findings = []
    broken = [(item, h) for item, h in zip(members, headers, strict=True)
              if h is not None and not h.ok]
    if broken:
        first, bad = broken[0]
        more = f" (and {len(broken) - 1} more of its set)" if len(broken) > 1 else ""
        _note(ctx, f"{first.path}: weight file not usable: {bad.detail}{more}")
    for item, header in zip(members, headers, strict=True):
        suffix = " (adapter weights of a fine-tune)" if adapter else ""
        if header is None:
            findings.append(Finding(COMPONENT, item.path, f"weight file ({item.suffix})" + suffix,
                                    None, 0.8 if plausible else 0.35, kind=NAME))
            continue
        why = header.describe() + suffix
        if not header.ok:
            findings.append(Finding(COMPONENT, item.path, why, None, 0.3, kind=CONTENT))
            continue
        if not plausible:
            counted = f"{params:,} parameters" if params else f"{size:,} bytes"
            why += (f"; too small for the model's final parameters ({counted} in "
                    f"{'the set' if len(members) > 1 else 'the file'}; the floor is "
                    f"{int(min_params):,} parameters or {int(min_bytes):,} bytes"
                    + (", from the size the card declares" if declared else "") + ")")
            findings.append(Finding(COMPONENT, item.path, why, None, 0.35, kind=CONTENT))
            continue
        if header.format == "lfs-pointer":
            confidence, kind = 0.85, LINK
        elif header.format == "unknown":  # no magic we know: trust the name and size
            confidence, kind = 0.8, NAME
        else:
            confidence, kind = 1.0, CONTENT
        findings.append(Finding(COMPONENT, item.path, why, None, confidence, kind=kind))
    return findings


def _index(ctx: ScanContext, item: SnapshotFile) -> Finding:
    try:
        data = json.loads(ctx.snapshot.text(item) or "")
        shards = sorted(set(data.get("weight_map", {}).values()))
        total = data.get("metadata", {}).get("total_size")
    except (ValueError, RecursionError, AttributeError, TypeError):  # not JSON, or too deep
        _note(ctx, f"{item.path}: sharded-weights index is not readable JSON")
        return Finding(COMPONENT, item.path, "sharded-weights index (unreadable JSON)", None,
                       0.3, kind=CONTENT)
    folder = f"{item.parent}/" if item.parent else ""
    prefix = f"{item.root}:" if item.root else ""
    absent = []
    for shard in shards:
        present = ctx.snapshot.get(prefix + folder + str(shard))
        if present is None or not ctx.header(present).ok:
            absent.append(str(shard))
    size = f", {int(total):,} bytes" if isinstance(total, int | float) else ""
    if not shards or absent:
        missing = f"{len(absent)} of {len(shards)} shards missing or empty" if shards else (
            "names no shards")
        _note(ctx, f"{item.path}: sharded-weights index {missing}"
              + (f" (first: {absent[0]})" if absent else ""))
        return Finding(COMPONENT, item.path, f"sharded-weights index{size}: {missing}", None,
                       0.3, kind=CONTENT)
    return Finding(COMPONENT, item.path,
                   f"sharded-weights index: {len(shards)} shards, all present{size}", None, 0.7,
                   kind=CONTENT)


def _note(ctx: ScanContext, message: str) -> None:
    if message not in ctx.notes:
        ctx.notes.append(message)
