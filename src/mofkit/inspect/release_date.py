"""When the model was released, as its card says: a front matter key
(``release_date``, ``released``…) or a labelled line of the body ("**Model Release
Date** April 18, 2024", "- Release Date: 10/18/2024", a table row "| Release date |
2024-04-18 |").

Only a label at the start of a line counts (after list, bold and table markers): a
licence quoted in the card ("Meta Llama 3 Version Release Date: …" is the licence's
date) and news items ("[2024/01/04] We released …") are not the model's release. The
front matter's prose (gating prompts quoting a licence) is never read, nor licence
sections of the body. A date that is not a real calendar date, or that could be read
two ways (03/04/2024), is not taken: an unknown date is said to be unknown.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from mofkit.inspect.card import ModelCard
from mofkit.release import ReleaseDate

FRONT_MATTER_KEYS = ("release_date", "release-date", "released", "date_released",
                     "release_day")
MONTHS = {name: n for n, names in enumerate(
    [("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"),
     ("may",), ("jun", "june"), ("jul", "july"), ("aug", "august"),
     ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
     ("dec", "december")], start=1) for name in names}
_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_LABEL = re.compile(
    r"^[\s>*_|+-]*(?:(?:model|initial|first|public|official)\s+)?"
    r"(?:release\s+date|date\s+of\s+release|released(?:\s+on)?)"
    r"[\s*_|:：.,-]*(?P<value>.+)$", re.I)
_ISO = re.compile(r"^(?P<y>\d{4})[-/.](?P<m>\d{1,2})(?:[-/.](?P<d>\d{1,2}))?(?![\d])")
_NUMERIC = re.compile(r"^(?P<a>\d{1,2})[/.-](?P<b>\d{1,2})[/.-](?P<y>\d{4})(?![\d])")
_MONTH_FIRST = re.compile(_MONTH + r"\s+(?:(?P<d>\d{1,2})(?:st|nd|rd|th)?,?\s+)?(?P<y>\d{4})\b",
                          re.I)
_DAY_FIRST = re.compile(r"^(?P<d>\d{1,2})(?:st|nd|rd|th)?\s+" + _MONTH + r",?\s+(?P<y>\d{4})\b",
                        re.I)
_LICENCE_SECTION = re.compile(r"licen[cs]e|terms|agreement|acceptable use|citation", re.I)
FIRST_YEAR, LAST_YEAR = 1990, 2100


def _day(y: int, m: int, d: int | None) -> str | None:
    """``YYYY-MM-DD`` (``YYYY-MM`` without a day) when it is a real calendar date."""
    if not FIRST_YEAR <= y <= LAST_YEAR or not 1 <= m <= 12:
        return None
    if d is None:
        return f"{y:04d}-{m:02d}"
    try:
        return dt.date(y, m, d).isoformat()
    except ValueError:
        return None


def parse_date(text: str) -> str | None:
    """The date at the start of ``text`` (after bold markers), or None."""
    value = text.strip().lstrip("*_ ").strip()
    if m := _ISO.match(value):
        return _day(int(m["y"]), int(m["m"]), int(m["d"]) if m["d"] else None)
    if m := _NUMERIC.match(value):
        a, b, y = int(m["a"]), int(m["b"]), int(m["y"])
        if a > 12 >= b:  # day first
            return _day(y, b, a)
        if b > 12 >= a or a == b:  # month first (or the same either way)
            return _day(y, a, b)
        return None  # 03/04/2024: March 4 or 3 April
    if m := _DAY_FIRST.match(value):
        return _day(int(m["y"]), MONTHS[m["month"].lower()], int(m["d"]))
    if (m := _MONTH_FIRST.match(value)) and m.start() == 0:
        return _day(int(m["y"]), MONTHS[m["month"].lower()], int(m["d"]) if m["d"] else None)
    return None


def _front_matter(card: ModelCard) -> ReleaseDate | None:
    for key in FRONT_MATTER_KEYS:
        value: Any = card.metadata.get(key)
        if isinstance(value, dt.datetime):
            value = value.date()
        if isinstance(value, dt.date):
            found: str | None = value.isoformat()
        elif isinstance(value, str | int):
            found = parse_date(str(value))
        else:
            continue
        if found is not None:
            line = card.meta_line(key)
            return ReleaseDate(found, "card", f"{card.path}:{line}" if line else card.path)
    return None


def _excluded_lines(card: ModelCard) -> set[int]:
    out: set[int] = set()
    for section in card.sections:
        if _LICENCE_SECTION.search(section.title):
            out.update(range(section.line, section.line + 1 + len(section.body)))
    return out


def from_card(card: ModelCard | None) -> ReleaseDate | None:
    """The release date the card states, with its file and line; None when it states none."""
    if card is None:
        return None
    found = _front_matter(card)
    if found is not None:
        return found
    skip = _excluded_lines(card)
    for number, line in card.prose_lines():
        if number in skip:
            continue
        m = _LABEL.match(line)
        if m is None:
            continue
        date = parse_date(m["value"])
        if date is not None:
            return ReleaseDate(date, "card", f"{card.path}:{number}")
    return None
