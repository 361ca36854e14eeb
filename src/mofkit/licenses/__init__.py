"""Licences: the catalog, normalisation of what releases write, and the licence policy.

Public API (imports stay cheap; the catalog is loaded on first use)::

    normalize(text, *, license_name=None) -> Normalized
    judge(written, component_type, *, license_name=None) -> LicenceVerdict
    lookup(id_or_key) -> LicenceInfo | None
    identify(text)            # licence text identification (mofkit.licenses.detect)
    Kind, LicenceVerdict      # verdict types
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from mofkit.licenses.verdict import Kind, LicenceVerdict

if TYPE_CHECKING:
    from mofkit.licenses.catalog import LicenceInfo
    from mofkit.licenses.resolver import Normalized
    from mofkit.release import ComponentType

__all__ = ["Kind", "LicenceInfo", "LicenceVerdict", "Normalized", "identify", "judge", "lookup",
           "normalize"]


def normalize(text: str, *, license_name: str | None = None) -> Normalized:
    """Resolve a licence string to a canonical id or SPDX expression."""
    from mofkit.licenses.resolver import normalize as _normalize

    return _normalize(text, license_name=license_name)


def judge(
    written: str | None, component_type: ComponentType, *, license_name: str | None = None
) -> LicenceVerdict:
    """The verdict on a licence string for a component of the given type."""
    from mofkit.licenses.policy import judge as _judge

    return _judge(written, component_type, license_name=license_name)


def lookup(id_or_key: str) -> LicenceInfo | None:
    """The catalog entry for an id (any case), alternative SPDX id or ScanCode key."""
    from mofkit.licenses.catalog import lookup as _lookup

    return _lookup(id_or_key)


def identify(text: str) -> Any:
    """Identify the licence(s) in a licence text (see ``mofkit.licenses.detect``)."""
    from mofkit.licenses.detect import identify as _identify

    return _identify(text)


def __getattr__(name: str) -> Any:
    if name == "LicenceInfo":
        from mofkit.licenses.catalog import LicenceInfo

        return LicenceInfo
    if name == "Normalized":
        from mofkit.licenses.resolver import Normalized

        return Normalized
    raise AttributeError(f"module 'mofkit.licenses' has no attribute {name!r}")
