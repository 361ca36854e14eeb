"""Licence texts mofkit curates itself (``data/texts/``): the ones ScanCode LicenseDB lacks.

Both build scripts read them through :func:`curated_licences`, as rows shaped like
LicenseDB's (``key``, ``name``, ``short_name``, ``category``, ``spdx_license_key``,
``text``, ``homepage_url``), so the index and the catalog treat them as LicenseDB licences
with the id ``LicenseRef-mofkit-<key>``. Not used at run time.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import yaml

TEXTS = Path(__file__).parent / "data" / "texts"
PREFIX = "LicenseRef-mofkit-"


def curated_licences(folder: Path = TEXTS) -> list[dict[str, Any]]:
    """Every curated licence with its text; a changed or missing copy is an error."""
    listing = yaml.safe_load((folder / "texts.yml").read_text("utf-8"))["licences"]
    rows = []
    for key, entry in listing.items():
        raw = (folder / f"{key}.txt").read_bytes()
        digest = hashlib.sha256(raw).hexdigest()
        if digest != entry["sha256"]:
            raise ValueError(f"{folder / key}.txt: sha256 {digest} is not the one texts.yml "
                             f"records; the copy must stay as published")
        rows.append({
            "key": key,
            "name": entry["name"],
            "short_name": entry.get("short_name") or entry["name"],
            "category": entry["category"],
            "spdx_license_key": PREFIX + key,
            "homepage_url": entry["source"],
            "text": raw.decode("utf-8"),
        })
    return rows
