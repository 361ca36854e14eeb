"""Evidence quality (issue 14, classes 1-5): what each finding rests on (content, name,
card statement, link), weights that are real, data that is data, checkpoints that are
released, the right kind of code, and code classified by what it does."""

from __future__ import annotations

import json
from pathlib import Path

from fixtures_release import (
    APACHE_2,
    CC_BY_NC_4,
    MIT,
    MODEL_TENSORS,
    Sparse,
    pytorch_zip,
    safetensors_file,
    write,
)
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


def _found(result, component: str) -> bool:  # type: ignore[no-untyped-def]
    return result.release.entry(component) is not None


def _hints(result, component: str) -> list[str]:  # type: ignore[no-untyped-def]
    return [f.why for f in result.components[component].findings]


APACHE_CARD = "---\nlicense: apache-2.0\n---\n# A model\n\nSome words about it.\n"


# Class 1: weights -------------------------------------------------------------------------

def test_a_small_experiment_pth_is_not_the_final_parameters(tmp_path: Path) -> None:
    write(tmp_path, "README.md", APACHE_CARD)
    write(tmp_path, "experiments/run3/best.pth", pytorch_zip(12_000))
    result = _scan(tmp_path)
    assert not _found(result, "model-parameters-final")
    assert any("too small" in why for why in _hints(result, "model-parameters-final"))
    osaid = assess(result.release).osaid.elements["parameters"]
    assert osaid.verdict.value != "pass"


def test_a_real_pytorch_zip_counts_from_its_central_directory(tmp_path: Path) -> None:
    write(tmp_path, "pytorch_model.bin", pytorch_zip(30_000_000))
    finding = _scan(tmp_path).components["model-parameters-final"].findings[0]
    assert finding.confidence == 1.0 and finding.kind == "content"
    assert "1 tensor storages, 30,000,000 bytes" in finding.why


def test_an_index_whose_shards_are_absent_or_empty_is_not_weights(tmp_path: Path) -> None:
    index = {"metadata": {"total_size": 14_000_000_000},
             "weight_map": {"a": "model-00001-of-00003.safetensors",
                            "b": "model-00002-of-00003.safetensors",
                            "c": "model-00003-of-00003.safetensors"}}
    write(tmp_path, "model.safetensors.index.json", json.dumps(index))
    write(tmp_path, "model-00001-of-00003.safetensors", b"")  # a placeholder
    result = _scan(tmp_path)
    assert not _found(result, "model-parameters-final")
    assert any("3 of 3 shards missing or empty" in note for note in result.notes)
    assert any("is empty (0 bytes)" in note for note in result.notes)


def test_an_index_with_all_its_shards_is_weights(tmp_path: Path) -> None:
    names = [f"model-0000{n}-of-00002.safetensors" for n in (1, 2)]
    write(tmp_path, "model.safetensors.index.json",
          json.dumps({"weight_map": {"a": names[0], "b": names[1]}}))
    for name in names:
        write(tmp_path, name, safetensors_file({"w": ("BF16", [4096, 1536])}))  # 6.3 M each
    result = _scan(tmp_path)
    assert _found(result, "model-parameters-final")  # the set of two passes the floor together
    whys = _hints(result, "model-parameters-final")
    assert any("2 shards, all present" in why for why in whys)


def test_a_corrupt_header_is_a_visible_note_never_a_silent_missing(tmp_path: Path) -> None:
    write(tmp_path, "model.safetensors", b"\x10\x00\x00\x00\x00\x00\x00\x00{not json}......")
    result = _scan(tmp_path)
    assert not _found(result, "model-parameters-final")
    assert any(note.startswith("model.safetensors: weight file not usable") for note in
               result.notes)
    assert any("model.safetensors" in note for note in assess(result.release).to_dict()["notes"])


def test_a_card_that_declares_a_small_model_lowers_the_floor(tmp_path: Path) -> None:
    write(tmp_path, "README.md", APACHE_CARD + "\nA tiny forecaster with 1M parameters.\n")
    write(tmp_path, "model.safetensors", safetensors_file({"w": ("F32", [1000, 800])}))
    assert _found(_scan(tmp_path), "model-parameters-final")
    write(tmp_path, "README.md", APACHE_CARD)
    assert not _found(_scan(tmp_path), "model-parameters-final")


def test_hub_listed_weights_are_a_link_judged_by_their_listed_size(tmp_path: Path) -> None:
    pointer = "version https://git-lfs.github.com/spec/v1\noid sha256:" + "0" * 64
    write(tmp_path, "model.safetensors", pointer + "\nsize 14000000000\n")
    write(tmp_path, "sub/model.safetensors", pointer + "\nsize 12000\n")
    findings = _scan(tmp_path).components["model-parameters-final"].findings
    by_path = {f.path: f for f in findings}
    assert by_path["model.safetensors"].kind == "link"
    assert by_path["model.safetensors"].confidence >= 0.5
    assert by_path["sub/model.safetensors"].confidence < 0.5


def test_an_onnx_model_is_recognised_by_its_header(tmp_path: Path) -> None:
    write(tmp_path, "model.onnx", Sparse(b"\x08\x08\x12\x07pytorch", 40_000_000))
    write(tmp_path, "broken/model.onnx", Sparse(b"garbage", 40_000_000))
    findings = {f.path: f for f in _scan(tmp_path).components["model-parameters-final"].findings}
    assert findings["model.onnx"].kind == "content" and findings["model.onnx"].confidence == 1.0
    assert findings["broken/model.onnx"].confidence < 0.5


# Class 2: data ----------------------------------------------------------------------------

def test_a_small_score_table_is_not_the_training_dataset(tmp_path: Path) -> None:
    write(tmp_path, "data/model_scores.csv", "task,score\n" + "mmlu,0.61\n" * 1400)  # 14 KB
    write(tmp_path, "data/train_example.json", '[{"prompt": "Hi", "answer": "Hello"}]\n')
    result = _scan(tmp_path)
    assert not _found(result, "datasets")
    write(tmp_path, "data/corpus_small.jsonl", '{"text": "x"}\n' * 1000)
    result = _scan(tmp_path)
    assert not _found(result, "datasets")
    assert any("too small for a training dataset" in why for why in _hints(result, "datasets"))
    assert any("shows the format" in why for why in _hints(result, "datasets"))


def test_a_data_folder_of_real_size_is_the_dataset(tmp_path: Path) -> None:
    write(tmp_path, "data/train-00000.jsonl", '{"text": "a sentence of training text"}\n' * 40_000)
    assert _found(_scan(tmp_path), "datasets")


def test_evaluation_requirements_and_results_are_not_evaluation_data(tmp_path: Path) -> None:
    write(tmp_path, "evaluation/requirements.txt", "lm_eval==0.4.0\n")
    write(tmp_path, "evaluation/mmlu_results.json", '{"mmlu": 0.61}\n')
    write(tmp_path, "evaluation/README.md", "# How to evaluate\n")
    write(tmp_path, "example_data/test.jsonl", '{"q": "1+1", "a": "2"}\n')
    result = _scan(tmp_path)
    assert not _found(result, "evaluation-data")
    assert _found(result, "evaluation-results")
    write(tmp_path, "evaluation/data/mmlu_test.jsonl", '{"q": "1+1", "a": "2"}\n')
    assert _found(_scan(tmp_path), "evaluation-data")


def test_a_download_link_the_card_presents_as_training_data(tmp_path: Path) -> None:
    write(tmp_path, "README.md", APACHE_CARD + "\nThe training data is available for download "
          "at https://example.org/corpus.tar.gz.\n")
    finding = _scan(tmp_path).components["datasets"].findings[0]
    assert finding.kind == "link" and finding.confidence >= 0.5 and finding.external
    write(tmp_path, "README.md", APACHE_CARD + "\nThe training data is available on request: "
          "email data@example.org (https://example.org/contact).\n")
    assert not _found(_scan(tmp_path), "datasets")


# Class 3: checkpoints ---------------------------------------------------------------------

def test_checkpoints_on_request_are_not_released(tmp_path: Path) -> None:
    write(tmp_path, "README.md", APACHE_CARD + "\nWe saved 150 checkpoints during training; "
          "email us to arrange access.\n")
    result = _scan(tmp_path)
    assert not _found(result, "model-parameters-intermediate")
    assert any("on request" in why for why in _hints(result, "model-parameters-intermediate"))


def test_numbers_need_word_boundaries(tmp_path: Path) -> None:
    write(tmp_path, "README.md", APACHE_CARD + "\nWe start from the original T5 checkpoints "
          "released by Google.\n")
    assert not _found(_scan(tmp_path), "model-parameters-intermediate")


def test_checkpoints_published_as_branches_or_files(tmp_path: Path) -> None:
    write(tmp_path, "README.md", APACHE_CARD + "\n154 intermediate checkpoints are available "
          "as branches on the Hub.\n")
    finding = _scan(tmp_path).components["model-parameters-intermediate"].findings[0]
    assert finding.confidence >= 0.5 and finding.kind == "card"
    write(tmp_path, "README.md", APACHE_CARD)
    write(tmp_path, "checkpoints/step1000/model.safetensors", safetensors_file(MODEL_TENSORS))
    write(tmp_path, "checkpoints/step2000/model.safetensors", b"\x08" + b"\0" * 100)
    findings = _scan(tmp_path).components["model-parameters-intermediate"].findings
    by_path = {f.path: f for f in findings}
    assert by_path["checkpoints/step1000/model.safetensors"].kind == "content"
    assert by_path["checkpoints/step1000/model.safetensors"].confidence >= 0.9
    assert by_path["checkpoints/step2000/model.safetensors"].confidence < 0.5


# Class 4: wrong kind ----------------------------------------------------------------------

def test_tokenizers_are_supporting_libraries_not_preprocessing(tmp_path: Path) -> None:
    write(tmp_path, "tokenization_mymodel.py", "import sentencepiece as spm\n\n\n"
          "class MyTokenizer(PreTrainedTokenizer):\n    def tokenize(self, text):\n"
          "        return self.sp.encode(text)\n")
    write(tmp_path, "vocab.txt", "[PAD]\n[UNK]\nthe\n")
    result = _scan(tmp_path)
    assert not _found(result, "data-preprocessing-code")
    entry = result.release.entry("supporting-libraries")
    assert entry is not None and entry.evidence[0].kind == "content"


SPM_TRAINER = '''"""Train the SentencePiece tokenizer on the corpus."""
import argparse

import sentencepiece as spm


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--input", default="data/corpus.txt")
    args = parser.parse_args()
    spm.SentencePieceTrainer.train(input=args.input, model_prefix="tokenizer",
                                   vocab_size=32000, model_type="bpe")
'''
BPE_TRAINER = '''from tokenizers import Tokenizer, models, pre_tokenizers, trainers

tokenizer = Tokenizer(models.BPE(unk_token="<unk>"))
tokenizer.pre_tokenizer = pre_tokenizers.ByteLevel()
trainer = trainers.BpeTrainer(vocab_size=50257, special_tokens=["<unk>", "<s>", "</s>"])
tokenizer.train(files=["data/train.txt"], trainer=trainer)
tokenizer.save("tokenizer.json")
'''
RETRAINED = '''from datasets import load_dataset
from transformers import AutoTokenizer

dataset = load_dataset("text", data_files="corpus.txt", split="train")
old = AutoTokenizer.from_pretrained("gpt2")
new = old.train_new_from_iterator((row["text"] for row in dataset), vocab_size=32000)
new.save_pretrained("tokenizer")
'''


def test_a_tokenizer_training_script_is_a_supporting_library_not_training_code(
        tmp_path: Path) -> None:
    write(tmp_path, "README.md", APACHE_CARD)
    write(tmp_path, "train_tokenizer.py", SPM_TRAINER)
    write(tmp_path, "tok/train_bpe.py", BPE_TRAINER)
    write(tmp_path, "training/retrain.py", RETRAINED)
    write(tmp_path, "scripts/train-vocab.sh", "#!/bin/bash\n# the vocabulary\n"
          "spm_train --input=data/corpus.txt --model_prefix=tok --vocab_size=32000\n")
    result = _scan(tmp_path)
    assert not _found(result, "training-code")
    hints = {f.path: f for f in result.components["training-code"].findings}
    assert "trains a tokenizer" in hints["train_tokenizer.py"].why
    assert hints["train_tokenizer.py"].line == 11  # the trainer's call
    libraries = {f.path: f for f in result.components["supporting-libraries"].findings}
    for path in ("train_tokenizer.py", "tok/train_bpe.py", "training/retrain.py",
                 "scripts/train-vocab.sh"):
        assert libraries[path].kind == "content" and libraries[path].confidence >= 0.8, path
    # A script that trains the model as well is training code.
    write(tmp_path, "train_tokenizer.py", SPM_TRAINER + "\n\ndef fit(model, batch, optimizer):\n"
          "    model(batch).loss.backward()\n    optimizer.step()\n")
    assert _found(_scan(tmp_path), "training-code")


def test_vendored_and_fixture_code_is_noted_and_sets_no_licence(tmp_path: Path) -> None:
    write(tmp_path, "LICENSE", APACHE_2)
    write(tmp_path, "third_party/othertool/LICENSE", CC_BY_NC_4)
    write(tmp_path, "third_party/othertool/train.py", "from transformers import Trainer\n\n"
          "Trainer(model=m).train()\n")
    write(tmp_path, "test_fixtures/model.py", "import torch.nn as nn\n\n\n"
          "class Fake(nn.Module):\n    pass\n")
    write(tmp_path, "libs/LICENSE", MIT)
    write(tmp_path, "libs/setup.py", "from setuptools import setup\nsetup(name='x')\n")
    write(tmp_path, "libs/x/evaluate_tool.py", "import lm_eval\n\nlm_eval.simple_evaluate()\n")
    result = _scan(tmp_path)
    assert not _found(result, "training-code")
    assert not _found(result, "model-architecture")
    assert not _found(result, "evaluation-code")
    whys = _hints(result, "training-code") + _hints(result, "evaluation-code")
    assert any("vendored code (third_party/)" in why for why in whys)
    assert any("a bundled copy of another project (libs/" in why for why in whys)
    libs = result.release.entry("supporting-libraries")  # the bundled library, its own licence
    assert libs is not None and libs.licence == "MIT"


def test_a_requirements_file_alone_is_not_a_supporting_library(tmp_path: Path) -> None:
    write(tmp_path, "requirements.txt", "torch\ntransformers\n")
    write(tmp_path, "transforms.py", "from torchvision import transforms\n\n"
          "PREPROCESS = transforms.Compose([transforms.Resize(224), transforms.ToTensor()])\n")
    write(tmp_path, "predict.py", "from transforms import PREPROCESS\n\n\ndef main(model, im):\n"
          "    return model.generate(PREPROCESS(im))\n")
    result = _scan(tmp_path)
    assert not _found(result, "supporting-libraries")
    assert not _found(result, "data-preprocessing-code")  # inference-time image transforms
    assert _found(result, "inference-code")


# Class 5: content, not names --------------------------------------------------------------

def test_models_py_full_of_modules_is_the_architecture(tmp_path: Path) -> None:
    write(tmp_path, "src/models.py", "import torch\nfrom torch import nn\n\n\n"
          "class Attention(nn.Module):\n    pass\n\n\nclass Block(Base):\n    pass\n")
    write(tmp_path, "src/base.py", "import flax.linen as nn\n\n\nclass Base(nn.Module):\n"
          "    pass\n")
    write(tmp_path, "src/blocks.py", "from base import Base\n\n\nclass MLP(Base):\n    pass\n")
    write(tmp_path, "src/model.py", '"""Wrapper around a hosted model."""\nimport requests\n\n\n'
          "def call(prompt):\n    return requests.post('https://example.org', json=prompt)\n")
    result = _scan(tmp_path)
    findings = {f.path: f for f in result.components["model-architecture"].findings}
    assert findings["src/models.py"].kind == "content" and findings["src/models.py"].line == 5
    assert "MLP" in findings["src/blocks.py"].why  # a network through a base of the release
    assert findings["src/model.py"].confidence < 0.5  # named like modelling code, is not


def test_a_demo_named_script_that_trains_is_training_code(tmp_path: Path) -> None:
    write(tmp_path, "scripts/demo-training-run.sh", "#!/bin/bash\n# run a demo\n"
          "echo 'python generate.py'\n"
          "deepspeed --num_gpus 8 \\\n    train.py --model_name_or_path base \\\n"
          "    --output_dir out\n")
    result = _scan(tmp_path)
    training = result.components["training-code"].findings[0]
    assert training.kind == "content" and training.confidence >= 0.8 and training.line == 4
    assert not _found(result, "inference-code")


def test_a_doctest_is_not_inference_code(tmp_path: Path) -> None:
    write(tmp_path, "helpers.py", '"""Helpers.\n\n>>> out = model.generate(ids)\n"""\n\n\n'
          "def pad(ids):\n    # model.generate(ids) would go here\n    return ids\n")
    assert not _found(_scan(tmp_path), "inference-code")


def test_load_tokenize_shard_is_preprocessing_whatever_the_name(tmp_path: Path) -> None:
    write(tmp_path, "make_data.py", "import json\nimport numpy as np\n\n\n"
          "def main(tok):\n    rows = [json.loads(l) for l in open('raw.jsonl')]\n"
          "    ids = [tok.encode(r['text']) for r in rows]\n    np.save('shard-0.npy', ids)\n")
    write(tmp_path, "build.py", "import json\nimport numpy as np\n\n\n"
          "def main(tok):\n    rows = [json.loads(l) for l in open('raw.jsonl')]\n"
          "    ids = [tok.encode(r['text']) for r in rows]\n    np.save('shard-0.npy', ids)\n")
    result = _scan(tmp_path)
    findings = {f.path: f for f in result.components["data-preprocessing-code"].findings}
    assert findings["build.py"].kind == "content" and findings["build.py"].confidence == 0.8
    assert findings["make_data.py"].confidence == 0.9  # content and name agree


def test_a_name_alone_only_breaks_ties(tmp_path: Path) -> None:
    write(tmp_path, "train.py", "import argparse\n\n\ndef parse():\n"
          "    return argparse.ArgumentParser()\n")
    result = _scan(tmp_path)
    finding = result.components["training-code"].findings[0]
    assert finding.kind == "name" and finding.confidence < 0.5
