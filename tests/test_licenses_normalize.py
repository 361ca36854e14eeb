"""Normalisation of real-world licence spellings (no network, no ../shared)."""

from __future__ import annotations

import pytest

from mofkit.licenses import normalize
from mofkit.licenses.keys import name_key

LLAMA2 = "LicenseRef-scancode-llama-2-license-2023"

SPELLINGS = [
    # (written, expected canonical id or expression, expected rule)
    ("Apache-2.0", "Apache-2.0", "exact-id"),
    ("apache-2.0", "Apache-2.0", "case-insensitive-id"),
    ("Apache 2.0", "Apache-2.0", "name"),
    ("Apache License, Version 2.0", "Apache-2.0", "name"),
    ("Apache License 2.0", "Apache-2.0", "name"),
    ("apache", "Apache-2.0", "alias"),
    ("MIT", "MIT", "exact-id"),
    ("mit", "MIT", "case-insensitive-id"),
    ("MIT License", "MIT", "name"),
    ("MIT license", "MIT", "name"),
    ("The MIT License", "MIT", "name"),
    ("BSD-3", "BSD-3-Clause", "alias"),
    ("BSD 3-Clause", "BSD-3-Clause", "name"),
    ("BSD-3-Clause License", "BSD-3-Clause", "name"),
    ("new BSD", "BSD-3-Clause", "alias"),
    ("bsd-2-clause", "BSD-2-Clause", "case-insensitive-id"),
    ("bsd-3-clause-clear", "BSD-3-Clause-Clear", "case-insensitive-id"),
    ("bsd-new", "BSD-3-Clause", "scancode-key"),
    ("CC BY 4.0", "CC-BY-4.0", "name"),
    ("CC-BY 4.0", "CC-BY-4.0", "name"),
    ("Creative Commons Attribution 4.0 International", "CC-BY-4.0", "name"),
    ("cc-by-sa-4.0", "CC-BY-SA-4.0", "case-insensitive-id"),
    ("cc-by-nc-4.0", "CC-BY-NC-4.0", "case-insensitive-id"),
    ("cc-by-nc-sa-4.0", "CC-BY-NC-SA-4.0", "case-insensitive-id"),
    ("cc-by-nc-nd-4.0", "CC-BY-NC-ND-4.0", "case-insensitive-id"),
    ("GPLv3", "GPL-3.0-only", "name"),
    ("GPL-3.0+", "GPL-3.0-or-later", "exact-id"),
    ("GPL-2.0", "GPL-2.0-only", "exact-id"),
    ("LGPL v2.1", "LGPL-2.1-only", "name"),
    ("agpl-3.0", "AGPL-3.0-only", "case-insensitive-id"),
    ("Llama 2 Community License Agreement", LLAMA2, "alias"),
    ("LLAMA 3.1 COMMUNITY LICENSE AGREEMENT", "LicenseRef-scancode-llama-3.1-license-2024",
     "alias"),
    ("Gemma Terms of Use", "LicenseRef-scancode-gemma-tou-2024-04-01", "alias"),
    ("OpenRAIL-M", "LicenseRef-mofkit-openrail-m", "alias"),
    ("OpenMDW-1.0", "LicenseRef-scancode-openmdw-1.0", "scancode-key"),
    # Hugging Face licence ids
    ("llama2", LLAMA2, "hf-id"),
    ("llama3", "LicenseRef-mofkit-llama-3-license-2024", "hf-id"),
    ("llama3.1", "LicenseRef-scancode-llama-3.1-license-2024", "hf-id"),
    ("llama3.2", "LicenseRef-scancode-llama-3.2-license-2024", "hf-id"),
    ("llama3.3", "LicenseRef-scancode-llama-3.3-license-2024", "hf-id"),
    ("llama4", "LicenseRef-scancode-llama-4-cla-2025", "hf-id"),
    ("gemma", "LicenseRef-scancode-gemma-tou-2024-04-01", "hf-id"),
    ("openrail", "LicenseRef-mofkit-openrail", "hf-id"),
    ("openrail++", "LicenseRef-scancode-bigscience-open-rail-m2", "hf-id"),
    ("bigscience-openrail-m", "LicenseRef-scancode-bigscience-open-rail-m", "hf-id"),
    ("bigscience-bloom-rail-1.0", "LicenseRef-scancode-bigscience-rail-1.0", "hf-id"),
    ("creativeml-openrail-m", "LicenseRef-scancode-stable-diffusion-2022-08-22", "hf-id"),
    ("bigcode-openrail-m", "LicenseRef-scancode-bigcode-open-rail-m-v1", "hf-id"),
    ("deepseek", "LicenseRef-scancode-deepseek-la-1.0", "hf-id"),
    ("apple-ascl", "LicenseRef-mofkit-apple-ascl", "hf-id"),
    ("c-uda", "C-UDA-1.0", "hf-id"),
    ("lgpl-lr", "LGPLLR", "hf-id"),
    ("intel-research", "LicenseRef-mofkit-intel-research", "hf-id"),
    ("odc-by", "ODC-By-1.0", "hf-id"),
    ("odbl", "ODbL-1.0", "hf-id"),
    ("pddl", "PDDL-1.0", "hf-id"),
    ("gfdl", "GFDL-1.1-or-later", "hf-id"),
    ("cdla-permissive-2.0", "CDLA-Permissive-2.0", "case-insensitive-id"),
    ("unlicense", "Unlicense", "case-insensitive-id"),
    ("wtfpl", "WTFPL", "case-insensitive-id"),
    ("afl-3.0", "AFL-3.0", "case-insensitive-id"),
    ("artistic-2.0", "Artistic-2.0", "case-insensitive-id"),
    ("bsl-1.0", "BSL-1.0", "case-insensitive-id"),
    ("ms-pl", "MS-PL", "case-insensitive-id"),
    ("ncsa", "NCSA", "case-insensitive-id"),
    ("osl-3.0", "OSL-3.0", "case-insensitive-id"),
    ("postgresql", "PostgreSQL", "case-insensitive-id"),
    ("ofl-1.1", "OFL-1.1", "case-insensitive-id"),
    ("zlib", "Zlib", "case-insensitive-id"),
    ("eupl-1.1", "EUPL-1.1", "case-insensitive-id"),
    ("ecl-2.0", "ECL-2.0", "case-insensitive-id"),
    # SPDX expressions
    ("Apache-2.0 OR MIT", "Apache-2.0 OR MIT", "expression"),
    ("(MIT AND BSD-2-Clause)", "MIT AND BSD-2-Clause", "expression"),
    ("GPL-2.0-only WITH Classpath-exception-2.0",
     "GPL-2.0-only WITH Classpath-exception-2.0", "expression"),
    ("apache-2.0 or mit", "Apache-2.0 OR MIT", "expression"),
    ("MIT OR (Apache-2.0 AND BSD-3-Clause)", "MIT OR (Apache-2.0 AND BSD-3-Clause)", "expression"),
    ("Apache 2.0 OR MIT", "Apache-2.0 OR MIT", "expression"),
]


@pytest.mark.parametrize(("written", "expected", "rule"), SPELLINGS)
def test_real_world_spellings_resolve(written: str, expected: str, rule: str) -> None:
    result = normalize(written)
    assert (result.licence, result.rule, result.known) == (expected, rule, True)
    assert result.written == written


@pytest.mark.parametrize(
    ("license_name", "expected"),
    [
        ("qwen", "LicenseRef-scancode-qwen-2024"),
        ("tongyi-qianwen", "LicenseRef-scancode-tongyi-qianwen-2023"),
        ("falcon-180b-tii-license", "LicenseRef-mofkit-falcon-180b-tii-license-1.0"),
        ("deepseek-license", "LicenseRef-scancode-deepseek-la-1.0"),
        ("nvidia-open-model-license", "LicenseRef-scancode-nvidia-open-model-2025-04-28"),
        ("Llama 2 Community License Agreement", LLAMA2),  # falls back to full normalisation
    ],
)
def test_hf_other_with_license_name(license_name: str, expected: str) -> None:
    result = normalize("other", license_name=license_name)
    assert (result.licence, result.rule, result.known) == (expected, "hf-other+license_name", True)


def test_license_name_is_ignored_unless_other() -> None:
    assert normalize("MIT", license_name="qwen").licence == "MIT"


@pytest.mark.parametrize(
    ("written", "rule"),
    [
        ("Apache 3.0", "unresolved"),  # no fuzzy guess towards Apache-2.0
        ("see LICENSE file", "unresolved"),
        ("GPL-2.0 AND Apache 3.0", "unresolved"),  # one bad part fails the expression
        ("MIT WITH Apache-2.0", "unresolved"),  # WITH needs an exception
        ("Classpath-exception-2.0 WITH MIT", "unresolved"),
        ("MIT AND", "unresolved"),
        ("(MIT OR", "unresolved"),
        ("bsd", "ambiguous"),
        ("CC", "ambiguous"),
        ("Llama", "ambiguous"),
        ("other", "hf-other"),
        ("unknown", "hf-unknown"),
        ("", "empty"),
        ("   ", "empty"),
    ],
)
def test_unresolvable_strings_stay_unknown_and_are_echoed(written: str, rule: str) -> None:
    result = normalize(written)
    assert (result.licence, result.rule, result.known) == (None, rule, False)
    assert result.written == written


def test_other_with_unknown_license_name_is_that_custom_licence() -> None:
    result = normalize("other", license_name="acme-model-license")
    assert (result.licence, result.known) == ("LicenseRef-acme-model-license", True)
    assert any("acme-model-license" in note for note in result.notes)


def test_a_name_like_a_known_licence_is_a_custom_licence_not_that_licence() -> None:
    result = normalize("MIT-ish licence")
    assert (result.licence, result.rule) == ("LicenseRef-mit-ish-licence", "custom-name")


def test_whitespace_is_collapsed() -> None:
    assert normalize("  Apache   License 2.0 \n").licence == "Apache-2.0"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("The MIT License", "MIT"),
        ("Creative Commons Attribution-ShareAlike 4.0", "CC-BY-SA-4.0"),
        ("GNU GPL v3.0 or later", "GNU GPL 3+"),
        ("Apache Licence 2", "Apache-2.0"),
    ],
)
def test_name_key_equates_spellings(a: str, b: str) -> None:
    assert name_key(a) == name_key(b)


@pytest.mark.parametrize(("a", "b"), [("GPL-2.0", "GPL-2.0+"), ("CC-BY-4.0", "CC-BY-NC-4.0"),
                                      ("Apache-2.0", "Apache-1.0")])
def test_name_key_keeps_distinct_licences_apart(a: str, b: str) -> None:
    assert name_key(a) != name_key(b)
