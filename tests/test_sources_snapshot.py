"""Snapshot listing, lazy text reading, weight headers, and source errors."""

from __future__ import annotations

import json
import os
import struct
import subprocess
from pathlib import Path

import pytest

from fixtures_release import TINY_PARAMETERS, TINY_TENSORS, safetensors_bytes, write
from mofkit.errors import MofError
from mofkit.sources.git import GitSource, is_git_url
from mofkit.sources.headers import parse_safetensors_header, read_header
from mofkit.sources.release_files import open_release
from mofkit.sources.snapshot import TEXT_CAP


def test_lists_files_with_sizes_and_skips_git(tmp_path: Path) -> None:
    write(tmp_path, "README.md", "# hi\n")
    write(tmp_path, "sub/a.py", "x = 1\n")
    write(tmp_path, ".git/HEAD", "ref: refs/heads/main\n")
    snap = open_release(str(tmp_path))
    assert [f.path for f in snap.files] == ["README.md", "sub/a.py"]
    assert snap.get("sub/a.py").size == 6
    assert snap.get("sub/a.py").parent == "sub"


def test_text_is_lazy_capped_and_binary_aware(tmp_path: Path) -> None:
    write(tmp_path, "small.txt", "hello\nworld\n")
    write(tmp_path, "big.txt", "a" * (TEXT_CAP + 1))
    write(tmp_path, "blob.dat", b"abc\0def")
    snap = open_release(str(tmp_path))
    assert snap.lines("small.txt") == ["hello", "world"]
    assert snap.text("big.txt") is None
    assert snap.text("blob.dat") is None


def test_extra_roots_are_prefixed(tmp_path: Path) -> None:
    model, code = tmp_path / "model", tmp_path / "code"
    write(model, "README.md", "# m\n")
    write(code, "train.py", "pass\n")
    snap = open_release(str(model), code=[str(code)], paper=["arXiv:2402.00838"])
    assert [f.path for f in snap.files] == ["README.md", "code:train.py"]
    assert snap.references == [("paper", "arXiv:2402.00838")]


def test_safetensors_header_gives_parameter_count(tmp_path: Path) -> None:
    write(tmp_path, "model.safetensors", safetensors_bytes(TINY_TENSORS))
    snap = open_release(str(tmp_path))
    header = read_header(snap, snap.get("model.safetensors"))
    assert header.ok and header.format == "safetensors"
    assert header.tensors == 4
    assert header.parameters == TINY_PARAMETERS
    assert header.dtypes == {"F16": 2, "BF16": 1, "F32": 1}
    assert "768 parameters" in header.describe()


def test_safetensors_header_is_read_without_reading_tensors(tmp_path: Path) -> None:
    # A header announcing a huge tensor, with no data behind it: only the header is read.
    raw = json.dumps({"w": {"dtype": "F16", "shape": [100000, 100000],
                            "data_offsets": [0, 20000000000]}}).encode()
    write(tmp_path, "model.safetensors", struct.pack("<Q", len(raw)) + raw)
    snap = open_release(str(tmp_path))
    header = read_header(snap, snap.get("model.safetensors"))
    assert header.parameters == 10_000_000_000


@pytest.mark.parametrize("content, expected", [
    (struct.pack("<Q", 10**12) + b"{}", "invalid"),
    (struct.pack("<Q", 4) + b"nope", "invalid JSON"),
    (b"abc", "shorter"),
])
def test_broken_safetensors_headers_are_findings_not_errors(
    tmp_path: Path, content: bytes, expected: str
) -> None:
    write(tmp_path, "model.safetensors", content)
    snap = open_release(str(tmp_path))
    header = read_header(snap, snap.get("model.safetensors"))
    assert not header.ok and expected in header.detail


def test_parse_rejects_bad_shapes() -> None:
    assert not parse_safetensors_header(b'{"w": {"dtype": "F16", "shape": [-1]}}').ok
    assert not parse_safetensors_header(b"[1, 2]").ok


@pytest.mark.parametrize("content, fmt", [
    (b"GGUF" + struct.pack("<IQQ", 3, 291, 24) + b"\0" * 8, "gguf"),
    (b"\x89HDF\r\n\x1a\n" + b"\0" * 8, "hdf5"),
    (b"PK\x03\x04" + b"\0" * 8, "zip"),
    (b"\x80\x02}q\x00" + b"\0" * 8, "pickle"),
    (b"version https://git-lfs.github.com/spec/v1\noid sha256:" + b"a" * 64 + b"\nsize 1234\n",
     "lfs-pointer"),
])
def test_weight_magic(tmp_path: Path, content: bytes, fmt: str) -> None:
    write(tmp_path, "weights.bin", content)
    snap = open_release(str(tmp_path))
    header = read_header(snap, snap.get("weights.bin"))
    assert header.format == fmt
    if fmt == "gguf":
        assert header.tensors == 291
    if fmt == "lfs-pointer":
        assert "1,234 bytes" in header.detail


def test_missing_path_is_one_line_error(tmp_path: Path) -> None:
    with pytest.raises(MofError) as info:
        open_release(str(tmp_path / "nope"))
    assert "no such file" in info.value.one_line()
    assert "\n" not in info.value.one_line()


def test_empty_folder_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(MofError, match="empty"):
        open_release(str(tmp_path))


def test_bad_paper_reference_is_an_error(tmp_path: Path) -> None:
    write(tmp_path, "README.md", "x\n")
    with pytest.raises(MofError, match="arXiv"):
        open_release(str(tmp_path), paper=["my paper"])


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every file")
def test_unreadable_file_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    secret = write(tmp_path, "secret.txt", "x")
    write(tmp_path, "README.md", "# m\n")
    secret.chmod(0)
    try:
        snap = open_release(str(tmp_path))
        assert snap.text("secret.txt") is None
        assert any("secret.txt" in p for p in snap.problems)
    finally:
        secret.chmod(0o644)


def test_broken_symlink_is_a_problem(tmp_path: Path) -> None:
    write(tmp_path, "README.md", "# m\n")
    (tmp_path / "dangling.safetensors").symlink_to(tmp_path / "missing")
    snap = open_release(str(tmp_path))
    assert snap.get("dangling.safetensors") is None
    assert any("dangling.safetensors: broken link" in p for p in snap.problems)


def test_is_git_url() -> None:
    assert is_git_url("https://huggingface.co/EleutherAI/pythia-70m")
    assert is_git_url("git@github.com:org/repo.git")
    assert is_git_url("file:///tmp/repo")
    assert not is_git_url("./model")


def _git(*args: str, cwd: Path) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True,
                   env={**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t",
                        "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@t"})


def test_git_clone_over_file_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MOFKIT_CACHE", str(tmp_path / "cache"))
    repo = tmp_path / "repo"
    write(repo, "README.md", "# cloned\n")
    _git("init", "-q", "-b", "main", cwd=repo)
    _git("add", ".", cwd=repo)
    _git("commit", "-q", "-m", "first", cwd=repo)
    snap = open_release(repo.as_uri())
    assert [f.path for f in snap.files] == ["README.md"]
    assert snap.primary.kind == "git" and len(snap.primary.revision or "") == 40
    assert str(snap.primary.path).startswith(str(tmp_path / "cache" / "git"))
    # a second scan refreshes the cached clone and sees the new commit
    write(repo, "LICENSE", "MIT License\n")
    _git("add", ".", cwd=repo)
    _git("commit", "-q", "-m", "second", cwd=repo)
    again = open_release(repo.as_uri())
    assert [f.path for f in again.files] == ["LICENSE", "README.md"]


def test_failing_clone_is_one_line_error(tmp_path: Path) -> None:
    source = GitSource((tmp_path / "absent").as_uri(), cache=tmp_path / "cache")
    with pytest.raises(MofError) as info:
        source.fetch()
    line = info.value.one_line()
    assert "git clone failed" in line and "\n" not in line
    assert not list((tmp_path / "cache").glob("*.partial"))


def test_read_error_is_a_problem_not_a_crash(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Works as root too: the read itself fails, as for a file without permission.
    import builtins

    from mofkit.sources import snapshot as module

    write(tmp_path, "README.md", "# m\n")
    write(tmp_path, "secret.txt", "x")
    real_open = builtins.open

    def guarded(file, *args, **kwargs):  # type: ignore[no-untyped-def]
        if str(file).endswith("secret.txt"):
            raise PermissionError(13, "Permission denied")
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(module, "open", guarded, raising=False)
    snap = open_release(str(tmp_path))
    assert snap.text("secret.txt") is None
    assert snap.problems == ["secret.txt: cannot read (Permission denied)"]
