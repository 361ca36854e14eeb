"""The licence catalog: every licence mofkit knows, with its flags and openness class.

The catalog is package data (``data/catalog.json.gz``) compiled by
``scripts/build_license_catalog.py`` from ScanCode LicenseDB, the SPDX License
List and mofkit's own judgements (``data/policy.yml``). It is loaded once, on
first use, so that importing ``mofkit.licenses`` stays cheap.
"""

from __future__ import annotations

import functools
import gzip
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from mofkit.errors import RulesError

FORMAT_VERSION = 2
CATALOG_FILE = "catalog.json.gz"

_BOOLEANS = ("osi_approved", "fsf_libre", "is_exception", "deprecated", "open_data",
             "open_content", "spdx_listed", "verified")

Openness = Literal["open", "restrictive", "non-commercial", "proprietary", "unknown"]


@dataclass(frozen=True, slots=True)
class LicenceInfo:
    """One licence of the catalog.

    ``id`` is the canonical id: the SPDX id, else ``LicenseRef-scancode-<key>``,
    else (licences ScanCode lacks) ``LicenseRef-mofkit-<key>``. ``openness`` is
    mofkit's class; ``suits`` the component types an *open* licence is
    appropriate for; ``why`` the curated reason for a restrictive or
    non-commercial class (or for counting a licence open without flags).
    ``sources`` are the URLs of the primary sources of mofkit's curated facts about
    it (``data/policy.yml``); ``verified`` is false when it has curated facts (a
    class, a reason, obligations) but no source: reports show those as unverified.
    ``clauses`` quote, for some obligations, the words of the clause that sets them.
    """

    id: str
    key: str | None
    name: str
    category: str
    osi_approved: bool
    fsf_libre: bool
    is_exception: bool
    deprecated: bool
    openness: Openness
    suits: tuple[str, ...]
    open_data: bool
    open_content: bool
    why: str | None
    obligations: tuple[str, ...]
    spdx_listed: bool
    source: str
    sources: tuple[str, ...] = ()
    verified: bool = True
    # obligation -> the words of the clause that sets it, quoted from the first source
    # (a use restriction's chip links there with a text fragment)
    clauses: tuple[tuple[str, str], ...] = ()

    def clause(self, obligation: str) -> str | None:
        return dict(self.clauses).get(obligation)

    @property
    def is_open(self) -> bool:
        return self.openness == "open"

    @property
    def open_terms(self) -> bool:
        """OSI-approved, or an open data/content licence without use restrictions."""
        return self.is_open and (self.osi_approved or self.open_data or self.open_content)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "key": self.key,
            "name": self.name,
            "category": self.category,
            "osi_approved": self.osi_approved,
            "fsf_libre": self.fsf_libre,
            "is_exception": self.is_exception,
            "deprecated": self.deprecated,
            "openness": self.openness,
            "suits": list(self.suits),
            "obligations": list(self.obligations),
            "sources": list(self.sources),
            "verified": self.verified,
            "clauses": dict(self.clauses),
        }


class Catalog:
    """The loaded catalog: rows plus lookup tables (see the build script)."""

    def __init__(self, data: dict[str, Any]) -> None:
        if data.get("format") != FORMAT_VERSION:
            raise RulesError(f"licence catalog has format {data.get('format')!r}, "
                             f"expected {FORMAT_VERSION}; rebuild it")
        self._fields: list[str] = data["fields"]
        self._rows: list[list[Any]] = data["licences"]
        index = data["index"]
        # canonical ids are not repeated in the file's index tables: add them here
        self.exact: dict[str, int] = {row[0]: n for n, row in enumerate(self._rows)}
        self.exact.update(index["exact"])
        self.ci: dict[str, int] = {row[0].lower(): n for n, row in enumerate(self._rows)}
        self.ci.update(index["ci"])
        self.keys: dict[str, int] = {row[1]: n for n, row in enumerate(self._rows) if row[1]}
        self.keys.update(index["keys"])
        self.names: dict[str, int] = index["names"]
        self.aliases: dict[str, int] = index["aliases"]
        self.hf_ids: dict[str, int] = index["hf_ids"]
        self.hf_names: dict[str, int] = index["hf_names"]
        self.ambiguous: dict[str, str] = index["ambiguous"]
        self.sources: dict[str, str] = data["sources"]
        self._infos: dict[int, LicenceInfo] = {}

    def __len__(self) -> int:
        return len(self._rows)

    def info(self, position: int) -> LicenceInfo:
        found = self._infos.get(position)
        if found is None:
            row = dict(zip(self._fields, self._rows[position], strict=True))
            for field in _BOOLEANS:
                row[field] = bool(row[field])
            row["suits"] = tuple(row["suits"] or ())
            row["obligations"] = tuple(row["obligations"] or ())
            row["sources"] = tuple(row["sources"] or ())
            row["clauses"] = tuple(sorted((row.get("clauses") or {}).items()))
            found = self._infos[position] = LicenceInfo(**row)
        return found

    def ids(self) -> list[str]:
        return [row[0] for row in self._rows]

    def get(self, licence_id: str) -> LicenceInfo | None:
        """The licence with this canonical or alternative SPDX id (exact case)."""
        position = self.exact.get(licence_id)
        return None if position is None else self.info(position)


@functools.cache
def catalog() -> Catalog:
    """The catalog, loaded on first use."""
    try:
        raw = (Path(__file__).parent / "data" / CATALOG_FILE).read_bytes()
        data = json.loads(gzip.decompress(raw))
    except (OSError, ValueError) as exc:
        raise RulesError(f"cannot read the licence catalog: {exc}") from exc
    return Catalog(data)


@functools.lru_cache(maxsize=4096)
def lookup(id_or_key: str) -> LicenceInfo | None:
    """The licence with this id (any case), alternative SPDX id or ScanCode key."""
    cat = catalog()
    text = id_or_key.strip()
    for table, probe in ((cat.exact, text), (cat.ci, text.lower()), (cat.keys, text.lower())):
        position = table.get(probe)
        if position is not None:
            return cat.info(position)
    return None
