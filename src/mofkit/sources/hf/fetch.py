"""Fetch one Hub repo for scanning: its info at a commit, its small files and,
for the release being rated, its branches and tags (intermediate checkpoints are
often branches: ``step1000``, ``step2000``…)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from mofkit.sources.hf.client import HubClient
from mofkit.sources.hf.options import TEXT_FILE_CAP, HubOptions
from mofkit.sources.hf.records import RepoInfo, RepoRefs
from mofkit.sources.hf.snapshot import HubSnapshot, hub_snapshot, wanted
from mofkit.sources.interface import Source
from mofkit.sources.snapshot import Root


@dataclass
class HubRepo:
    info: RepoInfo
    root: Root
    local: dict[str, Path]
    failed: dict[str, str] = field(default_factory=dict)
    refs: RepoRefs | None = None  # None: not listed (not asked, or the Hub did not answer)
    notes: list[str] = field(default_factory=list)  # what could not be fetched, not fatal

    def snapshot(self, extra_roots: list[Root] | None = None,
                 references: list[tuple[str, str]] | None = None) -> HubSnapshot:
        snapshot = hub_snapshot(self.info, self.root, self.local, self.failed,
                                extra_roots or [], references or [])
        snapshot.refs = self.refs
        snapshot.problems[:0] = self.notes
        return snapshot


def fetch_repo(client: HubClient, repo_id: str, revision: str | None,
               location: str | None = None, kind: str = "model",
               refs: bool = False) -> HubRepo:
    """The repo's info and small files; with ``refs``, its branches and tags too
    (a base model read for its lineage does not need them)."""
    options = client.options
    info = client.info(kind, repo_id, revision)
    names = wanted(info.files, options.small_file_cap, TEXT_FILE_CAP, 200)
    local, failed = client.download(info, names)
    folder = client.cache.revision_dir(kind, info.repo_id, info.sha)
    label = location or f"hf:{repo_id}" + (f"@{revision}" if revision else "")
    root = Root("", label, folder, kind="hf", revision=info.sha)
    repo = HubRepo(info, root, local, failed)
    if refs:
        repo.refs, note = client.refs(info)
        if note:
            repo.notes.append(f"{label}: {note}")
    return repo


class HfSource(Source):
    """A model repo on the Hugging Face Hub (``hf:org/name[@rev]`` or a URL)."""

    def __init__(self, location: str, label: str = "", options: HubOptions | None = None,
                 client: HubClient | None = None) -> None:
        from mofkit.sources.hf.location import parse_hf_location

        super().__init__(location, label)
        self.where = parse_hf_location(location)
        self.client = client or HubClient(options or HubOptions.from_env())
        self.repo: HubRepo | None = None

    def fetch(self) -> Root:
        self.repo = fetch_repo(self.client, self.where.repo_id, self.where.revision,
                               self.location, refs=True)
        return self.repo.root
