"""The model card: a README with Hugging Face front matter and the standard
sections (model details, intended use, training data, evaluation,
limitations...).

Front matter alone makes a card (the Hub's machine-readable part); a README
without front matter is a card when it has at least two standard sections,
or one standard section and prose that describes a model ("This model is a
fine-tuned version of...").
A code repository's README with none of these is only a weak hint. A broken front
matter is reported (path, line, reason), and the card still counts by its
sections.
"""

from __future__ import annotations

import re

from mofkit.inspect.context import ScanContext
from mofkit.inspect.finding import Finding
from mofkit.rules.ids import MODEL_CARD

COMPONENT = MODEL_CARD
STANDARD_SECTIONS = {
    "intended use": r"intended use|uses?\b|use cases?|direct use|out-of-scope",
    "training data": r"training data|data(?:sets?)?\b|pre-?training data",
    "evaluation": r"evaluat|results|benchmarks?|performance",
    "limitations": r"limitation|bias|risks?|ethical|safety",
    "model details": r"model details|model description|architecture|model summary|overview",
    "training procedure": r"training procedure|training details|training\b",
    "license": r"licen[cs]e",
    "citation": r"citation|bibtex|cite",
}


_DESCRIBES_MODEL = re.compile(
    r"\b(?:this|the) model (?:is|was|has|can)\b|\bfine-?tuned (?:version )?(?:of|from|on)\b"
    r"|\bmodel (?:description|details|summary)\b|\btrained on\b", re.I)


def standard_sections(ctx: ScanContext) -> list[tuple[str, int]]:
    card = ctx.card
    if card is None:
        return []
    found: list[tuple[str, int]] = []
    for key, pattern in STANDARD_SECTIONS.items():
        regex = re.compile(pattern, re.I)
        section = next((s for s in card.sections if regex.search(s.title)), None)
        if section is not None:
            found.append((key, section.line))
    return found


def inspect(ctx: ScanContext) -> list[Finding]:
    card = ctx.card
    findings: list[Finding] = []
    if card is None:
        for item in ctx.snapshot.files:
            if item.name.lower() in ("model_card.md", "modelcard.md", "model_card.pdf"):
                findings.append(Finding(COMPONENT, item.path, "model card file", None, 0.8))
        return findings
    sections = standard_sections(ctx)
    named = ", ".join(name for name, _ in sections) or "none"
    if card.error:
        findings.append(Finding(
            COMPONENT, card.path, f"card front matter is broken: {card.error}", card.error_line,
            0.6 if len(sections) >= 2 else 0.4,
        ))
    elif card.has_front_matter and card.metadata:
        keys = ", ".join(list(card.metadata)[:8])
        findings.append(Finding(
            COMPONENT, card.path,
            f"Hugging Face card metadata ({keys}); standard sections: {named}", 1, 0.95,
        ))
    if not card.metadata or card.error:
        describes = _DESCRIBES_MODEL.search("\n".join(line for _, line in card.prose_lines()))
        if len(sections) >= 2:
            findings.append(Finding(
                COMPONENT, card.path, f"README with model-card sections: {named}",
                sections[0][1], 0.75,
            ))
        elif sections and describes:
            findings.append(Finding(
                COMPONENT, card.path,
                f"README describing the model, without front matter (sections: {named})",
                sections[0][1], 0.65,
            ))
        else:
            findings.append(Finding(
                COMPONENT, card.path, "README without card metadata or card sections", None, 0.3,
            ))
    return findings
