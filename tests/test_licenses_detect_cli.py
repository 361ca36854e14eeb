"""`mof licenses`: files and folders, text and JSON, skipped files, user errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mofkit.cli import main
from mofkit.commands.licenses import combine

NOTICE = (
    "Licensed under the Apache License, Version 2.0 (the \"License\");\n"
    "you may not use this file except in compliance with the License.\n"
)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    try:
        main(list(argv))
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "a.py").write_text("# SPDX-License-Identifier: MIT OR Apache-2.0\n")
    (tmp_path / "LICENSE").write_text("Copyright 2024 X\n\n" + NOTICE)
    (tmp_path / "README.md").write_text("# Model\n\nThis project is licensed under the MIT "
                                        "License.\n\n" + NOTICE)
    (tmp_path / "weights.bin").write_bytes(b"\x00\x01\x02" * 100)
    (tmp_path / "empty.txt").write_text("")
    return tmp_path


def test_json_output(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "licenses", "--format", "json", str(tree))
    assert code == 0
    data = json.loads(out)  # stdout is clean JSON
    by_name = {Path(d["path"]).name: d for d in data}
    assert by_name["a.py"]["expression"] == "mit OR apache-2.0"
    assert by_name["a.py"]["spdx_expression"] == "MIT OR Apache-2.0"
    assert by_name["LICENSE"]["expression"] == "apache-2.0"
    assert by_name["README.md"]["expression"] == "mit AND apache-2.0"
    assert [m["key"] for m in by_name["README.md"]["matches"]] == ["mit", "apache-2.0"]
    m = by_name["LICENSE"]["matches"][0]
    assert set(m) >= {"key", "spdx", "start_line", "end_line", "score", "coverage", "kind",
                      "rule"}
    assert by_name["empty.txt"]["matches"] == [] and by_name["empty.txt"]["expression"] == ""
    assert "weights.bin" not in by_name
    assert "weights.bin: skipped: binary file" in err


def test_text_output(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "licenses", str(tree / "LICENSE"))
    assert code == 0
    assert "LICENSE: apache-2.0" in out and "lines 3-4" in out


def test_missing_path_is_a_one_line_error(capsys: pytest.CaptureFixture[str],
                                          tmp_path: Path) -> None:
    code, out, err = run(capsys, "licenses", str(tmp_path / "nope"))
    assert code == 2 and out == ""
    assert err.strip().count("\n") == 0 and "no such file" in err
    assert "Traceback" not in err


def test_bad_format(capsys: pytest.CaptureFixture[str], tree: Path) -> None:
    code, _, err = run(capsys, "licenses", "--format", "xml", str(tree))
    assert code == 2 and "unknown format" in err


def test_huge_file_skipped(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                           monkeypatch: pytest.MonkeyPatch) -> None:
    import mofkit.commands.licenses as cmd

    monkeypatch.setattr(cmd, "MAX_BYTES", 1000)
    big = tmp_path / "big.txt"
    big.write_text("x" * 5000)
    code, out, err = run(capsys, "licenses", "--format", "json", str(big))
    assert code == 0 and json.loads(out) == []
    assert "over the" in err


def test_combine() -> None:
    assert combine(["mit", "mit", "gpl-2.0 OR mit", "apache-2.0"]) == (
        "mit AND (gpl-2.0 OR mit) AND apache-2.0")
    assert combine([]) == ""
