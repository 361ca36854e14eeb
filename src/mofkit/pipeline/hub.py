"""What only the Hugging Face Hub knows, added to a scanned repo: the exact
commit, the Hub URL, when the repo was first published, the Hub's parameter
count, gating, renames, the security scan's flags — and, once the release's links
are followed (its datasets and lineage, :mod:`mofkit.pipeline.follow`), the Hub
section of the report (``Release.hub``).

``sources.hf`` fetches (repo info, small files, cards as text); this module
turns what it fetched into evidence and notes on the release.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from mofkit.release import Evidence, ReleaseDate
from mofkit.rules import WEIGHTS
from mofkit.sources.hf import cards

if TYPE_CHECKING:
    from mofkit.inspect import ScanResult
    from mofkit.sources.hf.client import HubClient
    from mofkit.sources.hf.datasets import DatasetCard
    from mofkit.sources.hf.records import RepoInfo, RepoRefs

GATING_NOTE = ("gating changes access, not licence terms: the MOF licence verdict is the same "
               "as for an ungated repo")


def enrich(result: ScanResult, info: RepoInfo, client: HubClient, failed: dict[str, str],
           name_given: bool) -> None:
    """Describe the repo on the release and say once why files were not read."""
    describe(result, info, client.options.endpoint, name_given)
    tidy(result, failed)


def describe(result: ScanResult, info: RepoInfo, endpoint: str, name_given: bool) -> None:
    """Revision, Hub URL, release date, weights metadata and gating: what one repo says
    of itself. The Hub's release date is the repo's creation (its first publication
    there), taken only when the card states none; its last change is no release."""
    release = result.release
    primary = result.snapshot.primary
    if not name_given and release.name == primary.path.name:
        release.name = info.repo_id
    release.source = f"hf:{info.pinned}"
    release.huggingface = f"{endpoint}/{info.repo_id}/tree/{info.sha}"
    release.revision = info.sha
    if release.release_date is None and info.created_at:  # the card's own date comes first
        release.release_date = ReleaseDate(info.created_at[:10], "hub", f"hf:{info.repo_id}")
    weights = release.entry(WEIGHTS)
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


def tidy(result: ScanResult, failed: dict[str, str]) -> None:
    """Say once why small files were not read, instead of one "not readable" per file."""
    release = result.release
    release.notes[:] = [note for note in release.notes
                        if not any(note.startswith(f"{name}: ") for name in failed)]
    result.notes = release.notes
    gated = sorted(name for name, why in failed.items() if why.startswith("gated"))
    if gated:
        release.notes.append(f"{len(gated)} small file(s) not read, access not granted: "
                             + ", ".join(gated[:5]) + (" …" if len(gated) > 5 else ""))


def hub_section(result: ScanResult, info: RepoInfo, datasets: list[DatasetCard],
                lineage: list[dict[str, Any]], fetched: list[str],
                failed: dict[str, str], refs: RepoRefs | None = None) -> dict[str, Any]:
    """The Hub part of the report, JSON-ready (``Release.hub``)."""
    release = result.release
    return {
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
        "fetched": sorted(fetched),
        "not_fetched": dict(failed),
        "refs": ({"branches": [ref.name for ref in refs.branches],
                  "tags": [ref.name for ref in refs.tags]} if refs is not None else None),
        "lineage": lineage,
        "datasets": [card.to_dict() for card in datasets],
    }
