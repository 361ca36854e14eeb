"""YAML from files mofkit did not write — model cards' front matter, MOT records,
audit policies: PyYAML's safe loader, with what it lets through bounded. The
pure-Python loader by default (its error marks point at the line at fault, where
the C loader's may point past it); ``fast=True`` takes the C one when present.

PyYAML builds an alias as a shared reference, so a "billion laughs" document is
small in memory but explodes in anything that walks it (JSON output, schema
checks, a scan of a card's metadata), and an anchor that contains itself makes
the walk endless. :func:`load` and :func:`compose` check the node graph before
anything is built: a node that contains itself, more than :data:`MAX_NODES` nodes
once aliases are expanded, or nesting deeper than :data:`MAX_DEPTH` is a
:class:`YAMLLimit`, a :class:`yaml.YAMLError` — callers that already turn a
YAML error into a one-line message name the file the same way for these.

A plain scalar that looks like a date but is not one (``date: 2025-11-33``), or a
number too long for Python to read (more than 4300 digits), is a
:class:`yaml.constructor.ConstructorError` at its line, not a ``ValueError`` from
deep inside the constructor.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import yaml

MAX_NODES = 1_000_000  # once aliases are expanded; a MOT record has a few hundred
MAX_DEPTH = 200
_MAX_INT_BITS = 4000 * 3  # under Python's 4300-digit limit on int <-> str



def _guarded(construct: Any) -> Any:
    """A SafeConstructor scalar constructor whose ValueError names the line."""

    def run(loader: Any, node: yaml.Node) -> Any:
        try:
            value = construct(loader, node)
            if isinstance(value, int) and value.bit_length() > _MAX_INT_BITS:
                raise ValueError("too many digits")  # str() of it would fail later
            return value
        except (ValueError, OverflowError) as exc:
            text = str(node.value)
            shown = text if len(text) <= 40 else f"{text[:37]}..."
            kind = "a date" if node.tag.endswith(":timestamp") else "a number"
            reason = "too many digits" if "digits" in str(exc) else str(exc)
            raise yaml.constructor.ConstructorError(
                None, None, f"{shown!r} is not {kind} ({reason}); quote it if it is text",
                node.start_mark) from None

    return run


def _loader(base: Any) -> Any:
    cls: Any = type(f"Bounded{base.__name__}", (base,), {})
    for tag, method in (("timestamp", "construct_yaml_timestamp"),
                        ("int", "construct_yaml_int"), ("float", "construct_yaml_float")):
        cls.add_constructor(f"tag:yaml.org,2002:{tag}",
                            _guarded(getattr(yaml.constructor.SafeConstructor, method)))
    return cls


_SLOW: Any = _loader(yaml.SafeLoader)
_FAST: Any = _loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader))


class YAMLLimit(yaml.YAMLError):
    """The document is valid YAML, but not one mofkit will read."""

    def __init__(self, problem: str) -> None:
        super().__init__(problem)
        self.problem = problem
        self.problem_mark = None


def _check(root: yaml.Node) -> None:
    sizes: dict[int, tuple[int, int]] = {}  # id(node) -> (nodes, depth) once expanded
    active: set[int] = set()

    def visit(node: yaml.Node, level: int) -> tuple[int, int]:
        key = id(node)
        if key in sizes:
            return sizes[key]
        if key in active:
            raise YAMLLimit("a YAML anchor refers to itself")
        if level > MAX_DEPTH:
            raise YAMLLimit(f"nested more than {MAX_DEPTH} levels deep")
        nodes, depth = 1, 1
        if isinstance(node, (yaml.SequenceNode, yaml.MappingNode)):
            active.add(key)
            children: list[yaml.Node] = (
                [part for pair in node.value for part in pair]
                if isinstance(node, yaml.MappingNode) else list(node.value))
            for child in children:
                count, below = visit(child, level + 1)
                nodes += count
                depth = max(depth, below + 1)
                if nodes > MAX_NODES:
                    raise YAMLLimit(f"too large: more than {MAX_NODES:,} values once its "
                                    "aliases are expanded")
                if depth > MAX_DEPTH:
                    raise YAMLLimit(f"nested more than {MAX_DEPTH} levels deep")
            active.discard(key)
        sizes[key] = (nodes, depth)
        return nodes, depth

    visit(root, 0)


def compose(text: str, fast: bool = False) -> yaml.Node | None:
    """The checked node graph of a one-document YAML text (``None`` if empty)."""
    loader = (_FAST if fast else _SLOW)(text)
    try:
        return _checked(loader)
    finally:
        loader.dispose()


def load(text: str, fast: bool = False) -> Any:
    """A one-document YAML text as Python values, as ``yaml.safe_load`` gives them."""
    loader = (_FAST if fast else _SLOW)(text)
    try:
        node = _checked(loader)
        return None if node is None else loader.construct_document(node)
    finally:
        loader.dispose()


def compose_all(text: str, fast: bool = False) -> Iterator[yaml.Node]:
    """The checked node graph of each document of a YAML text, in order."""
    loader = (_FAST if fast else _SLOW)(text)
    try:
        while loader.check_node():
            try:
                node = loader.get_node()
            except RecursionError:
                raise YAMLLimit("nested too deep") from None
            if node is not None:
                _check(node)
                yield node
    finally:
        loader.dispose()


def _checked(loader: Any) -> yaml.Node | None:
    try:
        node = loader.get_single_node()
    except RecursionError:  # the composer recurses once per level
        raise YAMLLimit("nested too deep") from None
    if node is not None:
        _check(node)
    return node
