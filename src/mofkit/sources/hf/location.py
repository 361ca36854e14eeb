"""What the user typed, as a Hub repo: ``hf:org/name[@revision]`` or a
``https://huggingface.co/org/name[/tree/revision]`` URL.

Parsing imports nothing heavy: ``mof scan`` routes on :func:`is_hf_location`
before ``huggingface_hub`` is loaded.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from mofkit.sources.interface import SourceError

_NAME = r"[A-Za-z0-9][\w.-]*"
_REPO = rf"(?:{_NAME}/)?{_NAME}"
_HF = re.compile(rf"^hf:(?P<repo>{_REPO})(?:@(?P<rev>[^\s@]+))?/?$")
_URL = re.compile(
    rf"^https?://(?:www\.)?(?:huggingface\.co|hf\.co)/(?P<repo>{_REPO})"
    r"(?:/(?:tree|blob|resolve)/(?P<rev>[^/\s]+)(?:/.*)?)?/?$"
)
_HOST = re.compile(r"^https?://(?:www\.)?(?:huggingface\.co|hf\.co)(?:[/?#]|$)")
_NOT_MODELS = frozenset({"datasets", "spaces", "docs", "api", "models", "organizations"})


@dataclass(frozen=True)
class HubLocation:
    repo_id: str
    revision: str | None  # None: the default branch

    @property
    def label(self) -> str:
        return f"hf:{self.repo_id}" + (f"@{self.revision}" if self.revision else "")


def is_hf_location(location: str) -> bool:
    """``hf:…`` or any URL on the Hub's host (one that names no model is then an error
    that says so, not a git clone of the Hub's home page)."""
    return location.startswith("hf:") or bool(_HOST.match(location.strip()))


def parse_hf_location(location: str) -> HubLocation:
    """``hf:org/name@rev`` or a huggingface.co model URL; anything else is a SourceError."""
    text = location.strip()
    match = _HF.match(text) or _URL.match(text)
    first = (match.group("repo") if match else text.split("://", 1)[-1].partition("/")[2]
             ).split("/")[0]
    if first in ("datasets", "spaces"):
        raise SourceError(f"a Hugging Face {first[:-1]}, not a model: mofkit rates models "
                          "(hf:org/name[@revision])", source=location)
    if match is None or first in _NOT_MODELS:
        raise SourceError("not a Hugging Face model: write hf:org/name[@revision] or "
                          "https://huggingface.co/org/name", source=location)
    # a clone URL (https://huggingface.co/org/name.git) names the same repo
    return HubLocation(match.group("repo").removesuffix(".git"), match.group("rev"))


_FILE_URL = re.compile(
    rf"^(?:https?://)?(?:www\.)?(?:huggingface\.co|hf\.co)/(?:(?P<kind>datasets|spaces)/)?"
    rf"(?P<repo>{_REPO})/(?:blob|resolve|raw)/(?P<rev>[^/\s]+)/(?P<path>[^?#\s]+)"
)


@dataclass(frozen=True)
class HubFile:
    """A file of a Hub repo named by URL (``huggingface.co/org/name/blob/main/LICENSE``)."""

    kind: str  # "model" | "dataset" | "space"
    repo_id: str
    revision: str
    path: str

    @property
    def label(self) -> str:
        prefix = {"dataset": "hf:datasets/", "space": "hf:spaces/"}.get(self.kind, "hf:")
        return f"{prefix}{self.repo_id}@{self.revision}:{self.path}"


def parse_hub_file(url: str) -> HubFile | None:
    """The Hub file a ``blob``/``resolve`` URL names, or None for any other URL."""
    from urllib.parse import unquote

    match = _FILE_URL.match(url.strip())
    if match is None or match.group("repo").split("/")[0] in _NOT_MODELS:
        return None
    kind = {"datasets": "dataset", "spaces": "space"}.get(match.group("kind") or "", "model")
    return HubFile(kind, match.group("repo"), unquote(match.group("rev")),
                   unquote(match.group("path")))
