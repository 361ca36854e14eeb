"""A snapshot of a model release: the files of one or more roots, with sizes.

The snapshot is what every inspector reads. It lists files once (skipping
version-control folders), and reads contents lazily:

* small text files in full, up to :data:`TEXT_CAP` bytes, decoded as UTF-8
  (with replacement); binary files (a NUL byte in the first block) read as
  ``None``;
* any file's first bytes with :meth:`Snapshot.head`, which is how weight files
  are looked at: their headers only, never their tensors.

Paths are POSIX and relative. Files of the primary root (the model repository)
keep their plain relative path (``config.json``); files of further roots
(``--code ./training-repo``) are shown as ``<label>:<path>``
(``code:train.py``), so that two roots cannot collide and every evidence path
says where it lives.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from mofkit.licenses.textkind import decode
from mofkit.safetext import path_text

TEXT_CAP = 1 << 20  # 1 MiB: larger files are not read as text
SKIP_DIRS = frozenset({
    ".git", ".hg", ".svn", "__pycache__", ".mypy_cache", ".ruff_cache", ".pytest_cache", ".tox",
    ".venv", "node_modules", ".ipynb_checkpoints", "site-packages",
})  # tool and VCS folders: not part of a release


@dataclass(frozen=True)
class Root:
    """One place a release comes from: a folder, a clone, a single file."""

    label: str  # "" for the primary root, else e.g. "code", "paper"
    location: str  # what the user gave (a path or a URL)
    path: Path  # where the files are on disk
    kind: str = "local"  # "local" | "git"
    revision: str | None = None  # commit of a clone


@dataclass(frozen=True, slots=True)
class SnapshotFile:
    """One file of a snapshot. Name parts are computed once (inspectors read
    them for every file, many times)."""

    path: str  # display path, unique in the snapshot ("README.md", "code:train.py")
    rel: str  # POSIX path relative to its root
    root: str  # label of its root ("" for the primary root)
    size: int
    abs_path: Path
    parts: tuple[str, ...] = field(init=False)
    name: str = field(init=False)
    lower: str = field(init=False)
    suffix: str = field(init=False)
    parent: str = field(init=False)  # folder relative to its root ("" at the top)

    def __post_init__(self) -> None:
        parts = tuple(self.rel.split("/"))
        name = parts[-1]
        dot = name.rfind(".")
        set_ = object.__setattr__
        set_(self, "parts", parts)
        set_(self, "name", name)
        set_(self, "lower", self.rel.lower())
        set_(self, "suffix", name[dot:].lower() if 0 < dot < len(name) - 1 else "")
        set_(self, "parent", "/".join(parts[:-1]))

    @property
    def depth(self) -> int:
        return len(self.parts) - 1


def display_path(root: str, rel: str) -> str:
    return f"{root}:{rel}" if root else rel


@dataclass
class Snapshot:
    """The files of a release, read lazily. Build one with :func:`build_snapshot`."""

    roots: list[Root]
    files: list[SnapshotFile]
    # Problems met while listing or reading (unreadable files, broken links):
    # "path: message" lines, reported, never fatal.
    problems: list[str] = field(default_factory=list)
    # References given on the command line that are not files (arXiv ids, DOIs).
    references: list[tuple[str, str]] = field(default_factory=list)  # (role, value)
    _by_path: dict[str, SnapshotFile] = field(default_factory=dict, repr=False)
    _text: dict[str, str | None] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self._by_path = {item.path: item for item in self.files}

    @property
    def primary(self) -> Root:
        return self.roots[0]

    def get(self, path: str) -> SnapshotFile | None:
        return self._by_path.get(path)

    def in_root(self, label: str) -> list[SnapshotFile]:
        return [item for item in self.files if item.root == label]

    def text(self, item: SnapshotFile | str) -> str | None:
        """The file's text, or ``None`` when it is binary, too large or unreadable."""
        file = self._by_path.get(item) if isinstance(item, str) else item
        if file is None:
            return None
        if file.path in self._text:
            return self._text[file.path]
        content: str | None = None
        if file.size <= TEXT_CAP:
            raw = self._read(file, TEXT_CAP + 1)
            if raw is not None:
                content = decode(raw[: TEXT_CAP + 1], latin1=False)
        self._text[file.path] = content
        return content

    def lines(self, item: SnapshotFile | str) -> list[str]:
        content = self.text(item)
        return content.splitlines() if content is not None else []

    def head(self, item: SnapshotFile, size: int) -> bytes | None:
        """The first ``size`` bytes of a file (``None`` if unreadable)."""
        return self._read(item, size)

    def read_range(self, item: SnapshotFile, offset: int, size: int) -> bytes | None:
        try:
            with open(item.abs_path, "rb") as handle:
                handle.seek(offset)
                return handle.read(size)
        except OSError as exc:
            self._problem(item.path, exc)
            return None

    def _read(self, item: SnapshotFile, size: int) -> bytes | None:
        try:
            with open(item.abs_path, "rb") as handle:
                return handle.read(size)
        except OSError as exc:
            self._problem(item.path, exc)
            return None

    def _problem(self, path: str, exc: OSError) -> None:
        message = f"{path}: cannot read ({exc.strerror or exc.__class__.__name__})"
        if message not in self.problems:
            self.problems.append(message)


def list_files(root: Root, problems: list[str]) -> list[SnapshotFile]:
    """All files below ``root`` (or the root itself when it is a file).

    Directory symlinks are not followed (no loops; a link to a folder inside the
    root lists nothing twice). File symlinks are followed when they resolve inside
    the root: a link that leaves it (``README.md -> /etc/passwd``, in a clone of an
    untrusted repository) is never read, and is noted as a problem, as are broken
    links and unreadable folders - problems, not errors.
    """
    if root.path.is_file():
        size = root.path.stat().st_size
        name = path_text(root.path.name)
        return [SnapshotFile(display_path(root.label, name), name, root.label, size, root.path)]
    found: list[SnapshotFile] = []
    inside = root.path.resolve()
    stack = [(str(root.path), "")]
    while stack:
        folder, prefix = stack.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError as exc:
            where = display_path(root.label, prefix.rstrip("/") or ".")
            problems.append(f"{where}: cannot list folder ({exc.strerror})")
            continue
        if prefix and any(entry.name == "pyvenv.cfg" for entry in entries):
            continue  # a virtual environment: installed packages, not the release
        for entry in entries:
            rel = prefix + path_text(entry.name)  # shown; entry.path is what is opened
            try:
                if entry.is_dir(follow_symlinks=False):
                    if entry.name not in SKIP_DIRS:
                        stack.append((entry.path, rel + "/"))
                    continue
                if entry.is_symlink():
                    target = _resolved(entry.path)
                    if target is None:
                        problems.append(f"{display_path(root.label, rel)}: broken link")
                        continue
                    if not target.is_relative_to(inside):
                        problems.append(f"{display_path(root.label, rel)}: link to "
                                        "outside the release, not read")
                        continue
                    if target.is_dir():
                        continue  # its files are listed where they are
                if not entry.is_file(follow_symlinks=True):
                    if entry.is_symlink():
                        problems.append(f"{display_path(root.label, rel)}: broken link")
                    continue
                size = entry.stat(follow_symlinks=True).st_size
            except OSError as exc:
                problems.append(f"{display_path(root.label, rel)}: cannot stat ({exc.strerror})")
                continue
            found.append(
                SnapshotFile(display_path(root.label, rel), rel, root.label, size, Path(entry.path))
            )
    return found


def _resolved(path: str) -> Path | None:
    """Where a link leads (``None`` for a link loop)."""
    try:
        return Path(os.path.realpath(path))
    except (OSError, RuntimeError, ValueError):
        return None


def build_snapshot(roots: list[Root], references: list[tuple[str, str]] | None = None) -> Snapshot:
    """List the files of every root into one snapshot, sorted by display path."""
    problems: list[str] = []
    files: list[SnapshotFile] = []
    for root in roots:
        files.extend(list_files(root, problems))
    files.sort(key=lambda item: (item.root != "", item.path))
    return Snapshot(roots=roots, files=files, problems=problems, references=references or [])
