"""What the Hub says about a repo, as typed records that round-trip through the
disk cache as JSON (``huggingface_hub``'s ``ModelInfo`` is turned into these
once, at the edge)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

WEIGHT_SUFFIXES = (".safetensors", ".bin", ".pt", ".pth", ".ckpt", ".gguf", ".ggml", ".onnx",
                   ".h5", ".msgpack", ".tflite", ".mlmodel", ".pdparams", ".keras", ".nemo")


@dataclass(frozen=True)
class RepoFile:
    name: str  # path in the repo
    size: int | None
    lfs_sha256: str | None = None

    @property
    def is_weight(self) -> bool:
        return self.name.lower().endswith(WEIGHT_SUFFIXES)


@dataclass(frozen=True)
class GitRef:
    """A branch or tag of a Hub repo (``huggingface_hub``'s ``GitRefInfo``)."""

    name: str  # "main", "step1000"
    ref: str  # "refs/heads/step1000"
    target_commit: str


@dataclass
class RepoRefs:
    """The branches and tags of a repo as the Hub listed them (``list_repo_refs``).

    Unlike :class:`RepoInfo`, refs move: the list is what the Hub said when the
    repo was last read online. ``seen_with`` and ``listed_at`` say when that was:
    the commit of the revision being rated then, and the time (Unix seconds); a
    list is reused while both still hold (:meth:`reusable`)."""

    branches: list[GitRef] = field(default_factory=list)
    tags: list[GitRef] = field(default_factory=list)
    converts: list[GitRef] = field(default_factory=list)  # refs/convert/... (parquet exports)
    seen_with: str = ""  # the sha of the revision rated when the list was taken
    listed_at: float = 0.0  # when the list was taken (time.time()); 0: unknown

    def reusable(self, sha: str, now: float, max_age: float) -> bool:
        """Whether this list may stand for the refs of the repo now, when the revision
        being rated is at ``sha``: it was taken with that same commit, less than
        ``max_age`` seconds ago. A commit to the branch rated (a new card announcing
        checkpoints, new weights) makes it stale at once; a branch created or moved
        without one is seen within ``max_age``."""
        return bool(sha) and sha == self.seen_with and 0 <= now - self.listed_at < max_age

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> RepoRefs:
        def refs(key: str) -> list[GitRef]:
            return [GitRef(str(item["name"]), str(item["ref"]), str(item["target_commit"]))
                    for item in data.get(key) or [] if isinstance(item, dict)]

        listed_at = data.get("listed_at")
        return cls(refs("branches"), refs("tags"), refs("converts"),
                   str(data.get("seen_with") or ""),
                   float(listed_at) if isinstance(listed_at, int | float) else 0.0)

    @classmethod
    def from_hub(cls, refs: Any) -> RepoRefs:
        """From a ``huggingface_hub`` ``GitRefs``."""
        def convert(items: Any) -> list[GitRef]:
            return [GitRef(item.name, item.ref, item.target_commit) for item in items or []]

        return cls(convert(refs.branches), convert(refs.tags), convert(refs.converts))


@dataclass
class RepoInfo:
    """One repo at one commit."""

    kind: str  # "model" | "dataset"
    repo_id: str  # the id the Hub answered with (after a rename)
    sha: str
    requested: str  # the id we asked for
    gated: str | bool = False  # False | "auto" | "manual"
    private: bool = False
    disabled: bool = False
    card_data: dict[str, Any] = field(default_factory=dict)
    files: list[RepoFile] = field(default_factory=list)
    safetensors: dict[str, Any] | None = None  # {"parameters": {dtype: n}, "total": n}
    tags: list[str] = field(default_factory=list)
    last_modified: str | None = None
    created_at: str | None = None  # when the repo was created: its first publication
    description: str | None = None
    security: dict[str, Any] | None = None

    @property
    def pinned(self) -> str:
        return f"{self.repo_id}@{self.sha}"

    @property
    def renamed(self) -> bool:
        return self.repo_id != self.requested

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> RepoInfo:
        files = [RepoFile(**item) for item in data.pop("files", [])]
        return cls(files=files, **data)

    @classmethod
    def from_hub(cls, info: Any, kind: str, requested: str) -> RepoInfo:
        """From a ``huggingface_hub`` ``ModelInfo`` / ``DatasetInfo``."""
        files = []
        for sibling in info.siblings or []:
            sha256 = sibling.lfs.sha256 if sibling.lfs is not None else None
            files.append(RepoFile(sibling.rfilename, sibling.size, sha256))
        card = info.card_data.to_dict() if info.card_data is not None else {}
        safetensors = getattr(info, "safetensors", None)
        modified = info.last_modified.isoformat() if info.last_modified else None
        created = getattr(info, "created_at", None)
        return cls(
            kind=kind, repo_id=info.id, sha=info.sha or "", requested=requested,
            gated=info.gated or False, private=bool(info.private),
            disabled=bool(info.disabled), card_data=card, files=files,
            safetensors=({"parameters": dict(safetensors.parameters),
                          "total": int(safetensors.total)} if safetensors else None),
            tags=list(info.tags or []), last_modified=modified,
            created_at=created.isoformat() if created else None,
            description=getattr(info, "description", None),
            security=getattr(info, "security_repo_status", None),
        )
