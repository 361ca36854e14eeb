"""Lineage: the base models a card names (``base_model``: an id or a list, or a
phrase such as "fine-tuned from org/name" in its prose), followed recursively on
the Hub, cycle-safe, to a depth cap, from any entry point (a Hub repo, a folder,
a git repository); and what a fine-tune inherits from its base.

Inheritance (applied bottom-up, so it is transitive):

* **licence terms** — a fine-tune that states no licence (no card ``license``,
  no LICENSE/NOTICE file) takes its base's; every component entry without a
  licence gets it, with evidence "licence inherited from base org/name@sha".
  A fine-tune that states its own keeps it; if the base says otherwise, a note
  says so (the base's terms may still bind the weights).
* **data components** (datasets, data card, data pre-processing code) that the
  fine-tune does not document are taken from the base, evidence prefixed
  "inherited from base org/name@sha".
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from mofkit.release import ComponentEntry, Evidence
from mofkit.rules.ids import DATA_CARD, DATA_PREPROCESSING_CODE, DATASETS, WEIGHTS
from mofkit.sources.hf import cards
from mofkit.sources.hf.records import RepoInfo
from mofkit.sources.interface import SourceError

if TYPE_CHECKING:
    from collections.abc import Callable

    from mofkit.inspect import ScanResult

DATA_COMPONENTS = (DATASETS, DATA_CARD, DATA_PREPROCESSING_CODE)
_LICENCE_FILE = ("license", "licence", "copying", "notice")


@dataclass
class Node:
    repo_id: str
    depth: int
    status: str  # "scanned" | "missing" | "cycle" | "depth-cap"
    relation: str | None = None
    info: RepoInfo | None = None
    result: ScanResult | None = None
    detail: str = ""
    bases: list[Node] = field(default_factory=list)

    @property
    def pinned(self) -> str:
        return self.info.pinned if self.info else self.repo_id

    def licence(self) -> str | None:
        """The licence the base's weights are under (after its own inheritance)."""
        if self.result is not None:
            entry = self.result.release.entry(WEIGHTS)
            if entry is not None and entry.licence:
                return entry.licence
            return card_licence(self.result)
        return cards.card_licence(self.info.card_data) if self.info else None

    def chain(self, child: str | None = None) -> list[dict[str, Any]]:
        """Every node below the scanned model, depth first, as JSON."""
        items = [] if child is None else [{
            "repo": self.repo_id, "revision": self.info.sha if self.info else None,
            "depth": self.depth, "base_of": child, "relation": self.relation,
            "licence": self.licence(), "status": self.status, "detail": self.detail,
        }]
        for base in self.bases:
            items += base.chain(self.repo_id)
        return items


def card_licence(result: ScanResult) -> str | None:
    """The licence the scanned release's card states in its metadata."""
    return cards.card_licence(result.card.metadata) if result.card is not None else None


def states_licence(result: ScanResult) -> bool:
    """Whether a release states a licence of its own: its card's metadata, or a
    LICENSE/NOTICE file of its primary root."""
    return card_licence(result) is not None or any(
        item.root == "" and item.name.lower().startswith(_LICENCE_FILE)
        for item in result.snapshot.files)


def bases_of(result: ScanResult) -> tuple[list[str], str | None]:
    """The base models a scanned card names, and the relation it states."""
    lineage = result.lineage or {}
    return list(lineage.get("base_model") or []), lineage.get("relation")


def lineage_tree(root_id: str, info: RepoInfo | None, result: ScanResult,
                 scan_repo: Callable[[str], tuple[RepoInfo, ScanResult]], depth_cap: int) -> Node:
    """The lineage tree of a scanned model (``root_id``; ``info`` when it is a Hub repo).
    ``scan_repo(repo_id)`` fetches and scans a base (returning ``(info, result)``);
    inheritance is applied on the way up."""
    root = Node(root_id, 0, "scanned", info=info, result=result)
    done: dict[str, Node] = {}

    def walk(node: Node, ancestors: frozenset[str]) -> None:
        assert node.result is not None
        names, stated = bases_of(node.result)
        relation = str(stated or "") or None
        for base_id in names:
            depth = node.depth + 1
            if base_id in ancestors or base_id == node.repo_id:
                base = Node(base_id, depth, "cycle", relation,
                            detail=f"{base_id} is already in this chain: not followed again")
            elif depth > depth_cap:
                base = Node(base_id, depth, "depth-cap", relation,
                            detail=f"not followed: lineage depth cap {depth_cap}")
            elif base_id in done:
                base = done[base_id]
            else:
                try:
                    base_info, base_result = scan_repo(base_id)
                except SourceError as exc:
                    base = Node(base_id, depth, "missing", relation, detail=exc.message)
                else:
                    base = Node(base_id, depth, "scanned", relation,
                                info=base_info, result=base_result)
                    done[base_id] = base
                    walk(base, ancestors | {node.repo_id})
            node.bases.append(base)
        inherit(node)

    walk(root, frozenset())
    return root


def inherit(node: Node) -> None:
    """Apply what ``node`` inherits from its first scanned base."""
    base = next((item for item in node.bases if item.status == "scanned"), None)
    if base is None or base.result is None or node.result is None:
        return
    release = node.result.release
    where = f"hf:{base.pinned}"
    base_licence = base.licence()
    if not states_licence(node.result):
        if base_licence:
            for entry in release.components:
                if entry.licence:
                    continue
                entry.licence = base_licence
                entry.licence_path = where
                entry.extra["licence_source"] = f"inherited from base {base.pinned}"
                entry.extra["inherited_licence_from"] = base.pinned
                entry.evidence.append(Evidence(
                    path=where, why=f"licence {base_licence} inherited from base {base.pinned} "
                    "(the fine-tune states none)", licence=base_licence, confidence=0.8,
                    kind="link"))
            release.notes.append(f"licence {base_licence} inherited from base {base.pinned}: "
                                 "the fine-tune states none of its own")
    else:
        own = card_licence(node.result)
        if base_licence and own and own.lower() != base_licence.lower():
            release.notes.append(
                f"states licence {own}, but its base {base.pinned} is under {base_licence}: "
                "the base's terms may still apply to the weights")
    for component in DATA_COMPONENTS:
        if release.entry(component) is not None:
            continue  # the fine-tune documents its own
        documented = base.result.release.entry(component)
        if documented is not None:
            release.components.append(_inherited(documented, base.pinned))


def _inherited(entry: ComponentEntry, pinned: str) -> ComponentEntry:
    prefix = f"hf:{pinned}:"
    evidence = [replace(item, path=item.path if item.path.startswith("hf:")
                        else prefix + item.path,
                        why=f"inherited from base {pinned}: {item.why}")
                for item in entry.evidence]
    extra = {**entry.extra, "inherited_from": pinned, "external": True}
    path = entry.licence_path
    return replace(entry, evidence=evidence, extra=extra,
                   licence_path=(path if not path or path.startswith("hf:") else prefix + path),
                   component_path=prefix + (entry.component_path or ""))

