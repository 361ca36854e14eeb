"""``mof scan hf:org/name``: fetch the repo, inspect it like a folder, then add
what only the Hub knows — the exact commit, gating, the Hub's parameter count,
the lineage with inheritance, and dataset cards — to the release and the report.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from mofkit.release import Evidence
from mofkit.sources.hf import cards
from mofkit.sources.hf import datasets as dataset_cards
from mofkit.sources.hf.client import HubClient
from mofkit.sources.hf.fetch import fetch_repo
from mofkit.sources.hf.lineage import follow
from mofkit.sources.hf.options import HubOptions
from mofkit.sources.hf.records import RepoInfo
from mofkit.sources.hf.snapshot import HubSnapshot

if TYPE_CHECKING:
    from mofkit.inspect import ScanResult

GATING_NOTE = ("gating changes access, not licence terms: the MOF licence verdict is the same "
               "as for an ungated repo")


def scan_hub(location: str, code: Sequence[str] = (), paper: Sequence[str] = (),
             name: str | None = None, options: HubOptions | None = None) -> ScanResult:
    from mofkit.inspect import scan
    from mofkit.sources.release_files import open_release

    options = options or HubOptions.from_env()
    client = HubClient(options)
    snapshot = open_release(location, code, paper, hub=client)
    assert isinstance(snapshot, HubSnapshot) and snapshot.info is not None
    result = scan(snapshot, name=name)
    enrich(result, snapshot.info, client, name_given=name is not None)
    return result


def _scan_base(client: HubClient) -> Any:
    from mofkit.inspect import scan

    def scan_repo(repo_id: str) -> tuple[RepoInfo, ScanResult]:
        repo = fetch_repo(client, repo_id, None)
        result = scan(repo.snapshot())
        _describe(result, repo.info, client.options.endpoint, name_given=False)
        _tidy(result, repo.failed)
        _read_datasets(result, repo.info, client)
        return repo.info, result

    return scan_repo


def _describe(result: ScanResult, info: RepoInfo, endpoint: str, name_given: bool) -> None:
    """Revision, Hub URL, weights metadata and gating: what one repo says of itself."""
    release = result.release
    primary = result.snapshot.primary
    if not name_given and release.name == primary.path.name:
        release.name = info.repo_id
    release.source = f"hf:{info.pinned}"
    release.huggingface = f"{endpoint}/{info.repo_id}/tree/{info.sha}"
    release.extra["revision"] = info.sha
    weights = release.entry("model-parameters-final")
    if weights is not None and info.safetensors:
        per_dtype = ", ".join(f"{dtype} {count:,}" for dtype, count in
                              sorted(info.safetensors["parameters"].items()))
        weights.evidence.append(Evidence(
            path=f"hf:{info.pinned}", why=f"Hub safetensors metadata: "
            f"{info.safetensors['total']:,} parameters ({per_dtype})", confidence=1.0,
            kind="content"))
    if info.gated:
        why = (f"gated on the Hub ({info.gated} approval): the weights are downloadable only "
               f"after access is granted (OSAI-style 'partial' access); {GATING_NOTE}")
        if weights is not None:
            weights.evidence.append(Evidence(path=f"hf:{info.pinned}", why=why, confidence=1.0,
                                             kind="link"))
        release.notes.append(why)
    if info.renamed:
        release.notes.append(f"renamed on the Hub: {info.requested} is now {info.repo_id}")
    for issue in (info.security or {}).get("filesWithIssues") or []:
        path = issue.get("path") if isinstance(issue, dict) else issue
        release.notes.append(f"{path}: flagged by the Hub's security scan")


def _tidy(result: ScanResult, failed: dict[str, str]) -> None:
    """Say once why small files were not read, instead of one "not readable" per file."""
    release = result.release
    release.notes[:] = [note for note in release.notes
                        if not any(note.startswith(f"{name}: ") for name in failed)]
    result.notes = release.notes
    gated = sorted(name for name, why in failed.items() if why.startswith("gated"))
    if gated:
        release.notes.append(f"{len(gated)} small file(s) not read, access not granted: "
                             + ", ".join(gated[:5]) + (" …" if len(gated) > 5 else ""))


def _read_datasets(result: ScanResult, info: RepoInfo, client: HubClient) -> list[Any]:
    """Datasets named by the card (training) and by model-index results (evaluation)."""
    limit = client.options.max_datasets
    training = cards.datasets(info.card_data)[:limit]
    evaluation = [name for name in cards.evaluation_datasets(info.card_data)
                  if name not in training][:limit]
    read = {name: dataset_cards.read_card(client, name) for name in [*training, *evaluation]}
    result.release.notes += dataset_cards.apply(result.release, read, training, evaluation)
    return list(read.values())


def enrich(result: ScanResult, info: RepoInfo, client: HubClient, name_given: bool) -> None:
    options = client.options
    _describe(result, info, options.endpoint, name_given)
    release = result.release
    snapshot = result.snapshot
    failed = getattr(snapshot, "failed", {})
    _tidy(result, failed)
    read = _read_datasets(result, info, client)
    # Lineage, with inheritance applied bottom-up.
    tree = follow(client, info, result, _scan_base(client), options.lineage_depth)
    chain = tree.chain()
    for link in chain:
        if link["status"] in ("missing", "cycle", "depth-cap"):
            release.notes.append(f"lineage: base {link['repo']}: {link['detail']}")
    if chain:
        result.lineage = {**result.lineage, "chain": chain}
    release.extra["hub"] = {
        "repo": info.repo_id,
        "requested": info.requested,
        "revision": info.sha,
        "url": release.huggingface,
        "gated": info.gated,
        "access": {
            "weights": "partial" if info.gated else "open",
            "why": (f"gated ({info.gated}): weights need approval; {GATING_NOTE}"
                    if info.gated else "weights downloadable without approval"),
        },
        "licence_on_card": cards.card_licence(info.card_data),
        "parameters": info.safetensors["total"] if info.safetensors else None,
        "weights": [{"path": item.name, "size": item.size} for item in info.files
                    if item.is_weight],
        "files": len(info.files),
        "fetched": sorted(getattr(snapshot, "fetched", [])),
        "not_fetched": {name: why for name, why in failed.items()},
        "lineage": chain,
        "datasets": [card.to_dict() for card in read],
    }


def render_hub(result: ScanResult, console: Any) -> None:
    """The Hub part of the text report: revision, access, lineage chain, datasets."""
    from rich.markup import escape

    hub = result.release.extra.get("hub")
    if not hub:
        return
    console.print()
    console.print("[bold]Hugging Face Hub[/bold]")
    console.print(f"  {escape(hub['repo'])} at revision {hub['revision']}")
    access = hub["access"]
    console.print(f"  weights access: {access['weights']} - {escape(access['why'])}")
    if hub["parameters"]:
        console.print(f"  parameters (Hub safetensors metadata): {hub['parameters']:,}")
    if hub["lineage"]:
        console.print("  lineage:")
        for link in hub["lineage"]:
            indent = "  " * link["depth"]
            where = f"@{link['revision'][:12]}" if link["revision"] else ""
            licence = link["licence"] or "no licence stated"
            status = "" if link["status"] == "scanned" else f" [{link['status']}]"
            console.print(f"  {indent}<- {escape(link['repo'] + where)} "
                          f"({escape(str(link['relation'] or 'base'))}; {escape(licence)})"
                          f"{escape(status)}")
    for card in hub["datasets"]:
        state = card["error"] or (f"licence {card['licence'] or 'not stated'}"
                                  + (f", gated ({card['gated']})" if card["gated"] else ""))
        console.print(f"  dataset {escape(card['id'])}: {escape(state)}")
