"""Technical report and research paper.

Evidence:

* PDFs and documents in the release: a name with "report" (``technical_report
  .pdf``) is a technical report; a name with "paper", or any PDF in a
  ``paper/`` or ``docs/`` folder, is a research paper;
* the paper the model card (and the release's other top-level Markdown)
  presents as the model's own (:mod:`mofkit.inspect.paper_refs`: citation
  entries titled like the model, "Paper:" lines, the Hub's ``arxiv:`` tags,
  links titled like the model), at an arXiv id, a DOI or any URL (a journal
  page, a PDF); "technical report" around it makes it the report. Other arXiv
  and DOI links are references (the dataset's paper, a method's, another
  lab's): hints, not the model's paper. These papers live outside the release
  (``external``): their licence is not stated by the release;
* ``--paper`` references given on the command line.
"""

from __future__ import annotations

import re

from mofkit.inspect.context import ScanContext
from mofkit.inspect.finding import Finding
from mofkit.inspect.paper_refs import REPORT_WORDS, name_tokens, paper_refs
from mofkit.rules.ids import RESEARCH_PAPER, TECHNICAL_REPORT
from mofkit.sources.snapshot import SnapshotFile

REPORT = TECHNICAL_REPORT
PAPER = RESEARCH_PAPER
_REPORT_WORDS = REPORT_WORDS
MAX_REFERENCES = 5  # reference links kept as hints per file
_PAPER_WORDS = re.compile(r"paper|preprint|article|publication", re.I)
_DOC_SUFFIXES = (".pdf", ".tex", ".md", ".html", ".docx")
MAX_DOC_FILES = 200


def inspect(ctx: ScanContext) -> list[Finding]:
    findings: list[Finding] = []
    markdown: list[SnapshotFile] = []
    for item in ctx.snapshot.files:
        if item.suffix == ".md" and item.depth <= 1 and len(markdown) < MAX_DOC_FILES:
            markdown.append(item)
        if item.suffix not in _DOC_SUFFIXES:
            continue
        stem = item.name.lower()
        folders = {part.lower() for part in item.parts[:-1]}
        if _REPORT_WORDS.search(stem) or (item.suffix != ".md" and "report" in stem):
            findings.append(Finding(REPORT, item.path, "technical report document", None, 0.9))
        elif _PAPER_WORDS.search(stem) and item.suffix != ".md":
            findings.append(Finding(PAPER, item.path, "research paper document", None, 0.9))
        elif item.suffix in (".pdf", ".tex") and folders & {"paper", "papers", "docs", "doc"}:
            findings.append(Finding(PAPER, item.path, f"{item.suffix[1:]} document in "
                                    f"{item.parent}/ (taken as the paper)", None, 0.6))
    for item in markdown:
        findings.extend(_references(ctx, item.path))
    for role, value in ctx.snapshot.references:
        if role == "paper":
            findings.append(Finding(PAPER, "(command line)", f"paper given with --paper: {value}",
                                    None, 0.9, external=True))
    return findings


def _model_names(ctx: ScanContext) -> set[str]:
    meta = ctx.metadata
    index = meta.get("model-index")
    names = [str(meta.get("model_name") or ""), ctx.snapshot.primary.path.name,
             ctx.snapshot.primary.location]
    if isinstance(index, list) and index and isinstance(index[0], dict):
        names.append(str(index[0].get("name") or ""))
    if ctx.card is not None:
        names += [s.title for s in ctx.card.sections if s.level == 1][:1]
    return name_tokens(*names)


def _references(ctx: ScanContext, path: str) -> list[Finding]:
    found: list[Finding] = []
    lines = ctx.snapshot.lines(path)
    card = ctx.card if ctx.card is not None and ctx.card.path == path else None
    citation: set[int] = set()
    tags: list[str] = []
    if card is not None:
        for section in card.find_sections(r"citation|bibtex|cite|reference"):
            citation.update(range(section.line + 1, section.line + 1 + len(section.body)))
        raw = card.metadata.get("tags")
        tags = [str(tag) for tag in raw] if isinstance(raw, list) else []
    references = 0
    for ref in paper_refs(lines, _model_names(ctx), citation_lines=frozenset(citation),
                          hub_tags=tags):
        component = REPORT if ref.report else PAPER
        kind = "technical report" if ref.report else "paper"
        line = ref.line if ref.how != "hub tag" else (card.meta_line("tags") if card else None)
        if ref.own:
            how = {"citation": "its citation entry", "label": "a line that names it",
                   "hub tag": "the Hub's arxiv: tag", "title": "a link titled like the model"
                   }.get(ref.how, ref.how)
            found.append(Finding(component, path,
                                 f"presents {ref.ref} as the model's {kind} ({how})", line,
                                 0.8 if ref.report else 0.75, external=True))
        elif references < MAX_REFERENCES:
            references += 1
            title = f" ({ref.title})" if ref.title else ""
            found.append(Finding(PAPER, path,
                                 f"links {ref.ref}{title}: a reference, not presented as the "
                                 "model's own paper", line, 0.3, external=True))
    return found
