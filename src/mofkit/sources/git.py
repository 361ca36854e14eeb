"""A release in a git repository: a shallow clone into a cache folder.

Clones go to ``$MOFKIT_CACHE/git/`` (default ``~/.cache/mofkit/git/``), one
folder per URL. A cached clone is refreshed with a shallow fetch; if that fails
it is cloned afresh. ``GIT_TERMINAL_PROMPT=0`` keeps git from asking for a
password: a private repository fails with a one-line error instead of hanging.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
from pathlib import Path

from mofkit.sources.interface import Source, SourceError
from mofkit.sources.snapshot import Root

CLONE_TIMEOUT = 600  # seconds
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


def _git(args: list[str], location: str, cwd: Path | None = None) -> str:
    env = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "GIT_LFS_SKIP_SMUDGE": "1"}
    try:
        done = subprocess.run(
            ["git", *args], cwd=cwd, env=env, capture_output=True, text=True,
            timeout=CLONE_TIMEOUT, check=False,
        )
    except FileNotFoundError as exc:
        raise SourceError("git is not installed", source=location) from exc
    except subprocess.TimeoutExpired as exc:
        raise SourceError(f"git {args[0]} timed out after {CLONE_TIMEOUT} s", location) from exc
    if done.returncode != 0:
        lines = [line.strip() for line in done.stderr.splitlines() if line.strip()]
        fatal = [line for line in lines if line.startswith(("fatal:", "error:"))]
        reason = (fatal or lines or [f"exit status {done.returncode}"])[0]
        reason = reason.removeprefix("fatal: ").removeprefix("error: ")
        raise SourceError(f"git {args[0]} failed: {reason}", source=location)
    return done.stdout.strip()


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
