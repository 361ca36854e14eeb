"""Supporting libraries and tools: the tokenizer and the declared dependencies.

A tokenizer shipped with the model (``tokenizer.json``, ``tokenizer.model``...)
is the tool every user of the model needs; dependency manifests
(``requirements.txt``, ``pyproject.toml``, ``environment.yml``...) name the
libraries the code was built with.
"""

from __future__ import annotations

from mofkit.inspect.context import ScanContext
from mofkit.inspect.finding import Finding

COMPONENT = "supporting-libraries"
TOKENIZER_FILES = frozenset({
    "tokenizer.json", "tokenizer.model", "tokenizer_config.json", "vocab.json", "vocab.txt",
    "merges.txt", "spiece.model", "sentencepiece.model", "special_tokens_map.json",
    "tiktoken.model", "tokenizer.tiktoken",
})
MANIFESTS = frozenset({
    "requirements.txt", "pyproject.toml", "setup.py", "setup.cfg", "environment.yml",
    "environment.yaml", "pipfile", "poetry.lock", "uv.lock", "cargo.toml", "package.json",
    "dockerfile", "conda.yaml", "conda.yml",
})


def inspect(ctx: ScanContext) -> list[Finding]:
    findings: list[Finding] = []
    tokenizer_seen: set[str] = set()
    for item in ctx.snapshot.files:
        name = item.name.lower()
        if name in TOKENIZER_FILES:
            key = f"{item.root}:{item.parent}"
            if key not in tokenizer_seen:
                tokenizer_seen.add(key)
                findings.append(Finding(COMPONENT, item.path, "tokenizer shipped with the release",
                                        None, 0.8))
        elif name in MANIFESTS or (name.startswith("requirements") and name.endswith(".txt")):
            count = _dependencies(ctx, item.path) if name.endswith(".txt") else None
            what = f" ({count} dependencies)" if count else ""
            findings.append(Finding(COMPONENT, item.path,
                                    f"dependency manifest {item.name}{what}", None, 0.7))
    return findings


def _dependencies(ctx: ScanContext, path: str) -> int:
    return sum(
        1 for line in ctx.snapshot.lines(path)
        if line.strip() and not line.lstrip().startswith(("#", "-"))
    )
