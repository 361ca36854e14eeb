"""The Hub client: repo info and small-file downloads through ``huggingface_hub``
(``HfApi.model_info(files_metadata=True, securityStatus=True)``,
``HfApi.dataset_info``, ``HfApi.list_repo_refs``, ``hf_hub_download``), with the
disk cache, retries, offline mode and one-line errors.

``huggingface_hub`` is imported here only, on first use, so that ``mof --help``
stays fast. The endpoint and token are passed explicitly on every call (read
from the environment when the scan starts, not when the library was imported).
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path
from typing import Any

from mofkit.sources.hf.cache import HubCache
from mofkit.sources.hf.errors import HubUnavailable, hub_error
from mofkit.sources.hf.options import HubOptions
from mofkit.sources.hf.records import RepoInfo, RepoRefs
from mofkit.sources.hf.retry import is_network_error, status_of, with_retries
from mofkit.sources.interface import SourceError

_COMMIT = 40  # length of a full commit sha


def _is_sha(revision: str | None) -> bool:
    return bool(revision) and len(revision or "") == _COMMIT and all(
        c in "0123456789abcdef" for c in revision or "")


class HubClient:
    def __init__(self, options: HubOptions) -> None:
        self.options = options
        self.cache = HubCache(options.cache)
        self._api: Any = None
        self._timeout: Any = None

    def _hub_api(self) -> Any:
        if self._api is None:
            from huggingface_hub import HfApi
            from huggingface_hub.utils import disable_progress_bars

            from mofkit.sources.hf.http import install

            disable_progress_bars()
            self._timeout = install(self.options.timeouts)
            self._api = HfApi(endpoint=self.options.endpoint, token=self.options.token)
        return self._api

    def _retried(self, call: Any, label: str, what: str) -> Any:
        return with_retries(call, self.options.retry, label, what,
                            self.options.timeouts.describe())

    def _label(self, kind: str, repo_id: str, revision: str | None) -> str:
        prefix = "hf:datasets/" if kind == "dataset" else "hf:"
        return prefix + repo_id + (f"@{revision}" if revision else "")

    def _fail(self, exc: BaseException, kind: str, repo_id: str,
              revision: str | None) -> SourceError:
        return hub_error(exc, self._label(kind, repo_id, revision), self.options.endpoint,
                         bool(self.options.token), kind, self.options.retry.attempts)

    # -- repo info -------------------------------------------------------------
    def info(self, kind: str, repo_id: str, revision: str | None = None) -> RepoInfo:
        """Repo info at ``revision`` (default branch if ``None``), from the cache when
        the revision is a commit sha already seen, or when offline."""
        ref = revision or "main"
        if _is_sha(revision) or self.options.offline:
            sha = self.cache.resolve(kind, repo_id, ref)
            cached = self.cache.load_info(kind, repo_id, sha) if sha else None
            if cached is not None:
                return cached
            if self.options.offline:  # the Hub was not asked: an audit is incomplete
                raise HubUnavailable("not in the cache, and offline mode is on (HF_HUB_OFFLINE or "
                                  "--offline); scan it once online first",
                                  source=self._label(kind, repo_id, revision))
        api = self._hub_api()
        fetch = api.model_info if kind == "model" else api.dataset_info
        extra: dict[str, Any] = {"securityStatus": True} if kind == "model" else {}
        try:
            raw = self._retried(lambda: fetch(repo_id, revision=revision, files_metadata=True,
                                              timeout=self._timeout, **extra),
                                self._label(kind, repo_id, revision),
                                f"the Hub ({self.options.endpoint}) to describe the {kind}")
        except Exception as exc:
            raise self._fail(exc, kind, repo_id, revision) from exc
        info = RepoInfo.from_hub(raw, kind, repo_id)
        self.cache.save_info(info)
        self.cache.save_ref(kind, repo_id, ref, info.sha)
        return info

    # -- branches and tags ------------------------------------------------------
    def refs(self, info: RepoInfo) -> tuple[RepoRefs | None, str | None]:
        """The repo's branches and tags, and a note when they could not be listed.

        Online, the list cached earlier is reused while it still holds (taken at the
        commit ``info`` is at, less than ``refs_max_age`` ago: :meth:`RepoRefs.reusable`),
        otherwise asked afresh and cached; offline, or when the Hub cannot answer, the
        last list cached. Never raises a Hub error: the refs add evidence (checkpoints
        on branches), a scan does not depend on them."""
        cached = self.cache.load_refs(info.kind, info.repo_id)
        if self.options.offline:
            return cached, None if cached is not None else (
                "branches and tags not listed: not in the cache (offline)")
        if cached is not None and cached.reusable(info.sha, time.time(),
                                                  self.options.refs_max_age):
            return cached, None
        api = self._hub_api()
        try:
            raw = self._retried(lambda: api.list_repo_refs(info.repo_id, repo_type=info.kind),
                                self._label(info.kind, info.repo_id, None),
                                "the Hub to list the branches and tags")
        except Exception as exc:
            if status_of(exc) is None and not is_network_error(exc) and not isinstance(
                    exc, KeyError | ValueError | TypeError):  # not the Hub's answer: a bug,
                raise  # or the caller's own interruption (mof bulk's timeout)
            why = self._fail(exc, info.kind, info.repo_id, None).message
            later = "; the list cached earlier is used" if cached is not None else ""
            return cached, f"branches and tags not listed: {why}{later}"
        refs = replace(RepoRefs.from_hub(raw), seen_with=info.sha, listed_at=time.time())
        self.cache.save_refs(info.kind, info.repo_id, refs)
        return refs, None

    # -- small files -----------------------------------------------------------
    def download(self, info: RepoInfo, names: Iterable[str]
                 ) -> tuple[dict[str, Path], dict[str, str]]:
        """Fetch the named small files at the info's commit. Returns the local paths
        and, per file not fetched, why (gated files need approval). Cached per commit:
        a file asked for later (one linked file first, the whole repo then) is fetched
        and added to what the cache holds."""
        files, failed = self.cache.load_files(info) or ({}, {})
        missing = [name for name in names if name not in files and name not in failed]
        if not missing:
            return files, failed
        if self.options.offline:
            return files, {**failed, **{name: "not in the cache (offline)" for name in missing}}
        from huggingface_hub import hf_hub_download

        self._hub_api()  # the timeouts installed
        gated = any(why.startswith("gated") for why in failed.values())
        for name in missing:
            if gated and name != "README.md":
                failed[name] = "gated: needs approval"
                continue

            def get(name: str = name) -> str:
                return hf_hub_download(
                    info.repo_id, name, repo_type=info.kind, revision=info.sha,
                    endpoint=self.options.endpoint, token=self.options.token,
                    cache_dir=self.cache.blobs, etag_timeout=self.options.timeouts.read,
                )

            try:
                files[name] = Path(self._retried(get, self._label(info.kind, info.requested,
                                                                  None),
                                                 f"the Hub to send {name}"))
            except Exception as exc:
                kinds = {cls.__name__ for cls in type(exc).__mro__}
                cause = exc.__cause__ or exc.__context__
                if cause is not None:
                    kinds |= {cls.__name__ for cls in type(cause).__mro__}
                if "GatedRepoError" in kinds:
                    gated = True
                    failed[name] = "gated: needs approval"
                elif "EntryNotFoundError" in kinds or status_of(exc) == 404:
                    failed[name] = "listed but not found"
                else:
                    raise self._fail(exc, info.kind, info.repo_id, info.sha) from exc
        self.cache.save_files(info, files, failed)
        return files, failed
