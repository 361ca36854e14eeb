"""The shape of ``mof-policy.yml``, as a small JSON-schema-like dict, and a
validator that says in one line what is wrong and where
(``exceptions[1].expires: expected a date (YYYY-MM-DD), got 'soon'``).

Supported keywords: ``type`` (object, array, string, integer, boolean, date),
``enum``, ``properties``, ``required``, ``additionalProperties: false``,
``items``, ``minLength``, ``minItems``. Kept in-house (not ``jsonschema``) so
the errors read as sentences and YAML dates are a type.
"""

from __future__ import annotations

import datetime as dt
from difflib import get_close_matches
from typing import Any

from mofkit.rules import load_mof

_CLASSES = load_mof().numerals()  # 3: "III" ... 1: "I"

LICENCE_KINDS = ("open", "restrictive", "non-commercial", "proprietary", "unlicensed",
                 "unknown")
CHECKS = ("model-denied", "min-class", "osaid", "licence-kind", "licence-denied",
          "not-assessed")
_STRINGS = {"type": "array", "items": {"type": "string", "minLength": 1}}
_KINDS = {"type": "array", "items": {"type": "string", "enum": list(LICENCE_KINDS)}}


def _lists(items: dict[str, Any]) -> dict[str, Any]:
    return {"type": "object", "additionalProperties": False,
            "properties": {"allow": items, "deny": items}}


SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "policy": {"type": "integer", "enum": [1]},
        "min_class": {"enum": [*reversed(_CLASSES.values()), "none", *reversed(_CLASSES)]},
        "osaid": {"type": "string", "enum": ["required", "not-required"]},
        "licence_kinds": _lists(_KINDS),
        "licences": _lists(_STRINGS),
        "models": _lists(_STRINGS),
        "unresolved": {"type": "string", "enum": ["fail", "warn", "ignore"]},
        "not_assessed": {"type": "string", "enum": ["fail", "warn"]},
        "exceptions": {
            "type": "array",
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["model", "reason", "expires"],
                "properties": {
                    "model": {"type": "string", "minLength": 1},
                    "checks": {"type": "array", "minItems": 1,
                               "items": {"type": "string", "enum": list(CHECKS)}},
                    "reason": {"type": "string", "minLength": 1},
                    "expires": {"type": "date"},
                },
            },
        },
    },
}
# US spellings are accepted and mean the same.
ALIASES = {"licenses": "licences", "license_kinds": "licence_kinds"}


def _type_ok(value: Any, kind: str) -> bool:
    if kind == "object":
        return isinstance(value, dict)
    if kind == "array":
        return isinstance(value, list)
    if kind == "string":
        return isinstance(value, str)
    if kind == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    if kind == "boolean":
        return isinstance(value, bool)
    if kind == "date":
        return as_date(value) is not None
    raise ValueError(kind)


def as_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


_NAMES = {"object": "a mapping", "array": "a list", "string": "a string",
          "integer": "a whole number", "boolean": "true or false",
          "date": "a date (YYYY-MM-DD)"}


def _show(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing"
    return repr(value) if not isinstance(value, dt.date) else value.isoformat()


def _join(path: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else key


def validate(value: Any, schema: dict[str, Any] = SCHEMA, path: str = "") -> list[tuple[str, str]]:
    """Every problem as (path, message); empty when valid."""
    where = path or "the policy"
    kind = schema.get("type")
    if kind and not _type_ok(value, kind):
        return [(where, f"expected {_NAMES[kind]}, got {_show(value)}")]
    if "enum" in schema and value not in schema["enum"]:
        choices = ", ".join(str(c) for c in schema["enum"])
        return [(where, f"{_show(value)} is not one of: {choices}")]
    if kind == "string" and len(value.strip()) < schema.get("minLength", 0):
        return [(where, "must not be empty")]
    problems: list[tuple[str, str]] = []
    if kind == "object":
        known = schema.get("properties", {})
        for key in value:
            if key not in known and schema.get("additionalProperties") is False:
                close = get_close_matches(str(key), list(known), n=1)
                hint = f" (did you mean {close[0]!r}?)" if close else ""
                problems.append((_join(path, str(key)), f"unknown key{hint}; expected one "
                                                         f"of: {', '.join(known)}"))
        for key in schema.get("required", []):
            if key not in value:
                problems.append((where, f"missing {key!r}"))
        for key, sub in known.items():
            if key in value:
                problems += validate(value[key], sub, _join(path, key))
    if kind == "array":
        if len(value) < schema.get("minItems", 0):
            problems.append((where, "must not be empty"))
        if "items" in schema:
            for index, item in enumerate(value):
                problems += validate(item, schema["items"], _join(path, index))
    return problems
