"""``rate()``: the one composition every entry point runs — location → snapshot →
inspect → (Hub) enrichment → follow links → assess under each rule set.

``mof scan``, ``mof init``, ``mof check``, ``mof badge``, ``mof bulk`` workers,
``mof audit``, ``mof registry add`` and the site's submit queue all call
:func:`rate`, so a release gets the same assessment wherever it is rated.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from mofkit.assess import assess
from mofkit.assess.model import Assessment
from mofkit.inspect import ScanResult, scan
from mofkit.inspect.context import FetchLink
from mofkit.pipeline import hub
from mofkit.pipeline.follow import (
    Followed,
    HubAccess,
    HubContext,
    follow,
    followed_links,
    link_fetcher,
    plan_links,
)
from mofkit.pipeline.rating import Rating
from mofkit.release import Release
from mofkit.rules.ids import RULE_SETS
from mofkit.sources.hf.location import is_hf_location
from mofkit.sources.release_files import open_release

if TYPE_CHECKING:
    from mofkit.sources.hf.records import RepoRefs


def rate(source: str | Path | Release, *, rules: Iterable[str] = RULE_SETS,
         code: Sequence[str] = (), paper: str | Sequence[str] | None = None,
         name: str | None = None, offline: bool = False, follow: bool = True,
         hf_token: str | None = None) -> Rating:
    """Rate a release under each rule set in ``rules``.

    ``source`` is a folder, a git URL, a Hugging Face model (``hf:org/name[@rev]``
    or its huggingface.co URL) — opened with ``code`` (further code roots) and
    ``paper`` (a file, arXiv id, DOI or URL, or several) — or a
    :class:`~mofkit.release.Release` already described (a MOT record), which is
    assessed as it is. ``offline`` and ``hf_token`` apply to the Hub; ``follow``
    says whether the links the release declares are followed (its code repository,
    its weights on the Hub, its Hub datasets, its base models, a ``license_link`` to
    another Hub repo), from whatever entry point.
    """
    rules = tuple(rules)
    if isinstance(source, Release):
        return assess_release(source, rules)
    papers = [paper] if isinstance(paper, str) else list(paper or ())
    result = scan_source(str(source), code, papers, name=name, offline=offline,
                         follow_links=follow, hf_token=hf_token)
    return assess_scan(result, rules)


def assess_release(release: Release, rules: Iterable[str] = RULE_SETS,
                   kind: str = "release") -> Rating:
    """A described release (a MOT record, say) under each rule set."""
    return Rating(release, {name: assess(release, rules=name) for name in rules}, kind)


def assess_record(path: str | Path, rules: Iterable[str] = RULE_SETS) -> Rating:
    """A Model Openness Tool record file (.yml, .yaml, .json) under each rule set."""
    from mofkit.sources.mot_record import load_record

    return assess_release(load_record(path), rules, kind="mot-record")


@dataclass
class _Scanned:
    """A scanned release and, when its entry point is a Hub repo, what the Hub said."""

    result: ScanResult
    on_hub: HubContext | None = None
    fetched: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)
    refs: RepoRefs | None = None


def scan_source(location: str, code: Sequence[str] = (), paper: Sequence[str] = (), *,
                name: str | None = None, offline: bool = False, follow_links: bool = True,
                hf_token: str | None = None) -> ScanResult:
    """Open the release (folders, clones, Hub repos, paper references), inspect it,
    add what the Hub knows and follow its links — the same links, with the same
    bounds, whatever the entry point."""
    access = HubAccess(offline, hf_token)
    scanned = _read(location, code, paper, name, access, follow_links)
    followed = Followed()
    if follow_links:
        scanned = _assemble(scanned, location, code, paper, name, access)
        followed = follow(scanned.result, access, scanned.on_hub)
    if scanned.on_hub is not None:
        result, info = scanned.result, scanned.on_hub.info
        result.release.hub = hub.hub_section(result, info, followed.datasets, followed.lineage,
                                             scanned.fetched, scanned.failed, scanned.refs)
    return scanned.result


def _read(location: str, code: Sequence[str], paper: Sequence[str], name: str | None,
          access: HubAccess, follow_links: bool) -> _Scanned:
    """One reading of the release from ``location`` with further ``code`` roots."""
    fetch_link = link_fetcher(access) if follow_links else None
    if is_hf_location(location):
        return _scan_hub(location, code, paper, name, access, fetch_link)
    snapshot = open_release(location, code, paper)
    result = scan(snapshot, name=name, fetch_link=fetch_link)
    result.release.revision = snapshot.primary.revision
    return _Scanned(result)


def _assemble(scanned: _Scanned, location: str, code: Sequence[str], paper: Sequence[str],
              name: str | None, access: HubAccess) -> _Scanned:
    """The whole release: read again with the parts it says are elsewhere (one hop).
    A link that cannot be followed is a note; the release stays as read."""
    from mofkit.errors import MofError
    from mofkit.sources.git import cached_clone, is_git_url

    result = scanned.result
    plan = plan_links(result.release, location, result.snapshot.primary.kind, code)
    if plan is None:
        return scanned
    roots = []
    for root in plan.code:
        cached = cached_clone(root) if access.offline and is_git_url(root) else None
        if access.offline and is_git_url(root) and cached is None:
            result.release.notes.append(f"not followed: {root} (offline, and no clone of it "
                                        "in the cache)")
            return scanned
        roots.append(str(cached) if cached is not None else root)
    try:
        assembled = _read(plan.location, roots, paper, name, access, True)
    except MofError as exc:
        where = ", ".join(link.location for link in plan.links)
        result.release.notes.append(f"not followed: {where}: {exc}")
        return scanned
    release = assembled.result.release
    locations = {link.location for link in plan.links}
    release.elsewhere = [item for item in release.elsewhere if item.location not in locations]
    assembled.result.followed = followed_links(plan, assembled.result)
    for link in assembled.result.followed:
        at = f"@{link['revision'][:12]}" if link["revision"] else " (from the cache)"
        release.notes.append(f"followed {link['said_at']} to {link['location']}{at}")
    return assembled


def _scan_hub(location: str, code: Sequence[str], paper: Sequence[str], name: str | None,
              access: HubAccess, fetch_link: FetchLink | None) -> _Scanned:
    from mofkit.sources.hf.snapshot import HubSnapshot

    client = access.client()
    snapshot = open_release(location, code, paper, hub=client)
    if not isinstance(snapshot, HubSnapshot) or snapshot.info is None:
        raise TypeError(f"{location}: the Hub source returned no repo info")
    info = snapshot.info
    result = scan(snapshot, name=name, fetch_link=fetch_link)
    hub.enrich(result, info, client, snapshot.failed, name_given=name is not None)
    return _Scanned(result, HubContext(client, info), snapshot.fetched, snapshot.failed,
                    snapshot.refs)


def assess_scan(result: ScanResult, rules: Iterable[str] = RULE_SETS) -> Rating:
    """A scanned release under each rule set, the scan's findings attached."""
    result.release.notes += elsewhere_notes(result.release)
    kind = result.snapshot.primary.kind
    assessments = {name: attach_scan(result, assess(result.release, rules=name))
                   for name in rules}
    return Rating(result.release, assessments, kind if kind in ("git", "hf") else "folder",
                  result)


def elsewhere_notes(release: Release) -> list[str]:
    """What is still not among the inputs once links were followed, with the command
    that adds each part."""
    from mofkit.inspect.elsewhere import notes
    from mofkit.rules import load_mof

    return notes(release.elsewhere, {c.id: c.name for c in load_mof().components})


def attach_scan(result: ScanResult, assessment: Assessment) -> Assessment:
    """Carry what the scan found besides the components on the assessment, so that every
    report format shows it: licence conflicts, the scan's own section and the
    confidence per component."""
    assessment.conflicts = list(result.conflicts)
    assessment.scan = result.scan_dict()
    for component in assessment.components:
        found = result.components.get(component.id)
        if found is not None and found.findings:
            component.confidence = found.confidence
    return assessment
