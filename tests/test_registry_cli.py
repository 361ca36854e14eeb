"""`mof registry` and `mof serve` on the command line (SQLite in tmp_path)."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

import pytest

from mofkit.cli import main
from web_fixtures import OPEN_COMPONENTS, record, write_records


def run(argv, capsys):
    try:
        main(argv)
        code = 0
    except SystemExit as exc:
        code = exc.code
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def registry_records(tmp_path):
    return write_records(tmp_path / "models", [
        record("Open-One", producer="Lab A", released="2024-05-02"),
        record("Half-Two", producer="Lab B", components=OPEN_COMPONENTS[:2]),
        record("Llama-Like", producer="Lab C", licence="llama3"),
    ])


def test_import_mot_then_export(tmp_path, registry_records, capsys):
    db = str(tmp_path / "r.db")
    folder = str(registry_records[0].parent)
    code, _, err = run(["registry", "import-mot", folder, "--db", db], capsys)
    assert code == 0, err
    assert "imported 3 records: 3 new models, 0 updated, 0 unchanged, 0 failed" in err
    code, _, err = run(["registry", "import-mot", folder, "--db", db], capsys)
    assert "0 new models, 0 updated, 3 unchanged" in err
    code, out, _ = run(["registry", "export", "--db", db], capsys)
    items = json.loads(out)
    assert [i["name"] for i in items] == ["Half-Two", "Llama-Like", "Open-One"]
    assert all(set(i["assessments"]) == {"mof", "mot-compat"} for i in items)
    code, out, _ = run(["registry", "export", "--db", db, "--format", "csv"], capsys)
    rows = {r["name"]: r for r in csv.DictReader(io.StringIO(out))}
    assert rows["Open-One"]["mof_class"] == "3" and rows["Llama-Like"]["mof_class"] == "0"
    out_file = tmp_path / "dump.jsonl"
    code, _, _ = run(["registry", "export", "--db", db, "-f", "jsonl", "-o", str(out_file)],
                     capsys)
    assert len(out_file.read_text().splitlines()) == 3


def test_add_records_and_list(tmp_path, registry_records, capsys, monkeypatch):
    monkeypatch.setenv("MOFKIT_DB", str(tmp_path / "env.db"))
    first, third = str(registry_records[0]), str(registry_records[2])
    code, _, err = run(["registry", "add", first, third], capsys)
    assert code == 0, err
    assert "new       open-one (mof" in err and "added     open-one (mot-compat" in err
    code, out, err = run(["registry", "list", "--format", "json"], capsys)
    assert [m["name"] for m in json.loads(out)["models"]] == ["Open-One", "Llama-Like"]
    code, out, err = run(["registry", "list", "-q", "llama"], capsys)
    assert "Llama-Like" in out and "Open-One" not in out and "1 models" in err


def test_list_is_a_table_with_headers_and_json_is_clean(tmp_path, registry_records, capsys):
    db = str(tmp_path / "r.db")
    first, third = str(registry_records[0]), str(registry_records[2])
    code, _, err = run(["registry", "add", first, third, "--db", db], capsys)
    assert code == 0, err
    code, out, err = run(["registry", "list", "--db", db], capsys)
    lines = out.splitlines()
    assert lines[0].split() == ["#", "Model", "Producer", "MOF", "class", "Progress",
                                "mot-compat", "OSAID", "Licence", "Released"]
    assert set(lines[1].strip()) == {"─"}  # a rule under the headers
    first = lines[2].split()
    assert first[:2] == ["1", "Open-One"] and "Apache License 2.0" in lines[2]
    assert first[-1] == "2024-05-02" and lines[3].split()[-1] == "unknown"  # not its record date
    # the columns line up: each value starts under its header
    assert lines[2].index("Open-One") == lines[0].index("Model")
    assert lines[3].index("Llama-Like") == lines[0].index("Model")
    assert "2 models" in err and "models" not in out.replace("Model", "")
    code, out, err = run(["registry", "list", "--db", db, "--format", "json"], capsys)
    assert code == 0 and json.loads(out)["pager"]["total_items"] == 2  # nothing else on stdout


def test_errors_are_one_line_exit_2(tmp_path, registry_records, capsys):
    db = str(tmp_path / "r.db")
    bad = tmp_path / "bad.yml"
    bad.write_text("release: [not, a, mapping", encoding="utf-8")
    code, _, err = run(["registry", "add", str(registry_records[0]), str(bad),
                        str(tmp_path / "missing.yml"), "--db", db], capsys)
    assert code == 2
    lines = [line for line in err.splitlines() if line.startswith("mof: error:")]
    assert len(lines) == 2 and "missing.yml: no such file or folder" in lines[1]
    # The good record was still stored.
    code, out, _ = run(["registry", "list", "--db", db, "-f", "json"], capsys)
    assert json.loads(out)["pager"]["total_items"] == 1
    for argv, needle in [
        (["registry", "import-mot", str(tmp_path / "nowhere"), "--db", db], "not a folder"),
        (["registry", "export", "--db", db, "-f", "xml"], "unknown format"),
        (["registry", "list", "--db", "mysql://x/y"], "unsupported database URL"),
        (["registry", "list", "--db", "postgresql://u:secret@127.0.0.1:1/x"],
         "cannot open the registry"),
    ]:
        code, _, err = run(argv, capsys)
        assert code == 2 and needle in err and len(err.strip().splitlines()) == 1, err
        assert "secret" not in err


def test_help_stays_fast_and_light():
    code = ("import sys, mofkit.cli; "
            "print(any(m.split('.')[0] in ('sqlalchemy', 'fastapi', 'uvicorn', 'alembic', "
            "'jinja2') for m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.strip()
    assert out == "False"


def _alive_in_group(pgid):
    """Processes of group ``pgid`` that are not zombies (a container's init may
    be slow to reap what it inherits)."""
    from pathlib import Path

    alive = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid and fields[0] != "Z":
            alive.append(int(stat.parent.name))
    return alive


def _free_port():
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.parametrize("workers", [1, 2])
def test_mof_serve_from_the_command_line(tmp_path, registry_records, capsys, workers):
    """`mof serve` as a person starts it: a subprocess on a free loopback port
    with --db on a tmp SQLite file; list and leaderboard answer; SIGTERM stops
    it cleanly (no traceback, every worker gone, the port closed)."""
    import os
    import signal
    import time

    import httpx

    db = tmp_path / "served.db"
    assert run(["registry", "import-mot", str(registry_records[0].parent), "--db", str(db)],
               capsys)[0] == 0
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("MOFKIT_ADMIN_TOKEN",
                                                             "MOFKIT_SERVE_SETTINGS")}
    proc = subprocess.Popen(
        [sys.executable, "-m", "mofkit", "serve", "--db", str(db), "--port", str(port),
         "--workers", str(workers), "--no-queue", "--write-rate", "2"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
        start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            assert proc.poll() is None, proc.stderr.read()
            try:
                listed = httpx.get(f"{base}/api/v1/models", timeout=5)
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline, "mof serve did not answer in 60 s"
                time.sleep(0.1)
        assert listed.status_code == 200
        body = listed.json()
        assert body["pager"]["total_items"] == 3
        board = httpx.get(f"{base}/models", timeout=5)
        assert board.status_code == 200 and "Leaderboard" in board.text
        for m in body["models"]:
            assert f'href="/models/{m["slug"]}"' in board.text
        if workers == 1:  # X-Forwarded-For from an unconfigured peer does not reset a limit
            codes = [httpx.post(f"{base}/api/v1/submissions", json={"source": "hf:a/b"},
                                headers={"x-forwarded-for": f"10.9.8.{i}"}).status_code
                     for i in range(4)]
            assert codes == [403, 403, 429, 429]
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            code = proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            raise
        err = proc.stderr.read()
    # uvicorn finishes its shutdown, then re-raises the signal it caught.
    assert code in (0, -signal.SIGTERM), err
    assert "submissions are turned off" in err and f"{workers} worker" in err
    assert "Traceback" not in err
    deadline = time.monotonic() + 10  # no worker outlives the server
    while _alive_in_group(proc.pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert _alive_in_group(proc.pid) == []
    with pytest.raises(httpx.TransportError):  # the port is closed
        httpx.get(f"{base}/api/v1/models", timeout=2)
