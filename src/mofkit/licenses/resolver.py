"""Licence normalisation: the one resolver from what a release writes to a licence.

Every path goes through it: MOT records, a card's ``license`` / ``license_name``,
licence names in prose. Each rule looks the string (or its *name key*, see
:func:`mofkit.licenses.keys.name_key`) up in a table compiled into the catalog, so
"Apache 3.0" never becomes Apache-2.0.

Rules, tried in this order (the first that resolves names ``Normalized.rule``):

``exact-id``            a canonical or alternative SPDX id, exact case
``case-insensitive-id`` the same, any case (``apache-2.0``, ``cc-by-sa-4.0``)
``scancode-key``        a ScanCode LicenseDB key (``bsd-new``)
``hf-other+license_name`` Hugging Face ``license: other`` plus a ``license_name``
``hf-id``               a Hugging Face licence id that is not an SPDX id (``llama2``)
``alias``               a curated spelling (``data/policy.yml``: "new BSD", "Gemma Terms of Use")
``name``                a licence name or short name from LicenseDB / SPDX ("MIT License")
``expression``          an SPDX expression whose every licence resolves by these rules
``annotated``           a licence with a note in brackets, the note dropped and kept in
                        ``notes`` ("CC-BY-4.0 (partially disclosed)")
``list``                a list: "Apache-2.0, MIT" (``,`` ``;`` ``&``: every part applies,
                        AND) or "MIT/Apache-2.0" (``/``: a choice, OR)
``fuzzy``               a name with its words in another order or one letter off
``licence-ref``         a ``LicenseRef-`` id mofkit does not know: a custom licence
``custom-name``         a licence name mofkit does not know ("Tencent Hunyuan Community
                        License Agreement", a Hub ``license_name`` such as ``yi-license``):
                        ``LicenseRef-<slug>``, a custom licence not yet reviewed

and the failures ``empty``, ``ambiguous`` (a family such as "BSD"), ``hf-other``
(``other`` without a ``license_name``), ``hf-unknown`` and ``unresolved``.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from mofkit.licenses.keys import name_key, resolve_single

HF_OTHER = frozenset({"other", "unknown"})
# name keys that say "a licence of its own" without naming it ("Other License")
_UNNAMED = frozenset({"other", "custom", "other custom", "custom other", "own"})
_ANNOTATION = re.compile(r"^(?P<head>.*?\S)\s*(?P<note>\([^()]*\)|\[[^\[\]]*\])$")
_AND_LIST = re.compile(r"\s*(?:[,;]|\s&\s)\s*")
_OR_LIST = re.compile(r"\s*/\s*")
_LICENSEREF = "licenseref-"


@dataclass(frozen=True, slots=True)
class Normalized:
    """The result of normalising one licence string.

    ``licence`` is a canonical id or canonical SPDX expression (a custom licence is
    ``LicenseRef-<slug>``), or ``None`` when the string does not resolve; ``rule``
    says which rule resolved it (or why it did not); ``detail`` explains a failure
    (an ambiguous family, a bare ``other``); ``notes`` say what the resolver read
    into the string (a dropped annotation, a list read as AND or OR, a fuzzy match).
    """

    written: str
    licence: str | None
    rule: str
    known: bool
    detail: str | None = None
    notes: tuple[str, ...] = ()


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
    if text.lower() in HF_OTHER or name_key(text) in _UNNAMED:
        return _hf_other(written, "unknown" if text.lower() == "unknown" else "other",
                         license_name)
    return _resolve(written, text)


def _resolve(written: str, text: str) -> Normalized:
    if text.lower().startswith(_LICENSEREF):
        return _licence_ref(written, text)
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
    for attempt in (_annotated, _listed, _fuzzy, _custom):
        result = attempt(written, text)
        if result is not None:
            return result
    return Normalized(written, None, "unresolved", False)


def _licence_ref(written: str, text: str) -> Normalized:
    """A ``LicenseRef-`` id: one mofkit knows, else a custom licence of that id."""
    from mofkit.licenses.catalog import catalog
    from mofkit.licenses.named import is_custom_ref

    cat = catalog()
    position = cat.exact.get(text)
    if position is None:
        position = cat.ci.get(text.lower())
    if position is not None:
        return Normalized(written, cat.info(position).id, "exact-id", True)
    if is_custom_ref(text):
        return Normalized(written, text, "licence-ref", True,
                          notes=(f"{text} is a licence reference mofkit has no entry for",))
    return Normalized(written, None, "unresolved", False,
                      f"{text!r} is not a valid LicenseRef- id (LicenseRef-<letters, digits, "
                      f"'.' or '-'>): it names no licence")


def _annotated(written: str, text: str) -> Normalized | None:
    """"CC-BY-4.0 (partially disclosed)": the licence, with the note kept aside."""
    match = _ANNOTATION.match(text)
    if match is None:
        return None
    inner = _resolve(written, match.group("head"))
    if not inner.known or inner.rule == "custom-name":
        return None
    note = f"the annotation {match.group('note')!r} is not part of the licence and was ignored"
    return Normalized(written, inner.licence, "annotated", True, notes=(note, *inner.notes))


def _listed(written: str, text: str) -> Normalized | None:
    """"Apache-2.0, MIT" (every part applies: AND) or "MIT/Apache-2.0" (a choice: OR)."""
    for splitter, op, how in ((_AND_LIST, "AND", "every licence listed applies"),
                              (_OR_LIST, "OR", "'/' offers a choice of licences")):
        parts = [p for p in splitter.split(text) if p]
        if len(parts) < 2 or "://" in text:
            continue
        resolved = [_resolve(p, p) for p in parts]
        if not all(r.known and r.licence for r in resolved):
            continue
        licences = list(dict.fromkeys(str(r.licence) for r in resolved))
        expression = f" {op} ".join(f"({x})" if " " in x else x for x in licences)
        notes = (f"read {text!r} as {expression}: {how}",
                 *(n for r in resolved for n in r.notes))
        return Normalized(written, expression, "list", True, notes=notes)
    return None


def _fuzzy(written: str, text: str) -> Normalized | None:
    from mofkit.licenses.catalog import catalog
    from mofkit.licenses.named import fuzzy

    position = fuzzy(name_key(text))
    if position is None:
        return None
    licence = catalog().info(position).id
    note = f"read {text!r} as {licence}: the same words in another order or one letter off"
    return Normalized(written, licence, "fuzzy", True, notes=(note,))


def _custom(written: str, text: str, *, is_name: bool = False) -> Normalized | None:
    """A licence name mofkit does not know: a custom licence, ``LicenseRef-<slug>``."""
    from mofkit.licenses.named import custom_id, looks_like_name

    if not (is_name or looks_like_name(text)):
        return None
    licence = custom_id(text)
    note = f"{text!r} is a licence mofkit does not know: a custom licence, id {licence}"
    return Normalized(written, licence, "custom-name", True, notes=(note,))


def _hf_other(written: str, word: str, license_name: str | None) -> Normalized:
    if license_name:
        from mofkit.licenses.catalog import catalog

        position = catalog().hf_names.get(license_name.lower())
        if position is not None:
            licence = catalog().info(position).id
            return Normalized(written, licence, "hf-other+license_name", True)
        inner = _normalize(license_name, None)
        if inner.known:
            return Normalized(written, inner.licence, "hf-other+license_name", True,
                              notes=inner.notes)
        custom = _custom(written, license_name, is_name=True)
        assert custom is not None
        return custom
    if word == "other":
        detail = "no license_name says which licence"
    else:
        detail = "the release marks its licence as unknown"
    rule = "hf-other" if word == "other" else "hf-unknown"
    return Normalized(written, None, rule, False, detail)
