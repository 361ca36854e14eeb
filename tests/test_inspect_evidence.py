"""Evidence quality (issue 14, classes 1-5): what each finding rests on (content, name,
card statement, link), weights that are real, data that is data, checkpoints that are
released, the right kind of code, and code classified by what it does."""

from __future__ import annotations

from pathlib import Path

from fixtures_release import write
from mofkit.assess import assess
from mofkit.inspect import scan
from mofkit.release import EVIDENCE_KINDS
from mofkit.sources.release_files import open_release


def _scan(root: Path):  # type: ignore[no-untyped-def]
    return scan(open_release(str(root)))


def test_every_finding_says_what_it_rests_on_and_the_json_carries_it(tmp_path: Path) -> None:
    write(tmp_path, "README.md", "---\nlicense: mit\ndatasets:\n- org/corpus\n---\n# M\n\n"
          "## Training data\n" + "The corpus is described here in enough words. " * 6 + "\n")
    write(tmp_path, "src/model.py", "import torch.nn as nn\n\n\nclass Net(nn.Module):\n"
          "    pass\n")
    write(tmp_path, "scripts/train.sh", "echo start\n")
    result = _scan(tmp_path)
    kinds = {f.component: f.kind for scan_ in result.components.values()
             for f in scan_.findings}
    assert all(kind in EVIDENCE_KINDS for kind in kinds.values())
    assert kinds["model-architecture"] == "content"
    assert kinds["datasets"] == "link"
    assert kinds["data-card"] == "card"
    report = assess(result.release).to_dict()
    arch = next(c for c in report["mof"]["components"] if c["id"] == "model-architecture")
    assert arch["evidence_kind"] == "content"
    assert arch["evidence"][0]["kind"] == "content"
    missing = next(c for c in report["mof"]["components"] if c["id"] == "research-paper")
    assert missing["evidence_kind"] is None
