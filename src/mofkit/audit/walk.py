"""Which files discovery reads: source and config files under a root, without
version-control folders, virtual environments, dependency trees and caches,
binary files or huge files."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from mofkit.safetext import path_text

MAX_BYTES = 2 << 20  # larger files are skipped with a note (generated or data, not code)
NOTEBOOK_MAX_BYTES = 64 << 20  # notebooks carry their outputs (images, logs): allow more
PYTHON_SUFFIXES = frozenset({".py", ".pyw", ".pyi"})
NOTEBOOK_SUFFIXES = frozenset({".ipynb"})
CONFIG_SUFFIXES = frozenset({".yml", ".yaml", ".json", ".toml"})
MODEL_LISTS = frozenset({"models.txt"})
SKIP_DIRS = frozenset({
    ".git", ".hg", ".svn", ".bzr", "node_modules", "__pycache__", ".venv", "venv", ".tox",
    ".nox", "site-packages", "dist-packages", ".mypy_cache", ".ruff_cache", ".pytest_cache",
    ".ipynb_checkpoints", ".eggs", ".cache", ".idea", ".vscode",
})
SKIP_FILES = frozenset({"package-lock.json", "yarn.lock", "pnpm-lock.yaml", "poetry.lock",
                        "pipfile.lock", "uv.lock", "composer.lock", "cargo.lock",
                        "mof-policy.yml", "mof-policy.yaml"})  # lower case; the policy names
                                                              # models without using them


@dataclass(frozen=True, slots=True)
class SourceFile:
    path: str  # absolute
    rel: str  # relative to the root, forward slashes
    kind: str  # "python" | "notebook" | "config" | "models-txt"
    root: str = ""  # the folder walked (resolved); a link leading out of it is not read


def file_kind(name: str) -> str | None:
    lower = name.lower()
    if lower in MODEL_LISTS:
        return "models-txt"
    if lower in SKIP_FILES:
        return None
    dot = lower.rfind(".")
    suffix = lower[dot:] if dot > 0 else ""
    if suffix in PYTHON_SUFFIXES:
        return "python"
    if suffix in NOTEBOOK_SUFFIXES:
        return "notebook"
    if suffix in CONFIG_SUFFIXES:
        return "config"
    return None


def _is_venv(path: str, names: list[str]) -> bool:
    return "pyvenv.cfg" in names or "conda-meta" in names


UNREADABLE = "not readable"  # the note of a file or folder that could not be read


def walk(root: Path, notes: list[str] | None = None) -> Iterator[SourceFile]:
    """The files to read under ``root`` (a folder or one file), in a stable order. A
    folder that cannot be listed is a note (``UNREADABLE``) in ``notes``."""
    if root.is_file():
        yield SourceFile(str(root), root.name, file_kind(root.name) or "python")
        return
    base = str(root)
    inside = os.path.realpath(base)
    cut = len(base) + 1

    def unlistable(exc: OSError) -> None:
        if notes is not None:
            where = path_text(str(exc.filename or base)[cut:] or ".")
            notes.append(f"{where}/: {UNREADABLE} ({exc.strerror or exc})")

    for dirpath, dirnames, filenames in os.walk(base, onerror=unlistable):
        dirnames[:] = sorted(d for d in dirnames if d not in SKIP_DIRS
                             and not d.endswith(".egg-info"))
        if dirpath != base and _is_venv(dirpath, filenames + dirnames):
            dirnames[:] = []
            continue
        rel_dir = path_text(dirpath[cut:].replace(os.sep, "/"))
        for name in sorted(filenames):
            kind = file_kind(name)
            if kind is not None:
                shown = path_text(name)
                yield SourceFile(os.path.join(dirpath, name),
                                 f"{rel_dir}/{shown}" if rel_dir else shown, kind, inside)


def read_text(item: SourceFile, notes: list[str]) -> bytes | None:
    """The file's bytes, or None (with a note) when unreadable, huge or binary.
    Notebooks may be bigger (their outputs are stored in them, and ignored)."""
    limit = NOTEBOOK_MAX_BYTES if item.kind == "notebook" else MAX_BYTES
    if item.root and os.path.islink(item.path):
        target = os.path.realpath(item.path)
        if os.path.commonpath([target, item.root]) != item.root:
            notes.append(f"{item.rel}: link to outside the codebase, not read")
            return None
    try:
        # Non-blocking open, then a look at what was opened: a FIFO (or a device) would
        # block a plain open or read for ever; O_NONBLOCK does not matter for a file.
        fd = os.open(item.path, os.O_RDONLY | os.O_NONBLOCK)
        with open(fd, "rb") as fh:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                notes.append(f"{item.rel}: skipped, not a regular file")
                return None
            data = fh.read(limit + 1)
    except OSError as exc:
        notes.append(f"{item.rel}: {UNREADABLE} ({exc.strerror or exc})")
        return None
    if len(data) > limit:
        what = "notebook" if item.kind == "notebook" else "source or config file"
        notes.append(f"{item.rel}: skipped, more than {limit:,} bytes (too big for a {what})")
        return None
    if b"\0" in data[:8192]:
        notes.append(f"{item.rel}: skipped, binary content")
        return None
    return data
