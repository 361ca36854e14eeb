"""A release in a local folder (or a single local file, e.g. a paper PDF)."""

from __future__ import annotations

import os
from pathlib import Path

from mofkit.sources.interface import Source, SourceError
from mofkit.sources.snapshot import Root


class LocalSource(Source):
    """Files already on disk."""

    def fetch(self) -> Root:
        if not self.location.strip():  # Path("") is the current folder: never meant
            raise SourceError("empty path: give a folder or a file", source="''")
        path = Path(self.location).expanduser()
        if not path.exists():
            if path.is_symlink():
                raise SourceError("broken symbolic link (or a link loop)", source=self.location)
            raise SourceError("no such file or folder", source=self.location)
        if path.is_dir() and not os.access(path, os.R_OK | os.X_OK):
            raise SourceError("folder is not readable", source=self.location)
        if not path.is_dir() and not path.is_file():
            raise SourceError("not a regular file or folder", source=self.location)
        return Root(label=self.label, location=self.location, path=path.resolve())
