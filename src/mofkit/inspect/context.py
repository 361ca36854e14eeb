"""What the inspectors share: the snapshot, the parsed model card, and caches
of work more than one inspector needs (weight headers, what code files do,
which folders are someone else's project)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from mofkit.inspect.card import ModelCard, find_card_file, parse_card
from mofkit.inspect.code_content import Facts, python_facts, shell_facts
from mofkit.inspect.kinds import LICENCE_FILE, copied_from_library, foreign_part, notebook_code
from mofkit.sources.headers import WeightHeader, read_header
from mofkit.sources.snapshot import Snapshot, SnapshotFile

MAX_CODE_BYTES = 256 << 10  # larger code files are judged by name only
SHELL_SUFFIXES = frozenset({".sh", ".bash"})
CONTENT_SUFFIXES = frozenset({".py", ".ipynb"}) | SHELL_SUFFIXES  # read for what they do
_PROJECT_FILES = frozenset({"setup.py", "pyproject.toml", "setup.cfg"})


@dataclass(frozen=True)
class LinkedFile:
    """A file the release links to outside itself (a card's ``license_link`` to another
    Hub repo), as the pipeline fetched it: where it was read (pinned), its text, or
    why it was not read."""

    label: str
    text: str | None = None
    error: str | None = None


# The pipeline's fetcher of linked files (None: links are not followed).
FetchLink = Callable[[str], LinkedFile]


@dataclass
class ScanContext:
    snapshot: Snapshot
    card: ModelCard | None = None
    notes: list[str] = field(default_factory=list)  # problems the inspectors met (reported)
    fetch_link: FetchLink | None = None
    _headers: dict[str, WeightHeader] = field(default_factory=dict, repr=False)
    _facts: dict[str, Facts] = field(default_factory=dict, repr=False)
    _projects: dict[str, str] | None = field(default=None, repr=False)

    @classmethod
    def build(cls, snapshot: Snapshot, fetch_link: FetchLink | None = None) -> ScanContext:
        card_file = find_card_file(snapshot)
        card = None
        if card_file is not None:
            card = parse_card(card_file.path, snapshot.text(card_file) or "")
        return cls(snapshot=snapshot, card=card, fetch_link=fetch_link)

    @property
    def metadata(self) -> dict:
        return self.card.metadata if self.card is not None else {}

    def header(self, item: SnapshotFile) -> WeightHeader:
        if item.path not in self._headers:
            self._headers[item.path] = read_header(self.snapshot, item)
        return self._headers[item.path]

    def facts(self, item: SnapshotFile) -> Facts:
        """What a code file does, read from its content (cached; empty when not read)."""
        if item.path not in self._facts:
            self._facts[item.path] = self._read_facts(item)
        return self._facts[item.path]

    def _read_facts(self, item: SnapshotFile) -> Facts:
        if item.size > MAX_CODE_BYTES or item.suffix not in CONTENT_SUFFIXES:
            return Facts()
        text = self.snapshot.text(item)
        if not text:
            return Facts()
        if item.suffix in SHELL_SUFFIXES:
            return shell_facts(text)
        facts = python_facts(notebook_code(text) if item.suffix == ".ipynb" else text)
        facts.copied = copied_from_library(text)
        return facts

    def foreign(self, item: SnapshotFile) -> str | None:
        """Why a file is not the release's own evidence (vendored, a fixture, a bundled copy
        of another project with its own licence and package files), or None."""
        reason = foreign_part(item)
        if reason is not None:
            return reason
        if self._projects is None:
            self._projects = self._nested_projects()
        for depth in range(1, len(item.parts)):
            folder = f"{item.root}:" + "/".join(item.parts[:depth])
            if folder in self._projects:
                return self._projects[folder]
        return None

    def _nested_projects(self) -> dict[str, str]:
        """Folders below a root holding both a licence file and package files: a copy
        of another project bundled with the release."""
        licences: set[str] = set()
        packages: set[str] = set()
        for item in self.snapshot.files:
            if item.depth == 0:
                continue
            key = f"{item.root}:{item.parent}"
            if LICENCE_FILE.match(item.name):
                licences.add(key)
            elif item.name.lower() in _PROJECT_FILES:
                packages.add(key)
        return {key: f"a bundled copy of another project ({key.split(':', 1)[1]}/ has its own "
                     "licence and package files)" for key in licences & packages}
