"""Repositories of the fake Hub: files, refs, gating, and the JSON the Hub API
would answer for them.

A repo is defined from a dict (``{"README.md": "...", "model.safetensors":
{"size": 4_000_000_000}}``) or from a folder. Small contents are held in memory;
a file given only by size is an LFS file whose bytes the fake can still serve
(zeros), so a client that downloads weights is caught by the request log, not
by a crash. Everything derived (card data, the info JSON) is computed once.
"""

from __future__ import annotations

import hashlib
import json
import struct
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

LFS_SUFFIXES = frozenset({".safetensors", ".bin", ".pt", ".pth", ".ckpt", ".gguf", ".onnx",
                          ".h5", ".msgpack", ".parquet", ".arrow", ".model", ".zst", ".gz"})
LFS_THRESHOLD = 10 << 20  # the Hub stores files above 10 MB in LFS
ALWAYS_PUBLIC = frozenset({"README.md", ".gitattributes"})  # readable on gated repos


@dataclass
class FakeFile:
    content: bytes | None  # None: LFS file known by size only (served as zeros)
    size: int
    lfs: bool

    @property
    def blob_id(self) -> str:
        data = self.content if self.content is not None else str(self.size).encode()
        return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()

    @property
    def sha256(self) -> str:
        data = self.content if self.content is not None else str(self.size).encode()
        return hashlib.sha256(data).hexdigest()


def make_file(name: str, value: str | bytes | dict[str, Any]) -> FakeFile:
    if isinstance(value, dict):
        return FakeFile(None, int(value["size"]), True)
    data = value.encode() if isinstance(value, str) else value
    suffix = Path(name).suffix.lower()
    return FakeFile(data, len(data), suffix in LFS_SUFFIXES or len(data) > LFS_THRESHOLD)


@dataclass
class FakeRepo:
    """One model or dataset repository."""

    repo_id: str
    files: dict[str, FakeFile]
    kind: str = "model"  # "model" | "dataset"
    gated: str | bool = False  # False | "auto" | "manual"
    private: bool = False
    allowed_tokens: frozenset[str] = frozenset()  # tokens that may read a gated/private repo
    sha: str = ""
    refs: dict[str, str] = field(default_factory=dict)  # branch -> sha ("main" added)
    git_tags: dict[str, str] = field(default_factory=dict)  # git tag -> sha
    safetensors: dict[str, Any] | None = None  # the Hub's parameter counts (None: computed)
    tags: list[str] = field(default_factory=list)
    downloads: int = 0
    security_issues: list[dict[str, Any]] = field(default_factory=list)
    _info: dict[str, Any] | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        if not self.sha:
            digest = hashlib.sha1(self.repo_id.encode())
            for name in sorted(self.files):
                digest.update(name.encode() + self.files[name].blob_id.encode())
            self.sha = digest.hexdigest()
        self.refs.setdefault("main", self.sha)
        if self.safetensors is None:
            self.safetensors = _count_parameters(self.files)

    def resolve(self, revision: str) -> str | None:
        if revision in self.refs:
            return self.refs[revision]
        if revision in self.git_tags:
            return self.git_tags[revision]
        if revision == self.sha or (len(revision) >= 7 and self.sha.startswith(revision)):
            return self.sha
        return None

    def card_data(self) -> dict[str, Any] | None:
        readme = self.files.get("README.md")
        if readme is None or readme.content is None:
            return None
        text = readme.content.decode("utf-8", errors="replace")
        if not text.startswith("---"):
            return None
        end = text.find("\n---", 3)
        if end < 0:
            return None
        try:
            data = yaml.safe_load(text[3:end])
        except yaml.YAMLError:
            return None
        return data if isinstance(data, dict) else None

    def info(self) -> dict[str, Any]:
        """The API answer with ``blobs=true`` (sizes and LFS details)."""
        if self._info is None:
            author = self.repo_id.split("/")[0] if "/" in self.repo_id else None
            siblings = []
            for name, item in sorted(self.files.items()):
                entry: dict[str, Any] = {"rfilename": name, "size": item.size,
                                         "blobId": item.blob_id}
                if item.lfs:
                    entry["lfs"] = {"size": item.size, "sha256": item.sha256, "pointerSize": 134}
                siblings.append(entry)
            card = self.card_data()
            data: dict[str, Any] = {
                "_id": hashlib.md5(self.repo_id.encode()).hexdigest()[:24],
                "id": self.repo_id, "author": author, "sha": self.sha,
                "lastModified": "2025-01-01T00:00:00.000Z",
                "createdAt": "2024-01-01T00:00:00.000Z",
                "private": self.private, "gated": self.gated, "disabled": False,
                "downloads": self.downloads, "likes": 0, "tags": list(self.tags),
                "siblings": siblings,
            }
            if card is not None:
                data["cardData"] = card
            if self.kind == "model":
                if self.safetensors:
                    data["safetensors"] = self.safetensors
                if card and card.get("library_name"):
                    data["library_name"] = card["library_name"]
            elif card is not None:
                data["description"] = _description(self.files["README.md"].content or b"")
            self._info = data
        return self._info

    def refs_answer(self, include_prs: bool = False) -> dict[str, Any]:
        """``GET /api/{kind}s/{repo}/refs`` as the Hub answers it."""
        def listed(names: dict[str, str], prefix: str) -> list[dict[str, str]]:
            return [{"name": name, "ref": f"{prefix}{name}", "targetCommit": sha}
                    for name, sha in names.items()]

        return {"branches": listed(self.refs, "refs/heads/"), "converts": [],
                "tags": listed(self.git_tags, "refs/tags/"),
                "pullRequests": [] if include_prs else None}

    def summary(self) -> dict[str, Any]:
        """The shorter entry of a search result."""
        return {"_id": self.info()["_id"], "id": self.repo_id, "likes": 0,
                "downloads": self.downloads, "private": self.private, "tags": list(self.tags),
                "createdAt": "2024-01-01T00:00:00.000Z"}


def _description(readme: bytes) -> str:
    text = readme.decode("utf-8", errors="replace")
    if text.startswith("---"):
        end = text.find("\n---", 3)
        text = text[end + 4:] if end >= 0 else text
    body = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    return " ".join(body)[:300]


def _count_parameters(files: dict[str, FakeFile]) -> dict[str, Any] | None:
    """What the Hub computes from safetensors headers: parameters per dtype."""
    per_dtype: dict[str, int] = {}
    for name, item in files.items():
        if not name.endswith(".safetensors") or item.content is None or item.size < 8:
            continue
        (length,) = struct.unpack("<Q", item.content[:8])
        try:
            header = json.loads(item.content[8:8 + length])
        except ValueError:
            continue
        for tensor, spec in header.items():
            if tensor == "__metadata__":
                continue
            count = 1
            for dim in spec["shape"]:
                count *= dim
            per_dtype[spec["dtype"]] = per_dtype.get(spec["dtype"], 0) + count
    if not per_dtype:
        return None
    return {"parameters": per_dtype, "total": sum(per_dtype.values())}


def repo_from_dict(repo_id: str, files: dict[str, str | bytes | dict[str, Any]],
                   **options: Any) -> FakeRepo:
    return FakeRepo(repo_id, {name: make_file(name, value) for name, value in files.items()},
                    **options)


def repo_from_folder(repo_id: str, folder: Path, **options: Any) -> FakeRepo:
    files: dict[str, FakeFile] = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file() and ".git" not in path.parts:
            rel = path.relative_to(folder).as_posix()
            files[rel] = make_file(rel, path.read_bytes())
    return FakeRepo(repo_id, files, **options)
