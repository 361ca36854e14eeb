"""Which model a stored result belongs to, and what a visitor may see of its source.

A model is identified by its *source*, never by the name its card or record
gives: a Hugging Face repo id (``hf:org/name``), a git URL, a Model Openness
Tool record (by file name), or a local folder. The same source at a new
revision is the same model (its history); two sources that give one name are
two models (the later one gets a slug with a short suffix, and each is shown
with a warning naming the other).

What is stored and shown is the *public* form of a source: a Hub URL, a git
URL without credentials, the record's link in the Model Openness Tool's
repository; a local folder is shown as no link at all, so paths on the
machine that ran the scan or import never reach the site or the API.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from mofkit.assess.model import ATTACHMENTS

MOT_RECORDS = "https://github.com/lfai/model_openness_tool/blob/main/models/"
NO_SOURCE = ("", "-", "<record>")  # what readers give when they know no source
_SCP_GIT = re.compile(r"^(?:[\w.-]+@)?([\w-]+(?:\.[\w-]+)+):(?!//)(.+)$")  # git@host:owner/repo


@dataclass(frozen=True)
class Identity:
    key: str  # what the model is known by (``models.source_key``)
    public: str  # what may be shown ("" for a local folder)


def _base_name(path: str) -> str:
    return re.split(r"[\\/]", path.rstrip("/\\"))[-1]


def _hf(source: str) -> Identity:
    repo = source[3:].split("@", 1)[0].strip("/")
    return Identity(f"hf:{repo.lower()}", f"https://huggingface.co/{repo}")


def _url(source: str) -> Identity | None:
    """A git (or Hub) URL without credentials, query or ``.git``; None if not a URL."""
    text = source.strip()
    scp = _SCP_GIT.match(text) if "://" not in text else None
    if scp:
        text = f"https://{scp.group(1)}/{scp.group(2)}"
    try:
        parts = urlsplit(text)
        host = (parts.hostname or "").lower()
        port = parts.port
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https", "git", "ssh") or not host:
        return None
    path = parts.path.rstrip("/").removesuffix(".git")
    if host in ("huggingface.co", "www.huggingface.co"):
        segments = [p for p in path.split("/") if p]
        if len(segments) >= 2:
            return _hf(f"hf:{segments[0]}/{segments[1]}")
    netloc = host if port in (None, 443, 80, 22) else f"{host}:{port}"
    public = f"https://{netloc}{path}"
    return Identity(f"git:{netloc}{path.lower()}", public)


def identify(source: str | None, source_kind: str, name: str) -> Identity:
    """The identity of a result read from ``source`` (as the reader gave it)."""
    text = (source or "").strip()
    if text in NO_SOURCE:
        return Identity(f"name:{name.strip().lower()}", "")  # nothing else to go by
    if text.startswith("hf:"):
        return _hf(text)
    if source_kind == "mot-record":
        file_name = _base_name(text)
        return Identity(f"mot:{file_name}", MOT_RECORDS + file_name)
    if "://" in text or (_SCP_GIT.match(text) and not text.startswith(("/", ".", "~"))):
        found = _url(text)
        if found is not None:
            return found
    # a local folder: known by its full path, which is neither stored nor shown
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:20]
    return Identity(f"{source_kind or 'folder'}:{digest}", "")


def scrub(result: dict[str, Any], public: str) -> dict[str, Any]:
    """``result`` with its source (and the scan's root locations, in its attachments)
    in public form."""
    out = dict(result)
    out["source"] = public
    attached = out.get(ATTACHMENTS)
    scan = attached.get("scan") if isinstance(attached, dict) else None
    if isinstance(attached, dict) and isinstance(scan, dict) \
            and isinstance(scan.get("roots"), list):
        roots = []
        for root in scan["roots"]:
            if isinstance(root, dict):
                location = str(root.get("location") or "")
                shown = identify(location, str(root.get("kind") or "folder"), "").public
                root = {**root, "location": shown}
            roots.append(root)
        out[ATTACHMENTS] = {**attached, "scan": {**scan, "roots": roots}}
    return out


def suffixed(slug: str, key: str) -> str:
    """The slug of a second model that claims ``slug``'s name (from another source)."""
    return f"{slug[:170]}-{hashlib.sha256(key.encode('utf-8')).hexdigest()[:6]}"
