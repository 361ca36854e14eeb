"""Writing output safely: a file is replaced whole or not at all."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from mofkit.errors import InputError


def write_atomic(path: str | Path, data: str | bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file and a rename."""
    target = Path(path)
    directory = target.parent if str(target.parent) else Path(".")
    if not directory.is_dir():
        raise InputError("cannot write: the folder does not exist", str(path))
    if target.is_dir():
        raise InputError("cannot write: is a folder, not a file", str(path))
    try:
        fd, tmp = tempfile.mkstemp(dir=directory, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as exc:  # a read-only or special folder (/proc), no space, no permission
        raise InputError(f"cannot write: {exc.strerror or exc}", str(path)) from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data.encode("utf-8") if isinstance(data, str) else data)
        # mkstemp makes the file private (0600); give it the mode a plain open() would.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, target)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise InputError(f"cannot write: {exc.strerror or exc}", str(path)) from None
