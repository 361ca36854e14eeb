"""Licence precedence and scope (issue 14, class 8): a licence text that only resembles a
licence never overrides what the card declares exactly; sentences scope licences to code,
weights or data; "a modified version of X" is not X."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from cli_helpers import run
from fixtures_release import APACHE_2, LLAMA_2, MIT, MODEL_TENSORS, safetensors_file, write
from mofkit.inspect import scan
from mofkit.inspect.licence_text import read_text
from mofkit.inspect.licence_words import clause_licences
from mofkit.licenses.detect import licence_text
from mofkit.sources.release_files import open_release

# A model licence written from the Llama 2 text, cut and extended with terms of its own: it
# resembles Llama 2 in part only (as the Llama 3 text resembles Llama 3.1 at 96%).
ACME_MODEL_LICENSE = "ACME MODEL LICENSE AGREEMENT\n\n" + textwrap.fill(
    " ".join(licence_text("llama-2-license-2023").split()[:700])
    + " Acme may update this agreement and may restrict use of the model remotely. " * 12,
    width=79,
) + "\n"


def _scan(root: Path):  # type: ignore[no-untyped-def]
    return scan(open_release(str(root)))


def _model_card(root: Path, front: str, body: str = "# Acme-7B\n\nA language model.\n") -> None:
    write(root, "README.md", f"---\n{front}\n---\n{body}")


def test_a_weak_text_match_never_overrides_the_cards_exact_licence(tmp_path: Path) -> None:
    reading = read_text(ACME_MODEL_LICENSE)
    assert not reading.identified and reading.closest is not None
    assert "llama-2" in reading.closest.licence and reading.closest.coverage < 99
    _model_card(tmp_path, "license: other\nlicense_name: acme-model-license")
    write(tmp_path, "LICENSE", ACME_MODEL_LICENSE)
    write(tmp_path, "model.safetensors", safetensors_file(MODEL_TENSORS))
    result = _scan(tmp_path)
    assert result.conflicts == []  # no false conflict
    entry = result.release.entry("model-parameters-final")
    assert entry is not None and entry.licence == "acme-model-license"
    assert entry.licence_path == "README.md"
    assert result.licences is not None
    model = result.licences.model_licence()
    assert model is not None and model.source == "card-metadata"
    note = next(n for n in result.notes if n.startswith("LICENSE:"))
    assert "licence text not identified (closest: LicenseRef-scancode-llama-2" in note
    assert note.endswith("%)")


def test_an_exact_text_still_decides_and_conflicts(tmp_path: Path) -> None:
    _model_card(tmp_path, "license: apache-2.0")
    write(tmp_path, "LICENSE", LLAMA_2)
    write(tmp_path, "model.safetensors", safetensors_file(MODEL_TENSORS))
    result = _scan(tmp_path)
    assert len(result.conflicts) == 1
    assert "llama-2" in result.release.entry("model-parameters-final").licence


def test_unidentified_text_without_declaration_is_an_unrecognised_licence(tmp_path: Path) -> None:
    write(tmp_path, "README.md", "# Acme-7B\n")
    write(tmp_path, "LICENSE", ACME_MODEL_LICENSE)
    write(tmp_path, "model.safetensors", safetensors_file(MODEL_TENSORS))
    entry = _scan(tmp_path).release.entry("model-parameters-final")
    assert entry is not None and entry.licence == "LicenseRef-scancode-unknown"  # not Llama 2


def test_an_unidentified_model_licence_file_keeps_the_code_licence_off_the_weights(
    tmp_path: Path,
) -> None:
    write(tmp_path, "LICENSE", APACHE_2)
    write(tmp_path, "LICENSE-MODEL", ACME_MODEL_LICENSE)
    write(tmp_path, "model.safetensors", safetensors_file(MODEL_TENSORS))
    write(tmp_path, "train.py", "trainer.train()\n")
    release = _scan(tmp_path).release
    assert release.entry("training-code").licence == "Apache-2.0"
    assert release.entry("model-parameters-final").licence == "LicenseRef-scancode-unknown"


def test_sentences_scope_licences_to_code_and_weights(tmp_path: Path) -> None:
    _model_card(tmp_path, "pipeline_tag: text-generation", body=(
        "# Acme-7B\n\n## License\n\n"
        "Code under [Apache-2.0](LICENSE), weights under the "
        "[Acme Model License](https://acme.example/license).\n"))
    write(tmp_path, "model.safetensors", safetensors_file(MODEL_TENSORS))
    write(tmp_path, "train.py", "trainer.train()\n")
    result = _scan(tmp_path)
    release = result.release
    assert release.entry("training-code").licence == "Apache-2.0"
    assert release.entry("model-parameters-final").licence == "Acme Model License"
    model = result.licences.model_licence()
    assert model is not None and model.licence == "Acme Model License" and model.line == 8
    scoped = {s.scope: s.licence for s in result.licences.scoped()}
    assert scoped == {"code": "Apache-2.0", "parameters": "Acme Model License"}


def test_the_code_and_the_model_together_is_the_whole_release() -> None:
    from mofkit.inspect.licences import clause_scope

    assert clause_scope("Our code and models are distributed under the Apache License 2.0") is None
    assert clause_scope("The model is licensed under MIT") is None
    assert clause_scope("The model weights are released under CC-BY-NC-4.0") == "parameters"
    assert clause_scope("The code in this repo is released under the Apache-2.0 License") == "code"


def test_a_modified_licence_is_not_the_licence_it_modifies() -> None:
    assert clause_licences("It is released under a modified version of the Apache 2.0 "
                           "license.") == ["a modified version of Apache 2.0"]
    assert clause_licences("**License:** [Modified MIT License](LICENSE)") == [
        "a modified version of MIT License"]
    assert clause_licences("licensed under the [Apache 2.0](LICENSE) license") == ["Apache 2.0"]


def test_modified_apache_in_the_card_is_not_apache(tmp_path: Path) -> None:
    write(tmp_path, "README.md", "# Acme-7B\n\n## License\n\nThe model is released under a "
          "modified version of the Apache 2.0 license.\n")
    write(tmp_path, "model.safetensors", safetensors_file(MODEL_TENSORS))
    entry = _scan(tmp_path).release.entry("model-parameters-final")
    assert entry is not None and "apache" in entry.licence.lower()
    assert entry.licence.startswith("a modified version of")


def test_notes_and_scoped_licences_are_in_text_and_json(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _model_card(tmp_path, "license: other\nlicense_name: acme-model-license", body=(
        "# Acme-7B\n\n- **License:** code under MIT, weights under the Acme Model License\n"))
    write(tmp_path, "LICENSE", ACME_MODEL_LICENSE)
    write(tmp_path, "LICENSE-CODE", MIT)
    code, out, _ = run(["scan", str(tmp_path), "--format", "json"], capsys)
    assert code == 0
    data = json.loads(out)
    licences = data["attachments"]["scan"]["licences"]
    assert licences["model"]["licence"] == "Acme Model License"
    assert {s["scope"] for s in licences["scoped"]} == {"code", "parameters"}
    unidentified = licences["unidentified_texts"][0]
    assert unidentified["path"] == "LICENSE" and "llama-2" in unidentified["closest"]
    problems = data["attachments"]["scan"]["problems"]
    assert any("closest: LicenseRef-scancode-llama-2" in p for p in problems)
    code, text, _ = run(["scan", str(tmp_path)], capsys)
    assert "Licences stated" in text and "parameters only: Acme Model License" in text
    assert "licence text not identified (closest: LicenseRef-scancode-llama-2" in " ".join(
        text.split())


def test_a_licence_tag_and_the_text_of_one_of_its_versions_agree() -> None:
    from mofkit.inspect.licence_text import same_licence

    # the Hub tag names FLUX.1 [dev] NC, the LICENSE text is its v1.1.1: no conflict
    assert same_licence("other", "LicenseRef-mofkit-flux-1-dev-nc-1.1.1",
                        "flux-1-dev-non-commercial-license")
    assert not same_licence("GPL-2.0-only", "GPL-3.0-only")  # two versions are two licences
    assert not same_licence("llama3", "LicenseRef-scancode-llama-3.1-license-2024")
