"""Fetch one Hub repo for scanning: its info at a commit and its small files."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from mofkit.sources.hf.client import HubClient
from mofkit.sources.hf.options import TEXT_FILE_CAP, HubOptions
from mofkit.sources.hf.records import RepoInfo
from mofkit.sources.hf.snapshot import HubSnapshot, hub_snapshot, wanted
from mofkit.sources.interface import Source
from mofkit.sources.snapshot import Root


@dataclass
class HubRepo:
    info: RepoInfo
    root: Root
    local: dict[str, Path]
    failed: dict[str, str] = field(default_factory=dict)

    def snapshot(self, extra_roots: list[Root] | None = None,
                 references: list[tuple[str, str]] | None = None) -> HubSnapshot:
        return hub_snapshot(self.info, self.root, self.local, self.failed, extra_roots or [],
                            references or [])


def fetch_repo(client: HubClient, repo_id: str, revision: str | None,
               location: str | None = None, kind: str = "model") -> HubRepo:
    options = client.options
    info = client.info(kind, repo_id, revision)
    names = wanted(info.files, options.small_file_cap, TEXT_FILE_CAP, 200)
    local, failed = client.download(info, names)
    folder = client.cache.revision_dir(kind, info.repo_id, info.sha)
    label = location or f"hf:{repo_id}" + (f"@{revision}" if revision else "")
    root = Root("", label, folder, kind="hf", revision=info.sha)
    return HubRepo(info, root, local, failed)


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
                               self.location)
        return self.repo.root
