"""Model architecture: the code that defines the network.

* modelling code in the release (``modeling_*.py``, ``model.py``, a module
  defining ``nn.Module`` / ``nn.Layer`` / Flax ``nn.Module`` subclasses);
* ``config.json`` naming ``architectures`` / ``model_type``: when
  ``model_type`` is one the open-source ``transformers`` library implements,
  the architecture code is open, but it lives in that library, and the finding
  says so; ``auto_map`` points at custom code in the repository.
"""

from __future__ import annotations

import json
import re

from mofkit.inspect import card_links
from mofkit.inspect.code_content import ARCH, network_classes
from mofkit.inspect.context import MAX_CODE_BYTES, ScanContext
from mofkit.inspect.finding import CONTENT, NAME, Finding
from mofkit.inspect.kinds import is_test
from mofkit.rules.ids import ARCHITECTURE

COMPONENT = ARCHITECTURE
# model_type values implemented in huggingface/transformers (Apache-2.0).
TRANSFORMERS_TYPES = frozenset({
    "albert", "bart", "bert", "bloom", "codegen", "cohere", "deberta", "deberta-v2",
    "distilbert", "electra", "falcon", "gemma", "gemma2", "gemma3", "gpt2", "gpt_bigcode",
    "gpt_neo", "gpt_neox", "gptj", "granite", "llama", "mistral", "mixtral", "mpt", "mt5",
    "olmo", "olmo2", "olmoe", "opt", "phi", "phi3", "qwen2", "qwen2_moe", "qwen3", "roberta",
    "stablelm", "starcoder2", "t5", "vit", "whisper", "xlm-roberta", "clip", "llava",
    "deepseek_v3", "jamba", "mamba", "recurrent_gemma", "persimmon", "internlm2",
})
_LIBRARY_COPY = re.compile(r"^model(?:l)?ing_(\w+)\.py$")
_MODEL_NAME = re.compile(r"^(?:modeling_.*|modelling_.*|model|models?_.*|.*_model|"
                         r"architecture|transformer|network)\.py$", re.I)


def inspect(ctx: ScanContext) -> list[Finding]:
    findings: list[Finding] = []
    for item in ctx.snapshot.files:
        if item.name == "config.json" and item.depth == 0:
            findings.extend(_config(ctx, item.path))
    findings.extend(_network_code(ctx))
    bases = card_links.base_models(ctx.card) if ctx.card is not None else []
    if bases and ctx.card is not None and not findings:
        base = bases[0].name if len(bases) == 1 else [item.name for item in bases]
        findings.append(Finding(
            COMPONENT, ctx.card.path,
            f"fine-tune of {base}: the architecture is the base model's, not in this release",
            bases[0].line, 0.45, external=True,
        ))
    library = ctx.metadata.get("library_name")
    if isinstance(library, str) and ctx.card is not None and not findings:
        findings.append(Finding(
            COMPONENT, ctx.card.path,
            f"card metadata says the model runs on the library {library!r}",
            ctx.card.meta_line("library_name"), 0.4,
        ))
    return findings


def _network_code(ctx: ScanContext) -> list[Finding]:
    """Python files defining network classes (read with ast, bases resolved across the
    release); a file named like modelling code whose content shows no network is a hint."""
    files = [item for item in ctx.snapshot.files if item.suffix == ".py" and not is_test(item)]
    facts = {item.path: ctx.facts(item) for item in files}
    networks = network_classes(list(facts.values()))
    findings = []
    for item in files:
        fact = facts[item.path]
        defined = [(line, name) for name, (line, _) in fact.classes.items() if name in networks]
        named = bool(_MODEL_NAME.match(item.name))
        library = _LIBRARY_COPY.match(item.name)
        foreign = ctx.foreign(item) or (
            "copied from a library (its header says so)" if fact.copied else
            f"a copy of transformers' modelling file for {library.group(1)!r}"
            if (library and library.group(1).replace("_", "-") in TRANSFORMERS_TYPES)
            or (library and library.group(1) in TRANSFORMERS_TYPES) else None
        )
        if defined:
            line, name = min(defined)
            why = f"defines the network class {name}"
            confidence = 0.9
            kind = CONTENT
        elif ARCH in fact.cues:
            line, what = fact.cues[ARCH]
            why = f"builds the network: {what}"
            confidence = 0.8
            kind = CONTENT
        elif named:
            read = fact.parsed and item.size <= MAX_CODE_BYTES
            why = ("named like modelling code, but defines no network class" if read
                   else "modelling code (by name)")
            confidence, kind, line = (0.4 if read else 0.5), NAME, None
        else:
            continue
        if foreign:
            why += f"; {foreign}: not the release's own"
            confidence = min(confidence, 0.3)
        findings.append(Finding(COMPONENT, item.path, why, line, confidence, kind=kind))
    return findings


def _config(ctx: ScanContext, path: str) -> list[Finding]:
    text = ctx.snapshot.text(path)
    try:
        config = json.loads(text or "")
    except json.JSONDecodeError as exc:
        return [Finding(COMPONENT, path, f"config.json is not valid JSON ({exc.msg})",
                        exc.lineno, 0.3)]
    except (ValueError, RecursionError):  # a number past 4300 digits, nesting too deep
        return [Finding(COMPONENT, path, "config.json is not readable JSON (a number too "
                        "long or nesting too deep)", 1, 0.3)]
    if not isinstance(config, dict):
        return []
    lines = (text or "").splitlines()
    arch = config.get("architectures")
    names = ", ".join(arch) if isinstance(arch, list) else None
    model_type = config.get("model_type")
    findings = []
    if isinstance(config.get("auto_map"), dict):
        findings.append(Finding(
            COMPONENT, path, "config.json auto_map points at custom modelling code in the repo",
            _line_of(lines, '"auto_map"'), 0.7,
        ))
    if isinstance(model_type, str) and model_type in TRANSFORMERS_TYPES:
        findings.append(Finding(
            COMPONENT, path,
            f"architecture {names or model_type} (model_type {model_type!r}) is implemented "
            "by the open-source library transformers (Apache-2.0), not in this release",
            _line_of(lines, '"model_type"') or _line_of(lines, '"architectures"'), 0.7,
            licence="Apache-2.0", external=True,
        ))
    elif names or model_type:
        findings.append(Finding(
            COMPONENT, path,
            f"config.json names architecture {names or model_type!r}, code not identified",
            _line_of(lines, '"architectures"') or _line_of(lines, '"model_type"'), 0.4,
        ))
    return findings


def _line_of(lines: list[str], needle: str) -> int | None:
    return next((n for n, line in enumerate(lines, start=1) if needle in line), None)
