"""``rate()``: the one composition every entry point runs — location → snapshot →
inspect → (Hub) enrichment → follow links → assess under each rule set.

``mof scan``, ``mof init``, ``mof check``, ``mof badge``, ``mof bulk`` workers,
``mof audit``, ``mof registry add`` and the site's submit queue all call
:func:`rate`, so a release gets the same assessment wherever it is rated.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from mofkit.assess import assess
from mofkit.assess.model import Assessment
from mofkit.inspect import ScanResult, scan
from mofkit.pipeline import hub
from mofkit.pipeline.follow import HubContext, follow, followed_links, plan_links
from mofkit.pipeline.rating import Rating
from mofkit.release import Release
from mofkit.rules.ids import RULE_SETS
from mofkit.sources.hf.location import is_hf_location
from mofkit.sources.release_files import open_release


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
    says whether links to other releases (a fine-tune's base models) are followed.
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


def scan_source(location: str, code: Sequence[str] = (), paper: Sequence[str] = (), *,
                name: str | None = None, offline: bool = False, follow_links: bool = True,
                hf_token: str | None = None) -> ScanResult:
    """Open the release (folders, clones, Hub repos, paper references), inspect it,
    add what the Hub knows and follow its links."""
    if is_hf_location(location):
        result = _scan_hub(location, code, paper, name, offline, follow_links, hf_token)
    else:
        result = _scan_files(location, code, paper, name)
        if follow_links:
            follow(result, None)
    if follow_links:
        result = _assemble(result, location, code, paper, name, offline, hf_token)
    return result


def _scan_files(location: str, code: Sequence[str], paper: Sequence[str],
                name: str | None) -> ScanResult:
    snapshot = open_release(location, code, paper)
    result = scan(snapshot, name=name)
    result.release.revision = snapshot.primary.revision
    return result


def _assemble(result: ScanResult, location: str, code: Sequence[str], paper: Sequence[str],
              name: str | None, offline: bool, hf_token: str | None) -> ScanResult:
    """The whole release: read again with the parts it says are elsewhere (one hop).
    A link that cannot be followed is a note; the release stays as read."""
    from mofkit.errors import MofError
    from mofkit.sources.git import cached_clone, is_git_url

    plan = plan_links(result.release, location, result.snapshot.primary.kind, code)
    if plan is None:
        return result
    roots = []
    for root in plan.code:
        cached = cached_clone(root) if offline and is_git_url(root) else None
        if offline and is_git_url(root) and cached is None:
            result.release.notes.append(f"not followed: {root} (offline, and no clone of it "
                                        "in the cache)")
            return result
        roots.append(str(cached) if cached is not None else root)
    try:
        if is_hf_location(plan.location):
            assembled = _scan_hub(plan.location, roots, paper, name, offline, True, hf_token)
        else:
            assembled = _scan_files(plan.location, roots, paper, name)
    except MofError as exc:
        where = ", ".join(link.location for link in plan.links)
        result.release.notes.append(f"not followed: {where}: {exc}")
        return result
    locations = {link.location for link in plan.links}
    assembled.release.elsewhere = [item for item in assembled.release.elsewhere
                                   if item.location not in locations]
    assembled.followed = followed_links(plan, assembled)
    for link in assembled.followed:
        at = f"@{link['revision'][:12]}" if link["revision"] else " (from the cache)"
        assembled.release.notes.append(f"followed {link['said_at']} to {link['location']}{at}")
    return assembled


def _scan_hub(location: str, code: Sequence[str], paper: Sequence[str], name: str | None,
              offline: bool, follow_links: bool, hf_token: str | None) -> ScanResult:
    from mofkit.sources.hf.client import HubClient
    from mofkit.sources.hf.options import HubOptions
    from mofkit.sources.hf.snapshot import HubSnapshot

    client = HubClient(HubOptions.from_env(token=hf_token, offline=offline))
    snapshot = open_release(location, code, paper, hub=client)
    if not isinstance(snapshot, HubSnapshot) or snapshot.info is None:
        raise TypeError(f"{location}: the Hub source returned no repo info")
    info = snapshot.info
    result = scan(snapshot, name=name)
    datasets = hub.enrich(result, info, client, snapshot.failed, name_given=name is not None)
    lineage = follow(result, HubContext(client, info)).lineage if follow_links else []
    result.release.hub = hub.hub_section(result, info, datasets, lineage, snapshot.fetched,
                                         snapshot.failed, snapshot.refs)
    return result


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
