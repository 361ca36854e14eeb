"""The release description: what a model release contains, each component with
the licence it states and where the evidence for it is.

This is the one type that every source produces (a MOT record, a scanned folder,
a Hugging Face repo) and that ``mofkit.assess`` consumes. It says nothing about
openness: that is the assessment's job.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

ComponentType = Literal["code", "data", "document"]
GLOBAL_SCOPES: tuple[str, ...] = ("distribution", "code", "data", "document")
# What a piece of evidence rests on, strongest first:
#  content - the file itself was read and shows what it is (a weight header, a
#            class that subclasses nn.Module, data rows);
#  name    - only a file or folder name says what it is;
#  card    - a statement in the model card (metadata or prose);
#  link    - a pointer to something outside the release (a Hub dataset, a
#            paper, a URL) that was not itself read.
EVIDENCE_KINDS: tuple[str, ...] = ("content", "name", "card", "link")


@dataclass(frozen=True)
class Evidence:
    """One piece of evidence: a file (and line) and why it counts."""

    path: str
    why: str
    line: int | None = None
    licence: str | None = None
    confidence: float = 1.0
    kind: str | None = None  # one of EVIDENCE_KINDS (None: the source did not say)

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "line": self.line,
            "why": self.why,
            "licence": self.licence,
            "confidence": round(self.confidence, 3),
            "kind": self.kind,
        }


@dataclass(frozen=True)
class LicenceStatement:
    """A licence as a release states it: the string as written and where."""

    name: str | None
    path: str | None = None


@dataclass
class ComponentEntry:
    """A component the release includes.

    ``licence`` has three states: ``None`` when the entry states no licence
    (it inherits a global one), ``""`` when it is explicitly unlicensed (it
    never inherits), or the licence string as written.
    """

    component: str  # canonical component id from the rules, e.g. "model-card"
    written_name: str | None = None
    description: str | None = None
    licence: str | None = None
    licence_path: str | None = None
    component_path: str | None = None
    evidence: list[Evidence] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def explicitly_unlicensed(self) -> bool:
        return self.licence == ""


@dataclass(frozen=True)
class Elsewhere:
    """A component that is not among the inputs, where the release says it is.

    A code repository whose README links the weights on the Hub has not left
    them unreleased: they are at ``location`` (``hf:org/name``, a git URL, a Hub
    dataset), said at ``path``:``line``, and ``command`` adds them to the scan.
    """

    component: str
    location: str
    path: str | None = None
    line: int | None = None
    command: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"location": self.location, "path": self.path, "line": self.line,
                "command": self.command}


# Where a release date was read, most trusted first: the model card's own statement
# (front matter or a labelled line), a record's release-date field, the Hub's date of
# the repo's creation (its first publication there).
RELEASE_DATE_SOURCES: tuple[str, ...] = ("card", "record", "hub")


@dataclass(frozen=True)
class ReleaseDate:
    """When the model was released (``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``), read from
    the release itself - never a record's own date - and where."""

    date: str
    source: str  # one of RELEASE_DATE_SOURCES
    where: str | None = None  # "README.md:42", "hf:org/name", a record file

    def to_dict(self) -> dict[str, Any]:
        return {"date": self.date, "from": self.source, "where": self.where}


@dataclass
class Release:
    """A model release described component by component.

    ``date`` is the date the source gives with its description (a Model Openness Tool
    record's ``date``: when the record was written or last changed); ``release_date``
    is when the model itself was released, when the release says so."""

    name: str
    source: str = ""
    version: str | None = None
    date: str | None = None
    release_date: ReleaseDate | None = None
    producer: str | None = None
    type: str | None = None
    architecture: str | None = None
    treatment: str | None = None
    origin: str | None = None
    contact: str | None = None
    repository: str | None = None
    huggingface: str | None = None
    # The exact commit that was read (a Hub repo, a git clone), when the source has one.
    revision: str | None = None
    # What the Hugging Face Hub says of the repo (JSON-ready; see mofkit.pipeline.hub).
    hub: dict[str, Any] | None = None
    licences: dict[str, LicenceStatement] = field(default_factory=dict)
    components: list[ComponentEntry] = field(default_factory=list)
    # Fields of the source record we do not interpret, kept for round trips.
    extra: dict[str, Any] = field(default_factory=dict)
    framework: dict[str, Any] = field(default_factory=dict)
    # Non-fatal problems met while reading the source (historic spellings...).
    notes: list[str] = field(default_factory=list)
    # Components not among the inputs that the release says are elsewhere.
    elsewhere: list[Elsewhere] = field(default_factory=list)

    def elsewhere_for(self, component: str) -> Elsewhere | None:
        return next((item for item in self.elsewhere if item.component == component), None)

    def entry(self, component: str) -> ComponentEntry | None:
        for item in self.components:
            if item.component == component:
                return item
        return None

    def included(self) -> set[str]:
        return {item.component for item in self.components}
