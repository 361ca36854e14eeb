"""The sources of a batch: a list file, or a search of the Hub.

A list file has one source per line: ``hf:org/name[@revision]``, a
huggingface.co URL, a bare ``org/name`` (read as a Hub model unless such a
folder exists), a folder or a git URL. Blank lines and ``#`` comments are
skipped; a source named twice is rated once.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
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


def same_as(source: str) -> str:
    """What a source names, one spelling per Hub model (``hf:org/name[@revision]`` for
    a huggingface.co URL too), so that a model named two ways is rated once."""
    from mofkit.sources.hf.location import is_hf_location, parse_hf_location
    from mofkit.sources.interface import SourceError

    if is_hf_location(source):
        try:
            return parse_hf_location(source).label
        except SourceError:
            return source  # not a model: the scan says so, naming it as written
    return source


def unique(sources: Iterable[str]) -> list[str]:
    """The sources in order, each model once (as first written)."""
    seen: set[str] = set()
    out: list[str] = []
    for source in sources:
        key = same_as(source) if source else ""
        if source and key not in seen:
            seen.add(key)
            out.append(source)
    return out


def read_sources(path: Path) -> list[str]:
    import stat

    try:
        if path.exists() and not path.is_dir() and not stat.S_ISREG(path.stat().st_mode):
            # a FIFO or a device: reading it would block or never end
            raise InputError("cannot read the sources list (not a regular file)", str(path))
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise InputError(f"cannot read the sources list ({exc.strerror or exc})",
                         str(path)) from None
    except UnicodeDecodeError:
        raise InputError("cannot read the sources list (not UTF-8 text)", str(path)) from None
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
    from mofkit.sources.hf import http

    timeout = http.install(options.timeouts)  # (after the budget's hooks: they are kept)
    api = HfApi(endpoint=options.endpoint, token=options.token)
    try:
        with _bounded_backoff(options.retry, timeout):
            found = [f"hf:{model.id}" for model in api.list_models(search=query or None,
                                                                   limit=limit)]
    except Exception as exc:
        raise hub_error(exc, f"--hf-search {query!r}", options.endpoint,
                        bool(options.token)) from exc
    return unique(found)


@contextmanager
def _bounded_backoff(policy: Any, timeout: Any = None) -> Iterator[None]:
    """The search's pages are fetched by huggingface_hub's own ``http_backoff``: five
    retries up to 8 s apart (23 s against an unreachable Hub), each logged as a warning
    on stderr. Hold it to mofkit's retry policy (MOFKIT_HF_ATTEMPTS, MOFKIT_HF_BACKOFF)
    and keep its warnings quiet: the one-line error says what went wrong. The library
    passes ``timeout=None`` (no limit at all) to it: ``timeout`` replaces that."""
    import logging

    try:
        from huggingface_hub.utils import _pagination
    except ImportError:  # a huggingface_hub laid out differently: leave it be
        yield
        return
    original = _pagination.http_backoff
    quiet = logging.getLogger("huggingface_hub.utils._http")
    level = quiet.level

    def bounded(*args: Any, **kwargs: Any) -> Any:
        kwargs.setdefault("max_retries", max(0, policy.attempts - 1))
        kwargs.setdefault("base_wait_time", policy.base_delay)
        kwargs.setdefault("max_wait_time", policy.max_delay)
        if kwargs.get("timeout") is None and timeout is not None:
            kwargs["timeout"] = timeout
        return original(*args, **kwargs)

    _pagination.http_backoff = bounded
    quiet.setLevel(logging.ERROR)
    try:
        yield
    finally:
        _pagination.http_backoff = original
        quiet.setLevel(level)
