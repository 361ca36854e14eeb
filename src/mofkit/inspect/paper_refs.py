"""Which paper is the model's own: the one the card presents as such.

A card links many papers: the model's own, and those of its datasets, its
benchmarks, the methods it used (QLoRA, GPTQ), other labs' models. The model's
own paper is the one the card *presents* as its paper:

* a citation entry (BibTeX ``@article{...}``) whose title is like the model's
  name, or the first entry of a citation section when none is;
* a line that labels it ("Paper: ...", "**Technical report**: ...", a link
  whose text is "paper", "arXiv paper", "our report"...);
* the Hub's ``arxiv:`` tags in the card metadata;
* a link whose text is like the model's name.

Such a reference may be an arXiv id, a DOI, or any URL (a journal page, a PDF).
Every other arXiv or DOI link is a reference.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

ARXIV = re.compile(
    r"(?:arxiv\.org/(?:abs|pdf|html)/|arxiv[:\s]\s*|\beprint\s*=\s*[{\"]?|"
    r"huggingface\.co/papers/)(\d{4}\.\d{4,5})(?:v\d+)?", re.I,
)
DOI = re.compile(r"\b(10\.\d{4,9}/[^\s\"'<>)\]}]+)")
_URL = re.compile(r"https?://[^\s\"'<>)\]{}]+")
_NOT_A_PAPER = re.compile(r"/licen[cs]e|model[-_ ]?card|/blob/.*\.md$", re.I)
_DATA_TITLE = re.compile(r"\b(?:data ?sets?|corpus|corpora|benchmarks?)\b", re.I)
# Bounded, and no "[" inside a link's text: a line of ten thousand "[" stays linear.
_MD_LINK = re.compile(r"\[([^\[\]]{0,300})\]\(([^)\s]{1,500})[^)]{0,200}\)")
_HTML_LINK = re.compile(r"<a\s[^<>]{0,500}href=[\"']([^\"'<>]+)[\"'][^<>]{0,300}>(.{0,300}?)</a>",
                        re.I | re.S)
MAX_LINE = 4000  # characters of a line read for links
_PAPER_TEXT = re.compile(
    r"^\W*(?:(?:our|the|read|see|arxiv|full)\s+)*(?:paper|technical[- ]report|tech[- ]report|"
    r"report|preprint|white[- ]?paper|publication|arxiv)s?\W*$", re.I)
_LABEL = re.compile(
    r"(?:^|[\s*_|>(-])(?:research\s+)?(?:paper|technical[- ]report|tech[- ]report|preprint|"
    r"publication)s?\s*(?:\*\*|__)?\s*[:：]", re.I)
_OUR = re.compile(r"\bour\s+(?:\w+\s+){0,2}(?:paper|report|preprint|publication)\b", re.I)
REPORT_WORDS = re.compile(r"technical[-_ ]report|tech[-_ ]report|model[-_ ]report|"
                          r"system[-_ ]card", re.I)
_BIB_START = re.compile(r"@(\w+)\s*\{\s*([^,\s]*)\s*,?")
_BIB_FIELD = re.compile(r"\b(title|eprint|doi|url|journal|booktitle|howpublished)\s*=\s*"
                        r"[{\"]+(.*?)[}\"]+\s*,?\s*$", re.I)
_GENERIC = frozenset({
    "model", "models", "base", "instruct", "chat", "large", "small", "medium", "tiny", "mini",
    "uncased", "cased", "the", "and", "for", "with", "dev", "hf", "gguf", "awq", "gptq", "fp16",
    "bf16", "int4", "int8", "quantized", "language", "text", "llm", "xl", "xxl", "v1", "v2",
})


@dataclass(frozen=True)
class PaperRef:
    """A paper a text links: what (arXiv id, DOI, URL), where, and whether the text
    presents it as the model's own (``how`` says why)."""

    ref: str
    line: int
    own: bool
    how: str  # "citation", "label", "hub tag", "title", "link"
    report: bool = False
    title: str | None = None


def name_tokens(*names: str | None) -> set[str]:
    """The distinctive words of a model's names (``allenai/OLMo-7B`` -> {"olmo"})."""
    tokens: set[str] = set()
    for name in names:
        own = re.split(r"[/+]", name or "")[-1]  # org/name (or org+name): not the org
        for word in re.split(r"[^A-Za-z0-9]+", own.lower()):
            stem = word.rstrip("0123456789") if len(word.rstrip("0123456789")) >= 3 else word
            for token in {word, stem}:
                if (len(token) >= 3 and token not in _GENERIC
                        and not re.fullmatch(r"v?\d+[a-z]?|\d+(?:k|m|b)", token)):
                    tokens.add(token)
    return tokens


def like_name(text: str | None, tokens: set[str]) -> bool:
    return name_score(text, tokens) > 0


def name_score(text: str | None, tokens: set[str]) -> int:
    """How much a title is like the model's name: shared words, more when the title
    starts with one ("Falcon-40B: ..." beats "The RefinedWeb dataset for Falcon")."""
    if not text or not tokens:
        return 0
    words = [word for word in re.split(r"[^a-z0-9]+", text.lower()) if word]
    found = set(words) | {word.rstrip("0123456789") for word in words}
    score = len(found & tokens)
    if score and words and (words[0] in tokens or words[0].rstrip("0123456789") in tokens):
        score += 2
    return score


def _ref_of(text: str) -> str | None:
    match = ARXIV.search(text)
    if match:
        return f"arXiv:{match.group(1)}"
    match = DOI.search(text)
    if match:
        return f"doi:{match.group(1).rstrip('.,;')}"
    match = _URL.search(text)
    return match.group(0).rstrip(".,;") if match else None


def paper_refs(lines: Sequence[str], tokens: set[str], *,
               citation_lines: frozenset[int] = frozenset(),
               hub_tags: Sequence[str] = ()) -> list[PaperRef]:
    """Every paper the text links, own or reference, in order."""
    found: list[PaperRef] = []
    seen: set[str] = set()

    def add(ref: str | None, number: int, own: bool, how: str, context: str,
            title: str | None = None) -> None:
        if not ref or ref in seen:
            return
        seen.add(ref)
        report = bool(REPORT_WORDS.search(context))
        found.append(PaperRef(ref, number, own, how, report, title))

    for tag in hub_tags:
        match = re.fullmatch(r"arxiv:(\d{4}\.\d{4,5})(?:v\d+)?", tag.strip(), re.I)
        if match:
            add(f"arXiv:{match.group(1)}", 1, True, "hub tag", "")
    entries = [entry for entry in _bibtex(lines)
               if not _NOT_A_PAPER.search(entry[1]) or ARXIV.search(entry[1])]
    scores = [0 if _DATA_TITLE.search(entry[2] or "") else name_score(entry[2], tokens)
              for entry in entries]
    best = max(scores, default=0)
    similar = [entry for entry, score in zip(entries, scores, strict=True)
               if best and score == best]
    for position, (number, text, title) in enumerate(entries):
        own = (number, text, title) in similar or (
            not similar and position == 0 and number in citation_lines)
        ref = _ref_of(text) or (f"title: {title}" if title else None)
        add(ref, number, own, "citation" if own else "link", text, title)
    in_bibtex = {n for first, text, _ in entries
                 for n in range(first, first + text.count("\n") + 1)}
    for number, line in enumerate(lines, start=1):
        if number in in_bibtex:
            continue
        line = line[:MAX_LINE]
        links = [(m.group(1), m.group(2)) for m in _MD_LINK.finditer(line)]
        links += [(re.sub(r"<[^>]+>", "", m.group(2)), m.group(1))
                  for m in _HTML_LINK.finditer(line)]
        labelled = bool(_LABEL.search(line) or _OUR.search(line))
        for text, url in links:
            ref = _ref_of(url)
            scholarly = bool(ARXIV.search(url) or DOI.search(url) or url.lower().endswith(".pdf"))
            if ref is None or _NOT_A_PAPER.search(url) or not (
                    scholarly or labelled or _PAPER_TEXT.match(text)):
                continue
            if _PAPER_TEXT.match(text) or (labelled and len(links) == 1):
                add(ref, number, True, "label", line)
            elif scholarly and like_name(text, tokens) and not _DATA_TITLE.search(text):
                add(ref, number, True, "title", line, text)
            else:
                add(ref, number, False, "link", line, text or None)
        bare = ARXIV.finditer(line) if not links else ()
        for match in bare:
            add(f"arXiv:{match.group(1)}", number, labelled, "label" if labelled else "link",
                line)
        if not links:
            for match in DOI.finditer(line):
                if "arxiv" not in match.group(1).lower():
                    add(f"doi:{match.group(1).rstrip('.,;')}", number, labelled,
                        "label" if labelled else "link", line)
    return found


def _bibtex(lines: Sequence[str]) -> list[tuple[int, str, str | None]]:
    """BibTeX entries: (first line, text, title)."""
    entries: list[tuple[int, str, str | None]] = []
    index = 0
    while index < len(lines):
        if not _BIB_START.search(lines[index]):
            index += 1
            continue
        start, depth, body = index, 0, []
        while index < len(lines):
            body.append(lines[index])
            depth += lines[index].count("{") - lines[index].count("}")
            index += 1
            if depth <= 0 and len(body) > 1:
                break
        title = None
        for line in body:
            field = _BIB_FIELD.search(line)
            if field and field.group(1).lower() == "title":
                title = re.sub(r"[{}]", "", field.group(2)).strip()
                break
        entries.append((start + 1, "\n".join(body), title))
    return entries
