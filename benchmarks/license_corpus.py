"""Read the licence-detection corpus (``dev.jsonl.gz``) used by the benchmark."""

from __future__ import annotations

import base64
import gzip
import json
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Case:
    path: str
    text: str
    expected: list[str]
    expected_failure: bool


def decode(raw: bytes) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


def load_corpus(path: Path) -> list[Case]:
    cases: list[Case] = []
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            d = json.loads(line)
            text = d["text"] if "text" in d else decode(base64.b64decode(d["base64"]))
            cases.append(Case(d["path"], text, list(d["expected"]),
                              bool(d.get("expected_failure", False))))
    return cases


def load_raw(path: Path) -> dict[str, bytes]:
    """Each case's file as bytes, as the corpus holds it (UTF-8 text or base64)."""
    raw: dict[str, bytes] = {}
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            d = json.loads(line)
            raw[d["path"]] = d["text"].encode("utf-8", "surrogatepass") if "text" in d \
                else base64.b64decode(d["base64"])
    return raw


# --- real licence files of the shared corpus: what mofkit says of each --------------------
#
#     python benchmarks/license_corpus.py [--shared ../shared]
#
# prints one row per real licence file under ../shared/corpus/ (the cards' LICENSE files and
# every licence file inside the repository tarballs): file -> what mofkit says (full
# identifications, or "closest match X (coverage %)") -> right / closest-match / partial /
# not identified / wrong. The expected licences below were read off each file by hand.

EXPECTED = {
    "hf-cards-dev/DeepFloyd+IF-I-XL-v1.0/LICENSE": {"LicenseRef-mofkit-deepfloyd-if-license"},
    "hf-cards-dev/black-forest-labs+FLUX.1-Fill-dev/LICENSE": {
        "LicenseRef-mofkit-flux-1-dev-nc-1.1.1"},
    "hf-cards-dev/meta-llama+Meta-Llama-3-8B/LICENSE": {"LicenseRef-mofkit-llama-3-license-2024"},
    "hf-cards-dev/stabilityai+stable-diffusion-2-1/LICENSE": {
        "LicenseRef-scancode-bigscience-open-rail-m2"},  # CreativeML Open RAIL++-M
    "EleutherAI+gpt-neo/LICENSE": {"MIT"},
    "THUDM+ChatGLM3/LICENSE": {"Apache-2.0"},
    "THUDM+ChatGLM3/MODEL_LICENSE": {"LicenseRef-mofkit-chatglm3-6b-license"},
    "baichuan-inc+Baichuan-7B/LICENSE": {"Apache-2.0"},
    "bigcode-project+starcoder/LICENSE": {"Apache-2.0"},
    "deepseek-ai+DeepSeek-MoE/LICENSE-CODE": {"MIT"},
    "deepseek-ai+DeepSeek-MoE/LICENSE-MODEL": {"LicenseRef-scancode-deepseek-la-1.0"},
    "deepseek-ai+DeepSeek-R1/LICENSE": {"MIT"},
    "google-research+multilingual-t5/LICENSE": {"Apache-2.0"},
    "ibm-granite+granite-4.0-language-models/LICENSE": {"Apache-2.0"},
    "ibm-granite+granite-code-models/LICENSE": {"Apache-2.0"},
    "myshell-ai+OpenVoice/LICENSE": {"MIT"},
    # "Modified MIT License": the MIT text plus a preamble and a changed notice clause;
    # ScanCode's rule proprietary-license_350 reads that title as "mit-like but not mit"
    "openai+gpt-2/LICENSE": {"LicenseRef-scancode-proprietary-license", "MIT"},
    "openlm-research+open_llama/LICENSE": {"Apache-2.0"},
    "paperswithcode+galai/LICENSE": {"Apache-2.0"},
    "paperswithcode+galai/LICENSE-MODEL.md": {"CC-BY-NC-4.0"},
    "wenge-research+YAYI2/COMMERCIAL_LICENSE": {"LicenseRef-mofkit-yayi2-commercial-license"},
    "wenge-research+YAYI2/COMMUNITY_LICENSE": {"LicenseRef-mofkit-yayi2-community-license"},
    "wenge-research+YAYI2/LICENSE": {"Apache-2.0"},
    "yandex+YaLM-100B/LICENSE": {"Apache-2.0"},
    "yandex+YaLM-100B/megatron_lm/LICENSE": {"BSD-3-Clause", "Apache-2.0", "MIT"},
}
# ScanCode's keys for "some licence is mentioned here": never a wrong identification
GENERIC = {"LicenseRef-scancode-unknown", "LicenseRef-scancode-unknown-license-reference",
           "LicenseRef-scancode-free-unknown", "LicenseRef-scancode-warranty-disclaimer"}
_LICENCE_NAME = r"(?i)^(?:[a-z]+[-_.])?(?:licen[cs]e|copying)(?:[-_.][a-z]+)?(?:\.(?:txt|md|rst))?$"


def real_licence_files(shared: Path) -> list[tuple[str, bytes]]:
    """(name, bytes) of every real licence file under ``shared/corpus``."""
    import re
    import tarfile

    corpus = shared / "corpus"
    found = [(str(p.relative_to(corpus)), p.read_bytes())
             for p in sorted((corpus / "hf-cards-dev").glob("*/LICENSE*"))]
    for tarball in sorted((corpus / "real-repos-dev").glob("*.tar.gz")):
        with tarfile.open(tarball) as tar:
            for member in tar.getmembers():
                if member.isfile() and re.match(_LICENCE_NAME, Path(member.name).name):
                    handle = tar.extractfile(member)
                    if handle is not None:
                        found.append((member.name, handle.read()))
    return found


def judge_file(name: str, raw: bytes) -> tuple[str, str]:
    """What mofkit says of one licence file, and the verdict against EXPECTED."""
    from mofkit.licenses.reading import describe, identify
    from mofkit.licenses.textkind import decode

    text = decode(raw)
    matches = identify(text) if text is not None else []
    said = "; ".join(dict.fromkeys(describe(m) for m in matches)) or "(nothing found)"
    expected = EXPECTED.get(name)
    if expected is None:
        return said, "no expectation"
    full = {part for m in matches if m.coverage >= 100
            for part in m.spdx.replace("(", " ").replace(")", " ").split()
            if part not in ("AND", "OR", "WITH")}
    closest = {m.spdx for m in matches if m.coverage < 100}
    if full - expected - GENERIC:
        return said, "WRONG"
    if expected <= full:
        return said, "right"
    if expected & full:
        return said, "partial (right, not all found)"
    if expected & closest:
        return said, "closest-match"
    return said, "not identified"


def main() -> int:
    import argparse
    from collections import Counter

    parser = argparse.ArgumentParser(description="mofkit on the real licence files of "
                                     "../shared/corpus")
    parser.add_argument("--shared", type=Path,
                        default=Path(__file__).resolve().parents[2] / "shared")
    args = parser.parse_args()
    rows = [(name, *judge_file(name, raw)) for name, raw in real_licence_files(args.shared)]
    width = max(len(r[0]) for r in rows)
    print(f"{'file':{width}}  {'verdict':30}  what mofkit says")
    for name, said, verdict in rows:
        print(f"{name:{width}}  {verdict:30}  {said}")
    counts = Counter(v for _, _, v in rows)
    print(f"\n{len(rows)} files: " + ", ".join(f"{v} {n}" for v, n in sorted(counts.items())))
    return 1 if counts.get("WRONG") else 0


if __name__ == "__main__":
    raise SystemExit(main())
