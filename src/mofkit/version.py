"""mofkit's version: the installed distribution's, so that ``pyproject.toml`` is the one
place it is written. Modules inside mofkit take it from here: the ``mofkit`` package
itself is the public API, above every layer, and nothing inside imports it."""

from __future__ import annotations

from importlib.metadata import version

__version__: str = version("mofkit")
