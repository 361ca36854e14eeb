"""Faults and hostile input (issue 17): every promise of the README kept under them -
bounded time, one line naming the input, exit status 2, the other inputs' results kept.

Each test here failed before its fix: YAML mofkit did not write is bounded everywhere
(audited configs included), bad unquoted dates and overlong numbers are one line, a batch
keeps going past one input's bug."""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import time
from collections.abc import Iterator
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


# ------------------------------------------------------------------ network timeouts
@pytest.fixture
def stalled_port() -> Iterator[int]:
    """A loopback port that accepts connections (the kernel completes the handshake)
    and never answers a byte."""
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(64)
        yield int(server.getsockname()[1])


@pytest.fixture
def short_timeouts(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("MOFKIT_READ_TIMEOUT", "2")  # over waiting.AFTER: the line shows
    monkeypatch.setenv("MOFKIT_CONNECT_TIMEOUT", "1")
    monkeypatch.setenv("MOFKIT_HF_ATTEMPTS", "2")
    monkeypatch.setenv("MOFKIT_HF_BACKOFF", "0.01")
    monkeypatch.setenv("MOFKIT_GIT_ATTEMPTS", "2")
    monkeypatch.setenv("MOFKIT_CACHE", str(tmp_path / "cache"))


def test_a_hub_that_never_answers_times_out_with_progress_and_one_line(
        stalled_port: int, short_timeouts: None, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    from hf_support import point_hub_client

    point_hub_client(f"http://127.0.0.1:{stalled_port}", tmp_path, monkeypatch)
    started = time.monotonic()
    code, out, err = run(["scan", "hf:org/name", "--format", "json"], capsys)
    assert time.monotonic() - started < 20
    assert code == 2 and out == "" and "Traceback" not in err, err
    [line] = error_lines(err)
    assert line.startswith("mof: error: hf:org/name: cannot reach the Hub")
    assert "ReadTimeout" in line
    assert "mof: hf:org/name: waiting for the Hub" in err  # slower than a second: said so
    assert "retrying in" in err and "(try 2 of 2)" in err


def test_a_hub_search_that_never_answers_times_out(
        stalled_port: int, short_timeouts: None, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    from hf_support import point_hub_client

    point_hub_client(f"http://127.0.0.1:{stalled_port}", tmp_path, monkeypatch)
    monkeypatch.chdir(tmp_path)
    started = time.monotonic()
    code, out, err = run(["bulk", "--hf-search", "llama", "--out", "o.jsonl", "--no-progress",
                          "--hub-rate", "none"], capsys)
    assert time.monotonic() - started < 20
    assert code == 2 and out == "", err
    [line] = error_lines(err)
    assert "--hf-search 'llama'" in line and "cannot reach the Hub" in line


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_a_git_server_that_never_answers_times_out_and_retries(
        stalled_port: int, short_timeouts: None, capsys: pytest.CaptureFixture[str]) -> None:
    url = f"http://127.0.0.1:{stalled_port}/x.git"
    started = time.monotonic()
    code, out, err = run(["scan", url, "--format", "json"], capsys)
    assert time.monotonic() - started < 20
    assert code == 2 and out == "", err
    [line] = error_lines(err)
    assert line.startswith(f"mof: error: {url}: git clone failed (2 tries)")
    assert "too slow" in line
    assert f"mof: {url}: waiting for git clone" in err and "(try 2 of 2)" in err


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_a_git_command_has_a_whole_time_limit(stalled_port: int, short_timeouts: None,
                                              monkeypatch: pytest.MonkeyPatch,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    """git:// has no low-speed limit of its own: MOFKIT_GIT_TIMEOUT bounds it."""
    monkeypatch.setenv("MOFKIT_GIT_TIMEOUT", "1")
    monkeypatch.setenv("MOFKIT_GIT_ATTEMPTS", "1")
    url = f"git://127.0.0.1:{stalled_port}/x.git"
    code, out, err = run(["scan", url], capsys)
    assert code == 2 and out == ""
    [line] = error_lines(err)
    assert line == f"mof: error: {url}: git clone timed out after 1 s (MOFKIT_GIT_TIMEOUT)"


@pytest.mark.parametrize(("name", "value"), [("MOFKIT_READ_TIMEOUT", "soon"),
                                             ("MOFKIT_CONNECT_TIMEOUT", "0"),
                                             ("MOFKIT_GIT_TIMEOUT", "-3")])
def test_a_bad_timeout_setting_is_one_line_naming_it(name: str, value: str,
                                                     monkeypatch: pytest.MonkeyPatch,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv(name, value)
    code, out, err = run(["scan", "git://127.0.0.1:9/x.git"], capsys)
    assert code == 2 and out == ""
    [line] = error_lines(err)
    assert line.startswith(f"mof: error: {name}: wants")


# ------------------------------------------------------- a registry locked or read-only
def _registry_with_one(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    db = tmp_path / "r.db"
    (tmp_path / "good.yml").write_text(OPEN3_RECORD, encoding="utf-8")
    code, _, err = run(["registry", "add", str(tmp_path / "good.yml"), "--db", str(db)], capsys)
    assert code == 0, err
    for name in ("a", "b"):
        (tmp_path / f"{name}.yml").write_text(OPEN3_RECORD.replace("Open3", f"New-{name}"),
                                              encoding="utf-8")
    return db


def test_a_registry_locked_by_another_writer_is_one_line_naming_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    import sqlite3

    db = _registry_with_one(tmp_path, capsys)
    monkeypatch.setenv("MOFKIT_DB_BUSY_TIMEOUT", "1")
    other = sqlite3.connect(db, isolation_level=None)
    try:
        other.execute("BEGIN EXCLUSIVE")
        started = time.monotonic()
        code, out, err = run(["registry", "add", str(tmp_path / "a.yml"),
                              str(tmp_path / "b.yml"), "--db", str(db)], capsys)
        assert time.monotonic() - started < 10
    finally:
        other.close()
    assert code == 2 and out == "" and "internal error" not in err and "SQL" not in err, err
    [line] = error_lines(err)
    assert line == (f"mof: error: {db}: the registry database is locked by another writer "
                    "(waited 1 s, MOFKIT_DB_BUSY_TIMEOUT); try again when it is done; stopped, "
                    "2 source(s) not stored")


@pytest.mark.parametrize("command", ["add", "import-mot"])
def test_a_read_only_registry_is_one_line_and_the_batch_stops_cleanly(
        command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = _registry_with_one(tmp_path, capsys)
    url = f"sqlite:///file:{db}?mode=ro&uri=true"  # read-only even for root
    models = tmp_path / "models"
    models.mkdir()
    for name in ("a", "b"):
        (models / f"{name}.yml").write_bytes((tmp_path / f"{name}.yml").read_bytes())
    args = (["registry", "add", str(models / "a.yml"), str(models / "b.yml")]
            if command == "add" else ["registry", "import-mot", str(models)])
    code, out, err = run([*args, "--db", url], capsys)
    assert code == 2 and out == "" and "internal error" not in err, err
    [line] = error_lines(err)
    assert f"file:{db}" in line and "read-only" in line and "2 " in line and "not stored" in line
    code, out, _ = run(["registry", "export", "--db", str(db)], capsys)
    assert [m["name"] for m in json.loads(out)] == ["Open3"]  # nothing half-written


# ------------------------------------------------- file names and terminal escapes
@pytest.fixture
def odd_names(tmp_path: Path) -> Path:
    """A release whose file names are not UTF-8 or hold control characters."""
    release = tmp_path / "release"
    release.mkdir()
    (release / "LICENSE").write_text("MIT License\n", encoding="utf-8")
    (release / "README.md").write_text("# A model\n", encoding="utf-8")
    root = bytes(release)
    (Path(os.fsdecode(root + b"/weights-\x80\xff.safetensors"))).write_bytes(b"x" * 16)
    (Path(os.fsdecode(root + b"/NOTES-\x1b[2J\n.md"))).write_text("# notes\n", encoding="utf-8")
    return release


@pytest.mark.parametrize("fmt", ["json", "html", "cyclonedx", "spdx3", "markdown", "text"])
def test_output_is_valid_utf8_with_non_utf8_file_names(
        fmt: str, odd_names: Path, capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    from mofkit.cli import main

    with pytest.raises(SystemExit) as exit_:
        main(["scan", str(odd_names), "--format", fmt])
    out, err = capsysbinary.readouterr()
    assert exit_.value.code in (0, None), err
    text = out.decode("utf-8")  # raises on invalid UTF-8
    assert "\x1b" not in text
    if fmt == "json":
        paths = json.dumps(json.loads(text))
        assert "weights-\\\\x80\\\\xff.safetensors" in paths


def test_registry_add_and_bulk_store_a_release_with_non_utf8_file_names(
        odd_names: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["registry", "add", str(odd_names), "--db", str(tmp_path / "r.db")],
                       capsys)
    assert code == 0 and "error" not in err, err
    monkeypatch.chdir(tmp_path)
    (tmp_path / "sources.txt").write_text(f"{odd_names}\n", encoding="utf-8")
    code, _, err = run(["bulk", "sources.txt", "--out", "o.jsonl", "--no-progress",
                        "--workers", "1", "--hub-rate", "none"], capsys)
    assert code == 0, err
    [record] = [json.loads(line) for line in (tmp_path / "o.jsonl").open(encoding="utf-8")]
    assert not record.get("error"), record


HOSTILE = "Ev\x1b[2Jil\rX\x1b]0;pwned\x07Y\u202e"


def test_control_characters_are_escaped_in_terminal_output(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    record = OPEN3_RECORD.replace("name: Open3", f"name: {json.dumps(HOSTILE)}").replace(
        "producer: Lab", f"producer: {json.dumps('L' + chr(27) + '[31mab')}")
    (tmp_path / "esc.yml").write_text(record, encoding="utf-8")
    code, out, err = run(["assess", str(tmp_path / "esc.yml")], capsys)
    assert code == 0, err
    assert "\x1b" not in out and "\u202e" not in out and "Ev\\x1b[2Jil" in out
    db = str(tmp_path / "r.db")
    code, _, err = run(["registry", "add", str(tmp_path / "esc.yml"), "--db", db], capsys)
    assert code == 0, err
    code, out, err = run(["registry", "list", "--db", db], capsys)
    assert code == 0 and "\x1b" not in out + err and "\r" not in out
    assert "Ev\\x1b[2Jil\\x0dX\\x1b]0;pwned\\x07Y\\u202e" in out
    code, out, err = run(["registry", "list", "--db", db, "--format", "json"], capsys)
    assert json.loads(out)["models"][0]["name"] == HOSTILE  # machine output keeps the data


def test_a_bad_input_named_with_control_characters_is_escaped_on_stderr(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["assess", str(tmp_path / "no\x1b]0;title\x07such.yml")], capsys)
    assert code == 2 and "\x1b" not in err and "\x07" not in err
    assert "no\\x1b]0;title\\x07such.yml: no such file" in err


# ------------------------------------------------------- links that leave the release
def test_a_link_that_leaves_the_release_is_never_read(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    secret = tmp_path / "secret.md"
    secret.write_text("---\nlicense: apache-2.0\nbase_model: secret-org/secret-model\n---\n"
                      "# SECRET-TOKEN-123\n", encoding="utf-8")
    release = tmp_path / "release"
    (release / "docs").mkdir(parents=True)
    (release / "LICENSE").write_text("MIT License\n", encoding="utf-8")
    (release / "docs" / "card.md").write_text("# card\n", encoding="utf-8")
    os.symlink(secret, release / "README.md")
    os.symlink("docs", release / "docs-link")  # a folder inside: fine, not broken
    os.symlink("docs/card.md", release / "CARD.md")  # a file inside: read
    code, out, err = run(["scan", str(release), "--format", "json"], capsys)
    assert code == 0, err
    assert "SECRET" not in out and "secret-org" not in out
    problems = json.loads(out)["attachments"]["scan"]["problems"]
    assert "README.md: link to outside the release, not read" in problems
    assert not any("docs-link" in p for p in problems)
    from mofkit.sources.snapshot import Root, list_files

    listed = sorted(f.path for f in list_files(Root("", str(release), release), []))
    assert listed == ["CARD.md", "LICENSE", "docs/card.md"]  # the inside link is read


def test_a_release_of_only_outside_links_says_so(tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    release = tmp_path / "release"
    release.mkdir()
    os.symlink("/etc/hostname", release / "README.md")
    code, out, err = run(["scan", str(release)], capsys)
    assert code == 2 and out == ""
    [line] = error_lines(err)
    assert "no files to scan: README.md: link to outside the release, not read" in line


def test_an_audit_never_reads_a_link_that_leaves_the_codebase(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    elsewhere = tmp_path / "elsewhere.py"
    elsewhere.write_text('from transformers import AutoModel\n'
                         'AutoModel.from_pretrained("secret-org/secret")\n', encoding="utf-8")
    code_dir = tmp_path / "code"
    code_dir.mkdir()
    os.symlink(elsewhere, code_dir / "load.py")
    code, out, err = run(["audit", str(code_dir), "--discover-only", "--format", "json"],
                         capsys)
    assert code == 0, err
    data = json.loads(out)
    assert data["models"] == [] and "load.py: link to outside the codebase, not read" in \
        data["notes"]


# ------------------------------------------------------------- mof audit fails closed
CODE = 'from transformers import AutoModel\nAutoModel.from_pretrained("org/name")\n'


def test_an_audit_with_a_policy_over_nothing_read_is_incomplete(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "code").mkdir()
    (tmp_path / "code" / "README.txt").write_text("no code here\n", encoding="utf-8")
    policy = tmp_path / "policy.yml"
    policy.write_text("min_class: III\n", encoding="utf-8")
    code, out, err = run(["audit", str(tmp_path / "code"), "--policy", str(policy)], capsys)
    assert code == 2 and "Models" in out  # the report is written
    [line] = error_lines(err)
    assert "no source or config file was read" in line and "incomplete" in line


def test_an_audit_with_an_unreadable_file_is_incomplete(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    from mofkit.audit import walk

    code_dir = tmp_path / "code"
    code_dir.mkdir()
    (code_dir / "a.py").write_text("x = 1\n", encoding="utf-8")
    (code_dir / "b.py").write_text(CODE, encoding="utf-8")
    real_open = os.open

    def refuse(path: str, *args: object) -> int:  # root reads anything: refuse it here
        if str(path).endswith("b.py"):
            raise PermissionError(13, "Permission denied", path)
        return real_open(path, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(walk.os, "open", refuse)
    policy = tmp_path / "policy.yml"
    policy.write_text("min_class: III\n", encoding="utf-8")
    code, out, err = run(["audit", str(code_dir), "--policy", str(policy)], capsys)
    assert code == 2, err
    [line] = error_lines(err)
    assert "1 file(s) or folder(s) could not be read" in line and "incomplete" in line
    assert "b.py: not readable (Permission denied)" in out


def test_an_offline_audit_of_uncached_models_is_incomplete(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("MOFKIT_CACHE", str(tmp_path / "cache"))
    (tmp_path / "code").mkdir()
    (tmp_path / "code" / "load.py").write_text(CODE, encoding="utf-8")
    code, _, err = run(["audit", str(tmp_path / "code"), "--offline"], capsys)
    assert code == 2, err
    [line] = error_lines(err)
    assert line.startswith("mof: error: org/name: not in the cache") and "incomplete" in line


def test_discover_only_says_when_no_models_are_found(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "a.py").write_text("x = 1\n", encoding="utf-8")
    code, out, _ = run(["audit", str(tmp_path), "--discover-only"], capsys)
    assert code == 0 and out == "no models found (1 file(s) read)\n"


# ---------------------------------------------------------- a tree past the path limit
@pytest.fixture
def deep_tree(tmp_path: Path) -> Path:
    """A tree deeper than PATH_MAX (4096 bytes), built with relative steps."""
    deep = tmp_path / "deep"
    deep.mkdir()
    fd = os.open(deep, os.O_RDONLY)
    try:
        for _ in range(30):
            os.mkdir("d" * 200, dir_fd=fd)
            child = os.open("d" * 200, os.O_RDONLY, dir_fd=fd)
            os.close(fd)
            fd = child
        licence = os.open("LICENSE", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=fd)
        os.write(licence, b"MIT License\n")
        os.close(licence)
    finally:
        os.close(fd)
    return deep


def test_licenses_keeps_the_good_file_past_a_too_deep_tree(
        deep_tree: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = tmp_path / "LICENSE"
    good.write_text("MIT License\n", encoding="utf-8")
    code, out, err = run(["licenses", str(deep_tree), str(good), "--format", "json"], capsys)
    assert code == 0 and "internal error" not in err, err
    assert [r["path"] for r in json.loads(out)] == [str(good)]
    assert "skipped: cannot list folder (File name too long)" in err


def test_scan_of_a_too_deep_tree_is_not_an_empty_folder(
        deep_tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["scan", str(deep_tree)], capsys)
    assert code == 2 and out == ""
    [line] = error_lines(err)
    assert "empty folder" not in line and "cannot list folder (File name too long)" in line


# ------------------------------------------------------------------------ the Low items
def test_mof_alone_prints_the_help_not_an_error_line(capsys: pytest.CaptureFixture[str]
                                                     ) -> None:
    code, out, err = run([], capsys)
    assert code == 2 and out == ""
    assert err.startswith("Usage: mof [OPTIONS] COMMAND") and "mof: error" not in err
    assert "\nCommands:\n" in err and "\n  scan " in err  # the help as it is, many lines


def test_scan_of_a_record_file_points_to_assess(tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "record.yml").write_text(OPEN3_RECORD, encoding="utf-8")
    code, out, err = run(["scan", str(tmp_path / "record.yml")], capsys)
    assert code == 2 and out == ""
    [line] = error_lines(err)
    assert "a Model Openness Tool record: rate it with `mof assess" in line


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_a_file_url_git_source_is_named_by_its_url_not_its_cache_folder(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    import subprocess

    repo = tmp_path / "tiny-model"
    repo.mkdir()
    (repo / "LICENSE").write_text("MIT License\n", encoding="utf-8")
    git = ["git", "-c", "user.email=a@b", "-c", "user.name=n", "-C", str(repo)]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "."], check=True)
    subprocess.run([*git, "commit", "-qm", "x"], check=True)
    monkeypatch.setenv("MOFKIT_CACHE", str(tmp_path / "cache"))
    code, out, err = run(["scan", f"file://{repo}", "--format", "json"], capsys)
    assert code == 0, err
    assert json.loads(out)["release"]["name"] == "tiny-model"


def test_a_postgres_url_without_the_driver_says_how_to_install_it(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "psycopg", None)  # as if not installed
    code, out, err = run(["registry", "list", "--db", "postgresql://u@127.0.0.1:1/x"], capsys)
    assert code == 2 and out == ""
    [line] = error_lines(err)
    assert "pip install 'mofkit[postgres]'" in line and "127.0.0.1:1/x" in line


def test_bulk_rates_a_hub_model_named_two_ways_once(tmp_path: Path) -> None:
    from mofkit.bulk.sources import read_sources

    listed = tmp_path / "sources.txt"
    listed.write_text("hf:org/name\nhttps://huggingface.co/org/name\norg/name\n"
                      "https://huggingface.co/org/name/tree/v1\nhf:org/name@v1\n"
                      "https://huggingface.co/datasets/org/data\n", encoding="utf-8")
    assert read_sources(listed) == ["hf:org/name", "https://huggingface.co/org/name/tree/v1",
                                    "https://huggingface.co/datasets/org/data"]


@pytest.mark.parametrize("command", ["assess", "scan", "licenses", "audit", "bulk", "check",
                                     "badge", "serve", "export", "init", "registry add",
                                     "registry list"])
def test_help_names_values_in_words_not_python_types(
        command: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run([*command.split(), "--help"], capsys)
    assert code == 0
    assert not re.search(r"<(str|int|float|path|list\[|int range|float range)", out), out


# ------------------------------------------------- nesting past the parsers' own depth
DEEP_JSON = '{"model_id": "org/x", "a": ' + "[" * 100_000 + "]" * 100_000 + "}"


def test_an_audit_skips_files_nested_past_the_parsers_depth(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "config.json").write_text(DEEP_JSON, encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text(
        "model_id = 'org/x'\na = " + "[" * 100_000 + "]" * 100_000 + "\n", encoding="utf-8")
    (tmp_path / "deep.py").write_text("from_pretrained\nx = " + "-" * 1_000_000 + "1\n",
                                      encoding="utf-8")
    (tmp_path / "load.py").write_text(CODE, encoding="utf-8")
    code, out, err = run(["audit", str(tmp_path), "--discover-only", "--format", "json"],
                         capsys)
    assert code == 0, err
    data = json.loads(out)
    assert [m["model"] for m in data["models"]] == ["org/name"]
    notes = " ".join(data["notes"])
    assert all(f"{name}: nested too deep" in notes
               for name in ("config.json", "pyproject.toml", "deep.py"))


@pytest.mark.parametrize("name", ["config.json", "model.safetensors.index.json"])
def test_a_scan_reads_around_json_nested_past_the_parsers_depth(
        name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / name).write_text(DEEP_JSON.replace('"org/x"', '{"n": ' + "9" * 5000 + "}"),
                                 encoding="utf-8")
    (tmp_path / "LICENSE").write_text("MIT License\n", encoding="utf-8")
    code, out, err = run(["scan", str(tmp_path), "--format", "json"], capsys)
    assert code == 0 and "internal error" not in err, err
    assert "mof" in json.loads(out)


def _stdout_on_a_terminal(args: list[str]) -> bytes:
    """What ``mof ARGS`` writes when its standard output is a terminal (a pty)."""
    import pty
    import subprocess
    import sys

    master, slave = pty.openpty()
    try:
        proc = subprocess.Popen([sys.executable, "-m", "mofkit", *args], stdout=slave,
                                stderr=subprocess.PIPE, stdin=subprocess.DEVNULL)
        os.close(slave)
        out = b""
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:  # EIO: the child closed the terminal
                break
            if not chunk:
                break
            out += chunk
        assert proc.wait(timeout=60) == 0, proc.stderr.read() if proc.stderr else ""
    finally:
        os.close(master)
    return out


@pytest.mark.parametrize("fmt", ["markdown", "html", "mot-yaml"])
def test_every_format_is_escaped_on_a_terminal_and_kept_when_piped(
        tmp_path: Path, fmt: str) -> None:
    import subprocess
    import sys

    record = OPEN3_RECORD.replace("name: Open3", f"name: {json.dumps(HOSTILE)}")
    (tmp_path / "esc.yml").write_text(record, encoding="utf-8")
    args = ["assess", str(tmp_path / "esc.yml"), "--format", fmt]
    shown = _stdout_on_a_terminal(args)
    assert b"\x1b" not in shown and b"\x07" not in shown and "\u202e".encode() not in shown
    piped = subprocess.run([sys.executable, "-m", "mofkit", *args], capture_output=True,
                           check=True).stdout
    assert b"\\x1b" not in piped  # a file gets the format's own output, byte for byte
    if b"\x1b" in piped:  # the format writes the name raw: on a terminal it is escaped
        assert b"Ev\\x1b" in shown
