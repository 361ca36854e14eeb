"""Discovery in Jupyter notebooks: code cells read as one module in order, IPython
magics and shell escapes, outputs ignored, broken notebooks and cells as notes, and
``path:cell N:line L`` locations through every output (JSON, SARIF, text,
Markdown, CycloneDX). The notebooks are nbformat JSON written by the tests."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from audit_support import EXCEPTIONS, SARIF_SCHEMA
from audit_support import run_audit as run
from mofkit.audit.discover import discover
from mofkit.audit.notebooks import NotANotebook, neutralise, read_notebook, shell_references
from mofkit.audit.usage import Discovery


def code(source: str | list[str], outputs: list[dict[str, Any]] | None = None) -> dict:
    if isinstance(source, str):
        source = source.splitlines(keepends=True)  # as nbformat writes it
    return {"cell_type": "code", "execution_count": None, "metadata": {},
            "outputs": outputs or [], "source": source}


def markdown(text: str) -> dict:
    return {"cell_type": "markdown", "metadata": {}, "source": text.splitlines(keepends=True)}


def notebook(path: Path, *cells: dict, language: str = "python") -> Path:
    """An nbformat 4 notebook, indented as Jupyter writes it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({
        "cells": list(cells),
        "metadata": {"kernelspec": {"display_name": "Python 3", "language": language,
                                    "name": "python3"},
                     "language_info": {"name": language}},
        "nbformat": 4, "nbformat_minor": 5}, indent=1, ensure_ascii=False) + "\n")
    return path


def places(found: Discovery, kind: str = "hub") -> list[tuple[str, int | None, int, str | None]]:
    return [(u.path, u.cell, u.line, u.model if kind != "unresolved" else u.expression)
            for u in found.of_kind(kind)]  # type: ignore[arg-type]


LOADING = code("from transformers import AutoModel, AutoTokenizer\n"
               "\n"
               "model = AutoModel.from_pretrained(\"open-org/open\")\n")


def test_from_pretrained_in_a_cell_at_its_cell_line_and_column(tmp_path: Path) -> None:
    notebook(tmp_path / "analysis.ipynb", markdown("# Loading\nThe model we use."), LOADING)
    found = discover(tmp_path)
    [usage] = found.usages
    assert (usage.path, usage.cell, usage.line, usage.column) == ("analysis.ipynb", 2, 3, 35)
    assert usage.where == "analysis.ipynb:cell 2:line 3"  # markdown cells count as cells
    assert usage.to_dict() == {"path": "analysis.ipynb", "cell": 2, "line": 3, "column": 35,
                               "via": "from_pretrained", "model": "open-org/open"}
    text = (tmp_path / "analysis.ipynb").read_text().splitlines()
    assert "open-org/open" in text[usage.file_line - 1]  # the .ipynb line holding it


def test_a_constant_from_an_earlier_cell_resolves(tmp_path: Path) -> None:
    notebook(tmp_path / "nb.ipynb",
             code('MODEL_ID = "nc-org/nc"\nREVISION = "v1"\n'),
             markdown("Then load it."),
             code("from transformers import AutoModel\n"),
             code("model = AutoModel.from_pretrained(MODEL_ID, revision=REVISION)\n"
                  "other = AutoModel.from_pretrained(f\"{MODEL_ID}-large\")\n"),
             code("later = AutoModel.from_pretrained(DEFINED_NOWHERE)\n"))
    found = discover(tmp_path)
    assert [(u.cell, u.line, u.model, u.revision) for u in found.of_kind("hub")] == [
        (4, 1, "nc-org/nc", "v1"), (4, 2, "nc-org/nc-large", None)]
    [unresolved] = found.of_kind("unresolved")
    assert (unresolved.cell, unresolved.line) == (5, 1)
    assert "DEFINED_NOWHERE" in (unresolved.expression or "")


def test_top_level_await_is_python_in_a_notebook(tmp_path: Path) -> None:
    notebook(tmp_path / "async.ipynb", code(
        "from transformers import AutoModel\n"
        "await asyncio.sleep(0)\n"
        "async with session:\n"
        "    m = AutoModel.from_pretrained('open-org/open')\n"))
    found = discover(tmp_path)
    assert places(found) == [("async.ipynb", 1, 4, "open-org/open")] and found.notes == []


def test_a_source_given_as_one_string_and_nbformat_3(tmp_path: Path) -> None:
    notebook(tmp_path / "string.ipynb",
             {"cell_type": "code", "metadata": {}, "outputs": [],
              "source": "from transformers import AutoModel\n"
                        "AutoModel.from_pretrained('open-org/open')"})
    (tmp_path / "old.ipynb").write_text(json.dumps({
        "metadata": {"name": "old"}, "nbformat": 3, "nbformat_minor": 0,
        "worksheets": [{"cells": [
            {"cell_type": "heading", "level": 1, "source": ["Old"]},
            {"cell_type": "code", "language": "python", "collapsed": False, "outputs": [],
             "input": ["from transformers import pipeline\n", "NAME = 'mit-org/mit'\n"]},
        ]}, {"cells": [
            {"cell_type": "code", "language": "python", "outputs": [],
             "input": "clf = pipeline('text-classification', model=NAME)"},
        ]}]}, indent=1))
    found = discover(tmp_path)
    assert places(found) == [("old.ipynb", 3, 1, "mit-org/mit"),
                             ("string.ipynb", 1, 2, "open-org/open")]
    string_nb = (tmp_path / "string.ipynb").read_text().splitlines()
    usage = found.of_kind("hub")[1]
    assert '"source": "from transformers' in string_nb[usage.file_line - 1]


MAGICS = [
    code("%pip install -q transformers huggingface_hub\n"
         "%matplotlib inline\n"
         "!nvidia-smi\n"
         "MODEL = \"open-org/open\"\n"
         "!huggingface-cli download meta/llama --revision v1 --local-dir ./llama\n"
         "!huggingface-cli download data-org/corpus --repo-type dataset\n"
         "!git clone https://huggingface.co/mit-org/mit && ls mit\n"
         "!git clone https://github.com/acme/not-a-model\n"
         "files = !hf download {MODEL}\n"
         "!HF_HUB_ENABLE_HF_TRANSFER=1 huggingface-cli download $MODEL \\\n"
         "    --include '*.safetensors'\n"),
    code("%%time\n"
         "from transformers import AutoModel\n"
         "%time model = AutoModel.from_pretrained(\"nc-org/nc\")\n"
         "AutoModel.from_pretrained?\n"),
    code("%%bash\n"
         "# fetch the weights\n"
         "wget -q https://huggingface.co/odd-org/odd/resolve/abc123/model.safetensors\n"
         "for f in a b; do echo $f; done\n"),
    code("%%writefile notes.txt\n"
         "AutoModel.from_pretrained('written-org/not-run')\n"),
    code("!hf download {RUNTIME_NAME}/model\n"),
]


def test_magics_and_shell_escapes(tmp_path: Path) -> None:
    notebook(tmp_path / "setup.ipynb", *MAGICS)
    found = discover(tmp_path)
    hub = [(u.cell, u.line, u.column, u.via, u.model, u.revision)
           for u in found.of_kind("hub")]
    assert hub == [
        (1, 5, 27, "huggingface-cli download", "meta/llama", "v1"),
        (1, 7, 12, "git clone", "mit-org/mit", None),
        (1, 9, 22, "hf download", "open-org/open", None),
        (1, 10, 55, "huggingface-cli download", "open-org/open", None),
        (2, 3, 41, "from_pretrained", "nc-org/nc", None),
        (3, 3, 9, "wget", "odd-org/odd", "abc123"),
    ]
    [unresolved] = found.of_kind("unresolved")
    assert (unresolved.cell, unresolved.via) == (5, "hf download")
    assert unresolved.expression is not None
    assert unresolved.expression.startswith("{RUNTIME_NAME}/model (")  # as written
    assert found.notes == []  # every cell parsed once its IPython syntax was neutralised


@pytest.mark.parametrize(("command", "expected"), [
    ("huggingface-cli download org/a", [("__mofkit_hf_download__", "org/a", {})]),
    ("hf download org/a file.bin --revision=r1 --repo-type model",
     [("__mofkit_hf2_download__", "org/a", {"repo_type": "model", "revision": "r1"})]),
    ("cd x && huggingface-cli download --local-dir d org/b; echo done",
     [("__mofkit_hf_download__", "org/b", {})]),
    ("git lfs clone -b v2 --depth 1 https://hf.co/org/c.git target",
     [("__mofkit_git_clone__", "https://hf.co/org/c", {"revision": "v2"})]),
    ("curl -L -o x.bin https://huggingface.co/datasets/d/x/resolve/main/x.bin", []),
    ("pip install 'transformers>=4' # huggingface-cli download org/a", []),
    ("echo 'unclosed", []),
])
def test_shell_references(command: str, expected: list) -> None:
    assert shell_references(command) == expected


def test_python_that_looks_like_ipython_and_a_late_future_import(tmp_path: Path) -> None:
    notebook(tmp_path / "odd.ipynb",
             code("from transformers import AutoModel\n"
                  "NAME = ('mit-org/%s'\n"
                  "%'mit')\n"),  # a line starting with % that is Python
             code("from __future__ import annotations\n"),  # fine alone, not joined
             code("AutoModel.from_pretrained(NAME)\n"
                  "AutoModel.from_pretrained('open-org/open')\n"))
    found = discover(tmp_path)
    assert [(u.cell, u.line, u.model or u.expression) for u in found.usages][1:] == [
        (3, 2, "open-org/open")]
    assert "NAME" in (found.usages[0].expression or "")  # `%` formatting: run time
    assert found.notes == []


def test_neutralised_cells_keep_their_lines() -> None:
    cell = "%%capture\nx = 1\n!ls \\\n  -la\nfor i in range(2):\n    !echo {i}\ny = %env HOME\n"
    out = neutralise(cell)
    assert out.text.split("\n") == ["", "x = 1", "pass", "", "for i in range(2):",
                                    "    pass", "y = __mofkit_shell_output__()", ""]


def test_outputs_are_ignored_even_when_huge(tmp_path: Path) -> None:
    image = {"output_type": "display_data", "metadata": {},
             "data": {"image/png": "iVBORw0KGgo" * 300_000,  # 3.3 MB: over the 2 MB cap
                      "text/plain": ["AutoModel.from_pretrained('output-org/not-code')"]}}
    stream = {"output_type": "stream", "name": "stdout",
              "text": ["!huggingface-cli download output-org/printed\n"]}
    notebook(tmp_path / "plots.ipynb", code(
        "from transformers import AutoModel\nm = AutoModel.from_pretrained('open-org/open')\n",
        outputs=[image, stream]))
    assert (tmp_path / "plots.ipynb").stat().st_size > 3_000_000
    found = discover(tmp_path)
    assert places(found) == [("plots.ipynb", 1, 2, "open-org/open")]
    assert found.notes == [] and found.files_read == 1


def test_broken_notebooks_beside_a_good_one_give_notes(tmp_path: Path) -> None:
    notebook(tmp_path / "good.ipynb", LOADING)
    (tmp_path / "truncated.ipynb").write_text('{"cells": [{"cell_type": "code",\n'
                                              ' "source": ["from_pretrained(\'a/b\')"')
    (tmp_path / "list.ipynb").write_text('["from_pretrained"]\n')
    (tmp_path / "nocells.ipynb").write_text('{"metadata": {"from_pretrained": 1}}\n')
    (tmp_path / "binary.ipynb").write_bytes(b"\x89PNG\0\0from_pretrained")
    (tmp_path / "latin1.ipynb").write_bytes(b'{"cells": [], "x": "\xe9from_pretrained"}')
    notebook(tmp_path / "r.ipynb", code("model <- from_pretrained('r-org/x')\n"), language="R")
    notebook(tmp_path / "cells.ipynb",
             code("from transformers import AutoModel\nNAME = 'mit-org/mit'\n"),
             code("def broken(:\n    AutoModel.from_pretrained('broken-org/x')\n"),
             code("AutoModel.from_pretrained(NAME)\n"))
    found = discover(tmp_path)
    assert places(found) == [("cells.ipynb", 3, 1, "mit-org/mit"),
                             ("good.ipynb", 1, 3, "open-org/open")]
    assert found.notes == [
        "binary.ipynb: skipped, binary content",
        "cells.ipynb:cell 2:line 1: not valid Python (invalid syntax), skipped",
        "list.ipynb: not a Jupyter notebook (the file is not a JSON object), skipped",
        "nocells.ipynb: not a Jupyter notebook (no cells), skipped",
        "truncated.ipynb:2: not valid JSON, skipped (Expecting ',' delimiter)",
    ]


def test_the_reader_agrees_with_json_and_rejects_what_json_rejects() -> None:
    text = json.dumps({"nbformat": 4, "metadata": {}, "cells": [
        code(["a = 1\n", "b = 'ü\\u00e9'\n"], outputs=[{"x": [1, 2.5, None, True]}]),
        markdown("text")]}, indent=1)
    cells = read_notebook(text).cells
    assert [(c.number, c.kind) for c in cells] == [(1, "code"), (2, "markdown")]
    assert cells[0].code()[0] == "a = 1\nb = 'ü\\u00e9'\n"
    lines = text.splitlines()
    assert [lines[n - 1].strip() for n in cells[0].code()[1]] == [
        '"a = 1\\n",', "\"b = '\\u00fc\\\\u00e9'\\n\""]
    for bad in (text + "x", text[:-1], text.replace('"cells":', '"cells" ')):
        with pytest.raises(json.JSONDecodeError):
            read_notebook(bad)
    with pytest.raises(NotANotebook):
        read_notebook('{"cells": {"not": "a list"}}')


def test_a_process_pool_finds_the_same_in_notebooks(tmp_path: Path) -> None:
    for n in range(6):
        notebook(tmp_path / f"nb{n}.ipynb", *MAGICS)
    one, pooled = discover(tmp_path, jobs=1), discover(tmp_path, jobs=2)
    assert pooled.usages == one.usages and pooled.notes == one.notes
    assert len(one.of_kind("hub")) == 36


# --- through the outputs ----------------------------------------------------------------

@pytest.fixture
def audited(tmp_path: Path, stand_in_hub: None) -> Path:
    root = tmp_path / "code"
    notebook(root / "notebooks" / "analysis.ipynb",
             markdown("# Analysis"),
             code('MODEL_ID = "nc-org/nc"\n'),
             code("from transformers import AutoModel\n"
                  "\n"
                  "model = AutoModel.from_pretrained(MODEL_ID)\n"))
    (root / "mof-policy.yml").write_text(EXCEPTIONS)
    return root


def test_json_report_locates_the_cell(audited: Path, capsys) -> None:
    status, out, _ = run([str(audited), "--format", "json", "--today", "2025-06-02"], capsys)
    report = json.loads(out)
    assert status == 1
    [model] = report["models"]
    assert model["usages"] == [{"path": "notebooks/analysis.ipynb", "cell": 3, "line": 3,
                                "column": 35, "via": "from_pretrained", "model": "nc-org/nc"}]
    failing = [f for f in report["findings"] if f["rule"] == "licence-kind"]
    assert failing[0]["locations"] == [{"path": "notebooks/analysis.ipynb", "cell": 3,
                                        "line": 3, "column": 35}]


def test_sarif_points_at_the_notebook_line_and_names_the_cell(audited: Path, capsys) -> None:
    status, out, _ = run([str(audited), "--format", "sarif", "--today", "2025-06-02"], capsys)
    log = json.loads(out)
    assert status == 1
    jsonschema.Draft4Validator(SARIF_SCHEMA).validate(log)
    [result] = [r for r in log["runs"][0]["results"] if r["ruleId"] == "licence-kind"]
    [location] = result["locations"]
    physical = location["physicalLocation"]
    assert physical["artifactLocation"] == {"uri": "notebooks/analysis.ipynb",
                                            "uriBaseId": "SRCROOT"}
    lines = (audited / "notebooks" / "analysis.ipynb").read_text().splitlines()
    assert physical["region"] == {"startLine": 1 + next(
        n for n, line in enumerate(lines) if "from_pretrained(MODEL_ID)" in line)}
    assert location["message"]["text"] == "cell 3, line 3, column 35"
    assert location["properties"] == {"cell": 3, "cellLine": 3, "cellColumn": 35}


@pytest.mark.parametrize("fmt", ["text", "markdown"])
def test_text_and_markdown_name_the_cell(audited: Path, capsys, fmt: str) -> None:
    _, out, _ = run([str(audited), "--format", fmt, "--today", "2025-06-02"], capsys)
    assert "notebooks/analysis.ipynb:cell 3:line 3" in out


def test_cyclonedx_and_discover_only_name_the_cell(audited: Path, capsys) -> None:
    _, out, _ = run([str(audited), "--format", "cyclonedx", "--today", "2025-06-02"], capsys)
    props = {p["name"]: p["value"] for c in json.loads(out)["components"]
             for p in c.get("properties", [])}
    assert props["mof:audit:used-at"] == "notebooks/analysis.ipynb:cell 3:line 3"
    _, out, _ = run([str(audited), "--discover-only"], capsys)
    assert out == "nc-org/nc  notebooks/analysis.ipynb:cell 3:line 3\n"
