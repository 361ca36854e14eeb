"""Licence names in a clause of prose, as the card writes them.

Known names ("Apache 2.0", "CC-BY-NC-4.0", "Llama 3 Community License") are
found by :data:`~mofkit.inspect.licence_text.MENTION`; named licences the
pattern does not know ("the MiniCPM Model License", "[Jamba Open Model
License](...)", ``microsoft-research-license``) by their shape: capitalised
words ending in *License*, *Licence*, *License Agreement* or *Terms of Use*, or
a slug ending in ``-license``. Markdown links, emphasis and inline code are
read as their text. A name the clause calls modified ("a modified version of
the Apache 2.0 license", "Modified MIT License") is written as such: it is not
the licence it modifies.
"""

from __future__ import annotations

import re

from mofkit.inspect.licence_text import MENTION

_LINK = re.compile(r"!?\[([^\[\]]{0,300}(?:\[[^\[\]]{0,100}\][^\[\]]{0,300}){0,3})\]"
                   r"\([^()]{0,500}\)")
MAX_CLAUSE = 2000  # characters of a clause read for licence names
_TAGS = re.compile(r"<[^>]+>|[*`]|(?<!\w)_|_(?!\w)")
_NAMED = re.compile(
    r"(?:(?:[A-Z0-9\[][\w.+\-\[\]]*|&)\s+){1,6}?"
    r"(?:Licen[cs]e(?:\s+Agreement)?|LICEN[CS]E(?:\s+AGREEMENT)?|Terms\s+of\s+Use)\b"
    r"(?:\s+v?\d+(?:\.\d+)*)?"
)
_SLUG = re.compile(r"\b[a-z0-9]+(?:[-.][a-z0-9]+)*-licen[cs]e(?:-[a-z0-9.]+)*\b")
_LEADING = re.compile(r"^(?:(?:The|This|That|These|Our|Its|Their|A|An|See|Under|Same|Any|"
                      r"Follow|Per)\s+)+")
_MODIFIER = re.compile(r"(?:Modified|Customi[sz]ed|Adapted|Amended)\s+", re.I)
_MODIFIED = re.compile(
    r"(?:\bmodified|\bcustomi[sz]ed|\badapted|\baltered|\bamended|\bderived from|"
    r"\bbased on|\bvariant of|\binspired by)\W+(?:version\s+of\s+)?(?:the\s+)?\W*$", re.I,
)


def plain(text: str) -> str:
    """Markdown and HTML read as their text."""
    return re.sub(r"\s+", " ", _TAGS.sub("", _LINK.sub(r"\1", text))).strip()


def clause_licences(clause: str) -> list[str]:
    """The licences a clause names, in order, as written."""
    text = plain(clause[:MAX_CLAUSE])
    spans: list[tuple[int, int, str]] = []
    for match in MENTION.finditer(text):
        spans.append((match.start(), match.end(), match.group(0)))
    for pattern in (_NAMED, _SLUG):
        for match in pattern.finditer(text):
            name = _LEADING.sub("", match.group(0)).strip()
            start, end = match.end() - len(name), match.end()
            if not re.search(r"\w", re.sub(r"(?i)licen[cs]e|agreement|terms|of|use", "", name)):
                continue  # "the License": no name
            inside = [span for span in spans if start <= span[0] and span[1] <= end]
            if any(s < end and start < e for s, e, _ in spans if (s, e, _) not in inside):
                continue  # overlaps a name found otherwise
            for span in inside:  # the full title beats a known name inside it
                spans.remove(span)
            spans.append((start, end, name))
    names = []
    for start, _, name in sorted(spans):
        leading = _MODIFIER.match(name)
        if leading:
            name = f"a modified version of {name[leading.end():]}"
        elif _MODIFIED.search(text[max(0, start - 40):start]):
            name = f"a modified version of {name}"
        if name not in names:
            names.append(name)
    return names


def without_names(clause: str) -> str:
    """The clause with the licence names taken out ("Acme Model License" says
    nothing about which part of the release a clause is about)."""
    text = plain(clause)
    for name in clause_licences(clause):
        text = text.replace(name.removeprefix("a modified version of "), " ")
    return text
