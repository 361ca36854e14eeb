"""Compile mofkit's licence catalog: ids, names, flags and openness judgements.

    python scripts/build_license_catalog.py [--shared ../shared/data]
                                            [--out src/mofkit/licenses/data/catalog.json.gz]

Inputs (facts):
  * ScanCode LicenseDB as shipped in scancode-toolkit-mini 32.5.0
    (``licensedb/licenses.jsonl.gz``): keys, names, categories, SPDX ids, exception and
    deprecation flags (a deprecated key stays in the catalog, flagged, so old records
    still resolve). No licence texts are copied.
  * the licence texts mofkit curates (``src/mofkit/licenses/data/texts/texts.yml``):
    licences LicenseDB lacks, as ``LicenseRef-mofkit-<key>``.
  * the SPDX License List copy of the Model Openness Tool (``mot/licenses.json``):
    the ``isOsiApproved`` / ``isFsfLibre`` flags.
Input (judgements): ``src/mofkit/licenses/data/policy.yml``; each curated licence
entry's ``source`` (its primary source's URL) is kept, and an entry without one is
compiled as unverified.

The output is deterministic (sorted keys, gzip mtime 0), so a rebuild from the
same inputs is byte-identical and reviewable with ``git diff --stat``.
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import re
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

import yaml

from mofkit.licenses.catalog import FORMAT_VERSION
from mofkit.licenses.curated import curated_licences
from mofkit.licenses.keys import name_key

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SHARED = ROOT.parent / "shared" / "data"
DATA = ROOT / "src" / "mofkit" / "licenses" / "data"
DEFAULT_OUT = DATA / "catalog.json.gz"
POLICY = DATA / "policy.yml"
CLASSES = ("open", "restrictive", "non-commercial", "proprietary", "unknown")
TYPES = ("code", "data", "document")


def _matches(patterns: list[str], licence_id: str) -> bool:
    return any(re.search(p, licence_id) for p in patterns)


def _read_jsonl_gz(path: Path) -> list[dict[str, Any]]:
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


class Builder:
    def __init__(self, policy: dict[str, Any]) -> None:
        self.policy = policy
        self.entries: dict[str, dict[str, Any]] = {}
        self.other_ids: dict[str, str] = {}  # alternative id -> canonical id
        self.keys: dict[str, str] = {}  # scancode key -> canonical id
        self.problems: list[str] = []

    def add(self, licence_id: str, **fields: Any) -> None:
        if licence_id in self.entries:
            self.problems.append(f"duplicate id {licence_id}")
            return
        self.entries[licence_id] = {"id": licence_id, **fields}

    def add_licensedb(self, rows: list[dict[str, Any]], source: str) -> None:
        for row in rows:
            key = row.get("key") or row["license_key"]
            if key in self.keys:
                continue
            licence_id = row.get("spdx_license_key") or f"LicenseRef-scancode-{key}"
            if licence_id in self.entries:  # two keys, one SPDX id: keep the first
                self.keys[key] = licence_id
                continue
            curated = self.policy["licences"].get(licence_id, {})
            self.add(
                licence_id,
                key=key,
                name=row.get("name") or curated.get("name") or key,
                short_name=row.get("short_name"),
                category=row.get("category") or "Unstated License",
                is_exception=bool(row.get("is_exception")),
                deprecated=bool(row.get("is_deprecated")),
                source=source,
            )
            self.keys[key] = licence_id
            for other in row.get("other_spdx_license_keys") or []:
                self.other_ids.setdefault(other, licence_id)

    def add_spdx(self, spdx: list[dict[str, Any]]) -> None:
        flags = {x["licenseId"]: x for x in spdx}
        for licence_id, entry in self.entries.items():
            mine = flags.get(licence_id)
            alts = [flags[a] for a, c in self.other_ids.items() if c == licence_id and a in flags]
            found = [mine] if mine else alts
            entry["osi_approved"] = any(f.get("isOsiApproved") for f in found)
            entry["fsf_libre"] = any(f.get("isFsfLibre") for f in found)
            entry["spdx_listed"] = bool(found)
        known = {i.lower(): i for i in self.entries}
        for licence_id, row in sorted(flags.items()):
            if licence_id in self.entries or licence_id in self.other_ids:
                continue
            if licence_id.lower() in known:  # same licence, different case in the SPDX copy
                self.other_ids[licence_id] = known[licence_id.lower()]
                continue
            self.add(
                licence_id,
                key=None,
                name=row["name"],
                short_name=None,
                category="Unstated License",
                is_exception=False,
                deprecated=bool(row.get("isDeprecatedLicenseId")),
                source="spdx",
                osi_approved=bool(row.get("isOsiApproved")),
                fsf_libre=bool(row.get("isFsfLibre")),
                spdx_listed=True,
            )

    def add_renamed(self) -> None:
        """Ids mofkit gave licences before LicenseDB had them resolve to LicenseDB's ids."""
        for old, new in (self.policy.get("renamed") or {}).items():
            if new not in self.entries:
                self.problems.append(f"renamed: {old} -> {new}, which no source has")
            elif old in self.entries:
                self.problems.append(f"renamed: {old} is still a licence of its own")
            else:
                self.other_ids[old] = new

    def add_curated(self) -> None:
        for licence_id, curated in self.policy["licences"].items():
            if licence_id in self.entries:
                if "name" in curated:
                    self.entries[licence_id]["name"] = curated["name"]
                continue
            if not licence_id.startswith("LicenseRef-mofkit-"):
                self.problems.append(f"policy.yml names {licence_id}, which no source has")
                continue
            self.add(
                licence_id,
                key=None,
                name=curated["name"],
                short_name=None,
                category=curated.get("category", "Proprietary Free"),
                is_exception=False,
                deprecated=False,
                source="mofkit",
                osi_approved=False,
                fsf_libre=False,
                spdx_listed=False,
            )

    def judge(self) -> None:
        pol = self.policy
        for licence_id, entry in self.entries.items():
            curated = pol["licences"].get(licence_id, {})
            open_data = _matches(pol["open_data"], licence_id)
            open_content = _matches(pol["open_content"], licence_id)
            flagged = entry["osi_approved"] or entry["fsf_libre"]
            open_ = flagged or open_data or open_content or licence_id in pol["also_open"]
            why = curated.get("why") or pol["also_open"].get(licence_id)
            cls = curated.get("class")
            if cls is None:
                for pattern_class in ("non-commercial", "restrictive"):
                    if _matches(pol["class_patterns"][pattern_class], licence_id):
                        cls = pattern_class
                        break
            if cls is None:
                if open_:
                    cls = "open"
                else:
                    cats = pol["category_classes"]
                    cls = cats.get(entry["category"], cats["default"])
            if cls not in CLASSES:
                self.problems.append(f"{licence_id}: unknown class {cls}")
            suits: list[str] = []
            if cls == "open":
                if "suits" in curated:
                    suits = list(curated["suits"])
                else:
                    if flagged and not (open_data or open_content):
                        suits.append("code")
                    if open_data:
                        suits.append("data")
                    if open_content:
                        suits.append("document")
            bad = set(suits) - set(TYPES)
            if bad:
                self.problems.append(f"{licence_id}: unknown types {bad}")
            sources = curated.get("source") or []
            sources = [sources] if isinstance(sources, str) else list(sources)
            bad_urls = [u for u in sources if not re.match(r"https?://", str(u))]
            if bad_urls:
                self.problems.append(f"{licence_id}: source is not a URL: {bad_urls}")
            judged = bool({"class", "why", "suits", "obligations", "category"} & set(curated))
            clauses = {str(k): str(v) for k, v in (curated.get("clauses") or {}).items()}
            stated = set(curated.get("obligations") or []) | (
                {"non-commercial"} if cls == "non-commercial" else set())
            if set(clauses) - stated:
                self.problems.append(f"{licence_id}: clauses for obligations it does not "
                                     f"have: {sorted(set(clauses) - stated)}")
            if clauses and not sources:
                self.problems.append(f"{licence_id}: clauses without a source to quote")
            entry.update(
                sources=sources,
                verified=bool(sources) or not judged,
                openness=cls,
                suits=suits,
                open_data=open_data,
                open_content=open_content,
                why=why,
                obligations=list(curated.get("obligations", [])) or None,
                clauses=clauses or None,
            )

    def resolve(self, target: str, where: str) -> str | None:
        if target in self.entries:
            return target
        if target in self.other_ids:
            return self.other_ids[target]
        self.problems.append(f"{where}: {target} is not in the catalog")
        return None

    def indexes(self) -> dict[str, dict[str, str]]:
        exact: dict[str, str] = {i: i for i in self.entries}
        for other, canonical in self.other_ids.items():
            exact.setdefault(other, canonical)
        ci: dict[str, str] = {}
        ci_clash: set[str] = set()
        for written, canonical in exact.items():
            low = written.lower()
            if low in ci and ci[low] != canonical:
                ci_clash.add(low)
            ci.setdefault(low, canonical)
        for low in ci_clash:
            # an exact canonical id wins a case clash; otherwise drop the spelling
            winners = [c for w, c in exact.items() if w.lower() == low and w == c]
            if len(set(winners)) == 1:
                ci[low] = winners[0]
            else:
                del ci[low]
                self.problems.append(f"case-insensitive id clash dropped: {low}")

        pol = self.policy
        aliases = {}
        for written, target in pol["aliases"].items():
            canonical = self.resolve(target, f"alias {written!r}")
            if canonical:
                aliases[name_key(str(written))] = canonical
        hf_ids = {}
        for written, target in pol["hf_ids"].items():
            canonical = self.resolve(target, f"hf id {written!r}")
            if canonical:
                hf_ids[str(written).lower()] = canonical
        hf_names = {}
        for written, target in pol["hf_license_names"].items():
            canonical = self.resolve(target, f"hf license_name {written!r}")
            if canonical:
                hf_names[str(written).lower()] = canonical
        ambiguous = {name_key(str(k)): v for k, v in pol["ambiguous"].items()}

        # names: ids, keys, LicenseDB names and short names, SPDX names; a key that
        # two different current licences share is ambiguous and dropped.
        candidates: dict[str, set[str]] = defaultdict(set)
        for written, canonical in exact.items():
            candidates[name_key(written)].add(canonical)
        for key, canonical in self.keys.items():
            candidates[name_key(key)].add(canonical)
        for canonical, entry in self.entries.items():
            for written in (entry["name"], entry.get("short_name")):
                if written:
                    candidates[name_key(written)].add(canonical)
        names: dict[str, str] = {}
        dropped: list[str] = []
        for nk, ids in candidates.items():
            if not nk or nk in aliases or nk in ambiguous:
                continue
            current = {i for i in ids if not self.entries[i]["deprecated"]} or ids
            if len(current) == 1:
                names[nk] = next(iter(current))
            else:
                dropped.append(nk)
        print(f"names: {len(names)} kept, {len(dropped)} ambiguous dropped: "
              f"{sorted(dropped)}", file=sys.stderr)
        return {
            "exact": exact,
            "ci": ci,
            "keys": dict(self.keys),
            "names": names,
            "aliases": aliases,
            "hf_ids": hf_ids,
            "hf_names": hf_names,
            "ambiguous": ambiguous,
        }


FIELDS = (
    "id", "key", "name", "category", "osi_approved", "fsf_libre", "is_exception",
    "deprecated", "openness", "suits", "open_data", "open_content", "why", "obligations",
    "spdx_listed", "source", "sources", "verified", "clauses",
)


def build(shared: Path) -> dict[str, Any]:
    policy = yaml.safe_load(POLICY.read_text("utf-8"))
    builder = Builder(policy)
    builder.add_licensedb(_read_jsonl_gz(shared / "licensedb" / "licenses.jsonl.gz"), "licensedb")
    builder.add_licensedb(curated_licences(), "mofkit")
    builder.add_renamed()
    spdx = json.loads((shared / "mot" / "licenses.json").read_text("utf-8"))
    builder.add_curated()
    builder.add_spdx(spdx["licenses"])
    builder.judge()
    indexes = builder.indexes()
    if builder.problems:
        raise SystemExit("policy.yml problems:\n  " + "\n  ".join(builder.problems))
    ids = sorted(builder.entries)
    position = {i: n for n, i in enumerate(ids)}
    rows = [[_compact(builder.entries[i].get(f)) for f in FIELDS] for i in ids]
    # the loader derives canonical ids (exact and lower-case) from the rows: store
    # only the other spellings, to keep the file small and quick to load
    indexes["exact"] = {k: v for k, v in indexes["exact"].items() if k != v}
    indexes["ci"] = {k: v for k, v in indexes["ci"].items() if k != v.lower()}
    indexes["keys"] = {k: v for k, v in indexes["keys"].items()
                       if k != v.lower() and builder.entries[v]["key"] != k}
    return {
        "format": FORMAT_VERSION,
        "fields": list(FIELDS),
        "sources": {
            "licensedb": "ScanCode LicenseDB as shipped in scancode-toolkit-mini 32.5.0 "
            "(CC-BY-4.0)",
            "mofkit": "licence texts curated by mofkit (src/mofkit/licenses/data/texts/), "
            "each from its published copy",
            "spdx": f"SPDX License List {spdx.get('licenseListVersion')} "
            f"({spdx.get('releaseDate')}), as copied by the Model Openness Tool (MIT)",
        },
        "licences": rows,
        "index": {
            name: {k: position[v] if isinstance(v, str) and v in position else v
                   for k, v in sorted(table.items())}
            for name, table in indexes.items()
        },
    }


def _compact(value: Any) -> Any:
    """Booleans as 0/1 and empty lists as null: a smaller, faster file."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, list) and not value:
        return None
    return value


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    catalog = build(args.shared)
    raw = json.dumps(catalog, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    buf = io.BytesIO()
    with gzip.GzipFile(fileobj=buf, mode="wb", mtime=0, compresslevel=9) as gz:
        gz.write(raw.encode("utf-8"))
    args.out.write_bytes(buf.getvalue())
    counts: dict[str, int] = defaultdict(int)
    for row in catalog["licences"]:
        counts[row[FIELDS.index("openness")]] += 1
    print(f"{args.out}: {len(catalog['licences'])} licences, {dict(sorted(counts.items()))}, "
          f"{len(buf.getvalue())} bytes", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
