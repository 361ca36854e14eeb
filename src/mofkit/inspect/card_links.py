"""What a model card points to: the Hub datasets, base models and code repositories
it names, in its metadata or only in its prose.

Metadata keys (``datasets:``, ``base_model:``) are read first. In the body
(outside code blocks) a card names:

* datasets by Hub links (``huggingface.co/datasets/org/name``): training data when
  the line or its section speaks of training ("trained on", "Training Data"),
  otherwise a reference (an evaluation set, a related dataset);
* its base model by a phrase ("fine-tuned from", "a quantized version of",
  "based on") followed by a Hub link or an ``org/name`` id;
* its code by links to a git host (GitHub, GitLab, Codeberg...), taken as the
  release's own code when the line presents it as such ("Code:",
  "Repository", "GitHub" as link text, "training code at ...").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from mofkit.inspect.card import ModelCard

HUB_DATASET = re.compile(r"huggingface\.co/datasets/([\w.-]+/[\w.-]+)")
HUB_MODEL = re.compile(
    r"huggingface\.co/(?!(?:datasets|spaces|docs?|blog|papers|collections|models|production|"
    r"front|api|join|settings|tasks|learn|organizations|chat|new)[/?])([\w.-]+/[\w.-]+)")
GIT_REPO = re.compile(
    r"https?://(?:www\.)?(github\.com|gitlab\.com|codeberg\.org|bitbucket\.org)/"
    r"([\w.-]+)/([\w.-]+?)(?:\.git)?(?=[/#?)\]\s\"'>]|$)")
_ANY_GIT = re.compile(r"^(?:https?|git|ssh)://[\w.@:-]+/\S+$")
_BASE_PHRASE = re.compile(
    r"(?:fine[- ]?tuned|finetuned|quanti[sz]ed|distilled|continued[- ]pre[- ]?training|"
    r"further (?:pre-?)?trained|adapted|derived|merged)\s+(?:version\s+)?(?:of|from|on top of)"
    r"|(?:a|the) (?:fine[- ]?tuned|finetuned|quanti[sz]ed|distilled) version of"
    r"|(?:is |are )?based on", re.I)
_ORG_NAME = re.compile(r"^\W*(?:the\s+)?(?:model\s+)?`?\[?`?([A-Za-z0-9][\w.-]*/[\w.-]*\w)")
_TRAINING = re.compile(r"\btrain(?:ed|ing)?\b|\bpre-?train|\bfine-?tun|\bSFT\b|\bDPO\b|"
                       r"\binstruction[- ]tun", re.I)
# A line that presents a link as the release's own code: a label ("Code:",
# "Repository:"), "our/official code", or a link whose text is only "code", "GitHub"...
_CODE_LABEL = re.compile(
    r"^\W*(?:(?:source |training |official )?code|repository|repo|github|gitlab|source)"
    r"(?:\*\*|__)?\s*[:：]|\b(?:our|official)\s+(?:\w+\s+)?(?:code|repository|repo|"
    r"implementation|codebase)\b|\bcode (?:is |are )?(?:available|released|open-sourced)\b",
    re.I)
_CODE_TEXT = re.compile(r"^\W*(?:(?:source|training|official)\s+)?(?:code|github|gitlab|repo|"
                        r"repository|codebase)\W*$", re.I)
_OTHERS = re.compile(r"\b(?:same|their|his|her|its|third[- ]party|external|upstream)\b\W*"
                     r"(?:\w+\W+)?$", re.I)
_MD_LINK = re.compile(r"\[([^\[\]]{0,300})\]\(([^)\s]{1,500})[^)]{0,200}\)")
_NOT_OWN = re.compile(r"\bllama\.cpp\b|\bollama\b|\bvllm\b|\bfork", re.I)
_EMPTY_REPO_NAMES = frozenset({"issues", "pulls", "blob", "tree", "releases"})


@dataclass(frozen=True)
class Named:
    """Something the card names: a Hub id or a URL, its line, and how it is named."""

    name: str
    line: int | None
    how: str  # "metadata" | "link" | "phrase"
    training: bool = True  # datasets: presented as training data


def _names(value: object) -> list[str]:
    if isinstance(value, str):
        return [value.strip()] if value.strip() else []
    if isinstance(value, list):
        return [str(item).strip() for item in value if str(item).strip()]
    return []


def datasets(card: ModelCard) -> list[Named]:
    """Datasets the card names: every ``datasets:`` entry, then Hub dataset links."""
    found = [Named(name, card.meta_line("datasets"), "metadata")
             for name in _names(card.metadata.get("datasets"))]
    seen = {item.name.lower() for item in found}
    training_lines = _training_section_lines(card)
    previous = ""
    for number, line in card.prose_lines():
        sentence = f"{previous} {line}"  # a sentence may wrap onto this line
        previous = line if line.strip() else ""
        for match in HUB_DATASET.finditer(line):
            name = match.group(1).rstrip(".")
            if name.lower() in seen:
                continue
            seen.add(name.lower())
            training = number in training_lines or bool(_TRAINING.search(sentence))
            found.append(Named(name, number, "link", training))
    return found


def base_models(card: ModelCard) -> list[Named]:
    """Base models: ``base_model:``, else the model a prose phrase says this one
    derives from ("fine-tuned from [X](https://huggingface.co/org/x)")."""
    meta = [Named(name, card.meta_line("base_model"), "metadata")
            for name in _names(card.metadata.get("base_model"))]
    if meta:
        return meta
    found: list[Named] = []
    for number, line in card.prose_lines():
        for phrase in _BASE_PHRASE.finditer(line):
            rest = line[phrase.end():]
            link = HUB_MODEL.search(rest[:200])
            plain = _ORG_NAME.match(rest)
            name = link.group(1) if link else plain.group(1) if plain else None
            if name and name.count("/") == 1 and name not in (f.name for f in found):
                found.append(Named(name.rstrip("."), number, "phrase"))
                break
    return found


def code_repositories(card: ModelCard) -> list[Named]:
    """Git repositories the card presents as its code (metadata ``repository``/
    ``code`` keys, or links on lines that speak of code)."""
    found: list[Named] = []
    for key in ("repository", "code", "github", "repo"):
        for value in _names(card.metadata.get(key)):
            if _ANY_GIT.match(value):  # declared: any git URL, not only known hosts
                found.append(Named(value.rstrip("/"), card.meta_line(key), "metadata"))
                continue
            match = GIT_REPO.search(value if "://" in value else f"https://{value}")
            if match:
                found.append(Named(_repo_url(match), card.meta_line(key), "metadata"))
    for number, line in card.prose_lines():
        if _NOT_OWN.search(line):
            continue
        labelled = bool(_CODE_LABEL.search(line))
        texts = {m.group(2): (m.group(1), line[max(0, m.start() - 30):m.start()])
                 for m in _MD_LINK.finditer(line)}
        for match in GIT_REPO.finditer(line):
            text, before = next((t for u, t in texts.items() if match.group(0) in u),
                                (None, ""))
            own_text = (text is not None and _CODE_TEXT.match(text)
                        and not _OTHERS.search(before))  # "the same [code](...)": theirs
            if match.group(3).lower() in _EMPTY_REPO_NAMES or not (labelled or own_text):
                continue
            url = _repo_url(match)
            if url not in (item.name for item in found):
                found.append(Named(url, number, "link"))
    return found


def _repo_url(match: re.Match[str]) -> str:
    return f"https://{match.group(1)}/{match.group(2)}/{match.group(3)}"


def _training_section_lines(card: ModelCard) -> set[int]:
    lines: set[int] = set()
    for section in card.find_sections(r"train|dataset|data\b|fine-?tun"):
        if re.search(r"eval|benchmark|result", section.title, re.I):
            continue
        lines.update(range(section.line + 1, section.line + 1 + len(section.body)))
    return lines
