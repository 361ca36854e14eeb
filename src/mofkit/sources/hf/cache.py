"""The disk cache: repo info and the small files of each repo, keyed by kind,
repo and commit sha (a commit never changes, so entries never go stale), plus
the last sha each branch or tag resolved to (what offline mode reads).

Layout under ``$MOFKIT_CACHE/hf`` (default ``~/.cache/mofkit/hf``)::

    models/org--name/refs/main          the sha "main" last resolved to
    models/org--name/git-refs.json      RepoRefs: the branches and tags last listed,
                                        the sha rated and the time then
    models/org--name/<sha>/info.json    RepoInfo
    models/org--name/<sha>/files.json   {"files": {name: path}, "failed": {name: why}}
    hub/                                huggingface_hub's own cache (the file blobs)
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any
from urllib.parse import quote

from mofkit.sources.hf.records import RepoInfo, RepoRefs


def _write_json(path: Path, data: Any) -> None:
    text = json.dumps(data)
    if _same(path, text):
        return  # a warm re-scan (the same commit again) writes nothing
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    with os.fdopen(handle, "w", encoding="utf-8") as out:
        out.write(text)
    os.replace(tmp, path)


def _same(path: Path, text: str) -> bool:
    try:
        return path.read_text(encoding="utf-8") == text
    except (OSError, ValueError):
        return False


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


class HubCache:
    def __init__(self, root: Path) -> None:
        self.root = root

    @property
    def blobs(self) -> Path:
        return self.root / "hub"

    def repo_dir(self, kind: str, repo_id: str) -> Path:
        return self.root / f"{kind}s" / repo_id.replace("/", "--")

    def revision_dir(self, kind: str, repo_id: str, sha: str) -> Path:
        return self.repo_dir(kind, repo_id) / sha

    def resolve(self, kind: str, repo_id: str, revision: str) -> str | None:
        """The sha a branch or tag last resolved to, or the sha itself if cached."""
        if (self.revision_dir(kind, repo_id, revision) / "info.json").is_file():
            return revision
        ref = self.repo_dir(kind, repo_id) / "refs" / quote(revision, safe="")
        try:
            return ref.read_text(encoding="utf-8").strip() or None
        except OSError:
            return None

    def save_ref(self, kind: str, repo_id: str, revision: str, sha: str) -> None:
        ref = self.repo_dir(kind, repo_id) / "refs" / quote(revision, safe="")
        if _same(ref, sha):
            return
        ref.parent.mkdir(parents=True, exist_ok=True)
        ref.write_text(sha, encoding="utf-8")

    def load_info(self, kind: str, repo_id: str, sha: str) -> RepoInfo | None:
        data = _read_json(self.revision_dir(kind, repo_id, sha) / "info.json")
        return RepoInfo.from_json(data) if isinstance(data, dict) else None

    def save_info(self, info: RepoInfo, *names: str) -> None:
        """Store the info under the sha, for the id answered and every id asked."""
        for repo_id in {info.repo_id, info.requested, *names}:
            _write_json(self.revision_dir(info.kind, repo_id, info.sha) / "info.json",
                        info.to_json())

    def load_files(self, info: RepoInfo) -> tuple[dict[str, Path], dict[str, str]] | None:
        data = _read_json(self.revision_dir(info.kind, info.repo_id, info.sha) / "files.json")
        if not isinstance(data, dict):
            return None
        files = {name: Path(path) for name, path in data.get("files", {}).items()}
        if not all(path.is_file() for path in files.values()):
            return None  # blobs were cleaned: fetch again
        return files, dict(data.get("failed", {}))

    def save_files(self, info: RepoInfo, files: dict[str, Path], failed: dict[str, str]) -> None:
        _write_json(self.revision_dir(info.kind, info.repo_id, info.sha) / "files.json",
                    {"files": {name: str(path) for name, path in files.items()},
                     "failed": failed})

    def load_refs(self, kind: str, repo_id: str) -> RepoRefs | None:
        data = _read_json(self.repo_dir(kind, repo_id) / "git-refs.json")
        return RepoRefs.from_json(data) if isinstance(data, dict) else None

    def save_refs(self, kind: str, repo_id: str, refs: RepoRefs) -> None:
        """Refs move (a branch gets new commits, new branches appear): one file per repo,
        the last list seen with the commit and time it was seen at, overwritten by each
        online read."""
        _write_json(self.repo_dir(kind, repo_id) / "git-refs.json", refs.to_json())
