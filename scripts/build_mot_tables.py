"""Compile the Model Openness Tool's licence tables into mofkit package data.

Reads the tool's copy of the SPDX License List (``licenses.json``) and its
MOF-recommended list (``mof-licenses.json``) from ``../shared/data/mot/`` and
applies them the way the tool's ``LicenseImporter`` does: SPDX entries first,
then the MOF entries overwrite by id (their OSI/FSF flags and content type win;
the last entry for a duplicated id wins, so CC0-1.0 and CC-PDDC end up typed
``document`` only). The two hard-coded lists of ``LicenseHandler.php`` are
added as they are, spelling included (``ODC-PDDL-1.0``).

Output: ``src/mofkit/licenses/data/mot-licenses.json`` (deterministic).
Usage: python scripts/build_mot_tables.py [--mot ../shared/data/mot]
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "mofkit" / "licenses" / "data" / "mot-licenses.json"

# LicenseHandler::OPEN_DATA_LICENSES at lfai/model_openness_tool 8b5d30e.
OPEN_DATA_LICENSES = [
    "CC0-1.0", "CC-BY-1.0", "CC-BY-2.0", "CC-BY-2.5", "CC-BY-2.5-AU", "CC-BY-3.0",
    "CC-BY-3.0-AT", "CC-BY-3.0-AU", "CC-BY-3.0-DE", "CC-BY-3.0-IGO", "CC-BY-3.0-NL",
    "CC-BY-3.0-US", "CC-BY-4.0", "CC-BY-SA-1.0", "CC-BY-SA-2.0", "CC-BY-SA-2.0-UK",
    "CC-BY-SA-2.1-JP", "CC-BY-SA-2.5", "CC-BY-SA-3.0", "CC-BY-SA-3.0-AT", "CC-BY-SA-4.0",
    "CDLA-Permissive-1.0", "CDLA-Permissive-2.0", "CDLA-Sharing-1.0", "ODC-PDDL-1.0",
    "ODC-By-1.0", "ODbL-1.0", "GFDL-1.3", "OGL-Canada-2.0", "OGL-UK-2.0", "OGL-UK-3.0",
]
# LicenseHandler::OPEN_LICENSES.
OPEN_LICENSES = ["OpenMDW-1.0"]


def _types(value: object) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    return [str(v) for v in value]  # type: ignore[union-attr]


def build(mot_dir: Path) -> dict[str, object]:
    spdx = json.loads((mot_dir / "licenses.json").read_text(encoding="utf-8"))
    mof = json.loads((mot_dir / "mof-licenses.json").read_text(encoding="utf-8"))
    table: dict[str, dict[str, object]] = {}
    for entry in spdx["licenses"]:
        table[entry["licenseId"]] = {
            "osi": bool(entry.get("isOsiApproved")),
            "fsf": bool(entry.get("isFsfLibre")),
            "types": [],
        }
    for entry in mof["licenses"]:
        table[entry["licenseId"]] = {
            "osi": bool(entry.get("isOsiApproved")),
            "fsf": bool(entry.get("isFsfLibre")),
            "types": _types(entry.get("ContentType")),
        }
    return {
        "source": "lfai/model_openness_tool 8b5d30e: web/modules/mof/licenses.json "
        f"(SPDX list {spdx.get('licenseListVersion')}, {spdx.get('releaseDate')}), "
        "mof-licenses.json, LicenseHandler.php",
        "open_data_licenses": OPEN_DATA_LICENSES,
        "open_licenses": OPEN_LICENSES,
        "licenses": {k: table[k] for k in sorted(table)},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mot", type=Path, default=ROOT.parent / "shared" / "data" / "mot")
    args = parser.parse_args()
    data = build(args.mot)
    OUT.write_text(json.dumps(data, indent=0, sort_keys=False) + "\n", encoding="utf-8")
    print(f"wrote {OUT.relative_to(ROOT)}: {len(data['licenses'])} licences")  # type: ignore[arg-type]


if __name__ == "__main__":
    main()
