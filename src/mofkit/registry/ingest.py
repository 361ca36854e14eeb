"""Sources into assessments: Model Openness Tool records, scanned folders and
git repositories through ``mof scan``'s engine, and Hugging Face models
(``hf:org/name``) through the Hub source (``mofkit.sources.hf``, which talks
to ``HF_ENDPOINT``).

``assess_source(location)`` returns ``Rated`` items (a result under each rule
set, the kind of source and its revision); ``mot_records(folder)`` lists the
record files of a MOT ``models/`` folder.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mofkit.errors import InputError

RECORD_SUFFIXES = (".yml", ".yaml", ".json")


@dataclass
class Rated:
    results: list[dict[str, Any]]  # one per rule set, Assessment.to_dict() each
    source_kind: str
    revision: str | None = None


# A scanner: what the submit queue calls for a validated source.
Scanner = Callable[[str], Rated]


def rate_release(release: Any, rules: Iterable[str] = ("mof", "mot-compat"),
                 extra: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    from mofkit.assess import assess

    out = []
    for name in rules:
        result = assess(release, rules=name).to_dict()
        if extra:
            result.update(extra)
        out.append(result)
    return out


def rate_record(path: str | Path, rules: Iterable[str] = ("mof", "mot-compat")) -> Rated:
    from mofkit.sources.mot_record import load_record

    return Rated(rate_release(load_record(path), rules), "mot-record")


def scan_location(location: str, rules: Iterable[str] = ("mof", "mot-compat")) -> Rated:
    """Rate a folder or git repository with ``mof scan``'s engine."""
    try:
        from mofkit.inspect.scan import scan
        from mofkit.sources.release_files import open_release
    except ImportError:
        raise InputError("scanning folders needs `mof scan`, which this version of mofkit "
                         "does not have", location) from None
    snapshot = open_release(location)
    result = scan(snapshot)
    revision = next((r.revision for r in snapshot.roots if getattr(r, "revision", None)), None)
    kind = "git" if any(getattr(r, "kind", "") == "git" for r in snapshot.roots) else "folder"
    return Rated(rate_release(result.release, rules, {"scan": result.scan_dict()}), kind,
                 revision)


def assess_source(location: str, rules: Iterable[str] = ("mof", "mot-compat")) -> Rated:
    """What ``mof registry add`` accepts: a record file, a folder, a git URL, a Hugging
    Face model (``hf:org/name[@revision]``)."""
    rules = tuple(rules)
    from mofkit.sources.hf.location import is_hf_location

    if is_hf_location(location):
        return scan_hub_source(location, rules)
    path = Path(location).expanduser()
    if path.exists() and not path.is_file() and not path.is_dir():
        raise InputError("not a regular file or folder", location)
    if path.is_file():
        if path.suffix.lower() not in RECORD_SUFFIXES:
            raise InputError("not a Model Openness Tool record (.yml, .yaml or .json)",
                             location)
        return rate_record(path, rules)
    if path.is_dir() or "://" in location or location.startswith("git@"):
        return scan_location(location, rules)
    raise InputError("no such file or folder", location)


def mot_records(folder: str | Path) -> list[Path]:
    root = Path(folder).expanduser()
    if not root.is_dir():
        raise InputError("not a folder", str(folder))
    files = sorted(p for p in root.iterdir()
                   if p.is_file() and p.suffix.lower() in RECORD_SUFFIXES)
    if not files:
        raise InputError("no Model Openness Tool records (*.yml) in this folder", str(folder))
    return files


def scan_hub_source(source: str, rules: Iterable[str] = ("mof", "mot-compat")) -> Rated:
    """Rate a Hugging Face model (``hf:org/name[@revision]``) as ``mof scan`` does:
    the exact commit as the revision, the scan's and the Hub's findings attached."""
    from mofkit.assess import assess
    from mofkit.commands.scan import attach_scan
    from mofkit.sources.hf.options import HubOptions
    from mofkit.sources.hf.scan import scan_hub

    result = scan_hub(source, options=HubOptions.from_env())
    revision = result.release.extra.get("revision")
    results = [attach_scan(result, assess(result.release, rules=name)).to_dict()
               for name in rules]
    return Rated(results, "hf", str(revision) if revision else None)


def default_scanner(source: str) -> Rated:
    """The scanner the submit queue uses unless another is plugged in:
    ``hf:`` ids (``validate_source`` turns huggingface.co URLs into them) are
    read from the Hub; git URLs are cloned and scanned."""
    if source.startswith("hf:"):
        return scan_hub_source(source)
    return scan_location(source)
