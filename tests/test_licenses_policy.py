"""Licence policy verdicts per component type, expressions and flags."""

from __future__ import annotations

import pytest

from mofkit.errors import MofError
from mofkit.licenses import Kind, LicenceVerdict, judge


@pytest.mark.parametrize(
    ("written", "ctype", "kind"),
    [
        ("Apache-2.0", "code", Kind.OPEN),
        ("Apache-2.0", "data", Kind.OPEN_WRONG_TYPE),
        ("MIT", "data", Kind.OPEN_WRONG_TYPE),
        ("BSD-3-Clause", "code", Kind.OPEN),  # MOT: no type -> warning; mofkit: a code licence
        ("BSD-3-Clause", "document", Kind.OPEN_WRONG_TYPE),
        ("GPL-3.0-only", "code", Kind.OPEN),
        ("CC-BY-4.0", "document", Kind.OPEN),
        ("CC-BY-4.0", "data", Kind.OPEN),  # MOT: document only; mofkit: open data too
        ("CC-BY-4.0", "code", Kind.OPEN_WRONG_TYPE),
        ("CC-BY-SA-4.0", "data", Kind.OPEN),
        ("CC0-1.0", "data", Kind.OPEN),
        ("CDLA-Permissive-2.0", "data", Kind.OPEN),
        ("CDLA-Permissive-2.0", "code", Kind.OPEN_WRONG_TYPE),
        ("PDDL-1.0", "data", Kind.OPEN),  # MOT: not open ("ODC-PDDL-1.0" typo)
        ("ODbL-1.0", "data", Kind.OPEN),
        ("GFDL-1.3-or-later", "document", Kind.OPEN),
        ("OpenMDW-1.0", "code", Kind.OPEN),
        ("OpenMDW-1.0", "data", Kind.OPEN),
        ("OpenMDW-1.0", "document", Kind.OPEN),
        ("Apache 2.0", "code", Kind.OPEN),  # MOT: invalid (exact strings only)
        ("llama2", "data", Kind.RESTRICTIVE),
        ("llama3.1", "code", Kind.RESTRICTIVE),
        ("Gemma Terms of Use", "data", Kind.RESTRICTIVE),
        ("bigscience-openrail-m", "data", Kind.RESTRICTIVE),
        ("creativeml-openrail-m", "data", Kind.RESTRICTIVE),
        ("OpenRAIL-M", "data", Kind.RESTRICTIVE),
        ("deepseek", "data", Kind.RESTRICTIVE),
        ("C-UDA-1.0", "data", Kind.RESTRICTIVE),
        ("CC-BY-ND-4.0", "document", Kind.RESTRICTIVE),
        ("CC-BY-NC-4.0", "data", Kind.NON_COMMERCIAL),
        ("cc-by-nc-sa-4.0", "document", Kind.NON_COMMERCIAL),
        ("Proprietary", "code", Kind.PROPRIETARY),
        ("All rights reserved", "data", Kind.PROPRIETARY),
        ("apple-ascl", "code", Kind.PROPRIETARY),  # permissive, but not OSI/FSF/open data
        (None, "code", Kind.UNLICENSED),
        ("", "data", Kind.UNLICENSED),
        ("  ", "document", Kind.UNLICENSED),
        ("Apache 3.0", "code", Kind.UNKNOWN),
        ("bsd", "code", Kind.UNKNOWN),
        ("unknown", "data", Kind.UNKNOWN),
        ("Classpath-exception-2.0", "code", Kind.UNKNOWN),  # an exception alone
    ],
)
def test_verdict_kinds(written: str | None, ctype: str, kind: Kind) -> None:
    verdict = judge(written, ctype)  # type: ignore[arg-type]
    assert isinstance(verdict, LicenceVerdict)
    assert verdict.kind is kind
    assert verdict.reason
    assert verdict.written == written
    assert verdict.type_appropriate is (kind is Kind.OPEN)


def test_wrong_type_reason_names_what_the_type_needs() -> None:
    verdict = judge("Apache-2.0", "data")
    assert verdict.reason == (
        "Apache-2.0 is an open source licence; a data component should carry an open data licence"
    )


def test_llama2_reason_names_the_user_cap_and_aup() -> None:
    reason = judge("Llama 2 Community License Agreement", "data").reason
    assert "700 million" in reason and "acceptable use policy" in reason


def test_unknown_echoes_the_string() -> None:
    verdict = judge("Apache 3.0", "code")
    assert "'Apache 3.0'" in verdict.reason
    assert verdict.licence is None and verdict.rule == "unresolved"


def test_hf_other_license_name() -> None:
    assert judge("other", "data", license_name="qwen").kind is Kind.RESTRICTIVE
    assert judge("other", "data", license_name="falcon-180b-tii-license").kind is Kind.RESTRICTIVE
    custom = judge("other", "data", license_name="acme-weights-licence")
    assert custom.kind is Kind.PROPRIETARY and "acme-weights-licence" in custom.reason
    assert judge("other", "data").kind is Kind.PROPRIETARY


@pytest.mark.parametrize(
    ("written", "ctype", "kind", "osi", "open_terms"),
    [
        ("Apache-2.0", "code", Kind.OPEN, True, True),
        ("CC-BY-4.0", "data", Kind.OPEN, False, True),
        ("WTFPL", "code", Kind.OPEN, False, False),  # FSF-libre only: open, not OSI terms
        ("llama2", "data", Kind.RESTRICTIVE, False, False),
        # OR: the most open alternative counts
        ("Apache-2.0 OR MIT", "code", Kind.OPEN, True, True),
        ("Apache-2.0 OR llama2", "code", Kind.OPEN, True, True),
        ("llama2 OR CC-BY-NC-4.0", "data", Kind.RESTRICTIVE, False, False),
        ("CC-BY-4.0 OR MIT", "data", Kind.OPEN, True, True),
        # AND: every part must be open, the worst decides
        ("MIT AND BSD-2-Clause", "code", Kind.OPEN, True, True),
        ("MIT AND CC-BY-NC-4.0", "code", Kind.NON_COMMERCIAL, False, False),
        ("Apache-2.0 AND CC-BY-4.0", "data", Kind.OPEN_WRONG_TYPE, False, True),
        ("Apache-2.0 AND WTFPL", "code", Kind.OPEN, False, False),
        ("MIT AND (llama2 OR Apache-2.0)", "code", Kind.OPEN, True, True),
        # WITH: judged as the licence
        ("GPL-2.0-only WITH Classpath-exception-2.0", "code", Kind.OPEN, True, True),
        ("GPL-2.0-only WITH Classpath-exception-2.0", "data", Kind.OPEN_WRONG_TYPE, True, True),
    ],
)
def test_expressions_and_flags(
    written: str, ctype: str, kind: Kind, osi: bool, open_terms: bool
) -> None:
    verdict = judge(written, ctype)  # type: ignore[arg-type]
    assert (verdict.kind, verdict.osi_approved, verdict.open_terms) == (kind, osi, open_terms)


def test_with_exception_is_noted_in_the_reason() -> None:
    verdict = judge("GPL-2.0-only WITH Classpath-exception-2.0", "code")
    assert "Classpath-exception-2.0" in verdict.reason
    assert verdict.licence == "GPL-2.0-only WITH Classpath-exception-2.0"
    assert verdict.rule == "expression"


def test_and_reason_names_the_weakest_part() -> None:
    verdict = judge("MIT AND CC-BY-NC-4.0", "code")
    assert "CC-BY-NC-4.0" in verdict.reason and "commercial" in verdict.reason


def test_verdict_carries_canonical_licence_and_rule() -> None:
    verdict = judge("GPLv3", "code")
    assert (verdict.licence, verdict.rule) == ("GPL-3.0-only", "name")
    assert verdict.to_dict()["kind"] == "open"


def test_bad_component_type_is_a_mof_error() -> None:
    with pytest.raises(MofError):
        judge("MIT", "weights")  # type: ignore[arg-type]


@pytest.mark.parametrize("junk", ["(((", "AND OR WITH", "\x00\x01", "é" * 500, "MIT" * 1000])
def test_junk_never_raises(junk: str) -> None:
    verdict = judge(junk, "code")
    assert verdict.kind in (Kind.UNKNOWN, Kind.OPEN)


def test_judge_is_cached() -> None:
    assert judge("Apache-2.0", "code") is judge("Apache-2.0", "code")
