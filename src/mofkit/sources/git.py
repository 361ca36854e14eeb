"""A release in a git repository: a shallow clone into a cache folder.

Clones go to ``$MOFKIT_CACHE/git/`` (default ``~/.cache/mofkit/git/``), one
folder per URL. A cached clone is refreshed with a shallow fetch; if that fails
it is cloned afresh. ``GIT_TERMINAL_PROMPT=0`` keeps git from asking for a
password: a private repository fails with a one-line error instead of hanging.

Network limits (docs/scan.md): over http(s), a transfer that moves no byte for
``MOFKIT_READ_TIMEOUT`` seconds (default 30) is abandoned; over ssh, connecting
takes at most ``MOFKIT_CONNECT_TIMEOUT`` seconds (default 10); any git command takes
at most ``MOFKIT_GIT_TIMEOUT`` seconds in all (default 600). A clone that times out
or loses its connection is tried again (``MOFKIT_GIT_ATTEMPTS``, default 3 tries in
all, 1 s then 2 s apart); a step slower than a second says so on stderr.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

from mofkit.sources.interface import Source, SourceError
from mofkit.sources.snapshot import Root

CLONE_TIMEOUT = 600  # seconds, the default of MOFKIT_GIT_TIMEOUT
ATTEMPTS = 3  # the default of MOFKIT_GIT_ATTEMPTS
# git's own words for a failure that another try may not have
TRANSIENT = ("timed out", "too slow", "connection reset", "early eof", "rpc failed",
             "unexpected disconnect", "temporary failure", "the remote end hung up")
_URL = re.compile(r"^(?:https?://|ssh://|git://|file://|git@[\w.-]+:)")


def is_git_url(location: str) -> bool:
    """Whether ``location`` names a git repository rather than a local path."""
    return bool(_URL.match(location)) or (
        location.endswith(".git") and not Path(location).exists()
    )


def cache_root() -> Path:
    base = os.environ.get("MOFKIT_CACHE")
    root = Path(base) if base else Path.home() / ".cache" / "mofkit"
    return root / "git"


def _folder_for(url: str) -> str:
    name = re.sub(r"[^\w.-]+", "-", url.rstrip("/").rsplit("/", 1)[-1].removesuffix(".git"))
    digest = hashlib.sha256(url.encode()).hexdigest()[:12]
    return f"{name or 'repo'}-{digest}"


def _limits() -> tuple[float, float, float, int]:
    """(connect, read, whole command, tries), from the environment."""
    from mofkit.sources.network import Timeouts, env_number

    timeouts = Timeouts.from_env()
    whole = float(env_number("MOFKIT_GIT_TIMEOUT", float, CLONE_TIMEOUT)) or CLONE_TIMEOUT
    attempts = max(1, int(env_number("MOFKIT_GIT_ATTEMPTS", int, ATTEMPTS)))
    return timeouts.connect, timeouts.read, whole, attempts


def _git(args: list[str], location: str, cwd: Path | None = None,
         sleep: Callable[[float], None] = time.sleep) -> str:
    from mofkit.sources import waiting

    connect, read, whole, attempts = _limits()
    if args[0] not in ("clone", "fetch"):
        attempts = 1  # local commands: nothing to retry
    env = {"GIT_SSH_COMMAND": f"ssh -o ConnectTimeout={int(connect) or 1} -o BatchMode=yes",
           **os.environ, "GIT_TERMINAL_PROMPT": "0", "GIT_LFS_SKIP_SMUDGE": "1"}
    command = ["git", "-c", "http.lowSpeedLimit=1", "-c", f"http.lowSpeedTime={int(read) or 1}",
               *args]
    limit = f"at most {whole:g} s; {read:g} s without a byte over http"
    for attempt in range(1, attempts + 1):
        try:
            with waiting.slow(location, f"git {args[0]}", limit):
                done = subprocess.run(command, cwd=cwd, env=env, capture_output=True,
                                      text=True, errors="replace", timeout=whole, check=False)
        except FileNotFoundError as exc:
            raise SourceError("git is not installed", source=location) from exc
        except subprocess.TimeoutExpired as exc:
            reason = f"timed out after {whole:g} s (MOFKIT_GIT_TIMEOUT)"
            if attempt >= attempts:
                raise SourceError(f"git {args[0]} {reason}", location) from exc
        else:
            if done.returncode == 0:
                return done.stdout.strip()
            lines = [line.strip() for line in done.stderr.splitlines() if line.strip()]
            fatal = [line for line in lines if line.startswith(("fatal:", "error:"))]
            reason = (fatal or lines or [f"exit status {done.returncode}"])[0]
            reason = reason.removeprefix("fatal: ").removeprefix("error: ")
            if attempt >= attempts or not any(w in reason.lower() for w in TRANSIENT):
                tries = f" ({attempt} tries)" if attempt > 1 else ""
                raise SourceError(f"git {args[0]} failed{tries}: {reason}", source=location)
        wait = float(2 ** (attempt - 1))
        waiting.retrying(location, f"git {args[0]}: {reason}", wait, attempt, attempts)
        sleep(wait)
    raise AssertionError("unreachable")  # pragma: no cover


def cached_clone(url: str, cache: Path | None = None) -> Path | None:
    """The clone of ``url`` already in the cache (for offline use), if there is one."""
    target = (cache or cache_root()) / _folder_for(url)
    return target if (target / ".git").is_dir() else None


class GitSource(Source):
    """A shallow clone of a git URL (LFS objects are not fetched: weights
    stay as LFS pointers, which the weights inspector recognises)."""

    def __init__(self, location: str, label: str = "", cache: Path | None = None) -> None:
        super().__init__(location, label)
        self.cache = cache or cache_root()

    def fetch(self) -> Root:
        target = self.cache / _folder_for(self.location)
        if (target / ".git").is_dir():
            try:
                _git(["fetch", "--depth", "1", "origin", "HEAD"], self.location, cwd=target)
                _git(["reset", "--hard", "--quiet", "FETCH_HEAD"], self.location, cwd=target)
            except SourceError:
                shutil.rmtree(target, ignore_errors=True)
        if not (target / ".git").is_dir():
            self.cache.mkdir(parents=True, exist_ok=True)
            partial = target.with_name(target.name + ".partial")
            shutil.rmtree(partial, ignore_errors=True)
            try:
                _git(["clone", "--depth", "1", "--quiet", self.location, str(partial)],
                     self.location)
            except SourceError:
                shutil.rmtree(partial, ignore_errors=True)
                raise
            shutil.rmtree(target, ignore_errors=True)
            partial.rename(target)
        revision = _git(["rev-parse", "HEAD"], self.location, cwd=target)
        return Root(self.label, self.location, target, kind="git", revision=revision)
