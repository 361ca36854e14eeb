"""Sample model outputs: generations published with the model.

Evidence: files or folders named for samples, generations or outputs; a card
section of example outputs.
"""

from __future__ import annotations

import re

from mofkit.inspect.context import ScanContext
from mofkit.inspect.finding import Finding
from mofkit.inspect.kinds import is_code
from mofkit.rules.ids import SAMPLE_OUTPUTS

COMPONENT = SAMPLE_OUTPUTS
_NAME = re.compile(r"(?:^|[-_])(?:samples?|generations?|outputs?|completions?|transcripts?)"
                   r"(?:[-_.]|$)", re.I)
_SECTION = r"sample outputs?|example outputs?|examples? of (?:generated|outputs)|generations?|" \
           r"sample generations?|model outputs?"
_SUFFIXES = frozenset({".txt", ".jsonl", ".json", ".md", ".csv", ".html", ".png", ".jpg", ".wav"})


def inspect(ctx: ScanContext) -> list[Finding]:
    findings: list[Finding] = []
    seen: set[str] = set()
    for item in ctx.snapshot.files:
        if is_code(item) or item.suffix not in _SUFFIXES or "config" in item.name.lower():
            continue
        folder = next((p for p in item.parts[:-1] if _NAME.search(p)), None)
        if folder is None and not _NAME.search(item.name.rsplit(".", 1)[0]):
            continue
        key = f"{item.root}:{folder}" if folder else item.path
        if key in seen:
            continue
        seen.add(key)
        where = f"in the folder {folder}/" if folder else "named for sample outputs"
        findings.append(Finding(COMPONENT, item.path, f"sample outputs file {where}", None, 0.75))
    if ctx.card is not None:
        for section in ctx.card.find_sections(_SECTION):
            if section.words() >= 10:
                findings.append(Finding(COMPONENT, ctx.card.path,
                                        f"card section '{section.title}' shows outputs",
                                        section.line, 0.6))
    return findings
