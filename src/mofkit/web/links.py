"""Links on the model page: evidence to the file (and line) in the repository
at the assessed revision, component and licence URLs as given. Only http(s)
URLs ever become links; anything else (javascript:, data:, local paths) is
shown as text."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote, urlsplit

_GIT_HOSTS = {"github.com": "/blob/", "codeberg.org": "/src/commit/", "gitlab.com": "/-/blob/"}
_TREE = {"huggingface.co": "/tree/", "github.com": "/tree/", "gitlab.com": "/-/tree/",
         "codeberg.org": "/src/commit/"}
_SHA_OR_REF = re.compile(r"^[A-Za-z0-9._/-]{1,100}$")


def safe_url(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    text = value.strip()
    parts = urlsplit(text)
    if parts.scheme.lower() in ("http", "https") and parts.netloc and not any(
            ch.isspace() for ch in text):
        return text
    return None


def repo_base(source: str | None) -> tuple[str, str] | None:
    """(base URL, blob infix) for a source we can link into."""
    if not source:
        return None
    if source.startswith("hf:"):
        return f"https://huggingface.co/{source[3:]}", "/blob/"
    url = safe_url(source)
    if not url:
        return None
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if host == "huggingface.co":
        return url.rstrip("/").removesuffix(".git"), "/blob/"
    if host in _GIT_HOSTS:
        return url.rstrip("/").removesuffix(".git"), _GIT_HOSTS[host]
    return None


def evidence_link(item: dict[str, Any], source: str | None, revision: str | None) -> str | None:
    path = item.get("path")
    direct = safe_url(path)
    if direct:
        return direct
    base = repo_base(source)
    if not base or not isinstance(path, str) or not path or path.startswith("/") or \
            ".." in path.split("/"):
        return None
    ref = revision if revision and _SHA_OR_REF.match(revision) else "main"
    link = f"{base[0]}{base[1]}{ref}/{quote(path)}"
    line = item.get("line")
    if isinstance(line, int) and line > 0:
        link += f"#L{line}"
    return link


def source_href(source: str | None, revision: str | None) -> str | None:
    """A link to a model's public source (``registry.identity``), at its revision when
    the host has a page for one (the Hub and the usual git forges); None otherwise."""
    url = safe_url(source)
    if not url:
        return None
    host = (urlsplit(url).hostname or "").lower()
    infix = _TREE.get(host)
    if revision and _SHA_OR_REF.match(revision) and infix:
        return f"{url.rstrip('/')}{infix}{quote(revision)}"
    return url
