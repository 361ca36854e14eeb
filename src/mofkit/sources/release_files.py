"""Open a release from what the user typed: the primary location plus extra
roots (``--code``) and paper references (``--paper``)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from mofkit.sources.git import GitSource, is_git_url
from mofkit.sources.interface import Source, SourceError
from mofkit.sources.local import LocalSource
from mofkit.sources.snapshot import Snapshot, build_snapshot

if TYPE_CHECKING:
    from mofkit.sources.hf.client import HubClient

_PAPER_ID = re.compile(
    r"^(?:arxiv:\s*\d{4}\.\d{4,5}(?:v\d+)?|\d{4}\.\d{4,5}(?:v\d+)?|(?:doi:\s*)?10\.\d{4,9}/\S+"
    r"|https?://\S+)$",
    re.IGNORECASE,
)


def source_for(location: str, label: str = "") -> Source:
    if is_git_url(location):
        return GitSource(location, label)
    return LocalSource(location, label)


def _labels(prefix: str, count: int) -> list[str]:
    return [prefix] if count == 1 else [f"{prefix}{n}" for n in range(1, count + 1)]


def open_release(
    location: str, code: Sequence[str] = (), paper: Sequence[str] = (),
    hub: HubClient | None = None,
) -> Snapshot:
    """Fetch every root and list its files.

    ``paper`` items that are existing files become roots labelled ``paper``;
    the others must look like an arXiv id, a DOI or a URL and are kept as
    references. An empty primary root is an error: there is nothing to rate.
    A Hugging Face location (``hf:org/name``, a huggingface.co URL) is read
    through ``hub`` (default: options from the environment).
    """
    # --- Hugging Face Hub (sources/hf) ---
    from mofkit.sources.hf.location import is_hf_location

    hub_source = None
    if is_hf_location(location):
        from mofkit.sources.hf.fetch import HfSource

        hub_source = HfSource(location, client=hub)
        roots = [hub_source.fetch()]
    else:
        roots = [source_for(location).fetch()]
    # --- end Hugging Face Hub ---
    roots += [
        source_for(item, label).fetch()
        for item, label in zip(code, _labels("code", len(code)), strict=True)
    ]
    references: list[tuple[str, str]] = []
    paper_files = [item for item in paper if item.strip() and Path(item).expanduser().exists()]
    for item in paper:
        if item in paper_files:
            continue
        if not _PAPER_ID.match(item.strip()):
            raise SourceError(
                "not a file, an arXiv id (arXiv:2402.00838), a DOI or a URL",
                source=item or "''",
            )
        references.append(("paper", item.strip()))
    roots += [
        LocalSource(item, label).fetch()
        for item, label in zip(paper_files, _labels("paper", len(paper_files)), strict=True)
    ]
    snapshot: Snapshot
    if hub_source is not None and hub_source.repo is not None:  # Hugging Face Hub
        snapshot = hub_source.repo.snapshot(roots[1:], references)
    else:
        snapshot = build_snapshot(roots, references)
    if not snapshot.in_root(""):
        unlisted = [p for p in snapshot.problems if ": cannot list folder" in p
                    or ": link to outside" in p]
        if unlisted:  # not empty: what is there could not be read
            more = f" (and {len(unlisted) - 1} more)" if len(unlisted) > 1 else ""
            first = unlisted[0]
            if len(first) > 160:  # a path past the length limit: its end says enough
                first = "..." + first[-157:]
            raise SourceError(f"no files to scan: {first}{more}", source=location)
        raise SourceError("no files to scan (empty folder)", source=location)
    return snapshot
