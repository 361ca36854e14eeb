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
"""

from __future__ import annotations

from typing import Any

import yaml

MAX_NODES = 1_000_000  # once aliases are expanded; a MOT record has a few hundred
MAX_DEPTH = 200

_FAST: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


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
    loader = (_FAST if fast else yaml.SafeLoader)(text)
    try:
        return _checked(loader)
    finally:
        loader.dispose()


def load(text: str, fast: bool = False) -> Any:
    """A one-document YAML text as Python values, as ``yaml.safe_load`` gives them."""
    loader = (_FAST if fast else yaml.SafeLoader)(text)
    try:
        node = _checked(loader)
        return None if node is None else loader.construct_document(node)
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
