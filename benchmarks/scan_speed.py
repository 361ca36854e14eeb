"""How fast `mof scan` inspects a large release: snapshot + inspectors + licences.

Generates a release of N files in a temporary folder (code, data shards,
checkpoint folders with safetensors weights, docs, configs, licence files),
then times ``open_release`` + ``scan`` in a fresh process per size, so that the
peak resident memory of each run is its own.

    .venv/bin/python benchmarks/scan_speed.py            # 2,500 / 5,000 / 10,000 files
    .venv/bin/python benchmarks/scan_speed.py --sizes 10000

Targets (issue 4): 10,000 files in <= 3 s and <= 300 MB; time linear in files.
"""

from __future__ import annotations

import argparse
import json
import resource
import struct
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TARGET_SECONDS = 3.0
TARGET_MB = 300


def _safetensors() -> bytes:
    header = json.dumps({"w": {"dtype": "F16", "shape": [16, 16], "data_offsets": [0, 512]}})
    raw = header.encode() + b" " * (-len(header) % 8)
    return struct.pack("<Q", len(raw)) + raw + b"\0" * 512


CARD = """---
license: apache-2.0
datasets:
- org/corpus
model-index:
- name: Big
  results:
  - dataset: {name: HellaSwag, type: hellaswag}
    metrics: [{type: acc, value: 80.1}]
---
# Big model

## Training Data
{text}

## Evaluation
| Task | Acc |
|---|---|
| HellaSwag | 80.1 |
"""

MIT = ("MIT License\n\nPermission is hereby granted, free of charge, to any person obtaining a "
       "copy of this software and associated documentation files (the \"Software\"), to deal "
       "in the Software without restriction.\n")


def generate(root: Path, files: int) -> None:
    """Write ``files`` files: a fixed mix of the kinds a training suite holds."""
    weights = _safetensors()
    (root / "README.md").write_text(CARD.replace("{text}", "The corpus is described here. " * 20))
    (root / "LICENSE").write_text(MIT)
    (root / "config.json").write_text('{"architectures": ["LlamaForCausalLM"], '
                                      '"model_type": "llama"}\n')
    (root / "model.safetensors").write_bytes(weights)
    written = 4
    kinds = ("code", "data", "checkpoint", "doc", "config")
    n = 0
    while written < files:
        kind = kinds[n % len(kinds)]
        group = n // 200
        if kind == "code":
            folder = ("train", "eval", "preprocessing", "inference", "lib")[group % 5]
            path = root / "src" / folder / f"g{group}" / f"module_{n}.py"
            body = (f"# SPDX-License-Identifier: MIT\nimport torch\n\n\ndef step_{n}(model, batch):"
                    "\n    loss = model(batch)\n    loss.backward()\n    return loss\n" * 3)
        elif kind == "data":
            path = root / "data" / f"shard_{group}" / f"part_{n}.jsonl"
            body = '{"text": "a training document"}\n' * 4
        elif kind == "checkpoint":
            path = root / "checkpoints" / f"step{n}" / "model.safetensors"
            body = weights
        elif kind == "doc":
            path = root / "docs" / f"g{group}" / f"page_{n}.md"
            body = f"# Page {n}\n\nSee arXiv:2402.{n % 90000:05d} for details.\n"
        else:
            path = root / "configs" / f"g{group}" / f"run_{n}.yml"
            body = f"lr: 0.001\nsteps: {n}\n"
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(body, bytes):
            path.write_bytes(body)
        else:
            path.write_text(body)
        written += 1
        n += 1


def measure(files: int) -> dict[str, float]:
    from mofkit.inspect import scan
    from mofkit.sources.release_files import open_release

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        generate(root, files)
        # One-time cost of a process: loading the licence-identification index.
        warm = time.perf_counter()
        from mofkit.inspect.licence_text import identify

        identify(MIT)
        start = time.perf_counter()
        snapshot = open_release(str(root))
        listed = time.perf_counter()
        result = scan(snapshot)
        done = time.perf_counter()
        assert len(snapshot.files) == files, len(snapshot.files)
        found = len(result.release.components)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"files": files, "seconds": round(done - warm, 3),
            "scan_seconds": round(done - start, 3), "index_seconds": round(start - warm, 3),
            "snapshot_seconds": round(listed - start, 3), "peak_mb": round(peak_mb, 1),
            "components": found}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[2500, 5000, 10000])
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(args.child)))
        return
    rows = []
    for size in args.sizes:
        out = subprocess.run([sys.executable, __file__, "--child", str(size)],
                             capture_output=True, text=True, check=True).stdout
        rows.append(json.loads(out))
    print(f"{'files':>7} {'total s':>8} {'index s':>8} {'scan s':>7} {'listing s':>10} "
          f"{'peak MB':>8} {'scan µs/file':>13}")
    for row in rows:
        per_file = 1e6 * row["scan_seconds"] / row["files"]
        print(f"{row['files']:>7,} {row['seconds']:>8.3f} {row['index_seconds']:>8.3f} "
              f"{row['scan_seconds']:>7.3f} {row['snapshot_seconds']:>10.3f} "
              f"{row['peak_mb']:>8.1f} {per_file:>13.1f}")
    last = rows[-1]
    ok = last["seconds"] <= TARGET_SECONDS and last["peak_mb"] <= TARGET_MB
    if len(rows) > 1:
        first = rows[0]
        ratio = (last["scan_seconds"] / first["scan_seconds"]) / (last["files"] / first["files"])
        print(f"scan time growth vs linear, {first['files']:,} -> {last['files']:,} files: "
              f"{ratio:.2f} (1.00 = linear; index load excluded)")
    print(f"target {TARGET_SECONDS} s / {TARGET_MB} MB at {last['files']:,} files: "
          f"{'met' if ok else 'NOT met'}")


if __name__ == "__main__":
    main()
