"""`mof-policy.yml`: validation with one-line errors, and the checks on assessed
models (pass, fail, waived, expired), with a fixed "today" and a stand-in
assessor built from small releases (the Hub tests are in test_audit_hub.py)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from audit_support import EXCEPTIONS, stand_in
from mofkit.audit.obligations import obligations_of
from mofkit.audit.policy import Policy, parse_policy
from mofkit.audit.runner import audit
from mofkit.errors import InputError

TODAY = dt.date(2025, 6, 1)
@pytest.fixture(scope="module")
def small_codebase(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("small")
    (root / "models.txt").write_text("open-org/open\nmeta/llama@v1\nnc-org/nc\nodd-org/odd\n"
                                     "mit-org/mit\n")
    (root / "app.py").write_text(
        "from transformers import AutoModel\n"
        "import os\n"
        "AutoModel.from_pretrained('open-org/open')\n"
        "AutoModel.from_pretrained(os.environ['MODEL'])\n")
    return root


def run(root: Path, text: str, today: dt.date = TODAY):
    policy = parse_policy(text, "mof-policy.yml") if text is not None else Policy()
    return audit(root, policy, stand_in, today=today)


def failing(result) -> set[tuple[str, str | None]]:
    return {(f.rule, f.model) for f in result.findings if f.blocking}


def test_no_policy_is_an_inventory_that_holds(small_codebase: Path) -> None:
    result = audit(small_codebase, Policy.inventory(), stand_in, today=TODAY)
    assert result.ok
    assert [m.label for m in result.models] == ["open-org/open", "meta/llama@v1", "nc-org/nc",
                                                "odd-org/odd", "mit-org/mit"]
    assert [u.line for u in result.models[0].usages] == [3, 1]  # app.py, then models.txt
    assert {f.rule for f in result.findings} == {"unresolved"}  # a warning by default


def test_no_policy_is_an_inventory_even_with_a_model_not_on_the_hub(tmp_path: Path) -> None:
    (tmp_path / "app.py").write_text("from transformers import AutoModel\n"
                                     "AutoModel.from_pretrained('gone-org/gone')\n")
    result = audit(tmp_path, Policy.inventory(), stand_in, today=TODAY)
    assert result.ok
    assert [(f.rule, f.level) for f in result.findings] == [("not-assessed", "warning")]
    strict = audit(tmp_path, parse_policy("licences: {deny: [CC-BY-NC-4.0]}\n",
                                          "mof-policy.yml"), stand_in, today=TODAY)
    assert not strict.ok  # a policy file fails what it cannot assess unless it says warn


def test_licence_kinds_and_obligations(small_codebase: Path) -> None:
    result = run(small_codebase, "licence_kinds: {deny: [non-commercial, unknown]}\n")
    kinds = {m.model: m.licence_kind for m in result.models}
    assert kinds == {"open-org/open": "open", "meta/llama": "restrictive",
                     "nc-org/nc": "non-commercial", "odd-org/odd": "unknown",
                     "mit-org/mit": "open"}
    assert failing(result) == {("licence-kind", "nc-org/nc"), ("licence-kind", "odd-org/odd")}
    assert not result.ok
    llama = result.models[1]
    assert {"aup", "user-cap", "naming"} <= set(llama.obligations)
    assert result.models[2].obligations == ["non-commercial"]
    assert result.models[3].obligations == ["review-terms"]
    total = result.obligations()
    assert total["attribution"] == ["meta/llama@v1", "mit-org/mit", "open-org/open"]
    assert result.models[0].licence == "CC-BY-4.0"  # the data licence covers the weights
    assert total["state-changes"] == ["open-org/open"]
    assert total["notice-file"] == ["meta/llama@v1"]  # Llama 3: a "Notice" text file


def test_allowed_kinds_licence_lists_and_model_lists(small_codebase: Path) -> None:
    result = run(small_codebase, """
licence_kinds: {allow: [open]}
licences: {allow: [llama3], deny: [mit license]}
models: {allow: [odd-org/*], deny: [NC-ORG/*]}
""")
    assert failing(result) == {("model-denied", "nc-org/nc"), ("licence-kind", "nc-org/nc"),
                               ("licence-denied", "mit-org/mit")}
    odd = next(m for m in result.models if m.model == "odd-org/odd")
    assert odd.allowed_by == "odd-org/*" and odd.ok


def test_min_class_and_osaid(small_codebase: Path) -> None:
    result = run(small_codebase, "min_class: II\nosaid: required\nunresolved: ignore\n")
    rules = failing(result)
    assert ("min-class", "meta/llama") in rules and ("min-class", "open-org/open") not in rules
    assert ("osaid", "open-org/open") in rules
    message = next(f.message for f in result.findings if f.rule == "min-class")
    assert "Class II" in message


def test_unresolved_can_fail_and_unknown_models_are_not_assessed(tmp_path: Path) -> None:
    (tmp_path / "models.txt").write_text("ghost/model\n")
    (tmp_path / "a.py").write_text("X.from_pretrained(name)\n")
    result = audit(tmp_path, parse_policy("unresolved: fail\n", "p.yml"), stand_in,
                   today=TODAY)
    assert failing(result) == {("unresolved", None), ("not-assessed", "ghost/model")}
    relaxed = audit(tmp_path, parse_policy("not_assessed: warn\nunresolved: warn\n", "p.yml"),
                    stand_in, today=TODAY)
    assert relaxed.ok and {f.level for f in relaxed.findings} == {"warning"}


def test_an_exception_holds_through_its_expiry_day(small_codebase: Path) -> None:
    result = run(small_codebase, EXCEPTIONS, today=dt.date(2025, 6, 1))
    llama = next(f for f in result.findings if f.model == "meta/llama")
    assert llama.waived_by is not None and not llama.blocking
    assert failing(result) == {("licence-kind", "nc-org/nc")}  # expired the day before
    expired = [f for f in result.findings if f.rule == "exception-expired"]
    assert [(f.model, f.level) for f in expired] == [("nc-org/nc", "warning")]
    assert "expired on 2025-05-31" in expired[0].message and "mof-policy.yml:8" in \
        expired[0].message
    assert [(e["model"], e["status"]) for e in result.exceptions] == [
        ("meta/llama", "active"), ("nc-org/*", "expired")]


def test_the_same_policy_passes_earlier_and_fails_later(small_codebase: Path) -> None:
    assert run(small_codebase, EXCEPTIONS, today=dt.date(2025, 5, 1)).ok
    later = run(small_codebase, EXCEPTIONS, today=dt.date(2025, 6, 2))
    assert failing(later) == {("licence-kind", "meta/llama"), ("licence-kind", "nc-org/nc")}
    assert len([f for f in later.findings if f.rule == "exception-expired"]) == 2


def test_an_exception_that_matches_nothing_is_noted(small_codebase: Path) -> None:
    result = run(small_codebase, "exceptions:\n  - {model: x/y, reason: r, expires: 2030-01-01}\n")
    assert any("the exception for x/y matched no finding" in n for n in result.notes)


@pytest.mark.parametrize(("text", "error"), [
    ("min_class: IV\n", "mof-policy.yml:1: min_class: 'IV' is not one of: I, II, III"),
    ("exceptions:\n  - model: a/b\n    reason: x\n    expires: soon\n",
     "mof-policy.yml:4: exceptions[0].expires: expected a date (YYYY-MM-DD), got 'soon'"),
    ("osaid: required\nlicence_kind: {deny: [unknown]}\n",
     "mof-policy.yml:2: licence_kind: unknown key (did you mean 'licence_kinds'?)"),
    ("exceptions:\n  - model: a/b\n    expires: 2025-01-01\n",
     "mof-policy.yml:2: exceptions[0]: missing 'reason'"),
    ("licence_kinds:\n  deny: [evil]\n",
     "mof-policy.yml:2: licence_kinds.deny[0]: 'evil' is not one of: open, restrictive"),
    ("- a\n", "mof-policy.yml:1: the policy: expected a mapping, got a list"),
    ("models: {allow: [1]}\n", "models.allow[0]: expected a string, got 1"),
    ("exceptions:\n  - {model: a, reason: '  ', expires: 2025-01-01}\n", "must not be empty"),
    ("models: [\n", "mof-policy.yml:2: not valid YAML"),
])
def test_bad_policies_give_one_clear_line(text: str, error: str) -> None:
    with pytest.raises(InputError) as exc:
        parse_policy(text, "mof-policy.yml")
    line = exc.value.one_line()
    assert error in line and "\n" not in line


def test_good_policy_values_and_us_spellings() -> None:
    policy = parse_policy("policy: 1\nmin_class: 3\nlicenses: {allow: [apache 2.0]}\n"
                          "license_kinds: {deny: [unknown]}\n", "p.yml")
    assert policy.min_class == 3 and policy.allow_licences == ("Apache-2.0",)
    assert policy.deny_kinds == ("unknown",)
    assert parse_policy("", "p.yml") == Policy(path="p.yml")


def test_example_policies_are_valid() -> None:
    folder = Path(__file__).resolve().parents[1] / "examples" / "policies"
    files = sorted(folder.glob("*.yml"))
    assert len(files) >= 3
    for path in files:
        parse_policy(path.read_text(), str(path))


@pytest.mark.parametrize(("licence", "expected"), [
    ("MIT OR GPL-3.0-only", ["licence-text", "attribution"]),
    ("MIT AND Apache-2.0", ["licence-text", "attribution", "notice-file", "state-changes"]),
    ("CC0-1.0", []),
    ("CC-BY-NC-4.0", ["non-commercial"]),
    (None, ["review-terms"]),
])
def test_obligations_combine_as_the_licence_says(licence: str | None, expected: list) -> None:
    assert obligations_of(licence) == expected
