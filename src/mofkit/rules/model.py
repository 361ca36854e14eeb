"""Typed views of the framework rule files (``mof-1.0.yml``, ``osaid-1.0.yml``)."""

from __future__ import annotations

from dataclasses import dataclass, field

from mofkit.release import ComponentType


@dataclass(frozen=True)
class Component:
    id: str
    mot_id: int
    name: str
    type: ComponentType
    mof_class: int  # 3, 2 or 1
    required: bool
    description: str


@dataclass(frozen=True)
class MofClass:
    number: int
    label: str
    short: str
    numeral: str  # "III", "II", "I": how the MOF names the class


@dataclass(frozen=True)
class TypeRule:
    wants: str
    recommended: str


@dataclass(frozen=True)
class Substitution:
    replaces: str
    by: str


@dataclass(frozen=True)
class MofRules:
    id: str
    version: str
    classes: tuple[MofClass, ...]  # strictest last: III, II, I
    unclassified_label: str
    types: dict[str, TypeRule]
    components: tuple[Component, ...]
    substitutions: tuple[Substitution, ...]
    aliases: dict[str, str]
    placeholders: dict[str, str] = field(default_factory=dict)  # folded text -> meaning
    by_id: dict[str, Component] = field(default_factory=dict)
    by_name: dict[str, Component] = field(default_factory=dict)

    def label(self, number: int) -> str:
        for item in self.classes:
            if item.number == number:
                return item.label
        return self.unclassified_label

    def numerals(self) -> dict[int, str]:
        """Class number -> Roman numeral, strictest last (3: "III" ... 1: "I")."""
        return {item.number: item.numeral for item in self.classes}

    def labels(self) -> dict[int, str]:
        """Class number -> label, 0 (no class) included."""
        return {0: self.unclassified_label, **{c.number: c.label for c in self.classes}}

    def class_number(self, written: str) -> int | None:
        """The class a user wrote as a numeral or a number ("III", "ii", "3"), or None."""
        text = written.strip().upper()
        for item in self.classes:
            if text in (item.numeral, str(item.number)):
                return item.number
        return None

    def required(self, number: int) -> list[Component]:
        """Required components of class ``number`` and every class below it (III is lowest)."""
        return [c for c in self.components if c.required and c.mof_class >= number]

    def optional(self, number: int) -> list[Component]:
        return [c for c in self.components if not c.required and c.mof_class >= number]

    def resolve_name(self, written: str) -> Component | None:
        """The component a name refers to: exact MOT name, then a known historic spelling,
        then a case- and space-insensitive match of either, then the component id."""
        if written in self.by_name:
            return self.by_name[written]
        if written in self.aliases:
            return self.by_id[self.aliases[written]]
        folded = _fold(written)
        for name, comp in self.by_name.items():
            if _fold(name) == folded:
                return comp
        for alias, cid in self.aliases.items():
            if _fold(alias) == folded:
                return self.by_id[cid]
        return self.by_id.get(written.strip().lower())


@dataclass(frozen=True)
class OsaidElement:
    id: str
    name: str
    instrument: str  # "licence" or "terms"
    description: str
    required: tuple[str, ...] = ()
    if_used: tuple[str, ...] = ()  # required only when the release shows the component
    optional: tuple[str, ...] = ()
    direct: tuple[str, ...] = ()
    documents: tuple[str, ...] = ()
    reports: tuple[str, ...] = ()
    basis: tuple[tuple[str, str], ...] = ()  # (component id, the definition's words for it)


@dataclass(frozen=True)
class Instrument:
    accepts: tuple[str, ...]
    wording: str
    note: str = ""


@dataclass(frozen=True)
class OsaidRules:
    id: str
    version: str
    instruments: dict[str, Instrument]
    elements: tuple[OsaidElement, ...]
    optional_components: tuple[str, ...]


def fold_placeholder(text: str) -> str:
    """Lower-case, drop punctuation, collapse spaces: how licence placeholders are matched."""
    return " ".join("".join(ch if ch.isalnum() else " " for ch in text.lower()).split())


def _fold(text: str) -> str:
    return " ".join(text.lower().split())
