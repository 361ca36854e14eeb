"""Discovery: every model a codebase names, with its file and line.

``discover(root)`` walks the tree (``walk``), reads Python with ``ast``
(``pycalls``), Jupyter notebooks' code cells as one module (``notebooks``) and
config files with their parsers (``configs``). A file is parsed only when it
holds one of the names a reference needs (``TRIGGERS``): no call or key can be
recognised without them, so the prefilter loses nothing and keeps big trees fast.
A file (or a notebook cell) that does not parse gives a note, never a crash.
"""

from __future__ import annotations

import ast
import json
import os
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

from mofkit.audit import configs, notebooks, pycalls
from mofkit.audit.hubids import classify
from mofkit.audit.usage import Discovery, Usage
from mofkit.audit.walk import SourceFile, read_text, walk


def _decode(data: bytes) -> str:
    return data.decode("utf-8", errors="replace")


def _local_on_disk(value: str, item: SourceFile, root: Path) -> bool:
    """A relative id that names an existing folder or file is loaded from disk."""
    return "/" in value and any((base / value).exists()
                                for base in (root, Path(item.path).parent))


def _python(item: SourceFile, data: bytes, root: Path, found: Discovery) -> None:
    if not any(trigger in data for trigger in pycalls.TRIGGERS):
        return
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # invalid escape sequences and the like
            tree = ast.parse(data, filename=item.rel)
    except (SyntaxError, ValueError) as exc:
        line = getattr(exc, "lineno", None) or 1
        message = getattr(exc, "msg", None) or str(exc)
        found.notes.append(f"{item.rel}:{line}: not valid Python ({message}), skipped")
        return
    _record(pycalls.find_calls(_decode(data), tree, data), item, root, found)


class Where(NamedTuple):
    line: int
    column: int
    cell: int | None = None  # notebooks: the cell, and line and column within it
    file_line: int | None = None  # notebooks: the line in the .ipynb file


def _record(calls: list[pycalls.Found], item: SourceFile, root: Path, found: Discovery,
            place: Callable[[pycalls.Found], Where] | None = None) -> None:
    """Each call's model as a usage (or a note); ``place`` maps a call to its
    location when the parsed text is not the file's own (notebooks)."""
    for call in calls:
        at = place(call) if place else Where(call.line, call.column)
        where = f"{item.rel}:cell {at.cell}:line {at.line}" if at.cell is not None \
            else f"{item.rel}:{at.line}"
        if call.value is None:
            found.usages.append(Usage("unresolved", item.rel, at.line, at.column, call.via,
                                      expression=call.expression, cell=at.cell,
                                      file_line=at.file_line))
            continue
        kind = classify(call.value)
        if kind is None:
            found.notes.append(f"{where}: {call.value!r} passed to {call.via} "
                               "is not a Hub model id or a path, skipped")
            continue
        what, model, url_revision = kind
        if what == "hub" and _local_on_disk(model, item, root):
            what = "local"
        found.usages.append(Usage(what, item.rel, at.line, at.column, call.via, model,
                                  (call.revision or url_revision) if what == "hub" else None,
                                  cell=at.cell, file_line=at.file_line))


def _notebook(item: SourceFile, data: bytes, root: Path, found: Discovery) -> None:
    """A Jupyter notebook's code cells, as one module in cell order (outputs ignored);
    locations are ``cell N:line L`` within the cell."""
    if not any(trigger in data for trigger in notebooks.TRIGGERS):
        return
    try:
        notebook = notebooks.read_notebook(data.decode("utf-8-sig", errors="replace"))
    except json.JSONDecodeError as exc:
        found.notes.append(f"{item.rel}:{exc.lineno}: not valid JSON, skipped ({exc.msg})")
        return
    except notebooks.NotANotebook as exc:
        found.notes.append(f"{item.rel}: not a Jupyter notebook ({exc}), skipped")
        return
    if notebook.language is not None and notebook.language not in notebooks.PYTHON_LANGUAGES:
        return  # an R or Julia notebook: not Python
    module = notebooks.as_module(notebook)
    for cell, line, message in module.notes:
        found.notes.append(f"{item.rel}:cell {cell}:line {line}: not valid Python "
                           f"({message}), skipped")
    if not module.cells:
        return

    def place(call: pycalls.Found) -> Where:
        cell, line, column, file_line = module.place(call.line, call.column)
        return Where(line, column, cell, file_line)

    calls = [pycalls.Found(c.via, c.line, c.column, c.value,
                           c.expression and module.shown(c.line, c.column, c.expression),
                           c.revision)
             for c in pycalls.find_calls(module.source, module.tree,
                                         extra=notebooks.STAND_INS)]
    _record(calls, item, root, found, place)


def _config(item: SourceFile, data: bytes, found: Discovery) -> None:
    if item.kind == "models-txt":
        usages, notes = configs.from_model_list(_decode(data), item.rel)
        found.usages += usages
        found.notes += notes
        return
    if not any(trigger in data for trigger in configs.CONFIG_TRIGGERS):
        return
    usages, note = configs.from_config(_decode(data), item.rel)
    found.usages += usages
    if note:
        found.notes.append(note)


PARALLEL_FROM = 2000  # files; below this a process pool costs more than it saves


def _scan(items: list[SourceFile], folder: Path) -> Discovery:
    found = Discovery("")
    for item in items:
        data = read_text(item, found.notes)
        if data is None:
            found.files_skipped += 1
            continue
        found.files_read += 1
        try:
            if item.kind == "python":
                _python(item, data, folder, found)
            elif item.kind == "notebook":
                _notebook(item, data, folder, found)
            else:
                _config(item, data, found)
        except (RecursionError, MemoryError):  # JSON, TOML or Python nested past the
            # parsers' depth (CPython's parser says MemoryError for its own stack)
            found.notes.append(f"{item.rel}: nested too deep to read, skipped")
    return found


def _pool_size(files: int, jobs: int | None) -> int:
    if jobs is not None:
        return max(1, jobs)
    cpus = os.cpu_count() or 1
    if files < PARALLEL_FROM or cpus < 4:  # on 2 CPUs the pool's start-up eats the gain
        return 1
    return min(cpus, 8)


def discover(root: str | os.PathLike[str], jobs: int | None = None) -> Discovery:
    """Every model reference under ``root`` (a folder or a single file).

    Large trees are read by a pool of ``jobs`` processes (default: one per CPU, up to
    8, from 2,000 files on 4 CPUs or more); the result does not depend on the pool.
    """
    from mofkit.errors import InputError

    base = Path(root)
    if not base.exists():
        raise InputError("no such file or folder", str(root))
    base = base.resolve()
    folder = base if base.is_dir() else base.parent
    unlisted: list[str] = []
    items = list(walk(base, unlisted))
    workers = _pool_size(len(items), jobs)
    if workers == 1:
        parts = [_scan(items, folder)]
    else:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        chunks = [items[n::workers] for n in range(workers)]
        context = multiprocessing.get_context("fork" if os.name == "posix" else "spawn")
        with ProcessPoolExecutor(workers, mp_context=context) as pool:
            parts = list(pool.map(_scan, chunks, [folder] * workers))
    found = Discovery(str(root), notes=unlisted)
    for part in parts:
        found.usages += part.usages
        found.notes += part.notes
        found.files_read += part.files_read
        found.files_skipped += part.files_skipped
    found.usages.sort(key=lambda u: u.order)
    found.notes.sort()
    return found
