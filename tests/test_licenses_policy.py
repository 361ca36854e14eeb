"""Licence policy verdicts per component type, expressions and flags; the curated
facts of policy.yml pinned against the licence texts mofkit ships."""

from __future__ import annotations

import json
import re
from importlib.resources import files

import pytest
import yaml

from mofkit.errors import MofError
from mofkit.licenses import Kind, LicenceVerdict, judge, lookup
from mofkit.licenses.detect import licence_text


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


# --- curated facts pinned against the licence texts mofkit ships --------------------
#
# policy.yml's curated obligations and reasons were checked against the licence texts of
# the ScanCode LicenseDB, which ship in mofkit's detection index (``licence_text``: the
# words in order, lower-cased). Each phrase below is the evidence for one fact, so an
# edit of policy.yml that drifts from the licence text fails here.

NO_CONDITIONS = ""  # an empty obligation list: the phrase shows the grant is unconditional

# licence id -> {obligation: phrase of the licence text that imposes it}
OBLIGATIONS: dict[str, dict[str, str]] = {
    "MIT": {
        "licence-text": "this permission notice shall be included in all copies",
        "attribution": "the above copyright notice and this permission notice shall be included",
    },
    "ISC": {
        "licence-text": "this permission notice appear in all copies",
        "attribution": "provided that the above copyright notice",
    },
    "BSD-2-Clause": {
        "licence-text": "retain the above copyright notice this list of conditions",
        "attribution": "retain the above copyright notice",
    },
    "BSD-3-Clause": {
        "licence-text": "retain the above copyright notice this list of conditions",
        "attribution": "retain the above copyright notice",
    },
    "MIT-0": {NO_CONDITIONS: "without restriction"},
    "0BSD": {NO_CONDITIONS: "for any purpose with or without fee is hereby granted"},
    "Unlicense": {NO_CONDITIONS: "free and unencumbered software released into the public domain"},
    "Apache-2.0": {
        "licence-text": "you must give any other recipients of the work or derivative works a "
                        "copy of this license",
        "state-changes": "prominent notices stating that you changed the files",
        "attribution": "you must retain in the source form of any derivative works that you "
                       "distribute all copyright patent trademark and attribution notices",
        "notice-file": "if the work includes a notice text file",
    },
    "MPL-2.0": {
        "licence-text": "how they can obtain a copy of this license",
        "attribution": "you may not remove or alter the substance of any license notices",
        "source-disclosure": "must also be made available in source code form",
        "share-alike": "including any modifications that you create or to which you contribute "
                       "must be under the terms of this license",
    },
    "LGPL-2.1-only": {
        "licence-text": "distribute a copy of this license along with the library",
        "attribution": "keep intact all the notices that refer to this license",
        "source-disclosure": "complete corresponding machine readable source code",
        "share-alike": "you must cause the whole of the work to be licensed at no charge to "
                       "all third parties under the terms of this license",
        "state-changes": "you must cause the files modified to carry prominent notices",
    },
    "LGPL-3.0-only": {  # the LGPL-3.0 text incorporates GPL-3.0 (see the GPL-3.0 phrases)
        "licence-text": "incorporates the terms and conditions of version 3 of the gnu general "
                        "public license",
        "attribution": "incorporates the terms and conditions of version 3",
        "source-disclosure": "corresponding application code",
        "share-alike": "under terms of your choice",
        "state-changes": "incorporates the terms and conditions of version 3",
    },
    "GPL-1.0-or-later": {
        "licence-text": "give any other recipients of the program a copy of this general public "
                        "license",
        "attribution": "keep intact all the notices",
        "source-disclosure": "complete corresponding machine readable source code",
        "share-alike": "licensed at no charge to all third parties under the terms of this "
                       "general public license",
        "state-changes": "cause the modified files to carry prominent notices stating that you "
                         "changed the files",
    },
    "GPL-2.0-only": {
        "licence-text": "give any other recipients of the program a copy of this license",
        "attribution": "keep intact all the notices that refer to this license",
        "source-disclosure": "complete corresponding machine readable source code",
        "share-alike": "licensed as a whole at no charge to all third parties under the terms "
                       "of this license",
        "state-changes": "prominent notices stating that you changed the files",
    },
    "GPL-3.0-only": {
        "licence-text": "give all recipients a copy of this license",
        "attribution": "keep intact all notices",
        "source-disclosure": "convey the machine readable corresponding source",
        "share-alike": "you must license the entire work as a whole under this license",
        "state-changes": "prominent notices stating that you modified it",
    },
    "GPL-3.0-or-later": {
        "licence-text": "give all recipients a copy of this license",
        "attribution": "keep intact all notices",
        "source-disclosure": "convey the machine readable corresponding source",
        "share-alike": "you must license the entire work as a whole under this license",
        "state-changes": "prominent notices stating that you modified it",
    },
    "AGPL-3.0-only": {
        "licence-text": "give all recipients a copy of this license",
        "attribution": "keep intact all notices",
        "source-disclosure": "convey the machine readable corresponding source",
        "share-alike": "you must license the entire work as a whole under this license",
        "state-changes": "prominent notices stating that you modified it",
        "network-source-disclosure": "interacting with it remotely through a computer network",
    },
    "CC0-1.0": {
        NO_CONDITIONS: "unconditionally waives abandons and surrenders all of affirmer s copyright",
    },
    "PDDL-1.0": {
        NO_CONDITIONS: "dedicates the work to the public domain for the benefit of the public",
    },
    "CC-BY-4.0": {
        "attribution": "identification of the creator s of the licensed material",
        "state-changes": "indicate if you modified the licensed material",
        "licence-text": "include the text of or the uri or hyperlink to this public license",
    },
    "CC-BY-SA-4.0": {
        "attribution": "identification of the creator s of the licensed material",
        "state-changes": "indicate if you modified the licensed material",
        "licence-text": "include the text of or the uri or hyperlink to this public license",
        "share-alike": "the adapter s license you apply must be a creative commons license "
                       "with the same license elements",
    },
    "CDLA-Permissive-2.0": {
        "licence-text": "makes available the text of this agreement with the shared data",
    },
    "CDLA-Permissive-1.0": {
        "licence-text": "the text of this agreement the name of this agreement and or a "
                        "hyperlink",
        "attribution": "you must preserve all credit or attribution to the data provider s",
        "state-changes": "prominent notices that you have changed those files",
    },
    "CDLA-Sharing-1.0": {
        "licence-text": "include the text of this agreement",
        "attribution": "you must preserve all credit or attribution to the data provider s",
        "share-alike": "must be published under this agreement",
        "state-changes": "prominent notices that you have changed those files",
    },
    "ODC-By-1.0": {
        "attribution": "keep intact any copyright or database right notices",
        "licence-text": "include a copy of this license or its uniform resource identifier",
    },
    "ODbL-1.0": {
        "attribution": "keep intact any copyright or database right notices",
        "licence-text": "include a copy of this license or as applicable a license permitted "
                        "under section 4 4 or its uniform resource identifier",
        "share-alike": "share alike",
        "source-disclosure": "a copy in a machine readable form of",
    },
    "C-UDA-1.0": {
        "attribution": "include with any data you redistribute all credit or attribution "
                       "information",
        "pass-through-restrictions": "you bind each recipient to whom you redistribute the data "
                                     "to the terms of the c uda",
    },
    "LicenseRef-scancode-llama-license-2023": {
        "licence-text": "you must provide i a copy of this license",
        "attribution": "ii the following attribution notice llama is licensed under the llama "
                       "license",
        "non-commercial": "solely for your non commercial research purposes",
    },
    "LicenseRef-scancode-llama-2-license-2023": {
        "licence-text": "you shall provide a copy of this agreement to such third party",
        "attribution": "you must retain in all copies of the llama materials that you "
                       "distribute the following attribution notice",
        "notice-file": "within a notice text file distributed as a part of such copies",
        "aup": "adhere to the acceptable use policy for the llama materials",
        "user-cap": "greater than 700 million monthly active users",
        "no-output-training": "any output or results of the llama materials to improve any "
                              "other large language model",
    },
    "LicenseRef-scancode-responsible-ai-source-1.0": {
        "licence-text": "you must include a complete copy of this license with the distribution",
        "aup": "will not be used by you or any third party subject to your control to",
    },
    "LicenseRef-scancode-responsible-ai-source-1.1": {
        "licence-text": "you must include a complete copy of this license with the distribution",
        "aup": "will not be used by you or any third party subject to your control to",
        "pass-through-restrictions": "must be included as an enforceable provision",
    },
}
_RAIL_M = {
    "licence-text": "a copy of this license",
    "attribution": "you must retain all copyright patent trademark and attribution notices",
    "state-changes": "you must cause any modified files to carry prominent notices stating "
                     "that you changed the files",
    "aup": "the restrictions set forth in attachment a are considered use based restrictions",
    "pass-through-restrictions": "use based restrictions as referenced in paragraph 5 must be "
                                 "included as an enforceable provision",
}
OBLIGATIONS["LicenseRef-scancode-bigscience-rail-1.0"] = _RAIL_M
OBLIGATIONS["LicenseRef-scancode-bigscience-open-rail-m"] = _RAIL_M
OBLIGATIONS["LicenseRef-scancode-stable-diffusion-2022-08-22"] = _RAIL_M
OBLIGATIONS["LicenseRef-scancode-bigcode-open-rail-m-v1"] = {
    "licence-text": "give any recipients a copy of this license agreement",
    "attribution": "retain all copyright patent trademark and attribution notices",
    "state-changes": "add explanatory documentation of the same or better quality "
                     "documenting the changes",
    "aup": "you agree not to use it for the specified restricted uses set forth in attachment a",
    "pass-through-restrictions": "includes a paragraph 4 and the restrictions in attachment a",
}

_LLAMA_3X = {
    "licence-text": "provide a copy of this agreement with any such llama materials",
    "attribution": "you must retain in all copies of the llama materials that you "
                   "distribute the following attribution notice",
    "notice-file": "within a notice text file distributed as a part of such copies",
    "aup": "adhere to the acceptable use policy for the llama materials",
    "user-cap": "greater than 700 million monthly active users",
    "naming": "include llama at the beginning of any such ai model name",
    "display-attribution": "prominently display built with llama",
}
for _llama in ("llama-3.1-license-2024", "llama-3.2-license-2024", "llama-3.3-license-2024",
               "llama-4-cla-2025"):
    OBLIGATIONS[f"LicenseRef-scancode-{_llama}"] = _LLAMA_3X
OBLIGATIONS["LicenseRef-scancode-bigscience-open-rail-m2"] = _RAIL_M
_GEMMA = {
    "licence-text": "a copy of this agreement",
    "notice-file": "accompanied by a notice text file",
    "aup": "prohibited use policy",
    "pass-through-restrictions": "include the use restrictions referenced in section 3 2 as an "
                                 "enforceable provision",
}
OBLIGATIONS["LicenseRef-scancode-gemma-tou-2024-04-01"] = _GEMMA
OBLIGATIONS["LicenseRef-scancode-gemma-tou-2025-03-24"] = _GEMMA
OBLIGATIONS.update({
    "LicenseRef-mofkit-llama-3-license-2024": {
        **_LLAMA_3X,
        "naming": "include llama 3 at the beginning of any such ai model name",
        "display-attribution": "prominently display built with meta llama 3",
        "no-output-training": "any output or results of the llama materials to improve any "
                              "other large language model",
    },
    "LicenseRef-scancode-llama-4-license-2025": {"aup": "you agree to this acceptable use policy"},
    "LicenseRef-scancode-gemma-pup-2024-02-21": {"aup": "prohibited use policy"},
    "LicenseRef-scancode-falcon-2-11b-1.0": {
        "licence-text": "a copy of this license",
        "attribution": "attribution notices contained within such notice file",
        "aup": "acceptable use policy",
        "pass-through-restrictions": "must be included as enforceable provisions",
    },
    "LicenseRef-scancode-tongyi-qianwen-2023": {
        "licence-text": "a copy of this agreement",
        "attribution": "the following attribution notices",
        "notice-file": "within a notice text file distributed as a part of such copies",
        "user-cap": "more than 100 million monthly active users",
        "no-output-training": "can not use the materials or any output therefrom to improve any "
                              "other large language model",
    },
    "LicenseRef-scancode-qwen-2024": {
        "licence-text": "a copy of this agreement",
        "attribution": "the following attribution notices",
        "notice-file": "within a notice text file distributed as a part of such copies",
        "user-cap": "more than 100 million monthly active users",
        "display-attribution": "prominently display built with qwen or improved using qwen",
    },
    "LicenseRef-scancode-deepseek-la-1.0": {
        "licence-text": "a copy of this license",
        "aup": "attachment a",
        "pass-through-restrictions": "must be included as an enforceable provision",
    },
    "LicenseRef-scancode-nvidia-open-model-2025-04-28": {
        "licence-text": "a copy of this agreement",
        "attribution": "the following attribution notice",
        "notice-file": "within a notice text file with such copies",
    },
    "LicenseRef-scancode-stability-ai-community-2024": {
        "licence-text": "a copy of this agreement",
        "attribution": "the following attribution notice",
        "notice-file": "within a notice text file distributed as a part of such copies",
        "user-cap": "generate more than usd 1 000 000 in annual revenue",
    },
    "LicenseRef-mofkit-chatglm3-6b-license": {
        "licence-text": "the license notice shall be included in all copies",
        "aup": "for any military or illegal purposes",
    },
    "LicenseRef-mofkit-yayi2-community-license": {
        "licence-text": "以及本协议的副本",
        "attribution": "提供雅意 yayi 2 模型的来源",
    },
    "LicenseRef-scancode-openmdw-1.0": {
        "licence-text": "you shall retain in your distribution 1 a copy of this agreement",
        "attribution": "2 all copyright notices",
    },
})

# licence id -> [(phrase of its `why`, phrase of its licence text that bears it out)]
REASONS: dict[str, list[tuple[str, str]]] = {
    "C-UDA-1.0": [
        ("solely for computational use", "you will use the data solely for computational use"),
        ("bind each recipient to the same terms",
         "you bind each recipient to whom you redistribute the data to the terms of the c uda"),
    ],
    "LicenseRef-scancode-llama-license-2023": [
        ("non-commercial research use only", "solely for your non commercial research purposes"),
    ],
    "LicenseRef-scancode-llama-2-license-2023": [
        ("acceptable use policy", "acceptable use policy"),
        ("700 million monthly-active-user cap", "greater than 700 million monthly active users"),
        ("forbids using outputs to improve other large language models",
         "any output or results of the llama materials to improve any other large language "
         "model"),
    ],
    "LicenseRef-scancode-llama-3.1-license-2024": [
        ("acceptable use policy", "acceptable use policy"),
        ("700 million monthly-active-user cap", "greater than 700 million monthly active users"),
        ("names must begin with \"Llama\"",
         "include llama at the beginning of any such ai model name"),
        ("\"Built with Llama\"", "prominently display built with llama"),
    ],
    "LicenseRef-scancode-responsible-ai-source-1.0": [
        ("behavioural use restrictions", "surveillance"),
    ],
    "LicenseRef-scancode-responsible-ai-source-1.1": [
        ("behavioural use restrictions", "surveillance"),
    ],
}
REASONS.update({
    "LicenseRef-scancode-stability-ai-nc-2023-12-06": [
        ("non-commercial use only", "research or non commercial purposes")],
    "LicenseRef-scancode-flux-1-nc": [
        ("non-commercial use only", "solely for your non commercial purposes")],
    "LicenseRef-mofkit-flux-1-dev-nc-1.1.1": [
        ("non-commercial use only", "solely for your non commercial purposes")],
    "LicenseRef-scancode-exaone-ai-model-1.1-nc": [
        ("non-commercial research use only", "use the model solely for research purposes"),
        ("non-commercial", "commercial use the licensee is expressly prohibited")],
    "LicenseRef-mofkit-deepfloyd-if-license": [
        ("non-commercial research use only", "solely for your non commercial research purposes")],
    "LicenseRef-mofkit-chatglm3-6b-license": [
        ("commercial use needs registration",
         "users who wish to use the models for commercial purposes must register"),
        ("military", "for any military or illegal purposes")],
    "LicenseRef-scancode-llama-4-license-2025": [
        ("withholds the multimodal models' licence from the European Union",
         "are not being granted to you if you are an individual domiciled in or a company with "
         "a principal place of business in the european union")],
    "LicenseRef-scancode-nvidia-open-model-2025-04-28": [
        ("safety guardrails", "circumvent any technical limitation safety guardrail")],
    "LicenseRef-scancode-stability-ai-community-2024": [
        ("USD 1 million annual revenue", "generate more than usd 1 000 000 in annual revenue")],
    "LicenseRef-scancode-qwen-2024": [
        ("100 million monthly active users", "more than 100 million monthly active users"),
        ("\"Built with Qwen\"", "prominently display built with qwen")],
    "LicenseRef-scancode-tongyi-qianwen-2023": [
        ("100 million monthly active users", "more than 100 million monthly active users"),
        ("improve other large language models",
         "output therefrom to improve any other large language model")],
    "LicenseRef-mofkit-llama-3-license-2024": [
        ("names must begin with \"Llama 3\"",
         "include llama 3 at the beginning of any such ai model name"),
        ("improve other large language models",
         "any output or results of the llama materials to improve any other large language "
         "model")],
})
for _gemma in ("gemma-tou-2024-04-01", "gemma-tou-2025-03-24"):
    REASONS[f"LicenseRef-scancode-{_gemma}"] = [
        ("must be passed on to recipients",
         "include the use restrictions referenced in section 3 2 as an enforceable provision"),
        ("restrict use remotely", "google reserves the right to restrict remotely or otherwise"),
    ]
for _rail in ("bigscience-rail-1.0", "bigscience-open-rail-m", "stable-diffusion-2022-08-22",
              "bigscience-open-rail-m2", "bigcode-open-rail-m-v1"):
    REASONS[f"LicenseRef-scancode-{_rail}"] = [
        ("use restrictions (Attachment A)", "attachment a"),
        ("must be passed on to recipients",
         "includes a paragraph 4 and the restrictions in attachment a"
         if _rail.startswith("bigcode") else "must be included as an enforceable provision"),
    ]

# Curated licences whose text mofkit does not ship: policy.yml gives them no source, so
# the catalog compiles them as unverified.
UNVERIFIED = {
    "LicenseRef-mofkit-openrail",
    "LicenseRef-mofkit-openrail-m",
    "LicenseRef-mofkit-falcon-180b-tii-license-1.0",
    "LicenseRef-mofkit-qwen-research-license-2024",
    "LicenseRef-mofkit-apple-amlr",
    "LicenseRef-mofkit-arxiv-nonexclusive-1.0",
    "LicenseRef-mofkit-databricks-open-model",
    "LicenseRef-mofkit-apple-ascl",
    "LicenseRef-mofkit-intel-research",
    "LicenseRef-mofkit-fair-noncommercial-research",
}


def _words(phrase: str) -> str:
    """A phrase as ``licence_text`` holds it: lower-case words, single spaces, each word
    as the index spells it (the index reads "abandons" as "abandon", "licence" as
    "license"), stopwords ("a") left out."""
    from mofkit.licenses.detect.index import get_index
    from mofkit.licenses.detect.tokenize import STOPWORDS

    idx = get_index()
    return " ".join(idx.vocab[idx.word_id[w]] if w in idx.word_id else w
                    for w in re.findall(r"[a-z0-9]+", phrase.lower()) if w not in STOPWORDS)


def _text(licence_id: str) -> str:
    info = lookup(licence_id)
    assert info is not None and info.key, licence_id
    return licence_text(info.key)


def _policy() -> dict:
    return yaml.safe_load((files("mofkit.licenses") / "data" / "policy.yml").read_text("utf-8"))


@pytest.mark.parametrize("licence_id", sorted(OBLIGATIONS))
def test_obligations_are_those_the_licence_text_imposes(licence_id: str) -> None:
    info = lookup(licence_id)
    assert info is not None
    expected = {o for o in OBLIGATIONS[licence_id] if o != NO_CONDITIONS}
    assert set(info.obligations) == expected
    text = _text(licence_id)
    for obligation, phrase in OBLIGATIONS[licence_id].items():
        assert _words(phrase) in text, f"{licence_id} {obligation or 'no conditions'}: {phrase!r}"


@pytest.mark.parametrize("licence_id", sorted(REASONS))
def test_reasons_say_what_the_licence_text_says(licence_id: str) -> None:
    info = lookup(licence_id)
    assert info is not None and info.why
    text = _text(licence_id)
    for said, evidence in REASONS[licence_id]:
        assert said in info.why, f"{licence_id}: policy no longer says {said!r}"
        assert _words(evidence) in text, f"{licence_id}: text lacks {evidence!r}"


def test_llama_3_1_has_no_output_training_clause_unlike_llama_2() -> None:
    clause = _words("to improve any other large language model")
    assert clause in _text("LicenseRef-scancode-llama-2-license-2023")
    assert clause not in _text("LicenseRef-scancode-llama-3.1-license-2024")
    info = lookup("LicenseRef-scancode-llama-3.1-license-2024")
    assert info is not None and "no-output-training" not in info.obligations
    assert "improve other" not in (info.why or "")


def test_c_uda_allows_redistribution() -> None:
    """The C-UDA restricts use to computational use but does allow redistribution (3.1)."""
    assert _words("you may redistribute the data so long as") in _text("C-UDA-1.0")
    info = lookup("C-UDA-1.0")
    assert info is not None and info.openness == "restrictive"
    assert "no other use or redistribution" not in (info.why or "")


@pytest.mark.parametrize(
    ("key", "machine_generated", "impersonation", "malware"),
    [
        ("bigscience-rail-1.0", True, True, False),
        ("bigscience-open-rail-m", True, True, False),
        ("stable-diffusion-2022-08-22", False, False, False),  # CreativeML: 11 restrictions
        ("bigcode-open-rail-m-v1", True, True, True),  # BigCode v1 adds malware (c)
    ],
)
def test_open_rail_versions_differ_in_attachment_a(
    key: str, machine_generated: bool, impersonation: bool, malware: bool
) -> None:
    """Which Open RAIL version has which use restriction, as the comments in policy.yml say."""
    text = licence_text(key)
    restrictions = text[text.index(_words("attachment a")):]
    assert (_words("without expressly and intelligibly disclaiming") in restrictions) is (
        machine_generated)
    assert ("impersonate" in restrictions) is impersonation
    assert ("malware" in restrictions) is malware


def test_every_curated_non_open_licence_is_checked_or_marked_unverified() -> None:
    curated = _policy()["licences"]
    for licence_id, entry in curated.items():
        if entry.get("class") not in ("restrictive", "non-commercial", "proprietary") and not (
                entry.get("obligations")):
            continue
        assert licence_id in OBLIGATIONS or licence_id in REASONS or licence_id in UNVERIFIED, (
            f"{licence_id}: check it against its text and pin it here, or mark it UNVERIFIED")
    for licence_id, entry in curated.items():
        facts = {"class", "why", "suits", "obligations", "category"} & set(entry)
        assert bool(entry.get("source")) or not facts or licence_id in UNVERIFIED, licence_id
    for licence_id in UNVERIFIED:
        assert licence_id in curated and not curated[licence_id].get("source")
        info = lookup(licence_id)
        assert info is not None and not info.verified and not info.sources
        if info.key:  # once mofkit ships the text, the fact can and must be checked
            with pytest.raises(KeyError):
                licence_text(info.key)


def test_a_fact_without_a_source_is_shown_as_unverified() -> None:
    verdict = judge("LicenseRef-mofkit-intel-research", "data")
    assert not verdict.verified and "unverified" in verdict.reason
    assert verdict.to_dict()["verified"] is False and verdict.to_dict()["sources"] == []
    sourced = judge("LicenseRef-scancode-llama-3.2-license-2024", "data")
    assert sourced.verified and "unverified" not in sourced.reason
    assert sourced.to_dict()["sources"] == [
        "https://github.com/meta-llama/llama-models/blob/main/models/llama3_2/LICENSE"]
    worst = judge("MIT AND LicenseRef-mofkit-intel-research", "code")
    assert not worst.verified and "unverified" in worst.reason


def _mot_tables() -> dict:
    return json.loads((files("mofkit.licenses") / "data" / "mot-licenses.json").read_text("utf-8"))


def test_open_data_covers_the_mot_open_data_list_except_gfdl() -> None:
    """policy.yml: mofkit's open data list covers the MOT's OPEN_DATA_LICENSES except
    GFDL-1.3 (open content here, open anyway as FSF-libre); the MOT's "ODC-PDDL-1.0" is
    PDDL-1.0."""
    mot = _mot_tables()["open_data_licenses"]
    assert len(mot) == 31
    for licence_id in mot:
        info = lookup("PDDL-1.0" if licence_id == "ODC-PDDL-1.0" else licence_id)
        assert info is not None, licence_id
        assert info.openness == "open"
        if licence_id == "GFDL-1.3":
            assert not info.open_data and info.open_content and info.fsf_libre
        else:
            assert info.open_data, licence_id
    assert lookup("ODC-PDDL-1.0") is None


def test_type_suitability_taken_from_the_mot_is_the_mot_s() -> None:
    mot = _mot_tables()
    apache, openmdw = lookup("Apache-2.0"), lookup("OpenMDW-1.0")
    assert apache is not None and openmdw is not None
    assert set(apache.suits) == set(mot["licenses"]["Apache-2.0"]["types"]) == {"code", "document"}
    assert set(openmdw.suits) == set(mot["licenses"]["OpenMDW-1.0"]["types"])
    assert "OpenMDW-1.0" in mot["open_licenses"]


def test_gpl_1_or_later_is_open_because_later_versions_are_osi_approved() -> None:
    assert _words("either version 1 or at your option any later version") in _text(
        "GPL-1.0-or-later")
    gpl1, gpl2, gpl3 = (lookup(i) for i in ("GPL-1.0-or-later", "GPL-2.0-only", "GPL-3.0-only"))
    assert gpl1 is not None and gpl2 is not None and gpl3 is not None
    assert not gpl1.osi_approved and gpl1.openness == "open"
    assert gpl2.osi_approved and gpl3.osi_approved


def test_compiled_catalog_matches_policy_yml() -> None:
    """The facts above are checked in the compiled catalog; this ties it to policy.yml, so an
    edit of policy.yml without a rebuild (scripts/build_license_catalog.py) fails too."""
    for licence_id, entry in _policy()["licences"].items():
        info = lookup(licence_id)
        assert info is not None, licence_id
        if "class" in entry:
            assert info.openness == entry["class"], licence_id
        if "why" in entry:
            assert info.why == entry["why"], licence_id
        if "suits" in entry:
            assert set(info.suits) == set(entry["suits"]), licence_id
        assert set(info.obligations) == set(entry.get("obligations") or []), licence_id


@pytest.mark.parametrize(
    ("hf_id", "licence_id", "key", "phrase"),
    [
        ("gpl", "GPL-1.0-or-later", "gpl-1.0",
         "if the program does not specify a version number of the license you may choose any "
         "version ever published"),
        ("lgpl", "LGPL-2.0-or-later", "lgpl-2.0",
         "if the library does not specify a license version number you may choose any version "
         "ever published"),
        ("gfdl", "GFDL-1.1-or-later", "gfdl-1.1",
         "if the document does not specify a version number of this license you may choose any "
         "version ever published"),
    ],
)
def test_bare_gnu_names_mean_any_version(hf_id: str, licence_id: str, key: str,
                                         phrase: str) -> None:
    """policy.yml hf_ids: a bare GNU family name means "any version", by the licence text."""
    assert _words(phrase) in licence_text(key)
    assert judge(hf_id, "code").licence == licence_id


@pytest.mark.parametrize(
    ("licence_id", "key", "phrase", "kind"),
    [
        ("CC-BY-NC-4.0", "cc-by-nc-4.0", "attribution noncommercial 4 0 international",
         Kind.NON_COMMERCIAL),
        ("CC-BY-ND-4.0", "cc-by-nd-4.0", "attribution noderivatives 4 0 international",
         Kind.RESTRICTIVE),
    ],
)
def test_cc_class_patterns_follow_the_licence_elements(licence_id: str, key: str, phrase: str,
                                                       kind: Kind) -> None:
    assert _words(phrase) in licence_text(key)
    assert judge(licence_id, "document").kind is kind


def _clauses() -> list[tuple[str, str, str]]:
    return [(licence_id, key, words) for licence_id, entry in _policy()["licences"].items()
            for key, words in (entry.get("clauses") or {}).items()]


@pytest.mark.parametrize(("licence_id", "key", "words"), _clauses())
def test_every_quoted_clause_is_in_the_licence_text(licence_id: str, key: str,
                                                    words: str) -> None:
    """A restriction chip links to its clause by these words (a URL text fragment): they
    must be the licence's own, for an obligation it has, at a source it has."""
    info = lookup(licence_id)
    assert info is not None and info.sources, licence_id
    assert key in info.obligations or (key == "non-commercial"
                                       and info.openness == "non-commercial")
    assert info.clause(key) == words
    assert _words(words) in _text(licence_id)


def test_clauses_cover_the_restrictions_of_the_best_known_model_licences() -> None:
    quoted = {(licence_id, key) for licence_id, key, _ in _clauses()}
    assert len(quoted) >= 40
    for licence_id in ("LicenseRef-scancode-llama-2-license-2023",
                       "LicenseRef-scancode-llama-3.1-license-2024",
                       "LicenseRef-scancode-gemma-tou-2024-04-01"):
        info = lookup(licence_id)
        assert info is not None
        restrictions = set(info.obligations) & {"aup", "user-cap", "naming",
                                                "no-output-training"}
        assert restrictions and all((licence_id, k) in quoted for k in restrictions)
