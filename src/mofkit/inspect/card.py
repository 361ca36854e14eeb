"""The model card: a README with Hugging Face YAML front matter and Markdown
sections, parsed once and shared by the inspectors.

Front matter is the block between a first line ``---`` and the next ``---``;
it is parsed with PyYAML (safe loader). A broken front matter is not fatal: the
card keeps its sections and ``error`` says what is wrong and on which line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from mofkit import yamlsafe
from mofkit.sources.snapshot import Snapshot, SnapshotFile

CARD_NAMES = ("readme.md", "model_card.md", "modelcard.md", "model-card.md")
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_FENCE = re.compile(r"^\s*(```|~~~)")
PLACEHOLDER = re.compile(r"\[?more information needed\]?|\[?needs? more information\]?", re.I)


@dataclass(frozen=True)
class Section:
    title: str
    level: int
    line: int  # 1-based line of the heading
    body: tuple[str, ...]  # lines up to the next heading of the same or higher level

    @property
    def text(self) -> str:
        return "\n".join(self.body)

    def words(self) -> int:
        """Words of real content: not placeholders, not sub-headings, not HTML comments."""
        text = re.sub(r"<!--.*?-->", " ", self.text, flags=re.S)
        text = PLACEHOLDER.sub(" ", text)
        lines = [line for line in text.splitlines() if not _HEADING.match(line)]
        return len(re.findall(r"[A-Za-z0-9]{2,}", " ".join(lines)))


@dataclass
class ModelCard:
    path: str
    lines: list[str]
    metadata: dict[str, Any] = field(default_factory=dict)
    has_front_matter: bool = False
    body_start: int = 1  # 1-based line where the Markdown starts
    error: str | None = None
    error_line: int | None = None
    sections: list[Section] = field(default_factory=list)

    def meta_line(self, key: str) -> int | None:
        """The 1-based line of a top-level front matter key."""
        if not self.has_front_matter:
            return None
        pattern = re.compile(rf"^{re.escape(key)}\s*:")
        for number, line in enumerate(self.lines[: self.body_start], start=1):
            if pattern.match(line):
                return number
        return None

    def find_sections(self, pattern: str) -> list[Section]:
        regex = re.compile(pattern, re.I)
        return [section for section in self.sections if regex.search(section.title)]

    def body_lines(self) -> list[tuple[int, str]]:
        return [(n, line) for n, line in enumerate(self.lines, start=1) if n >= self.body_start]


def find_card_file(snapshot: Snapshot) -> SnapshotFile | None:
    """The model card of the primary root: README.md (or MODEL_CARD.md) at its top."""
    top = {item.lower: item for item in snapshot.in_root("") if item.depth == 0}
    for name in ("model_card.md", "modelcard.md", "model-card.md", "readme.md"):
        if name in top and snapshot.text(top[name]) is not None:
            return top[name]
    return None


def parse_card(path: str, text: str) -> ModelCard:
    lines = text.splitlines()
    card = ModelCard(path=path, lines=lines)
    if lines and lines[0].strip() == "---":
        end = next((n for n in range(1, len(lines)) if lines[n].strip() in ("---", "...")), None)
        if end is None:
            card.error = "front matter has no closing '---'"
            card.error_line = 1
        else:
            card.has_front_matter = True
            card.body_start = end + 2
            try:
                data = yamlsafe.load("\n".join(lines[1:end]))
            except yaml.YAMLError as exc:
                mark = getattr(exc, "problem_mark", None)
                card.error_line = mark.line + 2 if mark is not None else 1
                problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
                card.error = (f"front matter not read: {problem}"
                              if isinstance(exc, yamlsafe.YAMLLimit)
                              else f"front matter is not valid YAML: {problem}")
            else:
                if data is None:
                    data = {}
                if isinstance(data, dict):
                    card.metadata = data
                else:
                    card.error = "front matter is not a YAML mapping"
                    card.error_line = 2
    card.sections = _sections(lines, card.body_start)
    return card


def _sections(lines: list[str], start: int) -> list[Section]:
    headings: list[tuple[int, int, str]] = []  # (index, level, title)
    fenced = False
    for index in range(start - 1, len(lines)):
        line = lines[index]
        if _FENCE.match(line):
            fenced = not fenced
            continue
        match = None if fenced else _HEADING.match(line)
        if match:
            title = re.sub(r"[*_`]|\[|\]\(.*?\)", "", match.group(2)).strip()
            headings.append((index, len(match.group(1)), title))
    sections = []
    for position, (index, level, title) in enumerate(headings):
        end = len(lines)
        for later, later_level, _ in headings[position + 1 :]:
            if later_level <= level:
                end = later
                break
        sections.append(Section(title, level, index + 1, tuple(lines[index + 1 : end])))
    return sections
