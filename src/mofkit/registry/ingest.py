"""Sources into assessments for the registry, through :func:`mofkit.pipeline.rate`
(what ``mof scan`` runs): Model Openness Tool records, scanned folders and git
repositories, and Hugging Face models (``hf:org/name``, read from
``HF_ENDPOINT``).

``assess_source(location)`` returns a ``Rated`` (a result under each rule set,
the kind of source and its revision); ``mot_records(folder)`` lists the record
files of a MOT ``models/`` folder.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mofkit.errors import InputError
from mofkit.rules.ids import RULE_SETS

if TYPE_CHECKING:
    from mofkit.pipeline import Rating

RECORD_SUFFIXES = (".yml", ".yaml", ".json")


@dataclass
class Rated:
    results: list[dict[str, Any]]  # one per rule set, as `mof scan --format json` prints it
    source_kind: str
    revision: str | None = None

    @classmethod
    def of(cls, rating: Rating) -> Rated:
        return cls(rating.results(), rating.kind, rating.revision)


# A scanner: what the submit queue calls for a validated source.
Scanner = Callable[[str], Rated]


def rate_record(path: str | Path, rules: Iterable[str] = RULE_SETS) -> Rated:
    from mofkit.pipeline import assess_record

    return Rated.of(assess_record(path, rules))


def scan_location(location: str, rules: Iterable[str] = RULE_SETS) -> Rated:
    """Rate a folder, a git repository or a Hugging Face model as ``mof scan`` does."""
    from mofkit.pipeline import rate

    return Rated.of(rate(location, rules=rules))


def assess_source(location: str, rules: Iterable[str] = RULE_SETS) -> Rated:
    """What ``mof registry add`` accepts: a record file, a folder, a git URL, a Hugging
    Face model (``hf:org/name[@revision]``)."""
    rules = tuple(rules)
    from mofkit.sources.hf.location import is_hf_location

    if is_hf_location(location):
        return scan_location(location, rules)
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


def default_scanner(source: str) -> Rated:
    """The scanner the submit queue uses unless another is plugged in:
    ``hf:`` ids (``validate_source`` turns huggingface.co URLs into them) are
    read from the Hub; git URLs are cloned and scanned."""
    return scan_location(source)
