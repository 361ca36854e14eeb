"""The plain-language verdict, worded once for every human format and the site.

Everything here reads the JSON shape of an assessment (``Assessment.to_dict()``,
which is also what the registry stores), so the reports, the leaderboard rows
and the API say exactly the same sentence:

* :func:`verdict_line` - "Class I — Open Science. Not Open Source AI: supporting
  libraries and tools are not released.";
* :func:`licence_name` - "Llama 3.2 Community License Agreement" for
  ``LicenseRef-scancode-llama-3.2-license-2024`` (the id stays in JSON and hover text);
* :func:`restrictions` - one chip per use restriction of a licence, linking to the clause
  at the licence's primary source (or saying it is unverified);
* :func:`provenance` - whether the verdict was read from files at a commit or is what
  a record claims, and :func:`implausible_claims` for claims that cannot be true;
* :func:`legend` - gating, the paper-for-report substitution and every status marker.

Class names come from the rules (``mof-1.0.yml``: ``short``), licence names from the
licence catalog; the words below are presentation only. The registry stores the verdict
line and date label of each model's latest result when it is stored (``models``): a change
to what they say for a stored result needs a migration that re-words them, as 0006 does.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any

from mofkit.assess.model import Attachments
from mofkit.rules.ids import WEIGHTS

# How each component status reads in a report, and what the marker means.
STATUS_WORDS: dict[str, tuple[str, str]] = {
    "open": ("open", "included under an open licence of the kind the MOF asks for"),
    "open-wrong-type": ("open*", "included under an open licence, but not the kind the MOF "
                        "asks for this type (e.g. a code licence on weights); it still counts"),
    "not-open": ("not open", "included, but its licence is not open (or was not recognised)"),
    "unlicensed": ("no licence", "included, but no licence applies to it"),
    "missing": ("missing", "not found in the release"),
}
OSAID_WORDS = {"pass": "passes", "fail": "fails", "unknown": "undecided"}

# Use restrictions worth a chip (catalog obligations -> the chip's words).
RESTRICTION_WORDS: dict[str, str] = {
    "aup": "acceptable-use policy",
    "user-cap": "user cap",
    "naming": "naming rule",
    "no-output-training": "no training other models on outputs",
    "non-commercial": "non-commercial",
}
_PAREN = re.compile(r"\s*\([^)]*\)")


def status_word(status: str | None) -> str:
    return STATUS_WORDS.get(status or "", (status or "unknown", ""))[0]


# --- licences -----------------------------------------------------------------------

@functools.lru_cache(maxsize=4096)
def licence_name(licence: str | None) -> str:
    """A licence id or SPDX expression as people name it; unknown strings unchanged."""
    if not licence:
        return ""
    from mofkit.licenses import lookup

    parts = re.split(r"(\s+(?:AND|OR|WITH)\s+|[()])", licence)
    out = []
    for part in parts:
        token = part.strip()
        if not token or token in ("(", ")") or token in ("AND", "OR", "WITH"):
            out.append({"AND": " and ", "OR": " or ", "WITH": " with "}.get(token, part))
            continue
        info = lookup(token)
        out.append(info.name if info is not None and info.name else token)
    return "".join(out).strip()


@functools.lru_cache(maxsize=4096)
def licence_url(licence: str | None) -> str | None:
    """Where a single licence's text can be read (catalog source), else None."""
    if not licence:
        return None
    from mofkit.licenses import lookup

    info = lookup(licence)
    if info is None:
        return None
    url = getattr(info, "url", None)
    if isinstance(url, str) and url.startswith("https://"):
        return url
    if info.spdx_listed and not info.id.startswith("LicenseRef-"):
        return f"https://spdx.org/licenses/{info.id}.html"
    if info.key and info.source in ("licensedb", "license-expression"):
        return f"https://scancode-licensedb.aboutcode.org/{info.key}.html"
    return None


def component_licence(c: dict[str, Any]) -> str:
    """The licence a component rests on (canonical id, else the string as written)."""
    if c.get("status") == "missing":
        return ""
    if c.get("status") == "unlicensed":
        return ""
    return str(c.get("licence") or c.get("licence_written") or "")


@dataclass(frozen=True)
class Restriction:
    key: str  # catalog obligation
    label: str  # chip text
    licence: str  # the licence id it comes from
    url: str | None  # the clause at its primary source (a text fragment), else the licence
    where: str | None = None  # a file of the release stating it (path:line), when scanned
    source: str | None = None  # the licence's primary source (else where its text is read)
    clause: str | None = None  # the clause's words, quoted from the source
    verified: bool = True  # False: mofkit records no primary source for this fact

    @property
    def text(self) -> str:
        """The chip as shown: its label, and "unverified" when no source backs it."""
        return self.label if self.verified else f"{self.label} (unverified)"

    def to_dict(self) -> dict[str, Any]:
        return {"key": self.key, "label": self.label, "licence": self.licence,
                "url": self.url, "where": self.where, "source": self.source,
                "clause": self.clause, "verified": self.verified}


def text_fragment(url: str, words: str) -> str:
    """``url`` scrolled to and highlighting ``words`` where the browser supports URL text
    fragments (``#:~:text=``; others open the page). The fragment's own separators
    (``-``, ``,``, ``&``) are percent-encoded inside the words."""
    from urllib.parse import quote

    return f"{url.split('#', 1)[0]}#:~:text={quote(words, safe='').replace('-', '%2D')}"


def _clause_link(licence_id: str, key: str) -> tuple[str | None, str | None, str | None, bool]:
    """(link to the clause, the licence's primary source, the clause's words, verified)."""
    from mofkit.licenses import lookup

    info = lookup(licence_id)
    page = licence_url(licence_id)
    if info is None:
        return page, page, None, True
    source = info.sources[0] if info.sources else None
    words = info.clause(key)
    if source and words:
        return text_fragment(source, words), source, words, True
    if source:
        return source, source, None, True
    return page, page, None, info.verified


def _obligations(licence: str) -> list[str]:
    from mofkit.licenses import lookup

    found: list[str] = []
    for token in re.split(r"\s+(?:AND|OR|WITH)\s+|[()]", licence):
        info = lookup(token.strip()) if token.strip() else None
        if info is None:
            continue
        found.extend(info.obligations)
        if info.openness == "non-commercial":
            found.append("non-commercial")
    return found


def restrictions(result: dict[str, Any]) -> list[Restriction]:
    """One chip per use restriction of the licences the release's components carry
    (the weights' first), each once, in the vocabulary's order. Each links to the clause
    that sets it at the licence's primary source (``policy.yml``: ``source`` and
    ``clauses``), with a text fragment where the clause is quoted; a restriction whose
    licence has no recorded source links to the licence's text and is unverified."""
    comps = sorted(_components(result), key=lambda c: c.get("id") != WEIGHTS)
    scan_items = (Attachments.of(result).scan or {}).get("restrictions") or []
    stated = None
    if scan_items:
        first = scan_items[0]
        stated = str(first.get("path") or "") + (f":{first['line']}" if first.get("line")
                                                 else "")
    seen: dict[str, Restriction] = {}
    for c in comps:
        licence = component_licence(c)
        if not licence:
            continue
        for key in _obligations(licence):
            if key in RESTRICTION_WORDS and key not in seen:
                where = stated if key == "aup" else None
                url, source, words, verified = _clause_link(_first_id(licence, key), key)
                seen[key] = Restriction(key, RESTRICTION_WORDS[key], licence, url, where,
                                        source, words, verified)
    if stated and "aup" not in seen:
        seen["aup"] = Restriction("aup", RESTRICTION_WORDS["aup"], "", None, stated)
    order = list(RESTRICTION_WORDS)
    return sorted(seen.values(), key=lambda r: order.index(r.key))


def _first_id(licence: str, key: str) -> str:
    """The single licence of an expression that sets ``key``."""
    tokens = [t.strip() for t in re.split(r"\s+(?:AND|OR|WITH)\s+|[()]", licence) if t.strip()]
    for token in tokens:
        if key in _obligations(token):
            return token
    return tokens[0] if tokens else licence


# --- the verdict line ---------------------------------------------------------------

def _components(result: dict[str, Any]) -> list[dict[str, Any]]:
    return list((result.get("mof") or {}).get("components") or [])


def _by_id(result: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {c.get("id", ""): c for c in _components(result)}


def _noun(name: str) -> tuple[str, bool]:
    """(lower-case noun phrase, plural?) for a component name: "Model parameters
    (Final)" -> ("final model parameters", True)."""
    base = _PAREN.sub("", name).strip() or name
    phrase = base[0].lower() + base[1:] if base else base
    qualifier = _PAREN.search(name)
    if qualifier and phrase.endswith("parameters"):
        phrase = f"{qualifier.group(0).strip(' ()').lower()} {phrase}"
    words = phrase.split()
    last = words[-1] if words else phrase
    return phrase, (last.endswith("s") and not last.endswith("ss")) or " and " in phrase


def _predicate(c: dict[str, Any]) -> str:
    """What is wrong with one component, as a predicate shared by components alike."""
    status = c.get("status")
    if status == "missing":
        return "{are} not released"
    if status == "unlicensed":
        return "{have} no licence"
    licence = component_licence(c)
    kind = (c.get("verdict") or {}).get("kind")
    if kind == "unknown":
        return f"{{have}} a licence mofkit does not recognise (“{licence}”)"
    name = licence_name(licence) or "their licence"
    if kind in ("restrictive", "non-commercial", "proprietary"):
        return f"{{are}} under the {name} ({kind.replace('-', ' ')})"
    return f"{{are}} under the {name}, not open terms"


def shortfall(c: dict[str, Any]) -> str:
    """Why one component holds a verdict back, in a few words."""
    noun, plural = _noun(str(c.get("name") or c.get("id") or "a component"))
    return f"{noun} {_verb(_predicate(c), plural)}"


def _verb(predicate: str, plural: bool) -> str:
    return predicate.format(are="are" if plural else "is", have="have" if plural else "has")


def _why(comps: list[dict[str, Any]], limit: int = 2) -> str:
    """The shortfalls of ``comps``, alike ones grouped: "training code and datasets are
    not released; model card has no licence"; at most ``limit`` components named."""
    groups: dict[str, list[str]] = {}
    for c in comps:
        groups.setdefault(_predicate(c), []).append(
            _noun(str(c.get("name") or c.get("id") or "a component"))[0])
    parts, named, total = [], 0, sum(len(v) for v in groups.values())
    for predicate, nouns in groups.items():
        take = nouns[:max(0, limit - named)]
        if not take:
            break
        named += len(take)
        subject = take[0] if len(take) == 1 else ", ".join(take[:-1]) + " and " + take[-1]
        parts.append(f"{subject} {_verb(predicate, len(take) > 1 or _noun(take[0])[1])}")
    more = total - named
    return "; ".join(parts) + (f" (and {more} more)" if more > 0 else "")


def _ordered(result: dict[str, Any], ids: list[str]) -> list[dict[str, Any]]:
    """The components ``ids`` names, the weights first, then in the rules' order."""
    by_id = _by_id(result)
    wanted = [by_id[c] for c in dict.fromkeys(ids) if c in by_id]
    return sorted(wanted, key=lambda c: c.get("id") != WEIGHTS)


def _mof_blockers(result: dict[str, Any]) -> list[dict[str, Any]]:
    mof = result.get("mof") or {}
    if int(mof.get("class") or 0):
        return []
    lowest = next((c for c in mof.get("classes") or [] if c.get("class") == 3), None) or {}
    return _ordered(result, [*lowest.get("not_open", []), *lowest.get("unlicensed", []),
                             *lowest.get("missing", [])])


def mof_phrase(result: dict[str, Any]) -> str:
    """e.g. "Class I — Open Science." or "Unclassified: data card is not released." """
    from mofkit.rules import load_mof

    mof = result.get("mof") or {}
    number = int(mof.get("class") or 0)
    rules = load_mof()
    if number:
        found = next((c for c in rules.classes if c.number == number), None)
        if found is not None:
            return f"Class {found.numeral} — {found.short}."
        return f"Class {number}."
    blockers = _mof_blockers(result)
    if not blockers:
        return f"{rules.unclassified_label} under the MOF."
    return f"{rules.unclassified_label} under the MOF: {_why(blockers)}."


def osaid_phrase(result: dict[str, Any]) -> str:
    """e.g. "Open Source AI (OSAID 1.0)." or "Not Open Source AI: <why>." """
    osaid = result.get("osaid") or {}
    verdict = osaid.get("verdict")
    if verdict == "pass":
        return "Open Source AI (OSAID 1.0)."
    ids: list[str] = []
    reasons: list[str] = []
    for el in (osaid.get("elements") or {}).values():
        if el.get("verdict") != verdict:
            continue
        states = el.get("components") or {}
        ids.extend(cid for cid, state in states.items() if state == verdict)
        if verdict not in states.values():
            reasons.extend(str(r) for r in (el.get("reasons") or [])[:1])
    lead = "Not Open Source AI" if verdict == "fail" else "Open Source AI undecided"
    # what the MOF part already named (its first two) is not repeated
    named = {c.get("id") for c in _mof_blockers(result)[:2]}
    comps = _ordered(result, ids)
    rest = [c for c in comps if c.get("id") not in named]
    if comps and not rest:
        return f"{lead}, for the same reasons."
    why = _why(rest) if rest else "; ".join(reasons[:1])
    if why and len(rest) < len(comps):
        why = "also " + why
    return f"{lead}: {why}." if why else f"{lead}."


def verdict_line(result: dict[str, Any]) -> str:
    """The one sentence a reader needs: the MOF class and the OSAID verdict, with why."""
    return f"{mof_phrase(result)} {osaid_phrase(result)}"


# --- provenance ---------------------------------------------------------------------

@dataclass(frozen=True)
class Provenance:
    read: bool  # True: read from files; False: as a record claims
    text: str
    revision: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"read_from_files": self.read, "text": self.text, "revision": self.revision}


def _leaf(location: str) -> str:
    """The last part of a local path or URL (pages never show a server's own paths)."""
    text = location.rstrip("/")
    if "://" in text or text.startswith(("hf:", "git@")):
        return text
    return text.replace("\\", "/").rsplit("/", 1)[-1] or text


RECORD_SUFFIXES = (".yml", ".yaml", ".json")


def provenance(result: dict[str, Any], revision: str | None = None) -> Provenance:
    """Where the verdict comes from: files read at a commit, or a record's claims."""
    attached = Attachments.of(result)
    scan = attached.scan or {}
    release = result.get("release") or {}
    rev = revision or release.get("revision")
    roots = scan.get("roots") or []
    if not rev:
        rev = next((r.get("revision") for r in roots if r.get("revision")), None)
    source = str(result.get("source") or "")
    if scan or attached.hub:
        where = next((r.get("location") for r in roots if r.get("location")), None) or source
        text = f"read from files of {_leaf(str(where))}"
        text += f" at commit {str(rev)[:12]}" if rev else " (a working folder, no commit)"
        return Provenance(True, text, rev)
    if source.lower().endswith(RECORD_SUFFIXES):
        return Provenance(False, f"as claimed in the record {_leaf(source)}", rev)
    return Provenance(False, f"as described by {_leaf(source) or 'its source'}, "
                      "not read from files", rev)


UNDISCLOSED = re.compile(r"\b(undisclosed|proprietary|closed|not disclosed|unknown)\b", re.I)


def implausible_claims(result: dict[str, Any]) -> list[str]:
    """Claims of a record that contradict themselves: open weights that the record
    itself calls undisclosed, or that it gives no place to download from."""
    if provenance(result).read:
        return []
    weights = _by_id(result).get(WEIGHTS)
    if not weights or weights.get("status") not in ("open", "open-wrong-type"):
        return []
    release = result.get("release") or {}
    name = licence_name(component_licence(weights))
    hidden = [f"{k} “{release[k]}”" for k in ("version", "architecture")
              if isinstance(release.get(k), str) and UNDISCLOSED.search(release[k])]
    out = []
    if hidden:
        out.append(f"The record says the final parameters are open ({name}) but gives the "
                   f"{' and '.join(hidden)}: a model whose weights are not published "
                   "cannot have open weights. Not verified.")
    if not (weights.get("component_path") or release.get("repository")
            or release.get("huggingface")):
        out.append(f"The record says the final parameters are open ({name}) but names no "
                   "place to download them (no component path, repository or Hugging Face "
                   "id). Not verified.")
    return out


# --- dates --------------------------------------------------------------------------

# Where a release date was read, as a reader is told (Release.RELEASE_DATE_SOURCES).
RELEASE_DATE_FROM = {
    "card": "stated in the model card",
    "record": "the record's release date",
    "hub": "first published on the Hugging Face Hub",
}


def date_label(result: dict[str, Any]) -> tuple[str, str | None]:
    """What the release's ``date`` is - never a release date: ("record dated", date) for
    a record's own date, ("dated", date) for another source's."""
    date = (result.get("release") or {}).get("date")
    origin = provenance(result)
    return ("record dated" if origin.text.startswith("as claimed") else "dated"), date


def release_date(result: dict[str, Any]) -> dict[str, Any] | None:
    """``{"date", "from", "where"}``: when the model was released, read from the release
    (its card, a record's release-date field, the Hub), or None when unknown."""
    found = (result.get("release") or {}).get("release_date")
    return found if isinstance(found, dict) and found.get("date") else None


def dates_line(result: dict[str, Any]) -> str:
    """e.g. "released 2024-04-18 (stated in the model card)", "release date unknown ·
    record dated 2025-06-01"; empty for a scan that found no date."""
    parts = []
    found = release_date(result)
    if found:
        where = RELEASE_DATE_FROM.get(str(found.get("from")), str(found.get("from") or ""))
        parts.append(f"released {found['date']}" + (f" ({where})" if where else ""))
    word, date = date_label(result)
    if date:
        if not found:
            parts.append("release date unknown")
        parts.append(f"{word} {date}")
    return " · ".join(parts)


# --- the legend ---------------------------------------------------------------------

def legend(result: dict[str, Any]) -> list[str]:
    """Short lines explaining what a report shows: gating, the substitution (when it
    applies), and each status marker that appears."""
    from mofkit.rules import load_mof

    rules = load_mof()
    lines = [
        "Classes build on each other: Class II counts only once Class III is met, and "
        "Class I once Class II is (so a class can show 0% while some of its parts are open).",
    ]
    mof = result.get("mof") or {}
    used = any(c.get("substituted") for c in mof.get("classes") or [])
    for sub in rules.substitutions:
        a, b = rules.by_id[sub.replaces].name, rules.by_id[sub.by].name
        lines.append(f"A {b.lower()} may stand in for a missing or not-open "
                     f"{a.lower()}" + (" (it does here)." if used else "."))
    seen = {c.get("status") for c in _components(result)}
    for status, (word, meaning) in STATUS_WORDS.items():
        if status in seen:
            lines.append(f"{word}: {meaning}.")
    return lines


def evidence_kind(ev: dict[str, Any]) -> str | None:
    kind = ev.get("kind")
    return str(kind).replace("-", " ") if kind else None
