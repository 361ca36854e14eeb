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
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})(.*)$")
MAX_PROSE_LINE = 4000
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

    def prose_lines(self) -> list[tuple[int, str]]:
        """Body lines outside fenced code blocks (1-based numbers), each cut at
        ``MAX_PROSE_LINE`` characters: what reads prose for links and names stays
        linear on a hostile card (one line of 60,000 "[")."""
        return [(n, line[:MAX_PROSE_LINE]) for n, line, fenced in self._fenced() if not fenced]

    def code_lines(self) -> list[tuple[int, str]]:
        """Lines inside fenced code blocks: usage snippets, not shipped code."""
        return [(n, line) for n, line, fenced in self._fenced() if fenced]

    def _fenced(self) -> list[tuple[int, str, bool]]:
        flags = fence_flags(self.lines[self.body_start - 1:])
        return [(n, line, flag) for (n, line), flag in zip(self.body_lines(), flags,
                                                            strict=True)]


def fence_flags(lines: list[str]) -> list[bool]:
    """For each line, whether it belongs to a fenced code block (fence lines included).

    CommonMark's rule: a fence is 3+ backticks (or tildes) at the start of a line;
    a backtick fence's info string holds no backtick, so ```` ```code``` ```` on one
    line is inline code, not a fence. A block closes on a fence of the same
    character, at least as long, with nothing after it.
    """
    flags: list[bool] = []
    opened: str | None = None
    for line in lines:
        match = _FENCE.match(line)
        if opened is None:
            if match and not (match.group(1)[0] == "`" and "`" in match.group(2)):
                opened = match.group(1)
                flags.append(True)
            else:
                flags.append(False)
            continue
        flags.append(True)
        if (match and match.group(1)[0] == opened[0] and len(match.group(1)) >= len(opened)
                and not match.group(2).strip()):
            opened = None
    return flags


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
    flags = fence_flags(lines[start - 1:])
    for index in range(start - 1, len(lines)):
        line = lines[index]
        match = None if flags[index - start + 1] else _HEADING.match(line)
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
