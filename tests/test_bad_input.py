"""Bad input never crashes `mof`: every sub-command answers a broken, missing, empty,
binary, looping, oversized or otherwise wrong input with one line on stderr that names
the input, and exit status 2 - never a traceback, never half-written or lost output.
With several inputs, the good ones' results are still there.

Each case is a command line over a zoo of bad inputs (the ``zoo`` fixture); ``{name}``
in an argument is replaced by the zoo's path of that name, ``{port}`` by a closed
loopback port (an unreachable endpoint)."""

from __future__ import annotations

import json
import os
import re
import socket
import stat
import sys
import time
from pathlib import Path

import pytest

from cli_helpers import OPEN3_RECORD, run
from hf_support import point_hub_client

BAD_YAML = "release: [1, 2\n"

# A small file whose YAML aliases expand to 9**9 values ("billion laughs").
LAUGHS = "".join(
    f"{name}: &{name} [{', '.join([f'*{prev}'] * 9)}]\n"
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True)
)
LAUGHS = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + LAUGHS + (
    "release: {name: X, producer: P, components: [], extra: *i}\n")


def closed_port() -> int:
    """A loopback port nothing listens on: connecting to it is refused at once."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def zoo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """Good and bad inputs side by side in tmp_path (also the working directory)."""
    monkeypatch.chdir(tmp_path)
    files: dict[str, str | bytes] = {
        "good.yml": OPEN3_RECORD,
        "broken.yml": BAD_YAML,
        "broken.json": '{"release": ',
        "empty.yml": "",
        "binary.yml": b"\x00\x01\x02\xff" * 64,
        "latin1.yml": "release: {name: caf\xe9}\n".encode("latin-1"),
        "scalar.yml": "just a string\n",
        "list.yml": "- 1\n- 2\n",
        "invalid.yml": "release: {name: X}\n",
        "unknown-component.yml": "release: {name: X, producer: P, components: "
                                 "[{name: Flux capacitor}]}\n",
        "self-alias.yml": "a: &a [*a]\nrelease: *a\n",
        "laughs.yml": LAUGHS,
        "tabs.yml": "release:\n\tname: X\n",
        "python-tag.yml": "release: !!python/object/apply:os.system [echo hi]\n",
        "nul.yml": "release: {name: X}\n\x00\n",
        "LICENSE": "MIT License\n",
        "plain.txt": "hello\n",
    }
    for name, data in files.items():
        path = tmp_path / name
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(data, encoding="utf-8")
    (tmp_path / "dir.yml").mkdir()
    (tmp_path / "emptydir").mkdir()
    os.symlink("loop-b", tmp_path / "loop-a")
    os.symlink("loop-a", tmp_path / "loop-b")
    os.mkfifo(tmp_path / "fifo.yml")
    release = tmp_path / "release"
    release.mkdir()
    (release / "README.md").write_text("# A model\n\nWeights under MIT.\n", encoding="utf-8")
    (release / "LICENSE").write_text("MIT License\n", encoding="utf-8")
    only_links = tmp_path / "only-links"
    only_links.mkdir()
    os.symlink("x", only_links / "y")
    os.symlink("y", only_links / "x")
    paths = {name: name for name in files}
    paths.update({n: n for n in ("dir.yml", "emptydir", "loop-a", "fifo.yml", "release",
                                 "only-links")})
    paths["missing"] = "missing.yml"
    paths["port"] = str(closed_port())
    return paths


@pytest.fixture
def offline_hub(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """The Hub client pointed at a closed loopback port, with short retries."""
    endpoint = f"http://127.0.0.1:{closed_port()}"
    point_hub_client(endpoint, tmp_path, monkeypatch)
    monkeypatch.setenv("MOFKIT_HF_ATTEMPTS", "1")
    return endpoint


def fill(args: list[str], paths: dict[str, str]) -> list[str]:
    """``{name}`` in each argument replaced by the zoo's path of that name."""
    return [re.sub(r"\{([^{}]+)\}", lambda m: paths[m.group(1)], a) for a in args]


def error_lines(err: str) -> list[str]:
    return [line for line in err.splitlines() if line.startswith("mof: ")
            and ("error" in line)]


def assert_one_line_error(code: int, err: str, names: str) -> None:
    """Exit 2, no traceback, exactly one error line, and it names the input."""
    assert code == 2, err
    assert "Traceback" not in err and "internal error" not in err, err
    lines = error_lines(err)
    assert len(lines) == 1, err
    assert lines[0].startswith("mof: error: "), err
    assert names in lines[0], err


# ---------------------------------------------------------------- one bad input, one line
# (args, the text the error line must contain, a phrase saying what is wrong)
SINGLE = [
    # mof assess: every way a record file can be wrong
    (["assess", "{broken.yml}"], "broken.yml", "malformed YAML at line 2"),
    (["assess", "{broken.json}"], "broken.json", "malformed JSON"),
    (["assess", "{empty.yml}"], "empty.yml", "got empty"),
    (["assess", "{binary.yml}"], "binary.yml", "not a UTF-8 text file"),
    (["assess", "{latin1.yml}"], "latin1.yml", "not a UTF-8 text file"),
    (["assess", "{scalar.yml}"], "scalar.yml", "expected a mapping"),
    (["assess", "{list.yml}"], "list.yml", "expected a mapping"),
    (["assess", "{invalid.yml}"], "invalid.yml", "not a valid MOT record"),
    (["assess", "{unknown-component.yml}"], "unknown-component.yml",
     "unknown component name 'Flux capacitor'"),
    (["assess", "{self-alias.yml}"], "self-alias.yml", "refers to itself"),
    (["assess", "{laughs.yml}"], "laughs.yml", "too large"),
    (["assess", "{tabs.yml}"], "tabs.yml", "malformed YAML"),
    (["assess", "{python-tag.yml}"], "python-tag.yml", "malformed YAML"),
    (["assess", "{nul.yml}"], "nul.yml", "malformed YAML"),
    (["assess", "{missing}"], "missing.yml", "no such file"),
    (["assess", "{dir.yml}"], "dir.yml", "is a directory"),
    (["assess", "{loop-a}"], "loop-a", "symbolic links"),
    (["assess", "{fifo.yml}"], "fifo.yml", "not a regular file"),
    (["assess", "{good.yml}", "--format", "pdf"], "'pdf'", "unknown format"),
    (["assess", "{good.yml}", "--rules", "osi"], "'osi'", "unknown rule set"),
    (["assess", "{good.yml}", "--format"], "--format", "requires an argument"),
    (["assess"], "RECORD.yml", "Missing argument"),
    # mof export
    (["export", "{broken.yml}"], "broken.yml", "malformed YAML"),
    (["export", "{fifo.yml}"], "fifo.yml", "not a regular file"),
    (["export", "{good.yml}", "--out", "nowhere/out.yml"], "nowhere/out.yml",
     "folder does not exist"),
    (["export", "{good.yml}", "--out", "{emptydir}"], "emptydir", "is a folder"),
    (["export", "{good.yml}", "--out", "{LICENSE}/x.yml"], "LICENSE/x.yml", "cannot write"),
    (["export", "{good.yml}", "--out", "/proc/version"], "/proc/version", "cannot write"),
    # mof scan
    (["scan", "{missing}"], "missing.yml", "no such file or folder"),
    (["scan", ""], "''", "empty path"),
    (["scan", "{loop-a}"], "loop-a", "link loop"),
    (["scan", "{fifo.yml}"], "fifo.yml", "not a regular file or folder"),
    (["scan", "{emptydir}"], "emptydir", "no files to scan"),
    (["scan", "{only-links}"], "only-links", "no files to scan"),
    (["scan", "{release}", "--code", "{missing}"], "missing.yml", "no such file"),
    (["scan", "{release}", "--code", ""], "''", "empty path"),
    (["scan", "{release}", "--paper", "not a paper"], "not a paper", "arXiv id"),
    (["scan", "{release}", "--paper", ""], "''", "arXiv id"),
    (["scan", "{release}", "--format", "pdf"], "'pdf'", "unknown format"),
    (["scan", "{release}", "--rules", "x"], "'x'", "unknown rule set"),
    (["scan", "hf:"], "hf:", "not a Hugging Face model"),
    (["scan", "hf:a/b/c/d"], "hf:a/b/c/d", "not a Hugging Face model"),
    (["scan", "hf:org/name@"], "hf:org/name@", "not a Hugging Face model"),
    (["scan", "http://127.0.0.1:{port}/x.git"], "127.0.0.1:{port}/x.git", "git clone failed"),
    # mof init
    (["init", "{release}", "--out", "nowhere/mof.yml"], "nowhere/mof.yml",
     "folder does not exist"),
    # mof check
    (["check", "{broken.yml}", "--min-class", "III"], "broken.yml", "malformed YAML"),
    (["check", "{binary.yml}", "--min-class", "III"], "binary.yml", "not a UTF-8"),
    (["check", "{empty.yml}", "--min-class", "III"], "empty.yml", "got empty"),
    (["check", "{laughs.yml}", "--min-class", "III"], "laughs.yml", "too large"),
    (["check", "{fifo.yml}", "--min-class", "III"], "fifo.yml", "not a regular file"),
    (["check", "{loop-a}", "--min-class", "III"], "loop-a", "link loop"),
    (["check", "{plain.txt}", "--min-class", "III"], "plain.txt", "not a MOT record"),
    (["check", "{emptydir}", "--min-class", "III"], "emptydir", "no files to scan"),
    (["check", "", "--min-class", "III"], "''", "empty path"),
    (["check", "hf:org/name", "--min-class", "III"], "hf:org/name", "mof scan"),
    (["check", "{good.yml}", "--min-class", "IV"], "'IV'", "unknown class"),
    (["check", "{good.yml}", "--min-class", ""], "''", "unknown class"),
    # mof badge
    (["badge", "{broken.yml}", "--class", "III", "--out", "b.svg"], "broken.yml",
     "malformed YAML"),
    (["badge", "{good.yml}", "--class", "III", "--out", "b.svg", "--format", "gif"], "'gif'",
     "unknown format"),
    (["badge", "{good.yml}", "--class", "III", "--out", "b.gif"], "b.gif",
     "cannot tell the badge format"),
    (["badge", "{good.yml}", "--class", "IV", "--out", "b.svg"], "'IV'", "unknown class"),
    (["badge", "{good.yml}", "--class", "III", "--out", "nowhere/b.svg"], "nowhere/b.svg",
     "folder does not exist"),
    (["badge", "{good.yml}", "--class", "III", "--out", "/proc/b.svg"], "/proc/b.svg",
     "cannot write"),
    # mof licenses
    (["licenses", "{missing}"], "missing.yml", "no such file or folder"),
    (["licenses", ""], "''", "empty path"),
    (["licenses", "{loop-a}"], "loop-a", "link loop"),
    (["licenses", "{LICENSE}", "--format", "xml"], "'xml'", "unknown format"),
]


@pytest.mark.parametrize(("args", "names", "what"), SINGLE,
                         ids=[" ".join(c[0]) for c in SINGLE])
def test_bad_input_is_one_line_exit_2(args: list[str], names: str, what: str,
                                      zoo: dict[str, str],
                                      capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(fill(args, zoo), capsys)
    assert_one_line_error(code, err, fill([names], zoo)[0])
    assert what in err
    assert out == ""
    assert not any(Path(p).exists() for p in ("b.svg", "b.gif", "out.yml"))


# ------------------------------------------------- bad environment: the Hub client's knobs
ENV_CASES = [
    ({"MOFKIT_HF_ATTEMPTS": "many"}, "MOFKIT_HF_ATTEMPTS", "whole number"),
    ({"MOFKIT_HF_BACKOFF": "nan"}, "MOFKIT_HF_BACKOFF", "number"),
    ({"MOFKIT_HF_LINEAGE_DEPTH": "-1"}, "MOFKIT_HF_LINEAGE_DEPTH", "whole number"),
    ({"HF_ENDPOINT": "not-a-url"}, "HF_ENDPOINT", "not an http(s) URL"),
    ({"HF_ENDPOINT": "ftp://127.0.0.1"}, "HF_ENDPOINT", "not an http(s) URL"),
    ({"HF_ENDPOINT": "http://[::1"}, "HF_ENDPOINT", "not an http(s) URL"),
    ({"HF_ENDPOINT": "http://127.0.0.1:99999"}, "HF_ENDPOINT", "not an http(s) URL"),
]


@pytest.mark.parametrize(("env", "names", "what"), ENV_CASES,
                         ids=[next(iter(c[0].items()))[1] for c in ENV_CASES])
def test_bad_hub_settings_are_one_line(env: dict[str, str], names: str, what: str,
                                       offline_hub: str, monkeypatch: pytest.MonkeyPatch,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    code, out, err = run(["scan", "hf:org/name", "--format", "json"], capsys)
    assert_one_line_error(code, err, names)
    assert what in err and out == ""


def test_unreachable_hub_is_one_line(offline_hub: str,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["scan", "hf:org/name", "--format", "json"], capsys)
    assert_one_line_error(code, err, "hf:org/name")
    assert "cannot reach the Hub" in err and out == ""


def test_offline_without_cache_is_one_line(offline_hub: str,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["scan", "hf:org/name", "--offline"], capsys)
    assert_one_line_error(code, err, "hf:org/name")
    assert "offline" in err and out == ""


def test_a_bad_endpoint_keeps_stdout_clean() -> None:
    """huggingface_hub prints its own import errors to stdout: a bad HF_ENDPOINT must be
    caught before the library reads it (a real process: the library is not imported)."""
    import subprocess

    env = {**os.environ, "HF_ENDPOINT": "http://[::1", "MOFKIT_HF_ATTEMPTS": "1",
           "HF_HUB_DISABLE_TELEMETRY": "1"}
    proc = subprocess.run([sys.executable, "-m", "mofkit", "scan", "hf:org/name", "-f", "json"],
                          capture_output=True, text=True, env=env, timeout=60, check=False)
    assert proc.returncode == 2 and proc.stdout == ""
    assert_one_line_error(proc.returncode, proc.stderr, "HF_ENDPOINT")


# ------------------------------------------------------ several inputs: the good ones stay
def test_assess_keeps_the_good_records_in_json(zoo: dict[str, str],
                                               capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["assess", "good.yml", "broken.yml", "laughs.yml", "fifo.yml",
                          "good.yml", "--format", "json"], capsys)
    assert code == 2 and "Traceback" not in err
    data = json.loads(out)  # stdout is only the JSON
    assert [d["source"] for d in data] == ["good.yml", "broken.yml", "laughs.yml", "fifo.yml",
                                           "good.yml"]
    assert data[0]["mof"]["class"] == 3 and data[4]["mof"]["class"] == 3
    assert [bool(d.get("error")) for d in data] == [False, True, True, True, False]
    lines = error_lines(err)
    assert len(lines) == 3 and all(n in e for n, e in zip(
        ("broken.yml", "laughs.yml", "fifo.yml"), lines, strict=True))


@pytest.mark.parametrize("fmt", ["text", "markdown", "html", "mot-yaml", "cyclonedx", "spdx3"])
def test_assess_keeps_the_good_records_in_every_format(fmt: str, zoo: dict[str, str],
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["assess", "good.yml", "missing.yml", "--format", fmt], capsys)
    assert_one_line_error(code, err, "missing.yml")
    assert "Open3" in out


def test_licenses_keeps_the_good_paths(zoo: dict[str, str],
                                       capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["licenses", "LICENSE", "missing.yml", "--format", "json"], capsys)
    assert_one_line_error(code, err, "missing.yml")
    assert [d["path"] for d in json.loads(out)] == ["LICENSE"]


def test_licenses_skips_a_fifo_instead_of_blocking(zoo: dict[str, str],
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["licenses", "fifo.yml", "LICENSE", "--format", "json"], capsys)
    assert code == 0 and "fifo.yml: skipped: not a regular file" in err
    assert [d["path"] for d in json.loads(out)] == ["LICENSE"]


# --------------------------------------------------------------------- no half-written files
def test_a_failed_export_leaves_no_file(zoo: dict[str, str], tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "out.yml"
    target.write_text("keep me\n", encoding="utf-8")
    code, _, err = run(["export", "broken.yml", "--out", str(target)], capsys)
    assert_one_line_error(code, err, "broken.yml")
    assert target.read_text(encoding="utf-8") == "keep me\n"
    assert sorted(p.name for p in tmp_path.glob(".out.yml.*")) == []


def test_zoo_is_what_it_says(zoo: dict[str, str]) -> None:
    assert stat.S_ISFIFO(os.stat("fifo.yml").st_mode)
    assert not os.path.exists("loop-a") and os.path.islink("loop-a")


# ------------------------------------------------------------------------------ mof registry
REGISTRY = [
    (["registry", "add", "{fifo.yml}", "--db", "r.db"], "fifo.yml", "not a regular file"),
    (["registry", "add", "{plain.txt}", "--db", "r.db"], "plain.txt", "not a Model Openness"),
    (["registry", "add", "", "--db", "r.db"], "''", "empty path"),
    (["registry", "add", "{good.yml}", "--db", "mysql://x"], "mysql://x", "unsupported"),
    (["registry", "add", "{good.yml}", "--db", "sqlite:///"], "sqlite:///",
     "names no database file"),
    (["registry", "add", "{good.yml}", "--db", "sqlite://"], "sqlite://",
     "names no database file"),
    (["registry", "add", "{good.yml}", "--db", "sqlite:///:memory:"], "sqlite:///:memory:",
     "names no database file"),
    (["registry", "add", "{good.yml}", "--db", "{emptydir}"], "emptydir", "is a folder"),
    (["registry", "add", "{good.yml}", "--db", "nowhere/r.db"], "nowhere/r.db",
     "folder does not exist"),
    (["registry", "add", "{good.yml}", "--db", "{good.yml}"], "good.yml",
     "file is not a database"),
    (["registry", "add", "{good.yml}", "--db", "postgresql://u:secret@127.0.0.1:{port}/db"],
     "127.0.0.1:{port}", "cannot open the registry"),
    (["registry", "import-mot", "{missing}", "--db", "r.db"], "missing.yml", "not a folder"),
    (["registry", "import-mot", "{good.yml}", "--db", "r.db"], "good.yml", "not a folder"),
    (["registry", "import-mot", "{emptydir}", "--db", "r.db"], "emptydir", "no Model Openness"),
    (["registry", "import-mot", "", "--db", "r.db"], "''", "empty path"),
    (["registry", "export", "--db", "r.db", "--format", "xml"], "'xml'", "unknown format"),
    (["registry", "export", "--db", "r.db", "--rules", "x"], "'x'", "unknown rule set"),
    (["registry", "export", "--db", "r.db", "--out", "{emptydir}"], "emptydir", "is a folder"),
    (["registry", "list", "--db", "r.db", "--format", "xml"], "'xml'", "unknown format"),
    (["registry", "list", "--db", "r.db", "--limit", "-5"], "--limit", "between 1 and"),
    (["registry", "list", "--db", "r.db", "--limit", "many"], "--limit", "integer"),
]


@pytest.mark.parametrize(("args", "names", "what"), REGISTRY,
                         ids=[" ".join(c[0][:3]) + " " + c[1] for c in REGISTRY])
def test_registry_bad_input_is_one_line(args: list[str], names: str, what: str,
                                        zoo: dict[str, str],
                                        capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(fill(args, zoo), capsys)
    assert_one_line_error(code, err, fill([names], zoo)[0])
    assert what in err and out == ""
    assert "secret" not in err  # a database password is never echoed


def test_registry_add_keeps_the_good_sources(zoo: dict[str, str], offline_hub: str,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["registry", "add", "good.yml", "broken.yml", "hf:org/name",
                        "missing.yml", "--db", "r.db"], capsys)
    assert code == 2 and "Traceback" not in err
    lines = error_lines(err)
    assert len(lines) == 3
    assert "broken.yml" in lines[0] and "malformed YAML" in lines[0]
    assert "hf:org/name" in lines[1] and "cannot reach the Hub" in lines[1]
    assert "missing.yml" in lines[2]
    code, out, _ = run(["registry", "list", "--db", "r.db", "--format", "json"], capsys)
    assert code == 0 and [m["name"] for m in json.loads(out)["models"]] == ["Open3"]


def test_registry_import_keeps_the_good_records(zoo: dict[str, str], tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    models = tmp_path / "models"
    models.mkdir()
    for name in ("good.yml", "broken.yml", "laughs.yml"):
        (models / name).write_bytes((tmp_path / name).read_bytes())
    os.mkfifo(models / "fifo.yml")  # not a file: not a record to import
    code, _, err = run(["registry", "import-mot", str(models), "--db", "r.db"], capsys)
    assert code == 2 and "Traceback" not in err
    assert [line.split(":")[2].strip() for line in error_lines(err)] == [
        str(models / "broken.yml"), str(models / "laughs.yml")]
    assert "imported 1 records" in err and "2 failed" in err


# -------------------------------------------------------------------------------- mof serve
# Only option values that are refused before anything listens: no server is started.
SERVE = [
    (["serve", "--db", "r.db", "--port", "70000"], "--port", "less than or equal to 65535"),
    (["serve", "--db", "r.db", "--port", "-1"], "--port", "greater than or equal to 1"),
    (["serve", "--db", "r.db", "--port", "http"], "--port", "integer"),
    (["serve", "--db", "r.db", "--workers", "0"], "--workers", "greater than or equal to 1"),
    (["serve", "--db", "r.db", "--read-rate", "-5"], "--read-rate", "greater than or equal"),
    (["serve", "--db", "r.db", "--write-rate", "-1"], "--write-rate", "greater than or equal"),
    (["serve", "--db", "mysql://x"], "mysql://x", "unsupported database URL"),
    (["serve", "--db", "sqlite:///"], "sqlite:///", "names no database file"),
    (["serve", "--db", "{emptydir}"], "emptydir", "is a folder"),
    (["serve", "--db", "{good.yml}"], "good.yml", "file is not a database"),
    (["serve", "--db", "r.db", "--host", "192.0.2.1", "--port", "{port}"], "192.0.2.1:{port}",
     "cannot listen"),
]


@pytest.mark.parametrize(("args", "names", "what"), SERVE, ids=[c[1] for c in SERVE])
def test_serve_bad_options_are_one_line(args: list[str], names: str, what: str,
                                        zoo: dict[str, str],
                                        capsys: pytest.CaptureFixture[str]) -> None:
    import uvicorn

    def never(*_: object, **__: object) -> None:
        raise AssertionError("a server was started")

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(uvicorn, "run", never)
        code, out, err = run(fill(args, zoo), capsys)
    assert_one_line_error(code, err, fill([names], zoo)[0])
    assert what in err and out == ""


def test_serve_on_a_port_in_use_is_one_line(zoo: dict[str, str],
                                            capsys: pytest.CaptureFixture[str]) -> None:
    import uvicorn

    with socket.socket() as busy, pytest.MonkeyPatch.context() as patch:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        patch.setattr(uvicorn, "run", lambda *a, **k: pytest.fail("a server was started"))
        code, out, err = run(["serve", "--db", "r.db", "--port", str(port)], capsys)
    assert_one_line_error(code, err, f"127.0.0.1:{port}")
    assert "cannot listen" in err and out == ""


# --------------------------------------------------------------------------------- mof bulk
BULK_OPTIONS = ["--no-progress", "--workers", "1", "--hub-rate", "none"]
BULK = [
    (["bulk", "{missing}", "--out", "o.jsonl"], "missing.yml", "cannot read the sources list"),
    (["bulk", "{binary.yml}", "--out", "o.jsonl"], "binary.yml", "not UTF-8"),
    (["bulk", "{latin1.yml}", "--out", "o.jsonl"], "latin1.yml", "not UTF-8"),
    (["bulk", "{fifo.yml}", "--out", "o.jsonl"], "fifo.yml", "not a regular file"),
    (["bulk", "{emptydir}", "--out", "o.jsonl"], "emptydir", "Is a directory"),
    (["bulk", "{loop-a}", "--out", "o.jsonl"], "loop-a", "symbolic links"),
    (["bulk", "{empty.yml}", "--out", "o.jsonl"], "empty.yml", "no sources to rate"),
    (["bulk", "--out", "o.jsonl"], "--hf-search", "give either"),
    (["bulk", "{plain.txt}", "--out", "o.jsonl", "--limit", "0"], "--limit",
     "greater than or equal to 1"),
    (["bulk", "{plain.txt}", "--out", "o.jsonl", "--workers", "0"], "--workers",
     "greater than or equal to 1"),
    (["bulk", "{plain.txt}", "--out", "o.jsonl", "--timeout", "-1"], "--timeout",
     "greater than or equal to 0"),
    (["bulk", "{plain.txt}", "--out", "o.jsonl", "--backend", "spark"], "'spark'",
     "unknown backend"),
    (["bulk", "{plain.txt}", "--out", "o.jsonl", "--rules", "x"], "'x'", "unknown rule set"),
    (["bulk", "{plain.txt}", "--out", "o.jsonl", "--refresh"], "--refresh", "--resume"),
    (["bulk", "{plain.txt}", "--out", "o.jsonl", "--hub-rate", "api=abc"], "--hub-rate",
     "'abc' is not a number"),
    (["bulk", "{plain.txt}", "--out", "o.jsonl", "--hub-rate", "api=-1"], "--hub-rate",
     "'-1' is not a number"),
    (["bulk", "{plain.txt}", "--out", "o.jsonl", "--hub-rate", "api=1/0"], "--hub-rate",
     "more than 0"),
    (["bulk", "{plain.txt}", "--out", "o.jsonl", "--hub-rate", "api=1:0"], "--hub-rate",
     "at least 1"),
    (["bulk", "{plain.txt}", "--out", "o.jsonl", "--hub-rate", "downloads=3"], "--hub-rate",
     "bad rate"),
    (["bulk", "{plain.txt}", "--out", "o.jsonl", "--registry", "mysql://x"], "mysql://x",
     "unsupported database URL"),
    (["bulk", "{plain.txt}", "--out", "o.jsonl", "--registry", "sqlite:///"], "sqlite:///",
     "names no database file"),
    (["bulk", "{plain.txt}", "--out", "o.jsonl", "--summary-json", "nowhere/s.json"],
     "nowhere/s.json", "folder does not exist"),
    (["bulk", "{plain.txt}", "--out", "o.jsonl", "--summary-json", "{emptydir}"], "emptydir",
     "is a folder"),
    (["bulk", "{plain.txt}", "--out", "{emptydir}"], "emptydir", "is a folder"),
    (["bulk", "{plain.txt}", "--out", "{emptydir}", "--resume"], "emptydir", "is a folder"),
    (["bulk", "{plain.txt}", "--out", "{fifo.yml}", "--resume"], "fifo.yml",
     "not a regular file"),
    (["bulk", "{plain.txt}", "--out", "{binary.yml}", "--resume"], "binary.yml",
     "not a results file"),
    (["bulk", "{plain.txt}", "--out", "{LICENSE}", "--resume"], "LICENSE",
     "not a results file"),
    (["bulk", "{plain.txt}", "--out", "{LICENSE}"], "LICENSE", "not a results file"),
]


@pytest.mark.parametrize(("args", "names", "what"), BULK,
                         ids=[" ".join(c[0][1:2] + c[0][4:]) for c in BULK])
def test_bulk_bad_input_is_one_line(args: list[str], names: str, what: str,
                                    zoo: dict[str, str], tmp_path: Path,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    before = {p: p.read_bytes() for p in tmp_path.iterdir() if p.is_file()
              and not p.is_fifo()}
    code, out, err = run(["bulk", *BULK_OPTIONS, *fill(args[1:], zoo)], capsys)
    assert_one_line_error(code, err, fill([names], zoo)[0])
    assert what in err and out == ""
    assert not (tmp_path / "o.jsonl").exists()  # refused before anything ran
    after = {p: p.read_bytes() for p in before}
    assert after == before  # no input (a LICENSE given as --out) was cut or appended to


def test_bulk_search_of_an_unreachable_hub_is_one_quick_line(
        zoo: dict[str, str], offline_hub: str, capsys: pytest.CaptureFixture[str]) -> None:
    import time

    started = time.monotonic()
    code, out, err = run(["bulk", "--hf-search", "llama", "--out", "o.jsonl",
                          *BULK_OPTIONS], capsys)
    assert_one_line_error(code, err, "--hf-search 'llama'")
    assert "cannot reach the Hub" in err and out == ""
    assert err.count("\n") == 1  # huggingface_hub's own retry warnings stay quiet
    assert time.monotonic() - started < 10  # MOFKIT_HF_ATTEMPTS=1, not 5 retries up to 8 s


# -------------------------------------------------------------------------------- mof audit
AUDIT = [
    (["audit", "{missing}"], "missing.yml", "no such file or folder"),
    (["audit", ""], "''", "empty path"),
    (["audit", "{release}", "--policy", ""], "--policy ''", "empty path"),
    (["audit", "{release}", "--policy", "{missing}"], "missing.yml", "no such policy file"),
    (["audit", "{release}", "--policy", "{broken.yml}"], "broken.yml", "not valid YAML"),
    (["audit", "{release}", "--policy", "{scalar.yml}"], "scalar.yml", "expected a mapping"),
    (["audit", "{release}", "--policy", "{emptydir}"], "emptydir", "is a folder"),
    (["audit", "{release}", "--policy", "{fifo.yml}"], "fifo.yml", "not a regular file"),
    (["audit", "{release}", "--format", "xml"], "'xml'", "unknown format"),
    (["audit", "{release}", "--rules", "x"], "'x'", "unknown rule set"),
    (["audit", "{release}", "--today", "2024-13-01"], "'2024-13-01'", "YYYY-MM-DD"),
    (["audit", "{release}", "--discover-only", "--format", "sarif"], "--discover-only",
     "text or json"),
    (["audit", "{release}", "--out", "nowhere/a.txt"], "nowhere/a.txt", "folder does not exist"),
    (["audit", "{release}", "--out", "{emptydir}"], "emptydir", "is a folder"),
]


@pytest.mark.parametrize(("args", "names", "what"), AUDIT,
                         ids=[" ".join(c[0][2:]) or c[1] for c in AUDIT])
def test_audit_bad_input_is_one_line(args: list[str], names: str, what: str,
                                     zoo: dict[str, str], offline_hub: str,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(fill(args, zoo), capsys)
    assert_one_line_error(code, err, fill([names], zoo)[0])
    assert what in err and out == ""

AUDIT_YAML = [
    ("self-alias.yml", "refers to itself"),
    ("laughs.yml", "once its aliases are expanded"),
]


@pytest.mark.parametrize(("name", "what"), AUDIT_YAML)
def test_an_audit_policy_whose_aliases_loop_or_explode_is_one_line(
        name: str, what: str, zoo: dict[str, str], offline_hub: str,
        capsys: pytest.CaptureFixture[str]) -> None:
    started = time.monotonic()
    code, out, err = run(["audit", zoo["release"], "--policy", zoo[name]], capsys)
    assert_one_line_error(code, err, name)
    assert what in err and out == ""
    assert time.monotonic() - started < 10


def test_an_audit_skips_a_fifo_in_the_codebase(tmp_path: Path, offline_hub: str,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    code_dir = tmp_path / "code"
    code_dir.mkdir()
    os.mkfifo(code_dir / "pipe.py")  # reading it would block for ever
    (code_dir / "load.py").write_text(
        'from transformers import AutoModel\nAutoModel.from_pretrained("org/name")\n',
        encoding="utf-8")
    code, out, err = run(["audit", str(code_dir), "--discover-only", "--format", "json"],
                         capsys)
    assert code == 0, err
    data = json.loads(out)
    assert [m["model"] for m in data["models"]] == ["org/name"]
    assert any("pipe.py" in note and "not a regular file" in note for note in data["notes"])


def test_an_audit_that_cannot_reach_the_hub_writes_its_report_and_exits_2(
        tmp_path: Path, offline_hub: str, capsys: pytest.CaptureFixture[str]) -> None:
    """A network failure is not a verdict: the report is there, the gate says 2."""
    code_dir = tmp_path / "code"
    code_dir.mkdir()
    (code_dir / "load.py").write_text(
        'from transformers import AutoModel\nAutoModel.from_pretrained("org/name")\n'
        'AutoModel.from_pretrained("org/other")\n', encoding="utf-8")
    code, out, err = run(["audit", str(code_dir), "--format", "json"], capsys)
    assert_one_line_error(code, err, "org/name")
    assert "cannot reach the Hub" in err and "1 more model" in err and "incomplete" in err
    models = json.loads(out)["models"]
    assert {m["model"] for m in models} == {"org/name", "org/other"}
    assert all(m["assessment"] is None and m["error"] for m in models)


def test_a_model_card_whose_aliases_explode_is_a_problem_not_a_hang(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    release = tmp_path / "release"
    release.mkdir()
    front = LAUGHS.replace("release: {name: X, producer: P, components: [], extra: *i}",
                           "license: mit\nextra: *i")
    (release / "README.md").write_text(f"---\n{front}---\n# A model\n", encoding="utf-8")
    (release / "LICENSE").write_text("MIT License\n", encoding="utf-8")
    started = time.monotonic()
    code, out, err = run(["scan", str(release), "--format", "json"], capsys)
    assert code == 0, err
    assert time.monotonic() - started < 20
    assert any("front matter not read" in p and "aliases are expanded" in p
               for p in json.loads(out)["attachments"]["scan"]["problems"])


# ------------------------------------------------------------- the Hub answers something odd
def test_malformed_hub_metadata_is_one_line(offline_hub: str, monkeypatch: pytest.MonkeyPatch,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    from fakehub import FakeHub, serve
    from fakehub.repos import repo_from_dict

    hub = FakeHub()
    hub.add(repo_from_dict("org/odd", {"README.md": "---\ntags: 5\n---\n# odd\n"}))
    hub.add(repo_from_dict("org/nocard", {"config.json": '{"model_type": "llama"}'}))
    with serve(hub) as running:
        monkeypatch.setenv("HF_ENDPOINT", running.url)
        code, out, err = run(["scan", "hf:org/odd", "--format", "json"], capsys)
        assert_one_line_error(code, err, "hf:org/odd")
        assert "could not read the Hub's answer" in err and out == ""
        code, out, err = run(["scan", "hf:org/gone", "--format", "json"], capsys)
        assert_one_line_error(code, err, "hf:org/gone")
        assert "not found on the Hub" in err and out == ""
        # no model card is a verdict (the component is missing), not an error
        code, out, err = run(["scan", "hf:org/nocard", "--format", "json"], capsys)
        assert code == 0, err
        cards = [c for c in json.loads(out)["mof"]["components"] if c["id"] == "model-card"]
        assert cards and cards[0]["status"] == "missing"


def test_a_bug_on_one_record_keeps_the_others_results(zoo: dict[str, str],
                                                      monkeypatch: pytest.MonkeyPatch,
                                                      capsys: pytest.CaptureFixture[str]
                                                      ) -> None:
    import mofkit.assess as engine

    real = engine.assess
    calls = []

    def flaky(release: object, rules: str = "mof") -> object:
        calls.append(release)
        if len(calls) == 1:
            raise KeyError("a bug")
        return real(release, rules=rules)

    monkeypatch.setattr(engine, "assess", flaky)
    monkeypatch.delenv("MOFKIT_DEBUG", raising=False)
    code, out, err = run(["assess", zoo["good.yml"], zoo["good.yml"], "--format", "json"],
                         capsys)
    assert code == 2 and "Traceback" not in err
    assert err.count("internal error: KeyError") == 1
    first, second = json.loads(out)
    assert "internal error" in first["error"] and second["mof"]["class"] == 3
