"""Weight-file headers: what a weight file holds, read from its first bytes only.

* safetensors: 8-byte little-endian header length, then a JSON object mapping
  tensor names to ``{"dtype", "shape", "data_offsets"}`` (plus
  ``__metadata__``). We read the header and nothing else: tensor count, dtypes
  and parameter count come from the shapes.
* GGUF (``GGUF`` magic, version, tensor and metadata counts), HDF5 (Keras
  ``.h5``), zip (PyTorch ``.pt``/``.bin`` since 1.6: the zip's central
  directory gives the number of tensor storages and their bytes, without
  reading them), pickle (older PyTorch), ONNX (a protobuf ``ModelProto``
  opening with its ``ir_version`` field), and Git LFS pointer files (a clone
  without LFS objects: the pointer gives the object's size).
* An empty file, a truncated or corrupt header: ``ok=False`` with the reason.

Sources only read bytes: whether the weights are plausible is the inspectors'
judgement (``inspect/weights.py``).
"""

from __future__ import annotations

import json
import math
import re
import struct
import zipfile
from dataclasses import dataclass, field

from mofkit.sources.snapshot import Snapshot, SnapshotFile

MAX_SAFETENSORS_HEADER = 100 << 20  # the format itself caps headers at 100 MB
PROBE = 64
_LFS = re.compile(rb"^version https://git-lfs\.github\.com/spec/v1\s*\noid sha256:([0-9a-f]{64})"
                  rb"\s*\nsize (\d+)")


@dataclass(frozen=True)
class WeightHeader:
    """What the first bytes of a weight file say."""

    format: str  # "safetensors", "gguf", "hdf5", "zip", "pickle", "lfs-pointer", "unknown"
    ok: bool = True
    tensors: int | None = None
    parameters: int | None = None
    dtypes: dict[str, int] = field(default_factory=dict)  # dtype -> tensor count
    detail: str = ""
    size: int | None = None  # bytes the weights take when not the file's own (an LFS object)

    def describe(self) -> str:
        if not self.ok:
            return f"{self.format} header unreadable: {self.detail}"
        if self.format == "safetensors":
            dtypes = ", ".join(f"{name}×{count}" for name, count in sorted(self.dtypes.items()))
            return (f"safetensors header: {self.tensors} tensors, "
                    f"{self.parameters:,} parameters ({dtypes})")
        if self.format == "gguf":
            return f"GGUF file: {self.detail}"
        if self.format == "lfs-pointer":
            return f"Git LFS pointer (weights not fetched): {self.detail}"
        return f"{self.format} file" + (f": {self.detail}" if self.detail else "")


def parse_safetensors_header(data: bytes) -> WeightHeader:
    """Parse a complete safetensors header JSON (the bytes after the length)."""
    try:
        header = json.loads(data)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        return WeightHeader("safetensors", ok=False, detail=f"invalid JSON ({exc})")
    except (ValueError, RecursionError):  # a number past 4300 digits, nesting too deep
        return WeightHeader("safetensors", ok=False, detail="JSON nested too deep or with a "
                            "number too long")
    if not isinstance(header, dict):
        return WeightHeader("safetensors", ok=False, detail="header is not a JSON object")
    tensors = 0
    parameters = 0
    dtypes: dict[str, int] = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        if not isinstance(info, dict) or not isinstance(info.get("shape"), list):
            return WeightHeader("safetensors", ok=False, detail=f"tensor {name!r} has no shape")
        shape = info["shape"]
        if not all(isinstance(dim, int) and dim >= 0 for dim in shape):
            return WeightHeader("safetensors", ok=False, detail=f"tensor {name!r}: bad shape")
        tensors += 1
        parameters += math.prod(shape)
        dtype = str(info.get("dtype", "?"))
        dtypes[dtype] = dtypes.get(dtype, 0) + 1
    return WeightHeader("safetensors", tensors=tensors, parameters=parameters, dtypes=dtypes)


def read_header(snapshot: Snapshot, item: SnapshotFile) -> WeightHeader:
    """Identify a weight file from its first bytes (and, for safetensors, its header)."""
    probe = snapshot.head(item, PROBE)
    if probe is None:
        return WeightHeader("unknown", ok=False, detail="cannot read the file")
    if not probe:
        return WeightHeader("empty", ok=False, detail="the file is empty (0 bytes)")
    if probe.startswith(b"version https://git-lfs"):
        text = snapshot.head(item, 512) or b""
        match = _LFS.match(text)
        if match is None:
            return WeightHeader("lfs-pointer", ok=False, detail="malformed Git LFS pointer")
        size = int(match.group(2))
        return WeightHeader("lfs-pointer", detail=f"{size:,} bytes in LFS", size=size)
    if probe.startswith(b"GGUF") and len(probe) >= 24:
        version, count, kv = struct.unpack_from("<IQQ", probe, 4)
        return WeightHeader("gguf", tensors=count,
                            detail=f"version {version}, {count} tensors, {kv} metadata keys")
    if probe.startswith(b"\x89HDF\r\n\x1a\n"):
        return WeightHeader("hdf5")
    if probe.startswith(b"PK\x03\x04"):
        return _zip(item)
    if probe[:1] == b"\x80" and len(probe) > 1 and probe[1] in range(2, 6):
        return WeightHeader("pickle", detail="pickle stream (PyTorch legacy format)")
    if item.suffix == ".safetensors" or (len(probe) >= 9 and probe[8:9] == b"{"):
        return _safetensors(snapshot, item, probe)
    if item.suffix == ".onnx":
        if probe[:1] == b"\x08":  # field 1 (ir_version), varint
            return WeightHeader("onnx", detail=f"ONNX model, IR version {probe[1]}")
        return WeightHeader("onnx", ok=False, detail="not an ONNX ModelProto")
    return WeightHeader("unknown", detail="no known magic bytes")


def _zip(item: SnapshotFile) -> WeightHeader:
    """A PyTorch zip checkpoint: count its tensor storages (``*/data/<n>``) and their bytes
    from the central directory; the tensors themselves are not read."""
    try:
        with zipfile.ZipFile(item.abs_path) as archive:
            storages = [info for info in archive.infolist()
                        if "/data/" in info.filename and not info.filename.endswith("/")]
    except (OSError, zipfile.BadZipFile, ValueError) as exc:
        return WeightHeader("zip", ok=False, detail=f"corrupt zip archive ({exc})")
    size = sum(info.file_size for info in storages)  # the file's own size is what counts
    return WeightHeader("zip", tensors=len(storages),
                        detail=f"PyTorch zip: {len(storages)} tensor storages, {size:,} bytes")


def _safetensors(snapshot: Snapshot, item: SnapshotFile, probe: bytes) -> WeightHeader:
    if len(probe) < 8:
        return WeightHeader("safetensors", ok=False, detail="file shorter than 8 bytes")
    (length,) = struct.unpack("<Q", probe[:8])
    if length > MAX_SAFETENSORS_HEADER or length + 8 > item.size:
        return WeightHeader("safetensors", ok=False, detail=f"header length {length} is invalid")
    data = snapshot.read_range(item, 8, length)
    if data is None or len(data) != length:
        return WeightHeader("safetensors", ok=False, detail="header truncated")
    return parse_safetensors_header(data)
