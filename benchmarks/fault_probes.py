"""Hostile inputs and faults, each run through `mof` as a user would: prints a table
probe | command | exit | seconds | message (the first `mof:` line on stderr).

    python benchmarks/fault_probes.py [--markdown]

Builds its fixtures in a temporary folder (records, cards, policies, configs, licence
files, odd file names, links, a locked registry, a loopback server that accepts
connections and never answers); needs nothing from the network or ../shared. Every
probe is expected to end within its time bound with exit status 0, 1 or 2, no
traceback and no internal error; a probe that breaks a promise is marked ``BROKEN``
and the script exits 1.
"""

from __future__ import annotations

import os
import shlex
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
from cli_helpers import OPEN3_RECORD as RECORD  # noqa: E402 - the tests' good record

MOF = [sys.executable, "-m", "mofkit"]
BOUND = 60.0  # seconds per probe

LAUGHS = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"{n}: &{n} [{', '.join([f'*{p}'] * 9)}]\n" for p, n in zip("abcdefgh", "bcdefghi",
                                                                 strict=True))
LOAD = 'from transformers import AutoModel\nAutoModel.from_pretrained("org/name")\n'


def build(tmp: Path) -> dict[str, str]:
    """The fixtures; returns names for the command templates."""
    def write(name: str, data: str | bytes) -> Path:
        path = tmp / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(data, encoding="utf-8")
        return path

    write("good.yml", RECORD)
    bad_date = RECORD.replace("  producer: Lab\n", "  producer: Lab\n  date: 2025-11-33\n")
    write("baddate.yml", bad_date)
    write("loop.yml", "a: &a [*a]\nrelease: *a\n")
    write("laughs.yml", LAUGHS + "release: {name: X, producer: P, components: [], x: *i}\n")
    write("deep.yml", "release: " + "[" * 500 + "]" * 500 + "\n")
    write("hugeint.yml", RECORD.replace("  producer: Lab\n", "  producer: Lab\n  version: "
                                        + "9" * 5000 + "\n"))
    write("binary.yml", b"\x00\x01\xff" * 100)
    write("utf16.yml", RECORD.encode("utf-16"))
    write("pytag.yml", "release: !!python/object/apply:os.system [echo hi]\n")
    write("esc.yml", RECORD.replace("name: Open3", 'name: "Ev\\e[2Jil\\rX\\e]0;pwned\\aY"'))
    write("mot/a.yml", RECORD)
    write("mot/b.yml", bad_date)
    write("mot/c.yml", RECORD.replace("Open3", "Open4"))
    write("policy-baddate.yml", "exceptions:\n  - {model: org/*, reason: x, expires: 2024-13-45}\n")
    write("policy-loop.yml", "a: &a [*a]\nmin_class: III\n")
    write("policy-laughs.yml", LAUGHS + "min_class: III\n")
    write("policy-typo.yml", "licence_kind: {deny: [non-commercial]}\n")
    write("policy.yml", "min_class: III\n")
    write("code-loop/config.yml", "x: &a [1, *a]\nmodel_id: org/looped\n")
    write("code-loop/load.py", LOAD)
    write("code-laughs/config.yml", LAUGHS + "model_id: org/bombed\n")
    write("code-laughs/load.py", LOAD)
    write("code-badjson/config.json", '{"model_id": "org/x", ')
    write("code-badjson/load.py", LOAD)
    write("code-hugeint/config.yml", "n: " + "9" * 5000 + "\nmodel_id: org/x\n")
    write("code-notes/README.txt", "no code\n")
    deep_json = '{"model_id": "org/x", "a": ' + "[" * 100_000 + "]" * 100_000 + "}"
    write("code-deep/config.json", deep_json)
    write("code-deep/load.py", LOAD)
    write("release-deep/config.json", deep_json)
    write("release-deep/LICENSE", "MIT License\n")
    write("release-badst/model.safetensors", (64).to_bytes(8, "little") + b"{not json" * 8)
    write("release-badst/LICENSE", "MIT License\n")
    write("code-models/load.py", LOAD)
    code_link = tmp / "code-link"
    code_link.mkdir()
    write("outside.py", LOAD.replace("org/name", "secret-org/secret"))
    os.symlink(tmp / "outside.py", code_link / "load.py")
    write("release/README.md", "# A model\n\nWeights under MIT.\n")
    write("release/LICENSE", "MIT License\n")
    write("card-laughs/README.md", "---\n" + LAUGHS + "license: mit\nx: *i\n---\n# card\n")
    write("card-laughs/LICENSE", "MIT License\n")
    write("card-baddate/README.md", "---\nlicense: mit\ndate: 2025-11-33\n---\n# card\n")
    write("card-baddate/LICENSE", "MIT License\n")
    write("card-binary/README.md", b"---\n\x00\xff\xfe\n---\n")
    write("card-binary/LICENSE", "MIT License\n")
    write("link-out/LICENSE", "MIT License\n")
    os.symlink("/etc/hostname", tmp / "link-out" / "README.md")
    os.symlink("/etc", tmp / "link-out" / "etc")
    names = tmp / "names"
    write("names/LICENSE", "MIT License\n")
    (Path(os.fsdecode(bytes(names) + b"/w-\x80\xff.safetensors"))).write_bytes(b"x" * 16)
    (Path(os.fsdecode(bytes(names) + b"/N-\x1b[2J.md"))).write_text("# n\n", encoding="utf-8")
    write("LICENSE-mit", "MIT License\n")
    write("LICENSE-utf16", ("MIT License\n\nPermission is hereby granted, free of charge, to "
                            "any person obtaining a copy\n").encode("utf-16"))
    write("LICENSE-binary", b"\x00" * 64)
    write("LICENSE-ref", "SPDX-License-Identifier: LicenseRef-\n")
    deep = tmp / "deeptree"
    deep.mkdir()
    fd = os.open(deep, os.O_RDONLY)
    for _ in range(30):
        os.mkdir("d" * 200, dir_fd=fd)
        child = os.open("d" * 200, os.O_RDONLY, dir_fd=fd)
        os.close(fd)
        fd = child
    os.close(fd)
    os.mkfifo(tmp / "fifo.yml")
    write("sources.txt", f"{names}\n{tmp / 'release'}\n")
    write("sources-dupes.txt", "hf:org/name\nhttps://huggingface.co/org/name\n")
    subprocess.run(MOF + ["registry", "add", str(tmp / "good.yml"), "--db",
                          str(tmp / "locked.db")], capture_output=True, check=False)
    subprocess.run(MOF + ["registry", "add", str(tmp / "good.yml"), "--db",
                          str(tmp / "ro.db")], capture_output=True, check=False)
    return {"tmp": str(tmp)}


PROBES: list[tuple[str, str]] = [
    # (probe, command; {stall} is a loopback port that never answers, {closed} a closed one)
    ("record: good", "assess good.yml"),
    ("record: bad unquoted date", "assess baddate.yml good.yml -f json"),
    ("record: alias loop", "assess loop.yml"),
    ("record: alias bomb (9^9)", "assess laughs.yml"),
    ("record: nesting 500 deep", "assess deep.yml"),
    ("record: 5000-digit number", "assess hugeint.yml"),
    ("record: binary bytes", "assess binary.yml"),
    ("record: UTF-16", "assess utf16.yml"),
    ("record: python tag", "assess pytag.yml"),
    ("record: FIFO", "assess fifo.yml"),
    ("record: terminal escapes in name", "assess esc.yml"),
    ("record: missing file", "assess missing.yml"),
    ("import-mot: one bad date of three", "registry import-mot mot --db i.db"),
    ("registry add: bad and good", "registry add baddate.yml good.yml --db a.db"),
    ("registry: locked by another writer", "registry add good.yml mot/c.yml --db locked.db"),
    ("registry: read-only", "registry add mot/c.yml --db sqlite:///file:{tmp}/ro.db?mode=ro&uri=true"),
    ("registry: postgres unreachable", "registry list --db postgresql://u@127.0.0.1:{closed}/x"),
    ("registry add: non-UTF-8 file names", "registry add names --db n.db"),
    ("registry list: escapes in names", "registry list --db e.db"),
    ("policy: bad expiry date", "audit release --policy policy-baddate.yml"),
    ("policy: alias loop", "audit release --policy policy-loop.yml"),
    ("policy: alias bomb", "audit release --policy policy-laughs.yml"),
    ("policy: unknown key", "audit release --policy policy-typo.yml"),
    ("audit: config alias loop", "audit code-loop --discover-only"),
    ("audit: config alias bomb", "audit code-laughs --discover-only"),
    ("audit: broken JSON config", "audit code-badjson --discover-only"),
    ("audit: 5000-digit number in config", "audit code-hugeint --discover-only"),
    ("audit: JSON nested 100,000 deep", "audit code-deep --discover-only"),
    ("scan: config.json nested 100,000 deep", "scan release-deep -f json"),
    ("scan: corrupt safetensors header", "scan release-badst -f json"),
    ("audit: nothing read, with a policy", "audit code-notes --policy policy.yml"),
    ("audit: --offline, model not cached", "audit code-models --offline"),
    ("audit: link out of the codebase", "audit code-link --discover-only"),
    ("audit: missing codebase", "audit nowhere --policy policy.yml"),
    ("scan: card front matter alias bomb", "scan card-laughs -f json"),
    ("scan: card front matter bad date", "scan card-baddate -f json"),
    ("scan: binary card", "scan card-binary -f json"),
    ("scan: README linked outside", "scan link-out -f json"),
    ("scan: non-UTF-8 file names, JSON", "scan names -f json"),
    ("scan: tree past the path limit", "scan deeptree"),
    ("scan: Hub that never answers", "scan hf:org/name"),
    ("scan: git over http, never answers", "scan http://127.0.0.1:{stall}/x.git"),
    ("scan: git://, never answers", "scan git://127.0.0.1:{stall}/x.git"),
    ("scan: git, connection refused", "scan http://127.0.0.1:{closed}/x.git"),
    ("scan: bad MOFKIT_READ_TIMEOUT", "scan hf:org/name", ),
    ("bulk: search, Hub never answers", "bulk --hf-search llama --out o.jsonl --no-progress"),
    ("bulk: non-UTF-8 names in a source", "bulk sources.txt --out b.jsonl --no-progress -j 1"),
    ("licenses: good file past a too-deep tree", "licenses deeptree LICENSE-mit -f json"),
    ("licenses: UTF-16 licence", "licenses LICENSE-utf16"),
    ("licenses: binary file", "licenses LICENSE-binary LICENSE-mit"),
    ("licenses: LicenseRef- alone", "licenses LICENSE-ref"),
    ("licenses: FIFO", "licenses fifo.yml LICENSE-mit"),
    ("mof: no arguments", ""),
]
ENV = {  # per probe, on top of the common environment
    "scan: bad MOFKIT_READ_TIMEOUT": {"MOFKIT_READ_TIMEOUT": "soon"},
    "scan: git://, never answers": {"MOFKIT_GIT_TIMEOUT": "3", "MOFKIT_GIT_ATTEMPTS": "1"},
}


def first_message(err: str) -> str:
    lines = [line for line in err.splitlines() if line.startswith("mof")]
    errors = [line for line in lines if "error" in line]
    text = (errors or lines or [""])[0]
    return text if len(text) <= 150 else text[:147] + "..."


def main() -> int:
    markdown = "--markdown" in sys.argv
    broken = 0
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        names = build(tmp)
        stall = socket.socket()
        stall.bind(("127.0.0.1", 0))
        stall.listen(64)
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            closed = probe.getsockname()[1]
        names.update(stall=str(stall.getsockname()[1]), closed=str(closed))
        env = {**os.environ, "HF_ENDPOINT": f"http://127.0.0.1:{names['stall']}",
               "MOFKIT_CACHE": str(tmp / "cache"), "HF_HOME": str(tmp / "hf-home"),
               "MOFKIT_READ_TIMEOUT": "2", "MOFKIT_CONNECT_TIMEOUT": "2",
               "MOFKIT_HF_ATTEMPTS": "2", "MOFKIT_HF_BACKOFF": "0.1",
               "MOFKIT_GIT_ATTEMPTS": "2", "MOFKIT_DB_BUSY_TIMEOUT": "2",
               "HF_HUB_DISABLE_TELEMETRY": "1", "COLUMNS": "100"}
        subprocess.run(MOF + ["registry", "add", "esc.yml", "--db", "e.db"], cwd=tmp, env=env,
                       capture_output=True, check=False)
        ro = sqlite3.connect(tmp / "locked.db", isolation_level=None)
        ro.execute("BEGIN EXCLUSIVE")
        rows = []
        for probe_name, template in PROBES:
            command = template.format(**names)
            started = time.monotonic()
            try:
                done = subprocess.run(MOF + shlex.split(command), cwd=tmp,
                                      env={**env, **ENV.get(probe_name, {})},
                                      capture_output=True, timeout=BOUND, check=False)
                code: int | str = done.returncode
                err = done.stderr.decode("utf-8", "replace")
                out_ok = _utf8(done.stdout)
            except subprocess.TimeoutExpired:
                code, err, out_ok = "timeout", "", True
            seconds = time.monotonic() - started
            ok = (code in (0, 1, 2) and "Traceback" not in err and "internal error" not in err
                  and out_ok and "\x1b" not in err)
            broken += not ok
            rows.append((probe_name, f"mof {command}", str(code), f"{seconds:.1f}",
                         ("" if ok else "BROKEN: ") + first_message(err)))
        ro.close()
        stall.close()
    header = ("probe", "command", "exit", "s", "message")
    if markdown:
        print("| " + " | ".join(header) + " |")
        print("|" + "---|" * len(header))
        for row in rows:
            print("| " + " | ".join(c.replace("|", "\\|") for c in row) + " |")
    else:
        for row in [header, *rows]:
            print(" | ".join(row))
    print(f"{len(rows)} probes, {broken} broken", file=sys.stderr)
    return 1 if broken else 0


def _utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


if __name__ == "__main__":
    sys.exit(main())
