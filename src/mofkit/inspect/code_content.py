"""What a code file does, read from its content, not its name.

Python is read with :mod:`ast`, so docstrings, comments and strings never
count (a ``>>> model.generate(`` doctest is not inference code):

* architecture: classes that subclass a network base (``nn.Module``,
  ``flax.linen.Module``, ``keras.Model``/``keras.layers.Layer``, paddle
  ``nn.Layer``, ``PreTrainedModel``), directly or through another class of
  the release (:func:`network_classes` resolves that over all files);
* training: ``loss.backward()``, ``optimizer.step()``, ``*Trainer(...)``,
  ``trainer.train(...)``, ``estimator.train(...)``, ``deepspeed.initialize``,
  ``model.fit(...)``, ``jax.grad``/``value_and_grad``;
* inference: ``.generate(...)``, ``pipeline(...)``, ``LLM(...)``,
  ``.chat(...)``, ``estimator.predict(...)`` - outside a modelling file (a
  network's own ``generate`` method is the architecture);
* evaluation: ``lm_eval``/``evaluate`` imports, ``evaluate.load``,
  ``simple_evaluate``, ``trainer.evaluate``/``estimator.evaluate``,
  ``compute_metrics``, metric functions;
* data preprocessing: deduplication and filtering (MinHash, datasketch,
  datatrove), or load-tokenize-shard: the file reads data, tokenizes it and
  writes it out, and does not train;
* tokenizer training (``spm.SentencePieceTrainer.train``, ``tokenizers``'
  ``BpeTrainer``/``WordPieceTrainer``…, ``tokenizer.train(...)``,
  ``train_new_from_iterator``): a cue of its own (:data:`TOKENIZER_TRAINING`),
  not a component: building a tokenizer is supporting-library tooling
  (``libraries``), not training the model.

Shell scripts are read by the commands they run (``python train.py``,
``deepspeed ... --module training.trainer``, ``torchrun``, ``lm_eval``,
``vllm serve``), comments and ``echo`` lines skipped.

Every result carries the line of its first cue.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field

from mofkit.rules.ids import (
    ARCHITECTURE,
    DATA_PREPROCESSING_CODE,
    EVALUATION_CODE,
    INFERENCE_CODE,
    TRAINING_CODE,
)

ARCH, TRAIN, INFER, EVAL, PREP = (
    ARCHITECTURE, TRAINING_CODE, INFERENCE_CODE, EVALUATION_CODE,
    DATA_PREPROCESSING_CODE,
)
TOKENIZER_TRAINING = "tokenizer-training"  # a cue, not a MOF component
# Bases that make a class a network (the last name of the base expression).
NETWORK_BASES = frozenset({"Module", "Layer", "Model", "PreTrainedModel", "PretrainedModel",
                           "MegatronModule", "LightningModule"})
# Qualifiers under which "Module" / "Layer" / "Model" are network bases.
_NETWORK_QUALIFIERS = frozenset({"nn", "linen", "keras", "layers", "torch", "tf", "flax",
                                 "paddle", "hk", "haiku", "eqx", "equinox", "pl", "lightning"})
# Cheap test before parsing: a file with none of these needles has no cue.
NEEDLES = ("class ", "module", "layer", "model", "backward", "optim", "trainer", "train(", "fit(",
           "generate(", "pipeline(", "llm(", "chat(", "predict(", "evaluat", "metric",
           "dedup", "minhash", "datasketch", "datatrove", "token", "encode")


@dataclass
class Facts:
    """The cues found in one file: component -> (line, cue)."""

    cues: dict[str, tuple[int, str]] = field(default_factory=dict)
    classes: dict[str, tuple[int, list[str]]] = field(default_factory=dict)  # name -> bases
    parsed: bool = True
    copied: bool = False  # the file says it was copied from a library

    def add(self, component: str, line: int, cue: str) -> None:
        if component not in self.cues:
            self.cues[component] = (line, cue)


def _dotted(node: ast.AST) -> str:
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
    elif isinstance(node, ast.Call):
        parts.append(_dotted(node.func) + "()")
    return ".".join(reversed(parts))


def _network_base(dotted: str) -> bool:
    parts = dotted.split(".")
    last = parts[-1]
    if last not in NETWORK_BASES and not last.endswith("PreTrainedModel"):
        return False
    if last in ("Module", "Layer", "Model"):
        return len(parts) == 1 or parts[-2] in _NETWORK_QUALIFIERS
    return True


_TRAIN_RECEIVER = re.compile(r"(?:^|\.)(?:trainer|estimator|engine|model_engine|runner)$", re.I)
_TOKENIZER = re.compile(r"token|sp$|spm|bpe|encoder|vocab", re.I)
# Trainers of tokenizers (tokenizers.trainers, SentencePiece), not of models.
_TOKENIZER_TRAINER = re.compile(r"^(?:bpe|wordpiece|unigram|wordlevel|sentencepiece)trainer$",
                                re.I)
_TOKENIZER_TRAIN_CALLS = frozenset({"train", "Train", "train_from_iterator",
                                    "train_new_from_iterator"})
_READ = frozenset({"load_dataset", "read_csv", "read_json", "read_parquet", "read_table",
                   "load_from_disk", "open", "loads", "load", "TextLineDataset",
                   "TFRecordDataset", "iterdir", "glob", "readlines", "reader", "Reader"})
# Writing a dataset out (shards, records, arrays), not printing or logging.
_WRITE = frozenset({"save_to_disk", "to_parquet", "to_json", "TFRecordWriter",
                    "savez", "savez_compressed", "add_item", "write_table", "ParquetWriter",
                    "make_builder", "write_shard", "to_arrow"})
_SAVE_RECEIVERS = frozenset({"np", "numpy", "torch", "dataset", "ds", "datasets"})
_TOKENIZE = frozenset({"encode", "encode_batch", "tokenize", "EncodeAsIds", "encode_as_ids",
                       "batch_encode_plus", "encode_plus", "convert_tokens_to_ids"})
_EVAL_CALLS = frozenset({"simple_evaluate", "compute_metrics", "accuracy_score", "f1_score",
                         "evaluate_model", "compute_score", "compute_accuracy"})
_PREP_WORDS = re.compile(r"dedup|minhash|datasketch|datatrove|near_duplicate|quality_filter",
                         re.I)


def python_facts(text: str) -> Facts:
    """The cues of a Python file (``Facts(parsed=False)`` if it does not parse)."""
    lowered = text.lower()
    facts = Facts()
    if not any(needle in lowered for needle in NEEDLES):
        return facts
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError):  # nested past the parser
        return Facts(parsed=False)
    read = write = tokenize = 0
    write_line = 1
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef):
            bases = [_dotted(base) for base in node.bases]
            facts.classes[node.name] = (node.lineno, bases)
            if any(_network_base(base) for base in bases):
                facts.add(ARCH, node.lineno, f"class {node.name}({', '.join(bases)})")
        elif isinstance(node, ast.Import | ast.ImportFrom):
            names = [alias.name for alias in node.names]
            module = node.module if isinstance(node, ast.ImportFrom) else ""
            for name in [module or "", *names]:
                root = name.split(".")[0]
                if root in ("lm_eval", "evaluate", "lighteval", "opencompass") or (
                    "evaluation" in name.split(".")[1:]
                ):
                    facts.add(EVAL, node.lineno, f"import {name}")
                elif _PREP_WORDS.search(name):
                    facts.add(PREP, node.lineno, f"import {name}")
        elif isinstance(node, ast.Call):
            _call(node, facts)
            name = _dotted(node.func)
            last = name.rsplit(".", 1)[-1]
            receiver = name.rsplit(".", 1)[0] if "." in name else ""
            read += last in _READ
            if last in _WRITE or (last == "save" and receiver in _SAVE_RECEIVERS):
                write_line = write_line if write else node.lineno
                write += 1
            tokenize += last in _TOKENIZE or (
                bool(_TOKENIZER.search(last)) and not receiver and last[:1].islower()
            ) or bool(receiver and _TOKENIZER.search(receiver) and last in ("__call__", "map"))
            if _PREP_WORDS.search(name):
                facts.add(PREP, node.lineno, f"calls {name}()")
        elif isinstance(node, ast.Assign | ast.AugAssign) and any(
            isinstance(target, ast.Name) and target.id.lower() in _METRIC_NAMES
            for target in (node.targets if isinstance(node, ast.Assign) else [node.target])
        ):
            facts.add(EVAL, node.lineno, "computes a score (accuracy, F1...)")
        elif isinstance(node, ast.FunctionDef):
            if _PREP_WORDS.search(node.name):
                facts.add(PREP, node.lineno, f"defines {node.name}()")
            params = {arg.arg for arg in node.args.args}
            if params & _GOLD and params & _PREDICTED:
                facts.add(EVAL, node.lineno, f"defines the metric {node.name}(...)")
    if read and tokenize and write and not facts.cues:
        facts.add(PREP, write_line, "reads data, tokenizes it and writes it out")
    return facts


def _call(node: ast.Call, facts: Facts) -> None:
    name = _dotted(node.func)
    if any(keyword.arg in ("preprocessors", "preprocessor") for keyword in node.keywords):
        facts.add(PREP, node.lineno, f"registers data preprocessors with {name}(...)")
    if name.rsplit(".", 1)[-1] in _WEIGHT_CALLS:
        facts.add(ARCH, node.lineno, f"creates network weights with {name}(...)")
    component = _call_component(name, bool(node.args or node.keywords), bool(node.args))
    if component is not None:
        facts.add(component, node.lineno, f"{name}(...)")


def _call_component(name: str, has_args: bool, positional: bool) -> str | None:
    """The component a call shows (training, inference, evaluation), or
    :data:`TOKENIZER_TRAINING`, if any."""
    parts = name.split(".")
    last = parts[-1]
    receiver = ".".join(parts[:-1])
    tokenizer = bool(_TOKENIZER.search(receiver))
    if _TOKENIZER_TRAINER.match(last) or last == "train_new_from_iterator" or (
        tokenizer and last in _TOKENIZER_TRAIN_CALLS and has_args
    ) or (parts[-2:-1] and _TOKENIZER_TRAINER.match(parts[-2])):
        return TOKENIZER_TRAINING
    if (last == "backward" and receiver and not tokenizer) or (
        last == "step" and "optim" in receiver.lower()
    ) or (last.endswith("Trainer") and last[:1].isupper()):
        return TRAIN
    if last == "train" and not tokenizer and (
        _TRAIN_RECEIVER.search(receiver.split("(")[0]) or (has_args and receiver)
    ):
        return TRAIN
    if name in _TRAIN_CALLS or (last == "fit" and has_args and "model" in receiver.lower()):
        return TRAIN
    if last in _INFER_METHODS and receiver and receiver != "self":
        return INFER
    if _INFER_CALL.match(last) and receiver not in ("random", "np.random", "torch", "self"):
        return INFER
    if (last == "pipeline" and positional) or last == "LLM" or (
        last == "predict" and "estimator" in receiver.lower()
    ):
        return INFER
    if (last == "evaluate" and _TRAIN_RECEIVER.search(receiver)) or name == "evaluate.load" or (
        last in _EVAL_CALLS
    ):
        return EVAL
    return None


_METRIC_NAMES = frozenset({"acc", "accs", "accuracy", "average_acc", "f1", "exact_match", "em",
                           "bleu", "rouge", "pass_at_k", "cors", "n_correct", "num_correct"})
_GOLD = frozenset({"targets", "references", "labels", "gold", "y_true", "answers"})
_PREDICTED = frozenset({"predictions", "preds", "y_pred", "hypotheses", "outputs"})
# Functional networks (TF1, mesh-tensorflow, Haiku) create their weights by call.
_WEIGHT_CALLS = frozenset({"get_variable", "get_parameter"})
_TRAIN_CALLS = frozenset({"deepspeed.initialize", "accelerator.backward", "jax.grad",
                          "jax.value_and_grad", "grad", "value_and_grad"})
# Calls named for generating or sampling from the model (sample_sequence,
# generate_samples_from_prompt, model.infer, model.tts).
_INFER_CALL = re.compile(r"^(?:generate_\w+|\w+_generate|sample_sequence|sample_\w*sequence\w*|"
                         r"infer|inference|tts|synthesi[sz]e\w*|text_to_speech)$")
_INFER_METHODS = frozenset({"generate", "stream_generate", "chat", "stream_chat"})


def network_classes(files: list[Facts]) -> set[str]:
    """Names of the classes that are networks, through bases defined in the release."""
    bases: dict[str, list[str]] = {}
    for facts in files:
        for name, (_, parents) in facts.classes.items():
            bases.setdefault(name, []).extend(parents)
    networks = {name for name, parents in bases.items()
                if any(_network_base(parent) for parent in parents)}
    changed = True
    while changed:
        changed = False
        for name, parents in bases.items():
            if name not in networks and any(p.rsplit(".", 1)[-1] in networks for p in parents):
                networks.add(name)
                changed = True
    return networks


# Shell: the programs a line runs, and the scripts it hands them.
_SHELL_TRAIN = re.compile(
    r"\b(?:python3?|torchrun|deepspeed|accelerate\s+launch|srun|mpirun|horovodrun|bash)\b.*?"
    r"(?:^|[\s/.=])(?:\w*[-_])?(?:train|training|pretrain|finetune|fine_tune|sft|trainer)"
    r"(?:[-_]\w*)?(?:\.py|\.sh)?\b"
    r"|\bt5_mesh_transformer\b.*--module_import|\bt5_mesh_transformer\b|\bdeepy\.py\s+train",
    re.I,
)
_SHELL_INFER = re.compile(
    r"\b(?:python3?|torchrun|deepspeed|bash)\b.*?(?:^|[\s/.=])(?:\w*[-_])?(?:infer|inference|"
    r"generate|generation|predict|serve|server|chat|sample|samples|demo)(?:[-_]\w*)?(?:\.py|\.sh)?"
    r"\b|\bvllm\s+serve\b|\bllama-cli\b|\bollama\s+run\b",
    re.I,
)
_SHELL_EVAL = re.compile(
    r"\blm_eval\b|\blighteval\b|\bopencompass\b|\b(?:python3?|torchrun|deepspeed|bash)\b.*?"
    r"(?:^|[\s/.=])(?:\w*[-_])?(?:eval|evaluate|evaluation|benchmark)(?:[-_]\w*)?(?:\.py|\.sh)?"
    r"\b", re.I,
)
_SHELL_PREP = re.compile(
    r"\b(?:python3?|bash)\b.*?(?:^|[\s/.=])(?:\w*[-_])?(?:preprocess|prepare|prep|dedup|"
    r"tokenize_data|make_data|build_data|process_data|create_tfrecords|filter)(?:[-_]\w*)?"
    r"(?:\.py|\.sh)?\b", re.I,
)
_SHELL_TOKENIZER = re.compile(
    r"\bspm_train\b|\b(?:python3?|bash)\b.*?(?:^|[\s/.=])\w*(?:tokeni[sz]er|sentencepiece|"
    r"spm|bpe|vocab)\w*(?:\.py|\.sh)\b", re.I,
)
SHELL_RULES = ((TOKENIZER_TRAINING, _SHELL_TOKENIZER), (TRAIN, _SHELL_TRAIN),
               (EVAL, _SHELL_EVAL), (PREP, _SHELL_PREP), (INFER, _SHELL_INFER))


def shell_facts(text: str) -> Facts:
    """The cues of a shell script: what the commands it runs are for."""
    facts = Facts()
    command = ""
    start = 0
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not command:
            start = number
        if not line or line.startswith("#") or line.startswith(("echo ", "printf ")):
            continue
        if line.endswith("\\"):
            command += line[:-1] + " "
            continue
        command += line
        for component, rule in SHELL_RULES:
            match = rule.search(command)
            if match:
                facts.add(component, start, f"runs {match.group(0).strip()[:60]!r}")
                break
        command = ""
    return facts
