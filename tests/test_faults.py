"""Faults and hostile input (issue 17): every promise of the README kept under them -
bounded time, one line naming the input, exit status 2, the other inputs' results kept.

Each test here failed before its fix: YAML mofkit did not write is bounded everywhere
(audited configs included), bad unquoted dates and overlong numbers are one line, a batch
keeps going past one input's bug."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
import yaml

from cli_helpers import OPEN3_RECORD, run
from mofkit import yamlsafe

ALIAS_LOOP = "x: &a [1, *a]\nmodel_id: org/looped\n"
# nine levels of nine aliases each: 9**9 values once expanded
ALIAS_BOMB = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"{name}: &{name} [{', '.join([f'*{prev}'] * 9)}]\n"
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True)) + "model_id: org/bombed\n"
BAD_DATE_RECORD = OPEN3_RECORD.replace("  producer: Lab\n", "  producer: Lab\n  date: 2025-11-33\n")


def error_lines(err: str) -> list[str]:
    return [line for line in err.splitlines() if line.startswith("mof: ") and "error" in line]


# ------------------------------------------------------------------ YAML through yamlsafe
@pytest.mark.parametrize(("text", "what"), [
    ("date: 2025-11-33\n", "'2025-11-33' is not a date"),
    ("expires: 2024-13-45\n", "'2024-13-45' is not a date"),
    ("when: 2024-02-30 10:00:00\n", "is not a date"),
    ("n: " + "9" * 5000 + "\n", r"is not a number \(too many digits\)"),
    ("n: 0x" + "f" * 5000 + "\n", r"is not a number \(too many digits\)"),
])
@pytest.mark.parametrize("fast", [False, True])
def test_a_bad_date_or_an_overlong_number_is_a_yaml_error_at_its_line(
        text: str, what: str, fast: bool) -> None:
    with pytest.raises(yaml.YAMLError, match=what) as caught:
        yamlsafe.load("ok: 1\n" + text, fast=fast)
    assert caught.value.problem_mark.line == 1  # type: ignore[attr-defined]


def test_compose_all_checks_every_document() -> None:
    docs = list(yamlsafe.compose_all("a: 1\n---\nb: [2]\n", fast=True))
    assert [type(d).__name__ for d in docs] == ["MappingNode", "MappingNode"]
    with pytest.raises(yamlsafe.YAMLLimit, match="refers to itself"):
        list(yamlsafe.compose_all("a: 1\n---\n" + ALIAS_LOOP, fast=True))


@pytest.mark.parametrize(("text", "what"), [(ALIAS_LOOP, "refers to itself"),
                                            (ALIAS_BOMB, "once its aliases are expanded")])
def test_an_audited_config_whose_aliases_loop_or_explode_is_a_note_not_a_hang(
        text: str, what: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code_dir = tmp_path / "code"
    code_dir.mkdir()
    (code_dir / "config.yml").write_text(text, encoding="utf-8")
    (code_dir / "load.py").write_text(
        'from transformers import AutoModel\nAutoModel.from_pretrained("org/name")\n',
        encoding="utf-8")
    started = time.monotonic()
    code, out, err = run(["audit", str(code_dir), "--discover-only", "--format", "json"],
                         capsys)
    assert time.monotonic() - started < 10
    assert code == 0, err
    data = json.loads(out)
    assert [m["model"] for m in data["models"]] == ["org/name"]  # the good file's result
    assert any("config.yml" in n and what in n for n in data["notes"]), data["notes"]


# -------------------------------------------------------------------------- bad dates
def test_a_record_with_a_bad_date_is_one_line_naming_it(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "bad.yml").write_text(BAD_DATE_RECORD, encoding="utf-8")
    (tmp_path / "good.yml").write_text(OPEN3_RECORD, encoding="utf-8")
    code, out, err = run(["assess", str(tmp_path / "bad.yml"), str(tmp_path / "good.yml"),
                          "--format", "json"], capsys)
    assert code == 2 and "internal error" not in err, err
    [line] = error_lines(err)
    assert str(tmp_path / "bad.yml") in line and "line 5" in line and "not a date" in line
    assert json.loads(out)[1]["mof"]["class"] == 3


def test_import_mot_keeps_going_past_a_bad_date(tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    models = tmp_path / "models"
    models.mkdir()
    (models / "a.yml").write_text(OPEN3_RECORD, encoding="utf-8")
    (models / "b.yml").write_text(BAD_DATE_RECORD, encoding="utf-8")
    (models / "c.yml").write_text(OPEN3_RECORD.replace("Open3", "Open4"), encoding="utf-8")
    code, _, err = run(["registry", "import-mot", str(models), "--db",
                        str(tmp_path / "r.db")], capsys)
    assert code == 2 and "internal error" not in err, err
    [line] = error_lines(err)
    assert str(models / "b.yml") in line and "not a date" in line
    assert "imported 2 records: 2 new models" in err and "1 failed" in err


def test_an_audit_policy_with_a_bad_expiry_date_is_one_line_naming_it(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    policy = tmp_path / "policy.yml"
    policy.write_text("exceptions:\n  - model: org/*\n    reason: x\n    expires: 2024-13-45\n",
                      encoding="utf-8")
    (tmp_path / "code").mkdir()
    code, out, err = run(["audit", str(tmp_path / "code"), "--policy", str(policy)], capsys)
    assert code == 2 and out == "" and "internal error" not in err, err
    [line] = error_lines(err)
    assert f"{policy}:4" in line and "'2024-13-45' is not a date" in line


@pytest.mark.parametrize("command", ["add", "import-mot"])
def test_a_registry_batch_keeps_going_past_one_inputs_bug(
        command: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    import mofkit.registry.ingest as ingest

    models = tmp_path / "models"
    models.mkdir()
    for name in ("a", "b", "c"):
        (models / f"{name}.yml").write_text(OPEN3_RECORD.replace("Open3", f"Model-{name}"),
                                            encoding="utf-8")
    real = ingest.rate_record

    def flaky(path: str | Path, rules: object = ("mof", "mot-compat")) -> ingest.Rated:
        if Path(path).name == "b.yml":
            raise KeyError("a bug")
        return real(path)

    monkeypatch.setattr(ingest, "rate_record", flaky)
    monkeypatch.delenv("MOFKIT_DEBUG", raising=False)
    db = str(tmp_path / "r.db")
    args = (["registry", "add", *(str(models / f"{n}.yml") for n in "abc")]
            if command == "add" else ["registry", "import-mot", str(models)])
    code, _, err = run([*args, "--db", db], capsys)
    assert code == 2 and "Traceback" not in err
    [line] = error_lines(err)
    assert str(models / "b.yml") in line and "internal error: KeyError" in line
    code, out, _ = run(["registry", "export", "--db", db], capsys)
    assert sorted(m["name"] for m in json.loads(out)) == ["Model-a", "Model-c"]
