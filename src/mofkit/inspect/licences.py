"""Which licence the release states for each component, and where it conflicts.

Statements are collected from what the release says:

* licence files (``LICENSE``, ``LICENCE.md``, ``COPYING``; component-scoped
  ones such as ``LICENSE-CODE``, ``LICENSE-MODEL``, ``DATA_LICENSE``), their
  text identified by :mod:`mofkit.licenses.detect`. A text is *identified*
  when it holds (nearly) all of one licence's words; otherwise it is reported
  as "licence text not identified (closest: X, 69%)" and never names the
  licence: a near match is often a different licence of the same family (a
  point release, a modified version);
* the model card metadata ``license:`` (``other`` + ``license_name``);
* ``SPDX-License-Identifier:`` headers in source files;
* the card's licence statements, clause by clause (licence sections and
  ``License:`` lines anywhere outside code blocks): a clause naming a part
  ("code under Apache-2.0, weights under the Model License") scopes its
  licence to that part (code, weights, data, documents); "a modified version
  of the Apache 2.0 license" is not Apache-2.0;
* acceptable-use policies (``USE_POLICY.md``...), reported as restrictions.

Precedence for a file of the release, most specific first:

1. an SPDX header in the file itself: the author's statement for exactly
   that file;
2. the nearest licence file in the file's folder or a parent folder below the
   root (a ``LICENSE`` in ``code/`` covers everything under ``code/``): the
   legal text placed next to the files it grants;
3. a root licence file scoped to the component's type (``LICENSE-MODEL`` for
   parameters, ``LICENSE-CODE`` for code), when identified;
4. a card licence clause naming the component ("the model weights are
   released under ..."; "this model card is licensed ..." covers the card
   file's documents): the producer scoping a licence to one part;
5. the root licence file, when its text is identified: the licence text is
   the legal grant, while the card's ``license:`` is a tag the Hub requires
   and is often set by template;
6. the card metadata ``license:`` (primary root only: a card describes the
   model repository, not a ``--code`` repository);
7. a general clause of the card;
8. a licence file whose text is not identified: "a licence mofkit does not
   recognise" (``LicenseRef-scancode-unknown``, or the kind of licence the
   text reads as, e.g. a proprietary licence). A scoped one (``LICENSE-MODEL``)
   still keeps a broader licence file from covering its part.

When two statements for the same scope disagree (card metadata vs an
identified root licence file, a file's SPDX header vs its folder's licence,
a known licence in the card's text vs its metadata) a :class:`Conflict` is
reported; the precedence above still decides. A text that is not identified
raises no conflict, except a text that reads as a proprietary licence under
a card that declares an open one. Evidence that points outside the release
(an arXiv paper, a Hub dataset) gets no licence from the release.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from mofkit.inspect.card import ModelCard
from mofkit.inspect.context import ScanContext
from mofkit.inspect.finding import Finding
from mofkit.inspect.kinds import is_code
from mofkit.inspect.licence_text import (
    UNIDENTIFIED,
    canonical,
    is_open,
    known,
    read_text,
    resolved,
    same_licence,
)
from mofkit.inspect.licence_words import clause_licences, without_names
from mofkit.rules import load_mof
from mofkit.rules.ids import DATA_CARD, INTERMEDIATE_WEIGHTS, MODEL_CARD, WEIGHTS
from mofkit.sources.hf.location import HubFile, parse_hf_location, parse_hub_file
from mofkit.sources.hf.snapshot import HubSnapshot
from mofkit.sources.interface import SourceError
from mofkit.sources.snapshot import SnapshotFile

_LICENCE_FILE = re.compile(
    r"^(?:(?P<pre>[a-z]+)[-_.])?(?:licen[cs]e|copying)(?:[-_.](?P<post>[a-z]+))?"
    r"(?:\.(?:txt|md|rst))?$", re.I,
)
_POLICY = re.compile(r"(?:use[-_ ]?policy|acceptable[-_ ]use|responsible[-_ ]use|usage[-_ ]policy)"
                     r".*\.(?:md|txt|pdf|html)$|^aup\.(?:md|txt)$", re.I)
_SPDX = re.compile(r"SPDX-License-Identifier:\s*([^\s*#/]+(?:\s+(?:AND|OR|WITH)\s+[^\s*#/(]+)*)")
HEADER_LINES = 30
HEADER_SCAN_BYTES = 256 << 10

# Words that scope a licence file name or a sentence to components.
_SCOPE_WORDS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\bmodel cards?\b", re.I), MODEL_CARD),
    (re.compile(r"\bdata ?cards?\b|\bdatasheets?\b", re.I), DATA_CARD),
    (re.compile(r"\b(?:weights?|parameters|checkpoints?)\b", re.I), "parameters"),
    (re.compile(r"\b(?:code|source|software|scripts?)\b", re.I), "code"),
    (re.compile(r"\b(?:data|datasets?|corpus)\b", re.I), "data"),
    (re.compile(r"\b(?:docs?|documentation|documents|reports?|papers?)\b", re.I), "document"),
)
# "the model(s)" as a whole (not "model weights", "model card").
_WHOLE_MODEL = re.compile(
    r"\bmodels?\b(?!\s*(?:cards?|weights?|parameters|checkpoints?|files?|outputs?)\b)", re.I)
_FILE_SCOPES = {"model": "parameters", "models": "parameters", "weights": "parameters",
                "code": "code", "source": "code", "data": "data", "dataset": "data",
                "docs": "document", "doc": "document", "documentation": "document"}
PARAMETERS = frozenset({WEIGHTS, INTERMEDIATE_WEIGHTS})


@dataclass(frozen=True)
class Statement:
    """A licence as the release states it, and where."""

    licence: str  # as written (metadata, sentence) or as identified (licence file)
    path: str
    line: int | None
    source: str  # "spdx-header" | "card-sentence" | "licence-file" | "card-metadata" | ...
    scope: str | None = None  # a component id, a type ("code"), "parameters", or None (all)
    license_name: str | None = None
    identified: bool = True  # False: a licence text the engine could not name
    closest: str | None = None  # then: "X, 69%" (the nearest licence text)

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"licence": self.licence, "path": self.path, "line": self.line,
                                "source": self.source}
        if self.scope is not None:
            data["scope"] = self.scope
        if not self.identified:
            data["identified"] = False
            data["closest"] = self.closest
        return data


@dataclass(frozen=True)
class Conflict:
    """Two statements that disagree about the licence of the same files."""

    first: Statement
    second: Statement
    why: str
    components: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"why": self.why, "components": list(self.components),
                "statements": [self.first.to_dict(), self.second.to_dict()]}


@dataclass
class LicenceMap:
    """Every licence statement of a snapshot, ready to resolve components."""

    ctx: ScanContext
    files: dict[str, list[Statement]] = field(default_factory=dict)  # "root:folder" -> stmts
    metadata: Statement | None = None
    sentences: list[Statement] = field(default_factory=list)
    policies: list[Finding] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    _headers: dict[str, Statement | None] = field(default_factory=dict)

    def resolve(self, component: str, finding: Finding) -> Statement | None:
        """The statement that covers a finding's file for ``component``."""
        if finding.licence:
            return Statement(finding.licence, finding.path, finding.line, "finding", component)
        if finding.external:
            return None
        item = self.ctx.snapshot.get(finding.path)
        if item is None:
            # a branch of the Hub repo itself (checkpoints on step branches): covered as
            # a file at the top of the repository is
            if isinstance(self.ctx.snapshot, HubSnapshot) and self.ctx.snapshot.is_ref_path(
                    finding.path):
                return self._resolve_at("", [], component, None)
            return None
        header = self.spdx_header(item)
        if header is not None:
            return header
        return self._resolve_at(item.root, _ancestors(item)[:-1], component, item.path)

    def model_licence(self) -> Statement | None:
        """The licence the release states for its model (the final parameters), as
        a file at the top of the model repository would get it."""
        return self._resolve_at("", [], WEIGHTS, None)

    def scoped(self) -> list[Statement]:
        """Statements the release limits to one part (code, weights, data...)."""
        files = [s for s in self.files.get(":", []) if s.scope is not None]
        return files + [s for s in self.sentences if s.scope is not None]

    def _resolve_at(self, root: str, folders: list[str], component: str,
                    path: str | None) -> Statement | None:
        for folder in folders:
            found = self._pick(self.files.get(f"{root}:{folder}", []), component)
            if found is not None:
                return found
        root_files = self.files.get(f"{root}:", [])
        scoped_file = next((s for s in root_files if s.scope and _covers(s.scope, component)),
                           None)
        if scoped_file is not None and scoped_file.identified:
            return scoped_file
        primary = root == ""
        if primary:
            scoped = [s for s in self.sentences if s.scope is not None and (
                _covers(s.scope, component) or (s.scope == MODEL_CARD and s.path == path
                                                 and _type(component) == "document"))]
            if scoped:
                return scoped[0]
        generic = [s for s in root_files if s.scope is None]
        exact = next((s for s in generic if s.identified), None)
        if scoped_file is None and exact is not None:
            return exact
        if primary and self.metadata is not None:
            return self.metadata
        if primary and scoped_file is None:
            general = next((s for s in self.sentences if s.scope is None), None)
            if general is not None:
                return general
        return scoped_file or next(iter(generic), None)

    def spdx_header(self, item: SnapshotFile) -> Statement | None:
        if item.path in self._headers:
            return self._headers[item.path]
        statement = None
        if is_code(item):
            for number, line in enumerate(self.ctx.snapshot.lines(item)[:HEADER_LINES], start=1):
                match = _SPDX.search(line)
                if match:
                    statement = Statement(match.group(1).strip(), item.path, number,
                                          "spdx-header")
                    break
        self._headers[item.path] = statement
        if statement is not None:
            self._check_header(item, statement)
        return statement

    def _pick(self, statements: list[Statement], component: str) -> Statement | None:
        scoped = next((s for s in statements if s.scope and _covers(s.scope, component)), None)
        return scoped or next((s for s in statements if s.scope is None), None)

    def _check_header(self, item: SnapshotFile, header: Statement) -> None:
        for folder in _ancestors(item):
            statements = [s for s in self.files.get(f"{item.root}:{folder}", [])
                          if s.scope in (None, "code")]
            if statements:
                enclosing = statements[0]
                if canonical(enclosing.licence) != canonical(header.licence) and not any(
                    c.second.source == "spdx-header" and c.first == enclosing
                    and canonical(c.second.licence) == canonical(header.licence)
                    for c in self.conflicts
                ):
                    self.conflicts.append(Conflict(
                        enclosing, header,
                        f"{header.path} declares {header.licence} in its SPDX header but "
                        f"{enclosing.path} covering its folder is {enclosing.licence}",
                    ))
                return


def _ancestors(item: SnapshotFile) -> list[str]:
    """The folders from the file's own up to the root ("")."""
    parts = item.parts[:-1]
    return ["/".join(parts[:n]) for n in range(len(parts), -1, -1)]


def _covers(scope: str | None, component: str) -> bool:
    if scope is None or scope == component:
        return True
    if scope == "parameters":
        return component in PARAMETERS
    if scope in ("code", "data", "document"):
        if scope == "data" and component in PARAMETERS:
            return False
        return _type(component) == scope
    return False


def _type(component: str) -> str:
    return load_mof().by_id[component].type


def _scope_of(text: str) -> str | None:
    for pattern, scope in _SCOPE_WORDS:
        if pattern.search(text):
            return scope
    return None


def clause_scope(clause: str) -> str | None:
    """The one part a clause limits its licence to, or None (the whole release):
    "the code is released under..." is code; "the code and models are..." and
    "the model is licensed under..." are the whole release."""
    if _WHOLE_MODEL.search(clause):
        return None
    scopes = {scope for pattern, scope in _SCOPE_WORDS if pattern.search(clause)}
    if MODEL_CARD in scopes:
        return MODEL_CARD
    if DATA_CARD in scopes:
        return DATA_CARD
    return scopes.pop() if len(scopes) == 1 else None


def build_licence_map(ctx: ScanContext) -> LicenceMap:
    result = LicenceMap(ctx)
    for item in ctx.snapshot.files:
        match = _LICENCE_FILE.match(item.name)
        if match:
            _licence_file(result, item, match)
        elif _POLICY.search(item.name):
            result.policies.append(Finding(
                "acceptable-use-policy", item.path,
                "acceptable-use policy: the licence restricts how the model may be used", None,
                0.9,
            ))
    if ctx.card is not None:
        _card(result, ctx.card)
    _root_conflicts(result)
    for item in ctx.snapshot.files:
        if is_code(item) and item.size <= HEADER_SCAN_BYTES:
            result.spdx_header(item)  # records header/folder conflicts
    return result


def _licence_file(result: LicenceMap, item: SnapshotFile, match: re.Match[str],
                  folder: str | None = None) -> None:
    """A licence file's statement, covering its folder (or ``folder``: the release's root
    for the file a card's ``license_link`` names)."""
    text = result.ctx.snapshot.text(item)
    if text is None:
        result.notes.append(f"{item.path}: licence file not readable as text")
        return
    word = (match.group("pre") or match.group("post") or "").lower()
    scope = _FILE_SCOPES.get(word) or (_scope_of(word) if word else None)
    where = item.parent if folder is None else folder
    _licence_text(result, item.path, text, scope, f"{item.root}:{where}")


def _licence_text(result: LicenceMap, path: str, text: str, scope: str | None,
                  key: str) -> None:
    """The statement of one licence text read at ``path``, covering ``key``
    (``root:folder``)."""
    reading = read_text(text)
    if reading.identified:
        licence = " AND ".join(dict.fromkeys(entry.licence for entry in reading.licences))
        statement = Statement(licence, path, reading.licences[0].start_line,
                              "licence-file", scope)
    else:
        result.notes.append(f"{path}: {reading.describe()}")
        closest = reading.closest
        statement = Statement(
            reading.generic.licence if reading.generic else UNIDENTIFIED, path, None,
            "licence-file", scope, identified=False,
            closest=f"{closest.licence}, {closest.coverage:.0f}%" if closest else None,
        )
    result.files.setdefault(key, []).append(statement)
    if re.search(r"acceptable use|use policy|prohibited uses?", text, re.I):
        result.policies.append(Finding(
            "acceptable-use-policy", path,
            "licence text includes use restrictions (an acceptable-use policy)", None, 0.8,
        ))


def _card(result: LicenceMap, card: ModelCard) -> None:
    meta = card.metadata
    licence = meta.get("license")
    if isinstance(licence, list):
        licence = " AND ".join(map(str, licence))
    if licence:
        name = meta.get("license_name")
        written = str(name) if str(licence).lower() == "other" and name else str(licence)
        if name and str(licence).lower() in ("other", "unknown"):
            # the resolver reads license + license_name together ("other" + "qwen" is the
            # Qwen licence, "other" + "yi-license" the custom licence LicenseRef-yi-license);
            # any other string is judged later by the same resolver as a MOT record's. The
            # name stays as written unless it means more with "other" than alone ("qwen")
            with_name = resolved(str(licence), str(name))
            if with_name and resolved(str(name)) != with_name:
                written = with_name
        result.metadata = Statement(written, card.path, card.meta_line("license"),
                                    "card-metadata", None, str(name) if name else None)
    _licence_link(result, card, meta.get("license_link"))
    for number, clause in clause_lines(card):
        for name in clause_licences(clause):
            result.sentences.append(Statement(
                name, card.path, number, "card-sentence", clause_scope(without_names(clause)),
            ))
    # Scoped sentences first, in card order; general ones after.
    result.sentences.sort(key=lambda s: s.scope is None)


_HEADING = re.compile(r"^\s{0,3}#{1,6}\s")
_LICENCE_LINE = re.compile(r"^\W*licen[cs]e(?:\(s\)|s)?\W*(?::|\*\*|$)", re.I)
_CLAUSE_SPLIT = re.compile(r"(?<=[.;])\s+|[;,]\s+|\s+(?:while|whereas|but)\s+")


def clause_lines(card: ModelCard) -> list[tuple[int, str]]:
    """The card's licence clauses with their lines: every prose line of a licence
    section, and ``License: ...`` lines anywhere (code blocks left out)."""
    in_section: set[int] = set()
    for section in card.find_sections(r"licen[cs]"):
        in_section.update(range(section.line + 1, section.line + 1 + len(section.body)))
    clauses: list[tuple[int, str]] = []
    for number, line in card.prose_lines():
        if _HEADING.match(line):
            continue  # "#### Model License" titles a section, it grants nothing
        if number in in_section or _LICENCE_LINE.match(line):
            clauses.extend((number, clause) for clause in _CLAUSE_SPLIT.split(line)
                           if clause.strip())
    return clauses


def _licence_link(result: LicenceMap, card: ModelCard, link: Any) -> None:
    """The card's ``license_link``: a file of the release (a path, or the release's own
    file on the Hub) is read as a licence file; a file of another Hub repository is read
    through the pipeline's fetcher when links are followed (pinned, cached); a web page
    elsewhere is noted, never fetched."""
    if not isinstance(link, str) or not link.strip():
        return
    target = link.strip()
    on_hub = parse_hub_file(target)
    path = on_hub.path if on_hub is not None else target
    path = path.split("#", 1)[0].split("?", 1)[0].removeprefix("./").lstrip("/")
    item = result.ctx.snapshot.get(path) if "://" not in path else None
    own = _own_hub_repo(result.ctx)
    if on_hub is not None and (
            (own is not None and on_hub.repo_id.lower() != own.lower())
            or (own is None and item is None)):
        _linked_licence(result, card, target, on_hub)
        return
    if item is None and _LICENCE_FILE.match(path) and result.files.get(":"):
        return  # "LICENSE" for the root licence file read already (LICENSE.txt, say)
    if item is None and "://" in target and on_hub is None:
        result.notes.append(f"{card.path}: license_link {target} is a web page outside the "
                            "release and the Hub; mofkit does not fetch web pages, so its text "
                            "was not read")
        return
    if item is None:
        result.notes.append(f"{card.path}: license_link {target} is not a file of the release; "
                            f"its text was not read")
        return
    if _LICENCE_FILE.match(item.name):
        return  # read already, as a licence file
    name_match = _LICENCE_FILE.match("LICENSE")
    assert name_match is not None
    _licence_file(result, item, name_match, folder="")


def _own_hub_repo(ctx: ScanContext) -> str | None:
    """The Hub repo being scanned, if the release is read from the Hub."""
    primary = ctx.snapshot.primary
    if primary.kind != "hf":
        return None
    try:
        return parse_hf_location(primary.location).repo_id
    except SourceError:
        return None


def _linked_licence(result: LicenceMap, card: ModelCard, target: str, on_hub: HubFile) -> None:
    """A ``license_link`` to a file of another Hub repository: its text, fetched by the
    pipeline, covers the release's root as a root licence file would."""
    fetch = result.ctx.fetch_link
    if fetch is None:
        result.notes.append(f"{card.path}: license_link {target} is a file of another Hub "
                            f"repository ({on_hub.repo_id}); links are not followed, so its "
                            "text was not read")
        return
    linked = fetch(target)
    if linked.text is None:
        result.notes.append(f"{card.path}: license_link {target}: not read ({linked.error})")
        return
    _licence_text(result, linked.label, linked.text, None, ":")


def _root_conflicts(result: LicenceMap) -> None:
    meta = result.metadata
    root_files = [s for s in result.files.get(":", []) if s.scope in (None, "parameters")]
    if meta is not None:
        for statement in root_files:
            if statement.identified and not same_licence(meta.licence, statement.licence,
                                                         meta.license_name):
                result.conflicts.append(Conflict(
                    meta, statement,
                    f"card metadata says {meta.licence} but {statement.path} is "
                    f"{statement.licence}",
                ))
            elif not statement.identified and statement.licence != UNIDENTIFIED and is_open(
                meta.licence, meta.license_name
            ):
                result.conflicts.append(Conflict(
                    meta, statement,
                    f"card metadata says {meta.licence}, an open licence, but {statement.path} "
                    f"reads as {statement.licence}",
                ))
    identified = [s for s in root_files if s.identified]
    anchor = meta or (identified[0] if identified else None)
    if anchor is None:
        return
    anchor_key = canonical(anchor.licence, anchor.license_name)
    for sentence in result.sentences:
        # Only a licence mofkit knows can contradict: an unknown name in prose
        # ("the Model License") may well be the declared licence's own title.
        if (sentence.scope is None and known(sentence.licence)
                and canonical(sentence.licence) != anchor_key):
            result.conflicts.append(Conflict(
                anchor, sentence,
                f"the card's licence section names {sentence.licence} but "
                f"{anchor.path} says {anchor.licence}",
            ))
