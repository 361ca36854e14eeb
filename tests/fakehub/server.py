"""A fake Hugging Face Hub over real HTTP on 127.0.0.1.

It answers the endpoints ``huggingface_hub`` calls, with the headers it reads:

* ``GET /api/{models,datasets}/{repo}[/revision/{rev}]`` — repo info (siblings
  with sizes and LFS details when ``blobs=true``, cardData, gated, sha,
  safetensors, securityRepoStatus when ``securityStatus=true``);
* ``GET /api/{models,datasets}/{repo}/refs[?include_prs=1]`` — branches and
  tags (``{"branches": [{"name", "ref", "targetCommit"}], "converts": [],
  "tags": [], "pullRequests": null}``; faults set for ``{repo}/refs`` hit
  this route only);
* ``GET /api/models?search=&author=&limit=`` — search, paginated with a
  ``Link: <…>; rel="next"`` header as the Hub does;
* ``HEAD``/``GET /[datasets/]{repo}/resolve/{rev}/{file}`` — ``X-Repo-Commit``,
  ``ETag``, ``Content-Length``; LFS files redirect (302) to ``/cdn/{sha256}`` on
  ``localhost`` (another host, as the Hub's CDN is)
  with ``X-Linked-Etag`` and ``X-Linked-Size``;
* errors as the Hub sends them (``X-Error-Code``: ``RepoNotFound``,
  ``GatedRepo``, ``RevisionNotFound``, ``EntryNotFound``), renamed repos as
  307 redirects, and programmable faults per repo (``429`` with
  ``Retry-After``, ``500``) consumed one per request.

Every request is logged (method, path, status, body bytes) for the tests and
the benchmark. The server runs in a daemon thread; use :func:`serve` as a
context manager.
"""

from __future__ import annotations

import json
import threading
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, quote, unquote, urlsplit

from fakehub.repos import ALWAYS_PUBLIC, FakeRepo

CHUNK = 1 << 16


@dataclass(frozen=True)
class Logged:
    method: str
    path: str
    status: int
    bytes: int


class FakeHub:
    """The state of the fake Hub: repos, renames, faults and the request log."""

    def __init__(self) -> None:
        self.models: dict[str, FakeRepo] = {}
        self.datasets: dict[str, FakeRepo] = {}
        self.renamed: dict[tuple[str, str], str] = {}  # (kind, old id) -> new id
        self.faults: dict[str, deque[tuple[int, dict[str, str]]]] = {}
        self.log: list[Logged] = []
        self._lock = threading.Lock()
        self.url = ""

    # -- set-up --------------------------------------------------------------
    def add(self, repo: FakeRepo) -> FakeRepo:
        table = self.models if repo.kind == "model" else self.datasets
        table[repo.repo_id] = repo
        return repo

    def rename(self, old: str, new: str, kind: str = "model") -> None:
        self.renamed[(kind, old)] = new

    def fail(self, repo_id: str, *statuses: int, retry_after: str | None = "0") -> None:
        """Answer the next requests about ``repo_id`` with these statuses (then normally);
        ``org/name/refs``: the next refs listings only."""
        queue = self.faults.setdefault(repo_id, deque())
        for status in statuses:
            headers = {"Retry-After": retry_after} if status == 429 and retry_after else {}
            queue.append((status, headers))

    # -- the log -------------------------------------------------------------
    def record(self, entry: Logged) -> None:
        with self._lock:
            self.log.append(entry)

    def reset_log(self) -> None:
        with self._lock:
            self.log.clear()

    def requests(self, needle: str = "") -> list[Logged]:
        with self._lock:
            return [item for item in self.log if needle in item.path]

    def take_fault(self, repo_id: str) -> tuple[int, dict[str, str]] | None:
        with self._lock:
            queue = self.faults.get(repo_id)
            return queue.popleft() if queue else None


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body go out in two writes
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        self._dispatch(head=False)

    def do_HEAD(self) -> None:
        self._dispatch(head=True)

    # -- routing -------------------------------------------------------------
    def _dispatch(self, head: bool) -> None:
        hub = self.server.hub
        parts = urlsplit(self.path)
        path = unquote(parts.path)
        query = parse_qs(parts.query)
        self._sent = 0
        self._status = 0
        self._logged = False
        try:
            if path in ("/api/models", "/api/datasets"):
                self._search("model" if path == "/api/models" else "dataset", query)
            elif path.startswith("/api/models/") or path.startswith("/api/datasets/"):
                kind = "model" if path.startswith("/api/models/") else "dataset"
                rest = path.split("/", 3)[3]
                if rest.count("/") == 2 and rest.endswith("/refs"):
                    self._refs(kind, rest.removesuffix("/refs"), query)
                    return
                repo_id, _, revision = rest.partition("/revision/")
                self._info(kind, repo_id, revision or "main", query)
            elif path.startswith("/cdn/"):
                self._cdn(path[5:], head)
            elif "/resolve/" in path:
                kind = "dataset" if path.startswith("/datasets/") else "model"
                rest = path.removeprefix("/datasets/").lstrip("/")
                repo_id, _, tail = rest.partition("/resolve/")
                revision, _, filename = tail.partition("/")
                self._resolve(kind, repo_id, revision, filename, head)
            else:
                self._error(404, "", "Not found")
        finally:
            if not self._logged:  # nothing was answered (the client went away)
                hub.record(Logged(self.command, self.path, self._status, self._sent))

    # -- answers -------------------------------------------------------------
    def _send(self, status: int, body: bytes = b"", headers: dict[str, str] | None = None,
              head: bool = False, content_type: str = "application/json") -> None:
        self._status = status
        if not head and body:
            self._sent = len(body)
        # Logged before the answer goes out: once the client has its answer, the request is in
        # the log (logging after the write let a scan's last request land in the next phase's
        # log when the machine was busy).
        self.server.hub.record(Logged(self.command, self.path, status, self._sent))
        self._logged = True
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        if not head and body:
            self.wfile.write(body)

    def _json(self, data: Any, headers: dict[str, str] | None = None) -> None:
        self._send(200, json.dumps(data).encode(), headers)

    def _error(self, status: int, code: str, message: str, head: bool = False,
               headers: dict[str, str] | None = None) -> None:
        extra = dict(headers or {})
        if code:
            extra["X-Error-Code"] = code
        extra["X-Error-Message"] = message
        self._send(status, json.dumps({"error": message}).encode(), extra, head=head)

    def _token(self) -> str | None:
        value = self.headers.get("Authorization", "")
        return value[7:] if value.startswith("Bearer ") else None

    def _repo(self, kind: str, repo_id: str, head: bool) -> FakeRepo | None:
        """The repo, or ``None`` after answering a fault, a rename or an error."""
        hub = self.server.hub
        fault = hub.take_fault(repo_id)
        if fault is not None:
            status, headers = fault
            self._error(status, "", f"fault {status}", head=head, headers=headers)
            return None
        new = hub.renamed.get((kind, repo_id))
        if new is not None:
            self._status = 307
            target = self.path.replace(quote(repo_id, safe="/"), quote(new, safe="/"), 1)
            self._send(307, b"", {"Location": target}, head=True)
            return None
        table = hub.models if kind == "model" else hub.datasets
        repo = table.get(repo_id)
        token = self._token()
        if repo is None or (repo.private and token not in repo.allowed_tokens):
            status = 401 if repo is not None and token is None else 404
            self._error(status, "RepoNotFound", "Repository not found", head=head)
            return None
        return repo

    def _info(self, kind: str, repo_id: str, revision: str, query: dict[str, list[str]]) -> None:
        repo = self._repo(kind, repo_id, head=False)
        if repo is None:
            return
        sha = repo.resolve(revision)
        if sha is None:
            self._error(404, "RevisionNotFound", f"Invalid rev id: {revision}")
            return
        data = repo.info()
        if query.get("blobs", ["false"])[0].lower() != "true":
            data = {**data, "siblings": [{"rfilename": s["rfilename"]} for s in data["siblings"]]}
        if query.get("securityStatus", ["false"])[0].lower() == "true":
            data = {**data, "securityRepoStatus": {"scansDone": True,
                                                   "filesWithIssues": repo.security_issues}}
        expand = query.get("expand") or query.get("expand[]")
        if expand:
            keep = set(expand) | {"id", "_id"}
            data = {key: value for key, value in data.items() if key in keep}
        self._json(data)

    def _refs(self, kind: str, repo_id: str, query: dict[str, list[str]]) -> None:
        fault = self.server.hub.take_fault(f"{repo_id}/refs")  # faults of this route only
        if fault is not None:
            self._error(fault[0], "", f"fault {fault[0]}", headers=fault[1])
            return
        repo = self._repo(kind, repo_id, head=False)
        if repo is not None:
            self._json(repo.refs_answer(query.get("include_prs", ["0"])[0] in ("1", "true")))

    def _resolve(self, kind: str, repo_id: str, revision: str, filename: str,
                 head: bool) -> None:
        repo = self._repo(kind, repo_id, head)
        if repo is None:
            return
        sha = repo.resolve(unquote(revision))
        if sha is None:
            self._error(404, "RevisionNotFound", f"Invalid rev id: {revision}", head=head)
            return
        token = self._token()
        if repo.gated and filename not in ALWAYS_PUBLIC and token not in repo.allowed_tokens:
            status = 401 if token is None else 403
            self._error(status, "GatedRepo",
                        f"Access to {kind} {repo_id} is restricted and you are not in the "
                        "authorized list.", head=head, headers={"X-Repo-Commit": sha})
            return
        item = repo.files.get(filename)
        if item is None:
            self._error(404, "EntryNotFound", f"{filename} does not exist on \"{revision}\"",
                        head=head, headers={"X-Repo-Commit": sha})
            return
        common = {"X-Repo-Commit": sha, "Accept-Ranges": "bytes"}
        if item.lfs:
            # The blob store is another host, as on the Hub: "localhost" (still loopback),
            # so clients stop at this redirect and read the file's metadata from it.
            port = self.server.server_address[1]
            location = f"http://localhost:{port}/cdn/{item.sha256}?repo={quote(repo_id, safe='')}" \
                       f"&kind={kind}&file={quote(filename, safe='')}"
            self._send(302, b"", {**common, "Location": location,
                                  "X-Linked-Etag": f'"{item.sha256}"',
                                  "X-Linked-Size": str(item.size),
                                  "ETag": f'"{item.blob_id}"'}, head=True)
            return
        body = item.content or b""
        self._send(200, body, {**common, "ETag": f'"{item.blob_id}"'}, head=head,
                   content_type="application/octet-stream")

    def _cdn(self, rest: str, head: bool) -> None:
        parts = urlsplit(self.path)
        query = parse_qs(parts.query)
        hub = self.server.hub
        kind = query.get("kind", ["model"])[0]
        table = hub.models if kind == "model" else hub.datasets
        repo = table.get(query.get("repo", [""])[0])
        item = repo.files.get(query.get("file", [""])[0]) if repo else None
        if item is None or item.sha256 != rest.split("?")[0]:
            self._error(404, "", "no such blob", head=head)
            return
        self._status = 200
        self._sent = 0 if head else item.size
        self.server.hub.record(Logged(self.command, self.path, 200, self._sent))
        self._logged = True
        self.send_response(200)
        self.send_header("Content-Type", "application/octet-stream")
        self.send_header("Content-Length", str(item.size))
        self.send_header("ETag", f'"{item.sha256}"')
        self.end_headers()
        if head:
            return
        if item.content is not None:
            self.wfile.write(item.content)
        else:
            zeros = b"\0" * CHUNK
            left = item.size
            while left > 0:
                self.wfile.write(zeros[: min(CHUNK, left)])
                left -= CHUNK

    def _search(self, kind: str, query: dict[str, list[str]]) -> None:
        hub = self.server.hub
        table = hub.models if kind == "model" else hub.datasets
        search = query.get("search", [""])[0].lower()
        author = query.get("author", [None])[0]
        limit = int(query.get("limit", ["1000"])[0])
        page = min(limit, 1000)
        start = int(query.get("cursor", ["0"])[0])
        found = [repo for repo in table.values() if not repo.private
                 and search in repo.repo_id.lower()
                 and (author is None or repo.repo_id.split("/")[0] == author)]
        chunk = found[start:start + page]
        headers: dict[str, str] = {}
        if start + page < len(found) and start + page < limit:
            params = {key: values[0] for key, values in query.items() if key != "cursor"}
            params["cursor"] = str(start + page)
            link = "&".join(f"{k}={quote(v, safe='')}" for k, v in params.items())
            host = self.headers.get("Host", "127.0.0.1")
            headers["Link"] = f'<http://{host}/api/{kind}s?{link}>; rel="next"'
        self._json([repo.summary() for repo in chunk], headers)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128

    def __init__(self, hub: FakeHub) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.hub = hub


@contextmanager
def serve(hub: FakeHub | None = None) -> Iterator[FakeHub]:
    """Run the fake Hub on a free loopback port; ``hub.url`` is its endpoint."""
    hub = hub or FakeHub()
    server = _Server(hub)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05},
                              daemon=True)
    thread.start()
    hub.url = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        yield hub
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
