"""What discovery finds: each place a codebase names a model, and the inventory."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

UsageKind = Literal["hub", "local", "unresolved"]


@dataclass(frozen=True, slots=True)
class Usage:
    """One reference to a model at ``path:line`` (1-based line and column).

    ``kind`` is ``hub`` (a Hub id in ``model``), ``local`` (a path on disk in
    ``model``) or ``unresolved`` (built at run time: ``expression`` holds the
    source text and ``model`` is None). ``via`` names the call or config key.

    In a Jupyter notebook, ``cell`` is the cell's 1-based position among all the
    notebook's cells (markdown included, as the notebook shows them), ``line`` and
    ``column`` are within that cell's source, and ``file_line`` is the line of the
    ``.ipynb`` file (its JSON text) that holds that source line, for tools that
    point into the file itself (SARIF).
    """

    kind: UsageKind
    path: str  # relative to the audited root, with forward slashes
    line: int
    column: int
    via: str
    model: str | None = None
    revision: str | None = None
    expression: str | None = None
    cell: int | None = None  # notebooks only
    file_line: int | None = None  # notebooks only: the line in the .ipynb file

    def location(self) -> dict[str, Any]:
        """``{path, line, column}``, with ``cell`` in a notebook (line and column are
        then within the cell)."""
        if self.cell is None:
            return {"path": self.path, "line": self.line, "column": self.column}
        return {"path": self.path, "cell": self.cell, "line": self.line,
                "column": self.column}

    def to_dict(self) -> dict[str, Any]:
        item: dict[str, Any] = {**self.location(), "via": self.via}
        if self.kind == "unresolved":
            item["expression"] = self.expression
        else:
            item["model"] = self.model
        if self.revision:
            item["revision"] = self.revision
        return item

    @property
    def where(self) -> str:
        """``path:line``, or ``path:cell N:line L`` in a notebook."""
        if self.cell is not None:
            return f"{self.path}:cell {self.cell}:line {self.line}"
        return f"{self.path}:{self.line}"

    @property
    def order(self) -> tuple[str, int, int, int]:
        """Sort key: file, then cell (notebooks), line and column."""
        return (self.path, self.cell or 0, self.line, self.column)


@dataclass
class Discovery:
    """Everything found under one root."""

    root: str
    usages: list[Usage] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # per-file problems: "path:line: why"
    files_read: int = 0
    files_skipped: int = 0

    @property
    def unreadable(self) -> int:
        """Files and folders that could not be read (their notes say which)."""
        from mofkit.audit.walk import UNREADABLE

        return sum(f": {UNREADABLE} (" in note for note in self.notes)

    def of_kind(self, kind: UsageKind) -> list[Usage]:
        return [u for u in self.usages if u.kind == kind]

    def models(self) -> dict[tuple[str, str | None], list[Usage]]:
        """Distinct Hub models, keyed by (id, pinned revision), in order of first use."""
        found: dict[tuple[str, str | None], list[Usage]] = {}
        for usage in sorted(self.of_kind("hub"), key=lambda u: u.order):
            assert usage.model is not None
            found.setdefault((usage.model, usage.revision), []).append(usage)
        return found
