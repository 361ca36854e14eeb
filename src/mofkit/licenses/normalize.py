"""Licence normalisation: from what a release writes to a canonical id or expression.

Resolution is exact or it fails: each rule looks the string (or its *name key*,
see :func:`name_key`) up in a table compiled into the catalog. There is no fuzzy
matching, so "Apache 3.0" stays unresolved instead of becoming Apache-2.0.

Rules, tried in this order (the first that resolves names ``Normalized.rule``):

``exact-id``            a canonical or alternative SPDX id, exact case
``case-insensitive-id`` the same, any case (``apache-2.0``, ``cc-by-sa-4.0``)
``scancode-key``        a ScanCode LicenseDB key (``bsd-new``)
``hf-other+license_name`` Hugging Face ``license: other`` plus a ``license_name``
``hf-id``               a Hugging Face licence id that is not an SPDX id (``llama2``)
``alias``               a curated spelling (``data/policy.yml``: "new BSD", "Gemma Terms of Use")
``name``                a licence name or short name from LicenseDB / SPDX ("MIT License")
``expression``          an SPDX expression whose every licence resolves by the rules above

and the failures ``empty``, ``ambiguous`` (a family such as "BSD"), ``hf-other``
(``other`` without a known ``license_name``), ``hf-unknown`` and ``unresolved``.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

HF_OTHER = frozenset({"other", "unknown"})
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


@dataclass(frozen=True, slots=True)
class Normalized:
    """The result of normalising one licence string.

    ``licence`` is a canonical id or canonical SPDX expression, or ``None``
    when the string does not resolve; ``rule`` says which rule resolved it (or
    why it did not); ``detail`` explains a failure (an ambiguous family, an
    unknown Hugging Face ``license_name``).
    """

    written: str
    licence: str | None
    rule: str
    known: bool
    detail: str | None = None


def normalize(text: str, *, license_name: str | None = None) -> Normalized:
    """Resolve a licence string as written (and an HF ``license_name``)."""
    written = text if isinstance(text, str) else str(text)
    name = license_name.strip() if isinstance(license_name, str) else None
    return _normalize(written, name or None)


@functools.lru_cache(maxsize=8192)
def _normalize(written: str, license_name: str | None) -> Normalized:
    text = " ".join(written.split())
    if not text:
        return Normalized(written, None, "empty", False)
    if text.lower() in HF_OTHER:
        return _hf_other(written, text.lower(), license_name)
    found = resolve_single(text)
    if found is not None:
        licence, rule = found
        return Normalized(written, licence, rule, True)
    from mofkit.licenses.catalog import catalog

    family = catalog().ambiguous.get(name_key(text))
    if family is not None:
        return Normalized(written, None, "ambiguous", False, f"{text!r} {family}")
    from mofkit.licenses.expression import looks_like_expression, parse

    if looks_like_expression(text):
        node = parse(text)
        if node is not None:
            return Normalized(written, node.render(), "expression", True)
    return Normalized(written, None, "unresolved", False)


def _hf_other(written: str, word: str, license_name: str | None) -> Normalized:
    if license_name:
        from mofkit.licenses.catalog import catalog

        position = catalog().hf_names.get(license_name.lower())
        if position is not None:
            licence = catalog().info(position).id
            return Normalized(written, licence, "hf-other+license_name", True)
        inner = _normalize(license_name, None)
        if inner.known:
            return Normalized(written, inner.licence, "hf-other+license_name", True)
        detail = f"license_name {license_name!r} is not a licence mofkit knows"
    elif word == "other":
        detail = "no license_name says which licence"
    else:
        detail = "the release marks its licence as unknown"
    rule = "hf-other" if word == "other" else "hf-unknown"
    return Normalized(written, None, rule, False, detail)


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
