"""Model ids in configuration files (YAML, JSON, TOML) and in ``models.txt``.

A config value counts when its key names a model:

* *strong* keys hold nothing but a model (``model_id``, ``repo_id``,
  ``base_model``, ``pretrained_model_name_or_path``, ``model_name_or_path``,
  ``_name_or_path``…): a bare id such as ``gpt2`` counts;
* *weak* keys (``model``, ``model_name``, ``models``, ``tokenizer``, and any key
  ending in ``_model``, ``_model_id``, ``_model_name``) often hold other things
  (``model: linear``), so only ``org/name`` counts there.

A ``revision`` key beside the id pins it; a ``repo_type`` other than ``model``
beside it means a dataset or Space (skipped). Values are read with the parsers
(PyYAML for YAML and JSON, ``tomllib``), never guessed from the text; the line
comes from the YAML node, or (TOML, and JSON that PyYAML rejects) from the
first line at or after the previous hit holding the key and the value.

``models.txt``: one id per line, ``org/name[@revision]``; ``#`` starts a comment.
"""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Iterator
from typing import Any

import yaml

from mofkit import yamlsafe
from mofkit.audit.hubids import classify
from mofkit.audit.usage import Usage

STRONG_KEYS = frozenset({
    "model_id", "model_name_or_path", "pretrained_model_name_or_path", "repo_id",
    "base_model", "_name_or_path", "hub_model_id", "hf_model", "hf_model_id", "hf_repo",
    "model_repo", "model_repo_id", "tokenizer_name_or_path", "base_model_name_or_path",
})
WEAK_KEYS = frozenset({"model", "model_name", "models", "tokenizer", "tokenizer_name",
                       "checkpoint", "embedding_model", "embeddings_model", "reranker",
                       "reranker_model"})
WEAK_SUFFIXES = ("_model", "_model_id", "_model_name", "_model_name_or_path", "_models")
CONFIG_TRIGGERS = (b"model", b"repo_id", b"checkpoint", b"reranker", b"tokenizer")
_STR_TAG = "tag:yaml.org,2002:str"


def key_strength(key: str) -> str | None:
    """"strong", "weak" or None (not a model key)."""
    k = key.strip().lower().replace("-", "_")
    if k in STRONG_KEYS:
        return "strong"
    if k in WEAK_KEYS or k.endswith(WEAK_SUFFIXES):
        return "weak"
    return None


def _usage(rel: str, line: int, column: int, key: str, value: str, strength: str,
           revision: str | None) -> Usage | None:
    found = classify(value, bare_ok=strength == "strong")
    if found is None:
        return None
    kind, model, url_revision = found
    return Usage(kind, rel, line, column, f"config key {key!r}", model,
                 revision or url_revision if kind == "hub" else None)


# --- YAML (and JSON through the YAML parser) ---------------------------------------

def _yaml_mappings(node: yaml.Node) -> Iterator[yaml.MappingNode]:
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, yaml.MappingNode):
            yield item
            for key, value in item.value:
                stack.extend((key, value))
        elif isinstance(item, yaml.SequenceNode):
            stack.extend(item.value)


def _scalar(node: yaml.Node) -> str | None:
    if isinstance(node, yaml.ScalarNode) and node.tag == _STR_TAG:
        return str(node.value)
    return None


def from_yaml(text: str, rel: str) -> list[Usage]:
    """Raises ``yaml.YAMLError`` on a broken file, and ``yamlsafe.YAMLLimit`` (one) on
    aliases that loop or explode or on nesting too deep: the walk below never sees them."""
    usages: list[Usage] = []
    for document in yamlsafe.compose_all(text, fast=True):
        for mapping in _yaml_mappings(document):
            keys = {_scalar(k): v for k, v in mapping.value}
            repo_type = _scalar(keys["repo_type"]) if "repo_type" in keys else None
            if repo_type not in (None, "model"):
                continue
            revision = _scalar(keys["revision"]) if "revision" in keys else None
            for key_node, value_node in mapping.value:
                key = _scalar(key_node)
                strength = key_strength(key) if key else None
                if key is None or strength is None:
                    continue
                items = value_node.value if isinstance(value_node, yaml.SequenceNode) \
                    else [value_node]
                for item in items:
                    value = _scalar(item)
                    if value is None:
                        continue
                    mark = item.start_mark
                    found = _usage(rel, mark.line + 1, mark.column + 1, key, value, strength,
                                   revision)
                    if found is not None:
                        usages.append(found)
    return usages


# --- TOML and plain JSON: parsed, then located in the text ----------------------------

def _walk_plain(data: Any) -> Iterator[tuple[str, str, str | None]]:
    """(key, value, revision) for every model key in nested dicts and lists, in
    document order."""
    if isinstance(data, list):
        for item in data:
            yield from _walk_plain(item)
        return
    if not isinstance(data, dict):
        return
    repo_type = data.get("repo_type")
    revision = data.get("revision") if isinstance(data.get("revision"), str) else None
    for key, value in data.items():
        if isinstance(value, dict) or (isinstance(value, list) and not key_strength(key)):
            yield from _walk_plain(value)
            continue
        if repo_type not in (None, "model") or not key_strength(key):
            continue
        for one in value if isinstance(value, list) else [value]:
            if isinstance(one, str):
                yield key, one, revision
            else:
                yield from _walk_plain(one)


def _locate(lines: list[str], key: str, value: str, start: int) -> tuple[int, int]:
    """(line index, column) of the first line at or after ``start`` naming the key and
    holding the value (else the first holding the value, else ``start``)."""
    for first in (start, 0):
        for want_key in (True, False):
            for index in range(first, len(lines)):
                column = lines[index].find(value)
                if column >= 0 and (not want_key or key in lines[index]):
                    return index, column
    return start, 0


def from_plain(data: Any, text: str, rel: str) -> list[Usage]:
    lines = text.splitlines()
    usages: list[Usage] = []
    cursor = 0
    for key, value, revision in _walk_plain(data):
        strength = key_strength(key) or "weak"
        index, column = _locate(lines, key, value, cursor)
        cursor = index + 1
        found = _usage(rel, index + 1, column + 1, key, value, strength, revision)
        if found is not None:
            usages.append(found)
    return usages


def from_config(text: str, rel: str) -> tuple[list[Usage], str | None]:
    """Usages in a config file, and a note when it cannot be parsed."""
    suffix = rel.rsplit(".", 1)[-1].lower()
    try:
        if suffix == "toml":
            return from_plain(tomllib.loads(text), text, rel), None
        if suffix == "json":
            try:
                return from_yaml(text, rel), None
            except yaml.YAMLError:
                return from_plain(json.loads(text), text, rel), None
        return from_yaml(text, rel), None
    except yamlsafe.YAMLLimit as exc:
        return [], f"{rel}: not read, skipped ({exc.problem})"
    except (yaml.YAMLError, ValueError, tomllib.TOMLDecodeError) as exc:
        line = _error_line(exc)
        what = {"toml": "TOML", "json": "JSON"}.get(suffix, "YAML")
        reason = " ".join(str(exc).split())[:160]
        return [], f"{rel}:{line}: not valid {what}, skipped ({reason})"


def _error_line(exc: Exception) -> int:
    mark = getattr(exc, "problem_mark", None)
    if mark is not None:
        return int(mark.line) + 1
    lineno = getattr(exc, "lineno", None)
    if lineno:
        return int(lineno)
    match = re.search(r"line (\d+)", str(exc))
    return int(match.group(1)) if match else 1


# --- models.txt -------------------------------------------------------------------

def from_model_list(text: str, rel: str) -> tuple[list[Usage], list[str]]:
    usages: list[Usage] = []
    notes: list[str] = []
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        model, _, revision = line.partition("@")
        found = classify(model)
        if found is None:
            notes.append(f"{rel}:{number}: {line!r} is not a Hub model id, skipped")
            continue
        kind, name, url_revision = found
        column = raw.find(model.strip()) + 1
        usages.append(Usage(kind, rel, number, column, "models.txt", name,
                            (revision.strip() or url_revision) if kind == "hub" else None))
    return usages, notes
