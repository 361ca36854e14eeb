"""Technical report and research paper.

Evidence:

* PDFs and documents in the release: a name with "report" (``technical_report
  .pdf``) is a technical report; a name with "paper", or any PDF in a
  ``paper/`` or ``docs/`` folder, is a research paper;
* arXiv ids (``2402.00838``, ``arXiv:2402.00838``, arxiv.org links) and DOIs in
  the model card and other Markdown files: a line that says "technical report"
  makes it the report, otherwise it is the paper. These papers live outside
  the release (``external``): their licence is not stated by the release;
* ``--paper`` references given on the command line.
"""

from __future__ import annotations

import re

from mofkit.inspect.context import ScanContext
from mofkit.inspect.finding import Finding

REPORT = "technical-report"
PAPER = "research-paper"
ARXIV = re.compile(
    r"(?:arxiv\.org/(?:abs|pdf|html)/|arxiv[:\s]\s*|\beprint\s*=\s*[{\"]?)"
    r"(\d{4}\.\d{4,5})(?:v\d+)?", re.I,
)
DOI = re.compile(r"\b(10\.\d{4,9}/[^\s\"'<>)\]}]+)")
_REPORT_WORDS = re.compile(r"technical[-_ ]report|tech[-_ ]report|model[-_ ]report|"
                           r"system[-_ ]card", re.I)
_PAPER_WORDS = re.compile(r"paper|preprint|article|publication", re.I)
_DOC_SUFFIXES = (".pdf", ".tex", ".md", ".html", ".docx")
MAX_DOC_FILES = 200


def inspect(ctx: ScanContext) -> list[Finding]:
    findings: list[Finding] = []
    markdown = []
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


def _references(ctx: ScanContext, path: str) -> list[Finding]:
    found: list[Finding] = []
    seen: set[tuple[str, str]] = set()
    lines = ctx.snapshot.lines(path)
    for number, line in enumerate(lines, start=1):
        refs = [(f"arXiv:{m.group(1)}", m) for m in ARXIV.finditer(line)]
        refs += [(f"doi:{m.group(1).rstrip('.,;')}", m) for m in DOI.finditer(line)
                 if "arxiv" not in m.group(1).lower()]
        for ref, _ in refs:
            context = " ".join(lines[max(0, number - 2): number])
            component = REPORT if _REPORT_WORDS.search(context) else PAPER
            if (component, ref) in seen:
                continue
            seen.add((component, ref))
            kind = "technical report" if component == REPORT else "paper"
            found.append(Finding(component, path, f"links the {kind} {ref}", number,
                                 0.8 if component == REPORT else 0.75, external=True))
    return found
