"""A Hub repo as a :class:`~mofkit.sources.snapshot.Snapshot`: every file of the
repo listed with its Hub size, the small ones read from the download cache,
the others never fetched.

Which files are small: README, LICENSE*, LICENCE*, COPYING*, NOTICE*,
USE_POLICY* and text-like files (Markdown, JSON, YAML, Python, TOML…) under a
size cap. Weights are never downloaded: a weight file reads as the Git LFS
pointer the repo stores for it (its sha256 and size), which is how the weights
inspector sees weights that were not fetched; other files that were not
fetched read as nothing (listed, with their size, but not read).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from mofkit.sources.hf.records import RepoFile, RepoInfo, RepoRefs
from mofkit.sources.snapshot import Root, Snapshot, SnapshotFile, list_files

_ALWAYS = ("readme", "license", "licence", "copying", "notice", "use_policy", "responsible_use",
           "acceptable_use", "model_card", "data_card", "datasheet", "citation")
_TEXT_SUFFIXES = frozenset({".md", ".txt", ".json", ".yaml", ".yml", ".py", ".toml", ".cfg",
                            ".ini", ".rst", ".cff", ".bib", ".sh", ".jinja", ".gin"})
_POINTER = "version https://git-lfs.github.com/spec/v1\noid sha256:{oid}\nsize {size}\n"


def wanted(files: list[RepoFile], cap: int, text_cap: int, limit: int) -> list[str]:
    """The small files worth reading, README first, shallow before deep, at most ``limit``."""
    chosen: list[tuple[int, int, str]] = []
    for item in files:
        path = PurePosixPath(item.name)
        stem = path.name.lower()
        if item.is_weight or item.lfs_sha256 is not None or item.size is None:
            continue
        always = stem.startswith(_ALWAYS)
        small_text = path.suffix.lower() in _TEXT_SUFFIXES and item.size <= cap
        if (always and item.size <= text_cap) or small_text:
            rank = 0 if item.name == "README.md" else 1 if always else 2
            chosen.append((rank, len(path.parts), item.name))
    return [name for _, _, name in sorted(chosen)[:limit]]


@dataclass
class HubSnapshot(Snapshot):
    """A snapshot whose primary root lives on the Hub: files not downloaded are
    listed but read as nothing (weights as their LFS pointer)."""

    info: RepoInfo | None = None
    remote: dict[str, bytes | None] = field(default_factory=dict, repr=False)
    fetched: list[str] = field(default_factory=list)  # small files downloaded
    failed: dict[str, str] = field(default_factory=dict)  # small file -> why not fetched
    refs: RepoRefs | None = None  # the repo's branches and tags (None: not listed)

    def ref_path(self, name: str) -> str:
        """Where a branch or tag of the repo is, as evidence (``hf:org/name@step1000``)."""
        return f"hf:{self.info.repo_id if self.info else self.primary.location}@{name}"

    def is_ref_path(self, path: str) -> bool:
        """Whether ``path`` names a branch or tag of this repo (see :meth:`ref_path`)."""
        return self.refs is not None and path.startswith(self.ref_path(""))

    def _read(self, item: SnapshotFile, size: int) -> bytes | None:
        if item.path in self.remote:
            data = self.remote[item.path]
            return data[:size] if data is not None else None
        return super()._read(item, size)

    def read_range(self, item: SnapshotFile, offset: int, size: int) -> bytes | None:
        if item.path in self.remote:
            return None
        return super().read_range(item, offset, size)


def hub_snapshot(info: RepoInfo, root: Root, local: dict[str, Path], failed: dict[str, str],
                 extra_roots: list[Root], references: list[tuple[str, str]]) -> HubSnapshot:
    """The primary root from the Hub listing, further roots (``--code``) from disk."""
    files: list[SnapshotFile] = []
    remote: dict[str, bytes | None] = {}
    for item in info.files:
        path = local.get(item.name)
        size = item.size if item.size is not None else 0
        if path is None:
            path = root.path / "not-fetched" / item.name
            remote[item.name] = (
                _POINTER.format(oid=item.lfs_sha256 or "0" * 64, size=size).encode()
                if item.is_weight else None
            )
        files.append(SnapshotFile(item.name, item.name, "", size, path))
    problems: list[str] = []
    for extra in extra_roots:
        files.extend(list_files(extra, problems))
    files.sort(key=lambda item: (item.root != "", item.path))
    return HubSnapshot(roots=[root, *extra_roots], files=files, problems=problems,
                       references=references, info=info, remote=remote,
                       fetched=sorted(local), failed=dict(failed))
