"""``mof-policy.yml``: what a codebase may use, as code (see docs/audit.md).

``load_policy(path)`` reads and validates the file (``policy_schema``) and
raises :class:`mofkit.errors.InputError` (exit status 2) with one line naming
the file, the line and the key. Model patterns are shell-style globs
(``org/*``), matched without regard to case as the Hub does; licences are
normalised to canonical ids (``apache 2.0`` → ``Apache-2.0``), and a name
mofkit cannot resolve is kept as written and matched as written.
"""

from __future__ import annotations

import datetime as dt
import fnmatch
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from mofkit import yamlsafe
from mofkit.audit.policy_schema import ALIASES, CHECKS, as_date, validate
from mofkit.errors import InputError
from mofkit.rules import load_mof

DEFAULT_NAME = "mof-policy.yml"
_NUMERALS = {**load_mof().numerals(), 0: "none"}  # class number -> as a policy writes it
_CLASSES: dict[str | int, int] = {**{v: k for k, v in _NUMERALS.items()},
                                  **{n: n for n in _NUMERALS if n}}


@dataclass(frozen=True)
class PolicyException:
    model: str  # glob
    reason: str
    expires: dt.date
    checks: tuple[str, ...] = CHECKS
    line: int = 0  # in the policy file

    def matches(self, model: str) -> bool:
        return match_model(self.model, model)

    def active(self, today: dt.date) -> bool:
        """An exception holds up to and including its expiry date."""
        return today <= self.expires

    def to_dict(self) -> dict[str, Any]:
        return {"model": self.model, "checks": list(self.checks), "reason": self.reason,
                "expires": self.expires.isoformat(), "line": self.line}


@dataclass(frozen=True)
class Policy:
    path: str | None = None  # None: no policy file (inventory only)
    min_class: int = 0  # 0: none; else the class number (3 = III, the first)
    osaid_required: bool = False
    allow_kinds: tuple[str, ...] = ()  # empty: any kind not denied
    deny_kinds: tuple[str, ...] = ()
    allow_licences: tuple[str, ...] = ()
    deny_licences: tuple[str, ...] = ()
    allow_models: tuple[str, ...] = ()
    deny_models: tuple[str, ...] = ()
    unresolved: str = "warn"
    not_assessed: str = "fail"
    exceptions: tuple[PolicyException, ...] = ()
    lines: dict[str, int] = field(default_factory=dict, compare=False)  # key path -> line

    @classmethod
    def inventory(cls) -> Policy:
        """No policy file: nothing is a failure, a model that cannot be assessed included."""
        return cls(not_assessed="warn")

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "min_class": _NUMERALS[self.min_class],
            "osaid": "required" if self.osaid_required else "not-required",
            "licence_kinds": {"allow": list(self.allow_kinds), "deny": list(self.deny_kinds)},
            "licences": {"allow": list(self.allow_licences), "deny": list(self.deny_licences)},
            "models": {"allow": list(self.allow_models), "deny": list(self.deny_models)},
            "unresolved": self.unresolved,
            "not_assessed": self.not_assessed,
            "exceptions": [e.to_dict() for e in self.exceptions],
        }

    def line_of(self, key: str) -> int:
        return self.lines.get(key, 1)


def match_model(pattern: str, model: str) -> bool:
    return fnmatch.fnmatchcase(model.lower(), pattern.lower())


def canonical_licence(written: str) -> str:
    from mofkit.licenses.resolver import normalize

    norm = normalize(written)
    return norm.licence or written.strip()


def _lines(text: str) -> dict[str, int]:
    """1-based line of every key path (``exceptions[0].expires``) in the YAML."""
    found: dict[str, int] = {}
    try:
        root = yamlsafe.compose(text, fast=True)
    except yaml.YAMLError:
        return found

    def visit(node: yaml.Node, path: str) -> None:
        found.setdefault(path, node.start_mark.line + 1)
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                name = ALIASES.get(str(key.value), str(key.value))
                child = f"{path}.{name}" if path else name
                found[child] = key.start_mark.line + 1
                visit(value, child)
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                visit(item, f"{path}[{index}]")

    if root is not None:
        visit(root, "")
    return found


def parse_policy(text: str, source: str) -> Policy:
    try:
        data = yamlsafe.load(text)
    except yamlsafe.YAMLLimit as exc:
        raise InputError(f"not read: {exc.problem}", source) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{source}:{mark.line + 1}" if mark is not None else source
        problem = getattr(exc, "problem", None) or "not valid YAML"
        raise InputError(f"not valid YAML ({problem})", where) from None
    if data is None:
        data = {}
    if isinstance(data, dict):
        data = {ALIASES.get(k, k) if isinstance(k, str) else k: v for k, v in data.items()}
    lines = _lines(text)
    problems = validate(data)
    if problems:
        path, message = problems[0]
        line = lines.get(path if path != "the policy" else "", 1)
        more = f" (and {len(problems) - 1} more problem(s))" if len(problems) > 1 else ""
        raise InputError(f"{path}: {message}{more}", f"{source}:{line}")
    kinds = data.get("licence_kinds") or {}
    licences = data.get("licences") or {}
    models = data.get("models") or {}
    exceptions = []
    for index, item in enumerate(data.get("exceptions") or []):
        expires = as_date(item["expires"])
        assert expires is not None  # validated
        exceptions.append(PolicyException(
            model=item["model"].strip(), reason=" ".join(item["reason"].split()),
            expires=expires, checks=tuple(item.get("checks") or CHECKS),
            line=lines.get(f"exceptions[{index}]", 1)))
    return Policy(
        path=source,
        min_class=_CLASSES[data.get("min_class", "none")],
        osaid_required=data.get("osaid") == "required",
        allow_kinds=tuple(kinds.get("allow") or ()),
        deny_kinds=tuple(kinds.get("deny") or ()),
        allow_licences=tuple(canonical_licence(x) for x in licences.get("allow") or ()),
        deny_licences=tuple(canonical_licence(x) for x in licences.get("deny") or ()),
        allow_models=tuple(x.strip() for x in models.get("allow") or ()),
        deny_models=tuple(x.strip() for x in models.get("deny") or ()),
        unresolved=data.get("unresolved", "warn"),
        not_assessed=data.get("not_assessed", "fail"),
        exceptions=tuple(exceptions),
        lines=lines,
    )


def load_policy(path: str | Path) -> Policy:
    source = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError("no such policy file", source) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read the policy: {exc}", source) from None
    return parse_policy(text, source)


def find_policy(root: Path) -> Path | None:
    """``mof-policy.yml`` (or ``.yaml``) at the root of the audited folder, if any."""
    folder = root if root.is_dir() else root.parent
    for name in (DEFAULT_NAME, "mof-policy.yaml"):
        if (folder / name).is_file():
            return folder / name
    return None
