"""One licence string looked up in the catalog's tables: the *name key* licence names
are matched on, and the table rules that resolve a single licence (not an expression)
to its canonical id.

Both the resolver (:mod:`mofkit.licenses.resolver`, every rule) and the expression
parser (:mod:`mofkit.licenses.expression`, each licence of an expression) use them,
so neither imports the other for them.
"""

from __future__ import annotations

import functools
import re

_STOPWORDS = frozenset({"the", "license", "licenses", "version", "international", "v", "only"})
_SUBSTITUTIONS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), replacement)
    for pattern, replacement in (
        (r"licen[cs]e", " license "),
        (r"creative\s*commons", " cc "),
        (r"\battribution\b", " by "),
        (r"\bnon[\s-]?commercial\b", " nc "),
        (r"\bshare[\s-]?alike\b", " sa "),
        (r"\bno[\s-]?deriv(?:ative)?s?\b", " nd "),
        (r"\bor\s+(?:any\s+)?later(?:\s+version)?\b", " or later "),
        (r"(?<![+])\+(?![+])", " or later "),
        (r"([a-z])v(\d)", r"\1 \2"),  # gplv3 -> gpl 3
    )
)
_TOKEN = re.compile(r"\+\+|[a-z]+|\d+(?:\.\d+)*")
_TRAILING_ZERO = re.compile(r"(?:\.0)+$")


def name_key(text: str) -> str:
    """The key licence names are matched on.

    Lower case; "licence" = "license"; "Creative Commons" -> "cc", "Attribution"
    -> "by" (and NC, SA, ND likewise); "+" and "or (any) later (version)" -> "or
    later"; punctuation dropped; "the", "license", "version", "international",
    "only" and a version "v" dropped; "2.0" -> "2". So "The MIT License", "MIT
    license" and "MIT" share the key "mit", and "Creative Commons Attribution
    4.0 International" and "CC-BY-4.0" share "cc by 4".
    """
    s = text.lower()
    for pattern, replacement in _SUBSTITUTIONS:
        s = pattern.sub(replacement, s)
    tokens = []
    for token in _TOKEN.findall(s):
        if token[0].isdigit():
            token = _TRAILING_ZERO.sub("", token)
        elif token in _STOPWORDS:
            continue
        tokens.append(token)
    return " ".join(tokens)


@functools.lru_cache(maxsize=8192)
def resolve_single(text: str) -> tuple[str, str] | None:
    """Resolve one licence (not an expression): ``(canonical id, rule)`` or None."""
    from mofkit.licenses.catalog import catalog

    cat = catalog()
    low = text.lower()
    key = name_key(text)
    for rule, table, probe in (
        ("exact-id", cat.exact, text),
        ("case-insensitive-id", cat.ci, low),
        ("scancode-key", cat.keys, low),
        ("hf-id", cat.hf_ids, low),
        ("alias", cat.aliases, key),
        ("name", cat.names, key),
    ):
        position = table.get(probe)
        if position is not None:
            return cat.info(position).id, rule
    return None
