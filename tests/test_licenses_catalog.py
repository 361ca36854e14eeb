"""The compiled licence catalog shipped as package data."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from mofkit.licenses import lookup
from mofkit.licenses.catalog import catalog

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"


def test_catalog_is_package_data_and_large() -> None:
    cat = catalog()
    assert len(cat) > 2500
    ids = cat.ids()
    assert len(ids) == len(set(ids))
    assert {"licensedb", "spdx"} <= set(cat.sources)


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("MIT", "MIT"),
        ("mit", "MIT"),  # any case
        ("GPL-2.0+", "GPL-2.0-or-later"),  # deprecated SPDX id
        ("bsd-new", "BSD-3-Clause"),  # ScanCode key
        ("llama-2-license-2023", "LicenseRef-scancode-llama-2-license-2023"),
        ("gemma-tou-2024-04-01", "LicenseRef-scancode-gemma-tou-2024-04-01"),
    ],
)
def test_lookup(written: str, expected: str) -> None:
    info = lookup(written)
    assert info is not None and info.id == expected


def test_lookup_unknown_is_none() -> None:
    assert lookup("Apache-3.0") is None
    assert lookup("") is None


def test_entry_fields() -> None:
    mit = lookup("MIT")
    assert mit is not None
    assert (mit.osi_approved, mit.fsf_libre, mit.openness, mit.suits) == (True, True, "open",
                                                                            ("code",))
    assert mit.key == "mit" and mit.category == "Permissive" and not mit.is_exception
    assert "attribution" in mit.obligations
    assert mit.to_dict()["id"] == "MIT"


@pytest.mark.parametrize(
    ("licence_id", "openness", "suits"),
    [
        ("Apache-2.0", "open", ("code", "document")),
        ("CC-BY-4.0", "open", ("data", "document")),
        ("CC0-1.0", "open", ("data", "document")),
        ("CDLA-Permissive-2.0", "open", ("data",)),
        ("PDDL-1.0", "open", ("data",)),
        ("GFDL-1.3-only", "open", ("document",)),
        ("LicenseRef-scancode-openmdw-1.0", "open", ("code", "data", "document")),
        ("LicenseRef-scancode-llama-2-license-2023", "restrictive", ()),
        ("LicenseRef-scancode-bigcode-open-rail-m-v1", "restrictive", ()),
        ("LicenseRef-scancode-tongyi-qianwen-2023", "restrictive", ()),
        ("CC-BY-NC-4.0", "non-commercial", ()),
        ("CC-BY-NC-ND-4.0", "non-commercial", ()),
        ("LicenseRef-scancode-commercial-license", "proprietary", ()),
        ("MulanPSL-1.0", "proprietary", ()),  # not OSI-approved (2.0 is)
    ],
)
def test_openness_classes(licence_id: str, openness: str, suits: tuple[str, ...]) -> None:
    info = lookup(licence_id)
    assert info is not None
    assert (info.openness, info.suits) == (openness, suits)


def test_every_open_licence_suits_a_type_and_closed_ones_none() -> None:
    cat = catalog()
    for position in range(len(cat)):
        info = cat.info(position)
        assert bool(info.suits) is info.is_open, info.id


def test_restrictive_and_non_commercial_never_open_even_if_flagged() -> None:
    cat = catalog()
    for position in range(len(cat)):
        info = cat.info(position)
        if info.openness in ("restrictive", "non-commercial"):
            assert not info.open_terms, info.id


def test_exceptions_are_marked() -> None:
    info = lookup("Classpath-exception-2.0")
    assert info is not None and info.is_exception


def test_ai_licences_missing_from_spdx_have_scancode_ids() -> None:
    for key in ("llama-3.1-license-2024", "bigscience-open-rail-m", "deepseek-la-1.0",
                "nvidia-open-model-2025-04-28", "tongyi-qianwen-2023"):
        info = lookup(key)
        assert info is not None and info.id == f"LicenseRef-scancode-{key}"


def test_import_is_cheap_and_lazy() -> None:
    code = (
        "import sys, mofkit.licenses\n"
        "assert 'mofkit.licenses.catalog' not in sys.modules\n"
        "assert 'license_expression' not in sys.modules\n"
        "assert 'yaml' not in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_plain_ids_do_not_load_license_expression() -> None:
    code = (
        "import sys\nfrom mofkit.licenses import judge\n"
        "judge('Apache 2.0', 'code'); judge('llama2', 'data')\n"
        "assert 'license_expression' not in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


@pytest.mark.skipif(not (SHARED / "licensedb").is_dir(), reason="needs ../shared/data")
def test_rebuild_is_byte_identical(tmp_path: Path) -> None:
    root = Path(__file__).resolve().parents[1]
    out = tmp_path / "catalog.json.gz"
    subprocess.run(
        [sys.executable, str(root / "scripts" / "build_license_catalog.py"), "--out", str(out)],
        check=True, capture_output=True,
    )
    shipped = root / "src" / "mofkit" / "licenses" / "data" / "catalog.json.gz"
    assert out.read_bytes() == shipped.read_bytes()
