"""Discovery speed for `mof audit`: generated codebases of 5,000, 10,000 and
20,000 files (Python modules, a tenth of them loading models in the ways
discovery knows, YAML/JSON/TOML configs, Jupyter notebooks (a twentieth of the
files, half of them loading models, all with outputs), a models.txt, plus a
virtual environment that must be skipped), timed with the file cache warm (best
of ``--repeat`` runs) and cold-ish (the first run). Target: ≤ 5 s at 20,000
files, growing linearly. ``--no-notebooks`` writes plain modules instead of the
notebooks (the mix before notebooks were read).

    .venv/bin/python benchmarks/audit_discovery.py [--sizes 5000,10000,20000] [--repeat 3]
        [--no-notebooks]
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
from pathlib import Path

from mofkit.audit.discover import discover

PLAIN = '''"""Module {n}: business logic."""
import json
import os


def handler_{n}(event, context):
    payload = json.loads(event["body"])
    total = sum(item["price"] * item["qty"] for item in payload["items"])
    if total > {n}:
        os.environ.get("DISCOUNT", "0")
    return {{"statusCode": 200, "body": json.dumps({{"total": total}})}}


class Service{n}:
    def __init__(self, url):
        self.url = url

    def run(self, items):
        return [handler_{n}({{"body": json.dumps(i)}}, None) for i in items]
'''
MODEL = '''"""Model loading {n}. Not AutoModel.from_pretrained("doc-org/x")."""
from transformers import AutoModel as AM, AutoTokenizer, pipeline
import huggingface_hub as hub

MODEL_ID = "org-{m}/model-{m}"
# AM.from_pretrained("comment-org/x")


def load(size):
    tok = AutoTokenizer.from_pretrained(MODEL_ID, revision="v{m}")
    model = AM.from_pretrained(MODEL_ID)
    extra = AM.from_pretrained(f"org-{m}/model-{{size}}")
    clf = pipeline("text-classification", model="org-{m}/classifier")
    path = hub.hf_hub_download(repo_id="org-{m}/weights", filename="w.bin")
    return tok, model, extra, clf, path
'''
YAML = "service: s{n}\nreplicas: 2\nmodel: org-{m}/served\nrevision: main\nport: 80{m}\n"
JSON = '{{"name": "job-{n}", "model_name_or_path": "org-{m}/train", "lr": 0.001}}\n'
TOML = '[tool.app{n}]\nname = "app"\nembedding_model = "org-{m}/embed"\n'


def _cell(source: str, outputs: list[dict] | None = None, kind: str = "code") -> dict:
    cell = {"cell_type": kind, "metadata": {}, "source": source.splitlines(keepends=True)}
    if kind == "code":
        cell.update(execution_count=None, outputs=outputs or [])
    return cell


def _notebook(cells: list[dict]) -> str:
    return json.dumps({"cells": cells, "metadata": {"kernelspec": {
        "display_name": "Python 3", "language": "python", "name": "python3"}},
        "nbformat": 4, "nbformat_minor": 5}, indent=1) + "\n"


TABLE = {"output_type": "execute_result", "execution_count": 2, "metadata": {},
         "data": {"text/plain": ["   a  b\n"] * 40,
                  "text/html": ["<tr><td>1</td><td>2</td></tr>\n"] * 120}}


def notebook(n: int, m: int) -> str:
    """A Jupyter notebook with outputs; every other one loads models."""
    if n % 40 != 5:
        return _notebook([
            _cell(f"# Report {n}\nSales by region.", kind="markdown"),
            _cell("%matplotlib inline\nimport pandas as pd\n"),
            _cell(f"df = pd.read_csv('sales_{n}.csv')\ndf.groupby('region').sum()\n",
                  [TABLE]),
        ])
    return _notebook([
        _cell(f"# Fine-tuning {n}", kind="markdown"),
        _cell("%pip install -q transformers\n"
              f"!huggingface-cli download org-{m}/cli-{m} --revision v{m}\n"),
        _cell(f'MODEL_ID = "org-{m}/nb-{m}"\n'),
        _cell("%%time\nfrom transformers import AutoModel\n"
              "model = AutoModel.from_pretrained(MODEL_ID)\n",
              [{"output_type": "stream", "name": "stderr",
                "text": ["Downloading: 100%|██████████| 1.2G/1.2G\n"] * 50}]),
        _cell("model.eval()\n", [TABLE]),
    ])


def generate(root: Path, files: int, notebooks: bool = True) -> None:
    """``files`` files under ``root`` (plus a venv that discovery must not read)."""
    per_dir = 50
    for n in range(files):
        folder = root / f"pkg{n // per_dir:04d}"
        if n % per_dir == 0:
            folder.mkdir(parents=True)
        m = n % 97
        kind = n % 20
        if kind < 2:
            (folder / f"models_{n}.py").write_text(MODEL.format(n=n, m=m))
        elif kind == 2:
            (folder / f"svc_{n}.yaml").write_text(YAML.format(n=n, m=m))
        elif kind == 3:
            (folder / f"job_{n}.json").write_text(JSON.format(n=n, m=m))
        elif kind == 4:
            (folder / f"app_{n}.toml").write_text(TOML.format(n=n, m=m))
        elif kind == 5 and notebooks:
            (folder / f"analysis_{n}.ipynb").write_text(notebook(n, m))
        else:
            (folder / f"mod_{n}.py").write_text(PLAIN.format(n=n))
    (root / "models.txt").write_text("".join(f"org-{m}/listed\n" for m in range(50)))
    venv = root / ".venv" / "lib" / "python3.11" / "site-packages" / "pkg"
    venv.mkdir(parents=True)
    (root / ".venv" / "pyvenv.cfg").write_text("home = /usr/bin\n")
    for n in range(500):
        (venv / f"m{n}.py").write_text(MODEL.format(n=n, m=n % 97))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="5000,10000,20000")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=None,
                        help="processes (default: discovery's own choice)")
    parser.add_argument("--no-notebooks", action="store_true",
                        help="plain modules instead of notebooks (the earlier mix)")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    print(f"machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}; "
          f"jobs: {args.jobs or 'auto'}; notebooks: {'no' if args.no_notebooks else 'yes'}")
    print(f"{'files':>7} {'first s':>8} {'best s':>7} {'CPU s':>6} {'µs/file':>8} "
          f"{'hub refs':>9} {'unresolved':>10} {'models':>7}")
    rows = []
    with tempfile.TemporaryDirectory(prefix="mof-audit-bench-") as tmp:
        for size in sizes:
            root = Path(tmp) / f"code-{size}"
            generate(root, size, notebooks=not args.no_notebooks)
            times = []
            cpu = []
            found = None
            for _ in range(max(1, args.repeat)):
                before = os.times()
                start = time.perf_counter()
                found = discover(root, jobs=args.jobs)
                times.append(time.perf_counter() - start)
                after = os.times()
                cpu.append(sum(after[:4]) - sum(before[:4]))  # self + children
            assert found is not None
            best = min(times)
            hub_refs = len(found.of_kind("hub"))
            rows.append((size, best))
            print(f"{size:>7} {times[0]:>8.2f} {best:>7.2f} {min(cpu):>6.2f} "
                  f"{best / size * 1e6:>8.0f} "
                  f"{hub_refs:>9} {len(found.of_kind('unresolved')):>10} "
                  f"{len(found.models()):>7}")
            assert not any("venv" in u.path for u in found.usages), "a venv was read"
    if len(rows) > 1:
        (small, t_small), (large, t_large) = rows[0], rows[-1]
        print(f"growth {small}→{large} files: ×{large / small:.1f} files, "
              f"×{t_large / t_small:.2f} time (linear: ×{large / small:.1f})")
    at_max = rows[-1][1]
    print(f"target ≤ 5 s at {rows[-1][0]} files: {'met' if at_max <= 5 else 'NOT met'} "
          f"({at_max:.2f} s)")


if __name__ == "__main__":
    main()
