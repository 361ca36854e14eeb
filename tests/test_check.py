"""`mof check`: 0 when met, 1 when not (one line naming what is missing), 2 on bad
input, and never 0 on an error."""

from __future__ import annotations

from pathlib import Path

import pytest

from cli_helpers import OPEN3_RECORD, run

OPEN3 = OPEN3_RECORD + """\
    - {name: Training code, description: g}
    - {name: Inference code, description: h}
    - {name: Evaluation data, description: i, license: CC-BY-NC-4.0}
"""


@pytest.fixture
def class3_record(tmp_path: Path) -> Path:
    path = tmp_path / "open3.yml"
    path.write_text(OPEN3, encoding="utf-8")
    return path


def test_met_exits_0(class3_record: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["check", str(class3_record), "--min-class", "III"], capsys)
    assert code == 0, err
    assert out == "Open3: meets Class III (MOF 1.0: Class III - Open Model)\n"


def test_not_met_exits_1_with_one_line_naming_what_is_missing(
        class3_record: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["check", str(class3_record), "--min-class", "II"], capsys)
    assert code == 1
    assert out.count("\n") == 1 and err == ""
    assert out == ("Open3: Class II not met (80%): evaluation code missing, "
                   "evaluation data not open (Creative Commons Attribution-NonCommercial 4.0 "
                   "International Public License)\n")


def test_osaid_gate(class3_record: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["check", str(class3_record), "--min-class", "III", "--osaid"], capsys)
    assert code == 1
    assert "Class III" not in out.split(":", 1)[1].split("OSAID")[0]  # class III is met
    assert "OSAID 1.0 fail" in out and "code fail" in out
    assert out.count("\n") == 1


def test_rules_option_changes_the_verdict(tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    spelled = tmp_path / "spelled.yml"
    spelled.write_text(OPEN3.replace("Apache-2.0", "Apache 2.0"), encoding="utf-8")
    assert run(["check", str(spelled), "--min-class", "III"], capsys)[0] == 0
    assert run(["check", str(spelled), "--min-class", "III", "--rules", "mot-compat"],
               capsys)[0] == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["check", "nope.yml", "--min-class", "I"], "nope.yml: no such file or folder"),
        (["check", "{record}", "--min-class", "IV"], "unknown class 'IV'"),
        (["check", "{record}", "--min-class", "II", "--rules", "osi"], "unknown rule set"),
        (["check", "{record}"], "Missing option '--min-class'"),
        (["check", "{broken}", "--min-class", "III"], "malformed YAML"),
        (["check", "{text}", "--min-class", "III"], "not a MOT record"),
        (["check", "{invalid}", "--min-class", "III"], "not a valid MOT record"),
    ],
)
def test_bad_input_exits_2_with_one_line(args: list[str], message: str, class3_record: Path,
                                         tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    broken = tmp_path / "broken.yml"
    broken.write_text("release: [\n", encoding="utf-8")
    text = tmp_path / "notes.txt"
    text.write_text("hello", encoding="utf-8")
    invalid = tmp_path / "invalid.yml"
    invalid.write_text(OPEN3_RECORD.splitlines()[0] + "\nrelease: {name: x}\n", encoding="utf-8")
    paths = {"record": class3_record, "broken": broken, "text": text, "invalid": invalid}
    code, out, err = run([a.format(**paths) for a in args], capsys)
    assert code == 2
    assert out == ""
    assert message in err and err.startswith("mof: error: ")
    assert err.count("\n") == 1


def test_an_unexpected_failure_is_never_a_pass(class3_record: Path, monkeypatch: pytest.MonkeyPatch,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    import mofkit.pipeline.compose

    def boom(*_: object, **__: object) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(mofkit.pipeline.compose, "assess", boom)
    code, out, err = run(["check", str(class3_record), "--min-class", "III"], capsys)
    assert code == 2
    assert out == "" and "internal error: RuntimeError: disk on fire" in err
    assert err.count("\n") == 1


def test_a_folder_is_scanned(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "README.md").write_text("# nothing here\n", encoding="utf-8")
    code, out, err = run(["check", str(tmp_path), "--min-class", "III"], capsys)
    assert code == 1, err
    assert "Class III not met" in out
