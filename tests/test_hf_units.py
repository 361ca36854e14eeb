"""Units of the Hub source: locations, card licences, file selection, retries."""

from __future__ import annotations

import pytest

from mofkit.sources.hf import cards
from mofkit.sources.hf.location import is_hf_location, parse_hf_location
from mofkit.sources.hf.options import RetryPolicy
from mofkit.sources.hf.records import RepoFile
from mofkit.sources.hf.retry import retryable, unreachable, with_retries
from mofkit.sources.hf.snapshot import wanted
from mofkit.sources.interface import SourceError


@pytest.mark.parametrize(("text", "repo", "revision"), [
    ("hf:org/name", "org/name", None),
    ("hf:org/name@v1.0", "org/name", "v1.0"),
    ("hf:gpt2", "gpt2", None),
    ("https://huggingface.co/org/name", "org/name", None),
    ("https://huggingface.co/org/name/tree/abc123", "org/name", "abc123"),
    ("https://hf.co/org/name/", "org/name", None),
    ("https://huggingface.co/org/name.git", "org/name", None),  # the clone URL
])
def test_locations(text: str, repo: str, revision: str | None) -> None:
    assert is_hf_location(text)
    where = parse_hf_location(text)
    assert (where.repo_id, where.revision) == (repo, revision)


@pytest.mark.parametrize(("text", "what"), [
    ("hf:", "not a Hugging Face model"),
    ("hf:a/b/c", "not a Hugging Face model"),
    ("https://huggingface.co/", "not a Hugging Face model"),
    ("https://huggingface.co/docs/hub", "not a Hugging Face model"),
    ("https://huggingface.co/datasets/x/y", "a Hugging Face dataset, not a model"),
    ("https://huggingface.co/spaces/x/y", "a Hugging Face space, not a model"),
])
def test_bad_locations(text: str, what: str) -> None:
    """Anything on the Hub's host is routed here (not to a git clone of the site), and
    what names no model says so."""
    if text.startswith("https"):
        assert is_hf_location(text)
    with pytest.raises(SourceError, match=what):
        parse_hf_location(text)


def test_local_paths_and_git_urls_are_not_hub_locations() -> None:
    assert not is_hf_location("./models/org")
    assert not is_hf_location("https://github.com/org/name")


def test_card_licence_reads_license_name_for_other() -> None:
    assert cards.card_licence({"license": "other", "license_name": "llama3"}) == "llama3"
    assert cards.card_licence({"license": "mit", "license_name": "x"}) == "mit"
    assert cards.card_licence({"license": ["mit", "apache-2.0"]}) == "mit AND apache-2.0"
    assert cards.card_licence({}) is None
    assert cards.base_models({"base_model": "a/b"}) == ["a/b"]
    assert cards.base_models({"base_model": ["a/b", "c/d"]}) == ["a/b", "c/d"]


def test_only_small_text_files_are_wanted() -> None:
    files = [RepoFile("README.md", 100), RepoFile("LICENSE", 900_000),
             RepoFile("config.json", 500), RepoFile("tokenizer.json", 9_000_000),
             RepoFile("model.safetensors", 100, "a" * 64), RepoFile("pytorch_model.bin", 10),
             RepoFile("sub/dir/train.py", 100), RepoFile("data.parquet", 100, "b" * 64)]
    chosen = wanted(files, cap=512 << 10, text_cap=1 << 20, limit=10)
    assert chosen == ["README.md", "LICENSE", "config.json", "sub/dir/train.py"]
    assert wanted(files, cap=512 << 10, text_cap=1 << 20, limit=2) == ["README.md", "LICENSE"]


class _Response:
    def __init__(self, status: int, retry_after: str | None = None) -> None:
        self.status_code = status
        self.headers = {"Retry-After": retry_after} if retry_after else {}


class _HttpError(Exception):
    def __init__(self, status: int, retry_after: str | None = None) -> None:
        super().__init__(f"HTTP {status}")
        self.response = _Response(status, retry_after)


def test_retries_honour_retry_after_with_a_cap_and_give_up() -> None:
    waits: list[float] = []
    answers = [_HttpError(429, "3"), _HttpError(503), _HttpError(429, "999"), "ok"]

    def call() -> str:
        answer = answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer

    policy = RetryPolicy(attempts=5, base_delay=0.5, max_delay=20, sleep=waits.append)
    assert with_retries(call, policy) == "ok"
    assert waits == [3.0, 1.0, 20]
    with pytest.raises(_HttpError):
        with_retries(lambda: (_ for _ in ()).throw(_HttpError(500)),
                     RetryPolicy(attempts=2, sleep=waits.append))
    calls: list[int] = []

    def not_found() -> None:
        calls.append(1)
        raise _HttpError(404)

    with pytest.raises(_HttpError):
        with_retries(not_found, RetryPolicy(attempts=5, sleep=waits.append))
    assert calls == [1]  # a 404 is not retried


def _closed_port() -> int:
    import socket

    with socket.socket() as probe:  # a loopback port nobody listens on once closed
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_a_connection_that_cannot_be_made_is_tried_once() -> None:
    import httpx

    calls: list[int] = []
    waits: list[float] = []

    def call() -> object:
        calls.append(1)
        return httpx.get(f"http://127.0.0.1:{_closed_port()}/api/models/org/name", timeout=5)

    with pytest.raises(httpx.ConnectError) as refused:
        with_retries(call, RetryPolicy(attempts=5, sleep=waits.append))
    assert calls == [1] and waits == []
    assert unreachable(refused.value) == "connection refused"


def _raised_from(outer: Exception, inner: BaseException) -> Exception:
    try:
        try:
            raise inner
        except BaseException as exc:
            raise outer from exc
    except Exception as exc:
        return exc


def test_which_network_errors_are_retried() -> None:
    import errno
    import socket

    import httpx

    dns = _raised_from(httpx.ConnectError("no name"), socket.gaierror(-2, "Name unknown"))
    assert unreachable(dns) == "host name not resolved" and not retryable(dns)
    route = _raised_from(httpx.ConnectError("x"), OSError(errno.ENETUNREACH, "unreachable"))
    assert unreachable(route) == "no route to host" and not retryable(route)
    # Timeouts and connections lost mid-request may mend: retried.
    for transient in (httpx.ConnectTimeout("slow"), httpx.ReadTimeout("slow"),
                      httpx.RemoteProtocolError("closed"),
                      _raised_from(httpx.ReadError("reset"), ConnectionResetError())):
        assert unreachable(transient) is None and retryable(transient), transient
    assert retryable(_HttpError(503)) and retryable(_HttpError(429))
