"""SPDX licence expressions: parsing into a small tree and combining verdicts.

Parsing uses the ``license-expression`` library with a ``Licensing`` built from
the catalog's ids (imported and built lazily: it costs tens of milliseconds and
most releases never write an expression). Every licence in the expression must
resolve by the single-licence rules of :mod:`mofkit.licenses.keys` (or be a
custom ``LicenseRef-`` id, a licence of the release's own), and
every ``WITH`` must pair a licence with an exception, or the whole expression
is unresolved.

Verdicts combine as the brief of the MOF and OSAID checks needs them: for OR the
most open alternative counts (the recipient may choose it); for AND every part
must be open, so the worst part decides; ``X WITH exception`` is judged as X.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Literal, TypeVar

_OPERATOR = re.compile(r"\s(?:and|or|with)\s|[()]", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Leaf:
    """One licence, possibly ``WITH`` an exception (canonical ids)."""

    licence: str
    exception: str | None = None

    def render(self) -> str:
        return f"{self.licence} WITH {self.exception}" if self.exception else self.licence


@dataclass(frozen=True, slots=True)
class Op:
    """``AND`` or ``OR`` over two or more parts."""

    op: Literal["AND", "OR"]
    parts: tuple[Node, ...]

    def render(self) -> str:
        return f" {self.op} ".join(
            f"({p.render()})" if isinstance(p, Op) else p.render() for p in self.parts
        )


Node = Leaf | Op


def looks_like_expression(text: str) -> bool:
    """Whether the string has an expression operator or parentheses."""
    return bool(_OPERATOR.search(f" {text} "))


@functools.cache
def _licensing() -> Any:
    from license_expression import LicenseSymbol, Licensing

    from mofkit.licenses.catalog import catalog

    cat = catalog()
    symbols = [
        LicenseSymbol(cat.info(i).id, is_exception=cat.info(i).is_exception)
        for i in range(len(cat))
    ]
    return Licensing(symbols)


def _resolve(key: str) -> tuple[str, bool] | None:
    from mofkit.licenses.catalog import lookup
    from mofkit.licenses.keys import resolve_single

    found = resolve_single(key)
    if found is None:
        from mofkit.licenses.named import is_custom_ref

        # a LicenseRef- id of the release's own: a custom licence, judged as such
        return (key, False) if is_custom_ref(key) else None
    info = lookup(found[0])
    return (found[0], bool(info and info.is_exception))


@functools.lru_cache(maxsize=4096)
def parse(text: str) -> Node | None:
    """Parse an SPDX expression into canonical ids; None if any part fails."""
    from license_expression import LicenseSymbol, LicenseWithExceptionSymbol

    licensing = _licensing()
    try:
        tree = licensing.parse(text, validate=False)
    except Exception:  # the library raises several error types for bad input
        return None
    if tree is None:
        return None

    def convert(node: Any) -> Node | None:
        if isinstance(node, LicenseWithExceptionSymbol):
            licence = _resolve(str(node.license_symbol.key))
            exception = _resolve(str(node.exception_symbol.key))
            if licence is None or exception is None or licence[1] or not exception[1]:
                return None
            return Leaf(licence[0], exception[0])
        if isinstance(node, LicenseSymbol):
            licence = _resolve(str(node.key))
            if licence is None or licence[1]:
                return None
            return Leaf(licence[0])
        if isinstance(node, licensing.AND | licensing.OR):
            parts = [convert(arg) for arg in node.args]
            if any(p is None for p in parts) or len(parts) < 2:
                return None
            op: Literal["AND", "OR"] = "AND" if isinstance(node, licensing.AND) else "OR"
            return Op(op, tuple(p for p in parts if p is not None))
        return None

    return convert(tree)


T = TypeVar("T")


def combine(
    node: Node,
    leaf: Callable[[Leaf], T],
    any_of: Callable[[Sequence[T]], T],
    all_of: Callable[[Sequence[T]], T],
) -> T:
    """Fold a tree: ``leaf`` judges one licence, ``any_of`` an OR, ``all_of`` an AND."""
    if isinstance(node, Leaf):
        return leaf(node)
    results = [combine(p, leaf, any_of, all_of) for p in node.parts]
    return any_of(results) if node.op == "OR" else all_of(results)
