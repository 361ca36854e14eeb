"""Discovery: every model a codebase names, with its file and line.

``discover(root)`` walks the tree (``walk``), reads Python with ``ast``
(``pycalls``) and config files with their parsers (``configs``). A file is
parsed only when it holds one of the names a reference needs (``TRIGGERS``):
no call or key can be recognised without them, so the prefilter loses nothing
and keeps big trees fast. A file that does not parse gives a note, never a crash.
"""

from __future__ import annotations

import ast
import os
import warnings
from pathlib import Path

from mofkit.audit import configs, pycalls
from mofkit.audit.hubids import classify
from mofkit.audit.usage import Discovery, Usage
from mofkit.audit.walk import SourceFile, read_text, walk


def _decode(data: bytes) -> str:
    return data.decode("utf-8", errors="replace")


def _local_on_disk(value: str, item: SourceFile, root: Path) -> bool:
    """A relative id that names an existing folder or file is loaded from disk."""
    return "/" in value and any((base / value).exists() for base in (root, item.path.parent))


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
    source = _decode(data)
    for call in pycalls.find_calls(source, tree):
        if call.value is None:
            found.usages.append(Usage("unresolved", item.rel, call.line, call.column, call.via,
                                      expression=call.expression))
            continue
        kind = classify(call.value)
        if kind is None:
            found.notes.append(f"{item.rel}:{call.line}: {call.value!r} passed to {call.via} "
                               "is not a Hub model id or a path, skipped")
            continue
        what, model, url_revision = kind
        if what == "hub" and _local_on_disk(model, item, root):
            what = "local"
        found.usages.append(Usage(what, item.rel, call.line, call.column, call.via, model,
                                  (call.revision or url_revision) if what == "hub" else None))


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


def discover(root: str | os.PathLike[str]) -> Discovery:
    """Every model reference under ``root`` (a folder or a single file)."""
    from mofkit.errors import InputError

    base = Path(root)
    if not base.exists():
        raise InputError("no such file or folder", str(root))
    base = base.resolve()
    found = Discovery(str(root))
    folder = base if base.is_dir() else base.parent
    for item in walk(base, found.notes):
        data = read_text(item, found.notes)
        if data is None:
            found.files_skipped += 1
            continue
        found.files_read += 1
        if item.kind == "python":
            _python(item, data, folder, found)
        else:
            _config(item, data, found)
    found.usages.sort(key=lambda u: (u.path, u.line, u.column))
    return found
