"""mofkit: how open is this AI model, really?

Rates AI model releases against the Model Openness Framework (MOF 1.0) and the
OSI Open Source AI Definition (OSAID 1.0), with the evidence for every verdict.

The Python API (see docs/python-api.md)::

    import mofkit

    rating = mofkit.rate("examples/releases/pythia-tiny")   # a folder, git URL, hf:org/name
    rating.assessment("mof").label                          # 'Class I - Open Science Model'
    mofkit.render(rating, "markdown")                       # any report format
    mofkit.assess_record("examples/records/open-model.yml") # a Model Openness Tool record
    mofkit.identify_licences(open("LICENSE").read())        # licences in a text

Names are imported on first use, so ``import mofkit`` (and ``mof --help``) stays fast.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mofkit.licenses.detect import identify as identify_licences
    from mofkit.pipeline import Rating, assess_record, rate
    from mofkit.report import render_rating as render

__all__ = ["Rating", "__version__", "assess_record", "identify_licences", "rate", "render"]

# public name -> (module, attribute)
_LAZY: dict[str, tuple[str, str]] = {
    "rate": ("mofkit.pipeline", "rate"),
    "Rating": ("mofkit.pipeline", "Rating"),
    "assess_record": ("mofkit.pipeline", "assess_record"),
    "identify_licences": ("mofkit.licenses.detect", "identify"),
    "render": ("mofkit.report", "render_rating"),
}


def __getattr__(name: str) -> Any:
    if name == "__version__":
        from mofkit.version import __version__

        return __version__  # the one version: pyproject.toml's
    if name in _LAZY:
        module, attribute = _LAZY[name]
        value = getattr(import_module(module), attribute)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'mofkit' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted([*globals(), *_LAZY, "__version__"])
