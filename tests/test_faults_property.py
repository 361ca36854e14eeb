"""Property: whatever the bytes of a MOT record, a card's front matter, an audit policy, an
audited config file or a licence file - random bytes, other encodings, alias loops and
explosions, deep nesting, huge scalars, bad dates, a good document cut or spliced -
`mof assess`, `scan`, `licenses`, `audit` and `registry add` answer within a time bound,
with exit status 0, 1 or 2, no traceback and no internal error; and the good input given
beside the bad one keeps its result.

Derandomized, with few examples per property, so the suite stays fast and a failure
reproduces."""

from __future__ import annotations

import contextlib
import io
import json
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from cli_helpers import OPEN3_RECORD
from mofkit.cli import main

TIME_BOUND = 20.0  # seconds per command (a loaded CI machine); each takes well under one

LAUGHS = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"{n}: &{n} [{', '.join([f'*{p}'] * 9)}]\n" for p, n in zip("abcdefgh", "bcdefghi",
                                                                 strict=True))
PIECES = [
    "date: 2025-11-33\n", "expires: 2024-13-45\n", "when: 2024-02-30 25:61:00\n",
    "x: &a [1, *a]\n", "y: &b {k: *b}\n", LAUGHS, "[" * 300 + "]" * 300 + "\n",
    "{" * 150 + "}" * 150 + "\n", "n: " + "9" * 5000 + "\n", "h: 0x" + "f" * 5000 + "\n",
    "s: " + "x" * 300_000 + "\n", "\t- tab\n", "!!python/object/apply:os.system [echo]\n",
    "---\n", "...\n", ": :\n", "%YAML 9.9\n", "\x00\n", "? [a, b]\n: c\n", "<<: *nowhere\n",
    "k: !!binary '###'\n", "k: !!timestamp nope\n", "license: [\n", "\ufeff", "\u202e\x1b[2J\n",
    "name: \"\\x1b]0;title\\x07\"\n", "- 1\n- 2\n", "release: ~\n", "components: 5\n",
    "[" * 100_000 + "]" * 100_000 + "\n", "x = " + "(" * 100_000 + ")" * 100_000 + "\n",
]
ENCODINGS = ["utf-16", "utf-16-le", "utf-32", "latin-1", "cp1252", "utf-8-sig"]


def documents(good: str) -> st.SearchStrategy[bytes]:
    """``good`` as it is, and generated or mutated versions of it."""
    data = good.encode("utf-8")
    return st.one_of(
        st.just(data),
        st.binary(max_size=400),
        st.tuples(st.integers(0, len(good)), st.sampled_from(PIECES)).map(
            lambda t: (good[:t[0]] + t[1] + good[t[0]:]).encode("utf-8", "surrogatepass")),
        st.tuples(st.sampled_from(PIECES), st.sampled_from(PIECES)).map(
            lambda t: (t[0] + good + t[1]).encode("utf-8", "surrogatepass")),
        st.integers(0, len(data)).map(lambda n: data[:n]),
        st.sampled_from(ENCODINGS).map(lambda e: good.encode(e, errors="replace")),
        st.tuples(st.integers(0, len(data)), st.binary(min_size=1, max_size=24)).map(
            lambda t: data[:t[0]] + t[1] + data[t[0]:]),
        st.integers(20, 400).map(lambda d: ("a: " + "[" * d + "1" + "]" * d + "\n").encode()),
        st.text(max_size=200).map(lambda t: t.encode("utf-8", "surrogatepass")),
    )


HOSTILE = ["date: 2025-11-33\n", "x: &a [1, *a]\n", LAUGHS, "n: " + "9" * 5000 + "\n",
           "[" * 300 + "]" * 300 + "\n", "\u202e\x1b[2J\n", "[" * 100_000 + "]" * 100_000]


def hostile(good: str, *more: object) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """Always try these too: ``good`` with each hostile piece added, and in UTF-16."""
    docs = [(good + piece).encode("utf-8") for piece in HOSTILE] + [
        good.encode("utf-16"), b"\x00\xff" * 64]

    def add(test: Callable[..., None]) -> Callable[..., None]:
        for doc in docs:
            test = example(doc, *more)(test)
        return test
    return add


def mof(args: list[str], cwd: Path) -> tuple[int, str, str, float]:
    """`mof ARGS` in-process in ``cwd``: (exit status, stdout, stderr, seconds)."""
    out, err = io.StringIO(), io.StringIO()
    started = time.monotonic()
    with contextlib.chdir(cwd), contextlib.redirect_stdout(out), \
            contextlib.redirect_stderr(err):
        try:
            main(args)
            code = 0
        except SystemExit as exc:
            code = int(exc.code or 0)
    return code, out.getvalue(), err.getvalue(), time.monotonic() - started


def kept_promises(code: int, err: str, seconds: float) -> None:
    assert seconds < TIME_BOUND, f"took {seconds:.1f} s"
    assert code in (0, 1, 2), err
    assert "Traceback" not in err and "internal error" not in err, err
    for line in err.splitlines():
        assert "\x1b" not in line, line


PROPERTY = settings(max_examples=10, derandomize=True, deadline=None, database=None,
                    suppress_health_check=[HealthCheck.too_slow,
                                           HealthCheck.function_scoped_fixture])


def in_tmp(test: Callable[[Path, bytes], None]) -> Callable[[bytes], None]:
    def run(document: bytes) -> None:
        with tempfile.TemporaryDirectory() as folder:
            test(Path(folder), document)
    return run


@PROPERTY
@hostile(OPEN3_RECORD)
@given(documents(OPEN3_RECORD))
def test_assess_and_registry_add_keep_their_promises(document: bytes) -> None:
    @in_tmp
    def check(tmp: Path, doc: bytes) -> None:
        (tmp / "bad.yml").write_bytes(doc)
        (tmp / "good.yml").write_text(OPEN3_RECORD.replace("Open3", "GoodOne"),
                                      encoding="utf-8")
        code, out, err, seconds = mof(["assess", "bad.yml", "good.yml", "--format", "json"],
                                      tmp)
        kept_promises(code, err, seconds)
        results = json.loads(out)
        assert results[1]["mof"]["class"] == 3  # the good record's result is kept
        code, _, err, seconds = mof(["registry", "add", "bad.yml", "good.yml", "--db", "r.db"],
                                    tmp)
        kept_promises(code, err, seconds)
        code, out, err, _ = mof(["registry", "export", "--db", "r.db"], tmp)
        assert "GoodOne" in [m["name"] for m in json.loads(out)], err

    check(document)


CARD = "license: apache-2.0\nbase_model: org/base\ntags: [a, b]\ndatasets: [org/data]\n"


@PROPERTY
@hostile(CARD)
@given(documents(CARD))
def test_scan_keeps_its_promises_whatever_the_card_front_matter(document: bytes) -> None:
    @in_tmp
    def check(tmp: Path, doc: bytes) -> None:
        release = tmp / "release"
        release.mkdir()
        (release / "README.md").write_bytes(b"---\n" + doc + b"\n---\n# A model\n")
        (release / "LICENSE").write_text("MIT License\n", encoding="utf-8")
        code, out, err, seconds = mof(["scan", "release", "--format", "json"], tmp)
        kept_promises(code, err, seconds)
        assert code == 0, err  # a bad card is a finding, never a failed scan
        assert "mof" in json.loads(out)

    check(document)


POLICY = ("min_class: III\nlicence_kinds: {deny: [non-commercial]}\nexceptions:\n"
          "  - {model: org/*, reason: signed off, expires: 2030-01-01}\n")


@PROPERTY
@hostile(POLICY)
@given(documents(POLICY))
def test_audit_keeps_its_promises_whatever_the_policy(document: bytes) -> None:
    @in_tmp
    def check(tmp: Path, doc: bytes) -> None:
        (tmp / "code").mkdir()
        (tmp / "code" / "app.py").write_text("x = 1\n", encoding="utf-8")
        (tmp / "policy.yml").write_bytes(doc)
        code, _, err, seconds = mof(["audit", "code", "--policy", "policy.yml"], tmp)
        kept_promises(code, err, seconds)
        if code == 2:
            assert [line for line in err.splitlines() if line.startswith("mof: error: ")]

    check(document)


CONFIG = "model:\n  model_id: org/from-config\n  revision: main\ntrain: {lr: 0.1}\n"


@PROPERTY
@hostile(CONFIG, "config.yml")
@hostile('{"model_id": "org/x"}', "config.json")
@hostile("model_id = 'org/x'\n", "pyproject.toml")
@given(documents(CONFIG), st.sampled_from(["config.yml", "config.yaml", "config.json",
                                           "pyproject.toml", "models.txt"]))
def test_audit_discovery_keeps_its_promises_whatever_the_config(document: bytes,
                                                                name: str) -> None:
    @in_tmp
    def check(tmp: Path, doc: bytes) -> None:
        code_dir = tmp / "code"
        code_dir.mkdir()
        (code_dir / name).write_bytes(doc)
        (code_dir / "load.py").write_text(
            'from transformers import AutoModel\nAutoModel.from_pretrained("org/good")\n',
            encoding="utf-8")
        code, out, err, seconds = mof(["audit", "code", "--discover-only", "--format", "json"],
                                      tmp)
        kept_promises(code, err, seconds)
        assert code == 0, err
        assert "org/good" in [m["model"] for m in json.loads(out)["models"]]

    check(document)


MIT = ("MIT License\n\nCopyright (c) 2024 Lab\n\nPermission is hereby granted, free of charge, "
       "to any person obtaining a copy of this software.\n")


@PROPERTY
@hostile(MIT)
@given(documents(MIT))
def test_licenses_keeps_its_promises_whatever_the_licence_file(document: bytes) -> None:
    @in_tmp
    def check(tmp: Path, doc: bytes) -> None:
        (tmp / "LICENSE-bad").write_bytes(doc)
        (tmp / "LICENSE").write_text("MIT License\n", encoding="utf-8")
        code, out, err, seconds = mof(["licenses", "LICENSE-bad", "LICENSE", "--format",
                                       "json"], tmp)
        kept_promises(code, err, seconds)
        good = [r for r in json.loads(out) if r["path"] == "LICENSE"]
        assert good and good[0]["spdx_expression"] == "MIT"

    check(document)
