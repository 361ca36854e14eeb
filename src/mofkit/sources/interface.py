"""Where a release comes from: the small interface every source implements.

A source turns what the user typed (a folder, a git URL) into a
:class:`~mofkit.sources.snapshot.Root`: files on disk that a
:class:`~mofkit.sources.snapshot.Snapshot` can list. Sources do no
inspection; failures are :class:`SourceError` (a one-line ``MofError``).
"""

from __future__ import annotations

from abc import ABC, abstractmethod

from mofkit.errors import InputError
from mofkit.sources.snapshot import Root


class SourceError(InputError):
    """A release location that cannot be read: missing path, failing clone."""


class Source(ABC):
    """One location of release files."""

    def __init__(self, location: str, label: str = "") -> None:
        self.location = location
        self.label = label

    @abstractmethod
    def fetch(self) -> Root:
        """Make the files available on disk and describe where they are."""
