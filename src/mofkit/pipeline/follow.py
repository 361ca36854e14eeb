"""The follow step: links a release's files make to other releases, followed and
rated as evidence — the same from every entry point (a Hub repo, a folder, a git
repository):

* the parts the release says are elsewhere (:mod:`mofkit.inspect.elsewhere`): the
  code repository a card declares (``repository:``, a "Code" link) and the Hub
  repository a code README links as its weights. :func:`plan_links` picks them —
  one hop, at most :data:`MAX_FOLLOWED_ROOTS` roots — and the pipeline re-reads
  the release with them as further roots, each pinned to the revision read (a
  commit), small files only (the Hub source), from the cache when offline;
* the Hub datasets its card declares (:mod:`mofkit.pipeline.datasets`): dataset
  cards, licences and the data files their repos list;
* the lineage on the Hugging Face Hub — the base models a card names, re-scanned,
  with what a fine-tune inherits from them (:mod:`mofkit.pipeline.lineage`);
* the file a card's ``license_link`` names in another Hub repo (:func:`link_fetcher`),
  read during the scan as the release's licence text.

Every Hub read goes through one :class:`HubAccess`: the client is made only when
something is to be read on the Hub (a local scan that links nothing never loads
``huggingface_hub``), honours ``--offline`` (the cache only) and the Hub's bounds
(small files, timeouts, retries, ``max_datasets``, ``lineage_depth``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from mofkit.pipeline import hub
from mofkit.pipeline.datasets import declared, follow_datasets
from mofkit.pipeline.lineage import bases_of, lineage_tree
from mofkit.release import Elsewhere, Release
from mofkit.rules.ids import WEIGHTS

if TYPE_CHECKING:
    from mofkit.inspect import ScanResult
    from mofkit.inspect.context import LinkedFile
    from mofkit.sources.hf.client import HubClient
    from mofkit.sources.hf.datasets import DatasetCard
    from mofkit.sources.hf.records import RepoInfo


MAX_FOLLOWED_ROOTS = 2  # one weights repository and one code repository: one hop


@dataclass
class LinkPlan:
    """How to read the whole release: from ``location`` with ``code`` roots, following
    ``links`` (what the release said was elsewhere)."""

    location: str
    code: list[str]
    links: list[Elsewhere]


def plan_links(release: Release, location: str, kind: str,
               code: Sequence[str]) -> LinkPlan | None:
    """The links to follow, or None: the Hub repository a code repository names as its
    weights (it becomes the entry point, the code a further root), and the code
    repository a card declares (unless ``--code`` already gives one)."""
    from mofkit.inspect.elsewhere import CODE_COMPONENTS
    from mofkit.sources.git import is_git_url

    entry, roots, links = location, list(code), []
    weights = release.elsewhere_for(WEIGHTS)
    if weights is not None and kind != "hf" and weights.location.startswith("hf:"):
        entry, roots = weights.location, [location, *roots]
        links.append(weights)
    repo = next((item for item in release.elsewhere if item.component in CODE_COMPONENTS),
                None)
    if (repo is not None and not code and len(links) < MAX_FOLLOWED_ROOTS
            and is_git_url(repo.location)):
        roots.append(repo.location)
        links.append(repo)
    return LinkPlan(entry, roots, links) if links else None


def followed_links(plan: LinkPlan, result: ScanResult) -> list[dict[str, Any]]:
    """What was followed, where the release said so, and the revision read."""
    revisions = {root.location: root.revision for root in result.snapshot.roots}
    out = []
    for link in dict((item.location, item) for item in plan.links).values():
        said = f"{link.path}:{link.line}" if link.line else link.path
        out.append({"location": link.location, "said_at": said,
                    "revision": revisions.get(link.location)})
    return out


@dataclass
class HubAccess:
    """The Hub as one scan reaches it: options read from the environment when the
    first request is due (``offline`` and ``token`` as the caller gave them)."""

    offline: bool = False
    token: str | None = None
    _client: HubClient | None = field(default=None, repr=False)

    def client(self) -> HubClient:
        if self._client is None:
            from mofkit.sources.hf.client import HubClient
            from mofkit.sources.hf.options import HubOptions

            self._client = HubClient(HubOptions.from_env(token=self.token,
                                                         offline=self.offline))
        return self._client


@dataclass
class HubContext:
    """Where a scanned release lives on the Hub, for following its links there."""

    client: HubClient
    info: RepoInfo


@dataclass
class Followed:
    """What following found: the lineage chain (JSON-ready, depth first) and the
    dataset cards read."""

    lineage: list[dict[str, Any]] = field(default_factory=list)
    datasets: list[DatasetCard] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"lineage": self.lineage, "datasets": [card.to_dict() for card in self.datasets]}


def follow(result: ScanResult, access: HubAccess, on_hub: HubContext | None) -> Followed:
    """Follow the Hub datasets and base models ``result``'s card declares, adding
    what they show (and what is inherited) to its release."""
    training, evaluation = declared(result.card, 1)
    bases, _ = bases_of(result)
    if not (training or evaluation or bases):
        return Followed()
    client = on_hub.client if on_hub is not None else access.client()
    datasets = follow_datasets(result, client)
    lineage = follow_lineage(result, client, on_hub.info if on_hub is not None else None)
    return Followed(lineage, datasets)


def follow_lineage(result: ScanResult, client: HubClient,
                   info: RepoInfo | None) -> list[dict[str, Any]]:
    """Base models on the Hub, scanned and applied bottom-up; notes for the ones
    that could not be followed."""
    root_id = info.repo_id if info is not None else result.release.name
    tree = lineage_tree(root_id, info, result, base_scanner(client),
                        client.options.lineage_depth)
    chain = tree.chain()
    for link in chain:
        if link["status"] in ("missing", "cycle", "depth-cap"):
            result.release.notes.append(f"lineage: base {link['repo']}: {link['detail']}")
    if chain:
        result.lineage = {**result.lineage, "chain": chain}
        said = result.lineage.get("path") or "README.md"
        line = result.lineage.get("line")
        result.followed += [
            {"location": f"hf:{link['repo']}", "said_at": f"{said}:{line}" if line else said,
             "revision": link["revision"]}
            for link in chain if link["depth"] == 1 and link["status"] == "scanned"]
    return chain


def base_scanner(client: HubClient) -> Callable[[str], tuple[RepoInfo, ScanResult]]:
    """Scans a base model as the Hub repo it is (what it says of itself, its dataset
    cards), without following its own code links: the lineage walk follows its bases."""
    from mofkit.inspect import scan
    from mofkit.sources.hf.fetch import fetch_repo

    def scan_repo(repo_id: str) -> tuple[RepoInfo, ScanResult]:
        repo = fetch_repo(client, repo_id, None)
        result = scan(repo.snapshot())
        hub.enrich(result, repo.info, client, repo.failed, name_given=False)
        follow_datasets(result, client)
        return repo.info, result

    return scan_repo


def link_fetcher(access: HubAccess) -> Callable[[str], LinkedFile]:
    """The scan's fetcher of a file a card links in another Hub repo (``license_link``):
    the repo's info at its current commit, then the one file if it is small, from the
    cache when offline. Returns the text, or why it was not read."""
    from mofkit.inspect.context import LinkedFile
    from mofkit.sources.hf.location import parse_hub_file
    from mofkit.sources.hf.options import TEXT_FILE_CAP
    from mofkit.sources.interface import SourceError

    def fetch(url: str) -> LinkedFile:
        where = parse_hub_file(url)
        if where is None or where.kind == "space":
            return LinkedFile(url, error="not a file of a Hub model or dataset repository")
        client = access.client()
        try:
            info = client.info(where.kind, where.repo_id, where.revision)
        except SourceError as exc:
            return LinkedFile(url, error=exc.message)
        label = f"{where.label.split('@')[0]}@{info.sha}:{where.path}"
        listed = next((item for item in info.files if item.name == where.path), None)
        if listed is None:
            return LinkedFile(label, error=f"{where.path} is not a file of {where.repo_id}")
        if listed.size is not None and listed.size > TEXT_FILE_CAP:
            return LinkedFile(label, error=f"{listed.size:,} bytes, over the {TEXT_FILE_CAP:,}"
                                           "-byte cap on licence texts")
        try:
            local, failed = client.download(info, [where.path])
        except SourceError as exc:
            return LinkedFile(label, error=exc.message)
        path = local.get(where.path)
        if path is None:
            return LinkedFile(label, error=failed.get(where.path, "not fetched"))
        return LinkedFile(label, text=path.read_text(encoding="utf-8", errors="replace"))

    return fetch
