"""Discovery for `mof audit`: every model reference in the fixture codebase, at its
line, and nothing from comments, docstrings, strings, venvs or other libraries."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from audit_codebase import EXPECTED_LOCAL, EXPECTED_UNRESOLVED, build, expected_hub
from mofkit.audit import pycalls
from mofkit.audit.configs import from_config, from_model_list
from mofkit.audit.discover import discover
from mofkit.audit.hubids import classify
from mofkit.errors import InputError

SHA = "a" * 40


@pytest.fixture(scope="module")
def found(tmp_path_factory: pytest.TempPathFactory):
    return discover(build(tmp_path_factory.mktemp("codebase"), SHA))


def test_fixture_codebase_is_big_enough(found) -> None:
    assert found.files_read >= 15


def test_every_hub_reference_at_its_line(found) -> None:
    got = [(u.path, u.line, u.model, u.revision) for u in found.of_kind("hub")]
    assert got == expected_hub(SHA)


def test_ids_built_at_run_time_are_unresolved_not_dropped(found) -> None:
    unresolved = found.of_kind("unresolved")
    assert [(u.path, u.line) for u in unresolved] == EXPECTED_UNRESOLVED
    assert "f\"open-org/model-{size}\"" in unresolved[0].expression
    assert "os.environ.get" in unresolved[1].expression
    assert "default model" in unresolved[2].expression


def test_local_paths_are_reported_separately(found) -> None:
    assert [(u.path, u.line, u.model) for u in found.of_kind("local")] == EXPECTED_LOCAL


def test_comments_docstrings_strings_and_skipped_folders_never_count(found) -> None:
    everything = " ".join(f"{u.model} {u.expression}" for u in found.usages)
    for hidden in ("docstring-org", "comment-org", "string-org", "readme-org", "local-org",
                   "venv-org", "node-org", "git-org", "bin-org", "broken-org", "data-org/open"):
        assert hidden not in everything


def test_problem_files_give_notes_not_crashes(found) -> None:
    notes = "\n".join(found.notes)
    assert "services/legacy/broken.py:2: not valid Python" in notes
    assert "configs/broken.yaml:" in notes and "not valid YAML" in notes
    assert "models.txt:4: 'not a model id' is not a Hub model id" in notes
    assert "assets/weights.json: skipped, binary content" in notes


def test_distinct_models_keep_their_pins(found) -> None:
    keys = list(found.models())
    assert ("open-org/open-model", SHA) in keys and ("open-org/open-model", None) in keys
    assert ("open-org/open-model", "main") in keys
    assert len(found.models()[("chain-org/base", None)]) == 3


def calls(source: str) -> list[tuple[str | None, str | None, str | None]]:
    return [(f.value, f.revision, f.expression and f.expression.split(" (")[0])
            for f in pycalls.find_calls(source, ast.parse(source))]


@pytest.mark.parametrize(("source", "expected"), [
    ("from transformers import AutoModel as AM\nAM.from_pretrained('a/b', revision='r1')",
     [("a/b", "r1", None)]),
    ("import huggingface_hub as h\nh.hf_hub_download('a/b', 'f')", [("a/b", None, None)]),
    ("from huggingface_hub import snapshot_download as s\ns(repo_id='a/b', repo_type='space')",
     []),
    ("M = 'a/b'\ndef f():\n    M2 = M + '-x'\n    return X.from_pretrained(M2)",
     [("a/b-x", None, None)]),
    ("def f(m='a/b'):\n    return X.from_pretrained(m)", [(None, None, "m")]),
    ("for m in ['a/b']:\n    X.from_pretrained(m)", [(None, None, "m")]),
    ("M = 'a/b'\nM += '-v2'\nX.from_pretrained(M)", [(None, None, "M")]),
    ("M = 'a/b'\nM = 'a/b'\nX.from_pretrained(M)", [("a/b", None, None)]),
    ("from config import MODEL\nX.from_pretrained(MODEL)", [(None, None, "MODEL")]),
    ("X.from_pretrained(cfg.model)", [(None, None, "cfg.model")]),
    ("pipeline(model='a/b')", []),  # not transformers' pipeline
    ("from transformers import pipeline\npipeline('ner', model=('a/b'))", [("a/b", None, None)]),
    ("SentenceTransformer(model_name_or_path='a/b')", [("a/b", None, None)]),
    ("X.from_pretrained()", []),
    ("class C:\n    M = 'a/b'\n    m = X.from_pretrained(M)", [("a/b", None, None)]),
    ("class C:\n    M = 'a/b'\n    def f(self):\n        return X.from_pretrained(M)",
     [(None, None, "M")]),
])
def test_call_patterns(source: str, expected: list) -> None:
    assert calls(source) == expected


@pytest.mark.parametrize(("value", "expected"), [
    ("org/name", ("hub", "org/name", None)),
    ("gpt2", ("hub", "gpt2", None)),
    ("https://huggingface.co/org/name/tree/v1", ("hub", "org/name", "v1")),
    ("https://huggingface.co/datasets/org", None),
    ("https://example.com/org/name", None),
    ("./model", ("local", "./model", None)),
    ("/models/x", ("local", "/models/x", None)),
    ("C:\\models\\x", ("local", "C:\\models\\x", None)),
    ("a/b/c", ("local", "a/b/c", None)),
    ("model.safetensors", ("local", "model.safetensors", None)),
    ("-bad/name", None),
    ("org/na--me", None),
    ("", None),
])
def test_classify(value: str, expected: object) -> None:
    assert classify(value) == expected


def test_weak_config_keys_need_an_org() -> None:
    usages, note = from_config("model: linear\nmodel_id: gpt2\nmodels: [a/b, c]\n", "c.yml")
    assert note is None
    assert [(u.model, u.line) for u in usages] == [("gpt2", 2), ("a/b", 3)]


def test_toml_and_json_lines() -> None:
    toml = '[a]\nname = "x"\n[b]\nbase_model = "o/m"\n[c]\nbase_model = "o/m"\n'
    usages, _ = from_config(toml, "p.toml")
    assert [u.line for u in usages] == [4, 6]
    usages, _ = from_config('{\n\t"model_id":\t"o/m"\n}', "c.json")  # tabs: YAML refuses
    assert [(u.model, u.line) for u in usages] == [("o/m", 2)]


def test_model_list_revisions_and_notes() -> None:
    usages, notes = from_model_list("o/m@v1\n\n# x\nhttps://huggingface.co/o/n\n!!\n", "m.txt")
    assert [(u.model, u.revision, u.line) for u in usages] == [("o/m", "v1", 1),
                                                               ("o/n", None, 4)]
    assert notes == ["m.txt:5: '!!' is not a Hub model id, skipped"]


def test_a_missing_root_is_bad_input(tmp_path: Path) -> None:
    with pytest.raises(InputError):
        discover(tmp_path / "nope")


def test_a_single_file(tmp_path: Path) -> None:
    path = tmp_path / "one.py"
    path.write_text("from transformers import AutoModel\nAutoModel.from_pretrained('o/m')\n")
    assert [(u.path, u.model) for u in discover(path).usages] == [("one.py", "o/m")]


def test_a_process_pool_finds_the_same(tmp_path: Path, found) -> None:
    pooled = discover(build(tmp_path, SHA), jobs=2)
    assert pooled.usages == found.usages and pooled.notes == found.notes
    assert pooled.files_read == found.files_read
