"""The sources of a batch: a list file, or a search of the Hub.

A list file has one source per line: ``hf:org/name[@revision]``, a
huggingface.co URL, a bare ``org/name`` (read as a Hub model unless such a
folder exists), a folder or a git URL. Blank lines and ``#`` comments are
skipped; a source named twice is rated once.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from mofkit.errors import InputError

_COMMENT = re.compile(r"(^|\s)#.*$")
_BARE_REPO = re.compile(r"^[A-Za-z0-9][\w.-]*/[A-Za-z0-9][\w.-]*(@[^\s@]+)?$")


def normalise(line: str) -> str:
    text = line.strip()
    if _BARE_REPO.match(text) and not Path(text.split("@")[0]).exists():
        return "hf:" + text
    return text


def unique(sources: Iterable[str]) -> list[str]:
    seen: set[str] = set()
    out: list[str] = []
    for source in sources:
        if source and source not in seen:
            seen.add(source)
            out.append(source)
    return out


def read_sources(path: Path) -> list[str]:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise InputError(f"cannot read the sources list ({exc.strerror or exc})",
                         str(path)) from None
    lines = (_COMMENT.sub("", line) for line in text.splitlines())
    return unique(normalise(line) for line in lines if line.strip())


def hf_search(query: str, limit: int | None = None, budget: Any = None) -> list[str]:
    """Model ids the Hub's search API returns for ``query`` (paginated), as sources.
    With ``budget`` (a :class:`~mofkit.bulk.budget.TokenBucket`), every page requested
    is booked there first: the search counts against the same Hub limits as the scans."""
    from huggingface_hub import HfApi

    from mofkit.sources.hf.errors import hub_error
    from mofkit.sources.hf.options import HubOptions

    if budget is not None:
        from mofkit.bulk.budget import install

        install(budget)

    options = HubOptions.from_env()
    api = HfApi(endpoint=options.endpoint, token=options.token)
    try:
        found = [f"hf:{model.id}" for model in api.list_models(search=query or None,
                                                               limit=limit)]
    except Exception as exc:
        raise hub_error(exc, f"--hf-search {query!r}", options.endpoint,
                        bool(options.token)) from exc
    return unique(found)
