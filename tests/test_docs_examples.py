"""The examples in the README and docs/ are run, and must print what they show.

A ```console block holds ``$ command`` lines, each followed by the output it shows
(stdout and stderr together); a line ending in ``…`` matches any line starting with the
text before it; JSON output is compared as JSON. A ```yaml block whose first line is
``# NAME`` is a file the examples use: it is written to the working folder (a temporary
one, with the repository's ``examples/`` in it). An example piped into ``jq`` is skipped
when jq is not installed - and the README's is also checked in Python, jq or not.
Claims the docs make about output shapes are checked here too."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from cli_helpers import run

ROOT = Path(__file__).resolve().parent.parent
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
FENCE = re.compile(r"^```(\w*)\n(.*?)^```", re.S | re.M)


def examples() -> list[tuple[str, str, list[str], dict[str, str]]]:
    """(doc, command, expected lines, files) for every ``$`` line of every doc."""
    found = []
    for doc in DOCS:
        files: dict[str, str] = {}
        for kind, body in FENCE.findall(doc.read_text(encoding="utf-8")):
            first = body.split("\n", 1)[0]
            if kind == "yaml" and re.fullmatch(r"# [\w.-]+\.ya?ml", first):
                files[first[2:]] = body
            if kind != "console":
                continue
            command: str | None = None
            expected: list[str] = []
            for line in body.splitlines() + ["$ "]:
                if line.startswith("$ "):
                    if command:
                        found.append((doc.name, command, expected, dict(files)))
                    command, expected = line[2:], []
                else:
                    expected.append(line)
    return found


EXAMPLES = examples()


def matches(got: list[str], want: list[str]) -> bool:
    if len(got) != len(want):
        return False
    return all(g == w or (w.endswith("…") and g.startswith(w[:-1])) for g, w in
               zip(got, want, strict=True))


@pytest.mark.parametrize(("doc", "command", "expected", "files"), EXAMPLES,
                         ids=[f"{e[0]}: {e[1][:60]}" for e in EXAMPLES])
def test_the_docs_examples_print_what_they_show(doc: str, command: str, expected: list[str],
                                                files: dict[str, str], tmp_path: Path) -> None:
    if re.search(r"\|\s*jq\b", command) and shutil.which("jq") is None:
        pytest.skip("jq is not installed (the README's example is checked in Python below)")
    (tmp_path / "examples").symlink_to(ROOT / "examples")
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    bin_dir = str(Path(sys.executable).parent)
    env = {**os.environ, "PATH": bin_dir + os.pathsep + os.environ.get("PATH", ""),
           "MOFKIT_CACHE": str(tmp_path / "cache"), "HF_HUB_OFFLINE": "1"}
    done = subprocess.run(["bash", "-o", "pipefail", "-c", command], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=120, check=False)
    got = (done.stdout + done.stderr).splitlines()
    try:
        assert json.loads("\n".join(got)) == json.loads("\n".join(expected))
    except json.JSONDecodeError:
        assert matches(got, expected), f"{doc}: {command}\n" + "\n".join(got)


def test_the_readmes_jq_example_in_python(capsys: pytest.CaptureFixture[str],
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """The README's numbers, without jq: the same selection made in Python."""
    [(_, command, expected, _)] = [e for e in EXAMPLES if e[0] == "README.md" and "jq" in e[1]]
    args = command.split("|")[0].split()[1:]
    monkeypatch.chdir(ROOT)
    code, out, err = run(args, capsys)
    assert code == 0, err
    mof = json.loads(out)[0]["mof"]
    assert {k: mof[k] for k in ("class", "label", "progress")} == json.loads(expected[0])


def test_json_shapes_are_as_docs_reports_says(capsys: pytest.CaptureFixture[str],
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """docs/reports.md: `mof assess` writes a list, `mof scan` one object; text is 100
    columns wide when piped."""
    monkeypatch.chdir(ROOT)
    _, out, _ = run(["assess", "examples/records/open-model.yml", "--format", "json"], capsys)
    assert isinstance(json.loads(out), list)
    _, out, _ = run(["scan", "examples/releases/pythia-tiny", "--format", "json"], capsys)
    assert isinstance(json.loads(out), dict) and json.loads(out)["attachments"]["scan"]
    _, out, _ = run(["scan", "examples/releases/pythia-tiny"], capsys)
    assert max(len(line) for line in out.splitlines()) <= 100
    text = (ROOT / "docs" / "reports.md").read_text(encoding="utf-8")
    assert "`mof assess` writes a list" in text and "`mof scan` writes one object" in text
    assert "default 100" in text


def test_huggingface_md_documents_the_timeouts() -> None:
    text = (ROOT / "docs" / "huggingface.md").read_text(encoding="utf-8")
    from mofkit.sources.network import CONNECT_TIMEOUT, READ_TIMEOUT

    assert f"`MOFKIT_CONNECT_TIMEOUT` seconds (default {CONNECT_TIMEOUT:g})" in text
    assert f"`MOFKIT_READ_TIMEOUT` seconds\n  (default {READ_TIMEOUT:g})" in text
