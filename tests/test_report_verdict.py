"""The plain-language verdict (report/verdict.py): the one sentence, licence names,
restriction chips, provenance and implausible claims, the legend."""

from __future__ import annotations

from builders import release
from mofkit.assess import assess
from mofkit.report.common import fit_path, humanise
from mofkit.report.verdict import (
    implausible_claims,
    legend,
    licence_name,
    provenance,
    restrictions,
    verdict_line,
)
from report_fixtures import community, open_tooling


def test_verdict_line_names_the_class_and_why_osaid_fails():
    line = verdict_line(open_tooling().to_dict())
    assert line == ("Class III — Open Model. Not Open Source AI: data preprocessing code is "
                    "not released.")
    line = verdict_line(community().to_dict())
    assert line.startswith("Unclassified under the MOF: final model parameters and model "
                           "architecture are under the Llama 2 Community License")
    assert "Not Open Source AI" in line and "model-parameters-final" not in line


def test_licence_names_for_ids_and_expressions():
    assert licence_name("LicenseRef-scancode-llama-3.2-license-2024").startswith(
        "Llama 3.2 Community License")
    assert licence_name("MIT OR Apache-2.0") == "MIT License or Apache License 2.0"
    assert licence_name("my own words") == "my own words"
    assert humanise("under LicenseRef-scancode-llama-2-license-2023 (x)") == \
        "under Llama 2 Community License Agreement 2023 (x)"


def test_a_chip_per_restriction_linking_to_the_clause_at_its_source():
    chips = restrictions(community().to_dict())
    assert [c.label for c in chips] == ["acceptable-use policy", "user cap",
                                        "no training other models on outputs"]
    source = "https://github.com/facebookresearch/llama/blob/main/LICENSE"  # policy.yml's
    assert all(c.source == source and c.verified for c in chips)
    assert [c.url for c in chips] == [
        f"{source}#:~:text=Acceptable%20Use%20Policy",
        f"{source}#:~:text=700%20million%20monthly%20active%20users",
        f"{source}#:~:text=improve%20any%20other%20large%20language%20model"]
    assert chips[1].clause == "700 million monthly active users"
    nc = restrictions(open_tooling().to_dict())
    assert [c.label for c in nc] == ["non-commercial"]
    assert nc[0].url and nc[0].url.startswith("https://") and nc[0].verified


def test_a_restriction_without_a_primary_source_says_unverified():
    from mofkit.licenses import lookup

    licence = "LicenseRef-mofkit-databricks-open-model"  # policy.yml records no source
    info = lookup(licence)
    assert info is not None and not info.sources and not info.verified
    data = assess(release({"model-parameters-final": licence}, name="Dbrx-like"),
                  rules="mof").to_dict()
    chips = restrictions(data)
    assert chips and all(not c.verified and c.text.endswith("(unverified)") for c in chips)
    assert all(c.clause is None for c in chips)


def test_text_fragments_encode_their_own_separators():
    from mofkit.report.verdict import text_fragment

    assert text_fragment("https://x.example/terms#top", "non-commercial, research & more") == \
        "https://x.example/terms#:~:text=non%2Dcommercial%2C%20research%20%26%20more"


def test_provenance_and_implausible_claims_of_a_record():
    rel = release({"model-parameters-final": "MIT", "model-card": None},
                  distribution="MIT", name="Closed-2")
    rel.version = "Undisclosed"
    data = assess(rel, rules="mof").to_dict()
    data["source"] = "models/Closed-2.yml"
    origin = provenance(data)
    assert not origin.read and origin.text == "as claimed in the record Closed-2.yml"
    claims = implausible_claims(data)
    assert len(claims) == 2 and "version “Undisclosed”" in claims[0]
    assert "names no place to download them" in claims[1]
    data["attachments"]["scan"] = {"roots": [{"location": "/srv/x/repo", "revision": "a" * 40}]}
    origin = provenance(data)
    assert origin.read and origin.text == f"read from files of repo at commit {'a' * 12}"
    assert implausible_claims(data) == []


def test_legend_explains_gating_substitution_and_markers_shown():
    lines = legend(open_tooling().to_dict())
    assert lines[0].startswith("Classes build on each other")
    assert any(line.startswith("open*: ") for line in lines)
    assert not any(line.startswith("no licence: ") for line in lines)  # not in this report


def test_long_paths_are_shortened_in_the_middle_never_split():
    path = "a/very/long/directory/structure/that/goes/on/and/on/model.safetensors"
    short = fit_path(path, 40)
    assert len(short) == 40 and short.endswith("model.safetensors") and "…" in short
    assert fit_path("README.md", 40) == "README.md"
