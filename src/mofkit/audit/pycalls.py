"""Model references in Python code, read with ``ast`` (never with regular
expressions, so comments and docstrings never count).

Calls recognised (with import aliases resolved: ``from transformers import
AutoModel as AM``, ``import transformers as tf``, ``from huggingface_hub import
hf_hub_download as dl``):

* ``X.from_pretrained(id)`` on any class (``AutoModel``, ``AutoTokenizer``,
  ``DiffusionPipeline``…): first positional or ``pretrained_model_name_or_path=``;
* ``transformers.pipeline(task, model)`` / ``pipeline(model=…)`` (no model: the
  task's default model, reported as unresolved);
* ``huggingface_hub.hf_hub_download`` / ``snapshot_download`` (``repo_id``;
  ``repo_type="dataset"`` or ``"space"`` is not a model);
* ``sentence_transformers.SentenceTransformer`` / ``CrossEncoder``.

``revision=`` pins the revision. An argument is resolved when it is a string,
a module-level or local name bound once to a string (or several times to the
same string), or an f-string / ``+`` concatenation whose every part is; anything
else (a parameter, an attribute, ``os.getenv``, a name bound at run time) is
reported as *unresolved* with its source text, never dropped.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field

TRIGGERS = (b"from_pretrained", b"pipeline", b"hf_hub_download", b"snapshot_download",
            b"SentenceTransformer", b"CrossEncoder")


@dataclass(frozen=True, slots=True)
class CallSpec:
    via: str
    position: int | None  # the model argument's position, if it may be positional
    keywords: tuple[str, ...]


FROM_PRETRAINED = CallSpec("from_pretrained", 0, ("pretrained_model_name_or_path", "model_id"))
PIPELINE = CallSpec("pipeline", 1, ("model",))
HUB_DOWNLOAD = CallSpec("hf_hub_download", 0, ("repo_id",))
SNAPSHOT = CallSpec("snapshot_download", 0, ("repo_id",))
SENTENCE = CallSpec("SentenceTransformer", 0, ("model_name_or_path", "model_name"))
CROSS = CallSpec("CrossEncoder", 0, ("model_name_or_path", "model_name"))

QUALIFIED: dict[str, CallSpec] = {
    "transformers.pipeline": PIPELINE,
    "transformers.pipelines.pipeline": PIPELINE,
    "huggingface_hub.hf_hub_download": HUB_DOWNLOAD,
    "huggingface_hub.file_download.hf_hub_download": HUB_DOWNLOAD,
    "huggingface_hub.snapshot_download": SNAPSHOT,
    "huggingface_hub._snapshot_download.snapshot_download": SNAPSHOT,
    "sentence_transformers.SentenceTransformer": SENTENCE,
    "sentence_transformers.SentenceTransformer.SentenceTransformer": SENTENCE,
    "sentence_transformers.CrossEncoder": CROSS,
    "sentence_transformers.cross_encoder.CrossEncoder": CROSS,
}
# Names distinctive enough to count even when their import cannot be seen
# (``pipeline`` is not: it must come from transformers).
BARE: dict[str, CallSpec] = {"hf_hub_download": HUB_DOWNLOAD, "snapshot_download": SNAPSHOT,
                             "SentenceTransformer": SENTENCE, "CrossEncoder": CROSS}
STAR_MODULES = {"transformers": ("pipeline",), "huggingface_hub": ("hf_hub_download",
                "snapshot_download"), "sentence_transformers": ("SentenceTransformer",
                                                               "CrossEncoder")}
LOADERS = frozenset({"from_pretrained", "pipeline", "SentenceTransformer", "CrossEncoder"})
EXPRESSION_CAP = 120


@dataclass(frozen=True, slots=True)
class Found:
    """One model argument: ``value`` when resolved, else ``expression``."""

    via: str
    line: int
    column: int
    value: str | None
    expression: str | None
    revision: str | None


class _Runtime:
    """A value only known at run time (with what it is, for the report)."""

    __slots__ = ("why",)

    def __init__(self, why: str) -> None:
        self.why = why


class _Object:
    """A value that is not a string (a loaded model, a number): not a model id."""


_OBJECT = _Object()
Value = str | _Runtime | _Object


@dataclass
class _Scope:
    names: dict[str, list[ast.expr | None]] = field(default_factory=dict)  # None: run time
    params: dict[str, ast.expr | None] = field(default_factory=dict)  # name -> default
    is_class: bool = False

    def bind(self, name: str, value: ast.expr | None) -> None:
        self.names.setdefault(name, []).append(value)


class _Collector(ast.NodeVisitor):
    """First pass: imports, bindings per scope, and every call with its scopes."""

    def __init__(self) -> None:
        self.aliases: dict[str, str] = {}  # local name -> qualified name
        self.star: set[str] = set()
        self.calls: list[tuple[ast.Call, tuple[_Scope, ...]]] = []
        self.chain: tuple[_Scope, ...] = (_Scope(),)

    # imports ------------------------------------------------------------------
    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            if alias.asname:
                self.aliases[alias.asname] = alias.name
            else:
                top = alias.name.split(".")[0]
                self.aliases[top] = top
            self.chain[-1].bind(alias.asname or alias.name.split(".")[0], None)

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        module = node.module or ""
        for alias in node.names:
            if alias.name == "*":
                self.star.add(module.split(".")[0])
                continue
            local = alias.asname or alias.name
            self.aliases[local] = f"{module}.{alias.name}" if module else alias.name
            self.chain[-1].bind(local, None)

    # scopes -------------------------------------------------------------------
    def _function(self, node: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda) -> None:
        for deco in getattr(node, "decorator_list", []):
            self.visit(deco)
        scope = _Scope()
        args = node.args
        positional = [*args.posonlyargs, *args.args]
        defaults: list[ast.expr | None] = [None] * (len(positional) - len(args.defaults))
        defaults += list(args.defaults)
        for arg, default in zip(positional, defaults, strict=True):
            scope.params[arg.arg] = default
        for arg, default in zip(args.kwonlyargs, args.kw_defaults, strict=True):
            scope.params[arg.arg] = default
        for extra in (args.vararg, args.kwarg):
            if extra is not None:
                scope.params[extra.arg] = None
        for default in [*args.defaults, *(d for d in args.kw_defaults if d is not None)]:
            self.visit(default)
        if not isinstance(node, ast.Lambda):
            self.chain[-1].bind(node.name, None)
        outer = self.chain
        self.chain = (*(s for s in outer if not s.is_class), scope)
        body = node.body if isinstance(node.body, list) else [node.body]
        for stmt in body:
            self.visit(stmt)
        self.chain = outer

    visit_FunctionDef = _function
    visit_AsyncFunctionDef = _function
    visit_Lambda = _function

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        for item in [*node.decorator_list, *node.bases, *node.keywords]:
            self.visit(item)
        self.chain[-1].bind(node.name, None)
        outer = self.chain
        self.chain = (*outer, _Scope(is_class=True))
        for stmt in node.body:
            self.visit(stmt)
        self.chain = outer

    # bindings -----------------------------------------------------------------
    def _targets(self, target: ast.expr, value: ast.expr | None) -> None:
        if isinstance(target, ast.Name):
            self.chain[-1].bind(target.id, value)
        elif isinstance(target, ast.Tuple | ast.List):
            for item in target.elts:
                self._targets(item.value if isinstance(item, ast.Starred) else item, None)

    def visit_Assign(self, node: ast.Assign) -> None:
        for target in node.targets:
            self._targets(target, node.value)
        self.generic_visit(node)

    def visit_AnnAssign(self, node: ast.AnnAssign) -> None:
        if node.value is not None:
            self._targets(node.target, node.value)
        self.generic_visit(node)

    def visit_AugAssign(self, node: ast.AugAssign) -> None:
        self._targets(node.target, None)
        self.generic_visit(node)

    def visit_NamedExpr(self, node: ast.NamedExpr) -> None:
        self._targets(node.target, node.value)
        self.generic_visit(node)

    def visit_For(self, node: ast.For | ast.AsyncFor) -> None:
        self._targets(node.target, None)
        self.generic_visit(node)

    visit_AsyncFor = visit_For

    def visit_comprehension(self, node: ast.comprehension) -> None:
        self._targets(node.target, None)
        self.generic_visit(node)

    def visit_withitem(self, node: ast.withitem) -> None:
        if node.optional_vars is not None:
            self._targets(node.optional_vars, None)
        self.generic_visit(node)

    def visit_ExceptHandler(self, node: ast.ExceptHandler) -> None:
        if node.name:
            self.chain[-1].bind(node.name, None)
        self.generic_visit(node)

    def visit_Global(self, node: ast.Global) -> None:
        for name in node.names:  # assignments here rebind the module's name at run time
            self.chain[0].bind(name, None)

    def visit_Call(self, node: ast.Call) -> None:
        self.calls.append((node, self.chain))
        self.generic_visit(node)


class _Resolver:
    def __init__(self, source: str, collector: _Collector, raw: bytes | None,
                 extra: dict[str, CallSpec] | None = None) -> None:
        self.source = source
        self.raw = raw
        self._lines: list[bytes] | None = None
        self.aliases = collector.aliases
        self.star = collector.star
        self.extra = extra or {}

    # what a call is -----------------------------------------------------------
    def qualified(self, func: ast.expr) -> str | None:
        parts: list[str] = []
        while isinstance(func, ast.Attribute):
            parts.append(func.attr)
            func = func.value
        if not isinstance(func, ast.Name):
            return None
        head = self.aliases.get(func.id, func.id)
        return ".".join([head, *reversed(parts)])

    def spec(self, call: ast.Call) -> CallSpec | None:
        func = call.func
        if isinstance(func, ast.Attribute) and func.attr == "from_pretrained":
            return FROM_PRETRAINED
        name = self.qualified(func)
        if name is None:
            return None
        if name in QUALIFIED:
            return QUALIFIED[name]
        if isinstance(func, ast.Name) and func.id not in self.aliases:
            if func.id in self.extra:
                return self.extra[func.id]
            for module, names in STAR_MODULES.items():
                if module in self.star and func.id in names:
                    return QUALIFIED[f"{module}.{func.id}"]
            return BARE.get(func.id)
        return None

    # values ------------------------------------------------------------------
    def segment(self, node: ast.AST) -> str | None:
        """The node's source text (``ast`` offsets are UTF-8 byte offsets)."""
        end_line = getattr(node, "end_lineno", None)
        end_col = getattr(node, "end_col_offset", None)
        if end_line is None or end_col is None:
            return None
        if self._lines is None:
            raw = self.raw if self.raw is not None else self.source.encode("utf-8")
            self._lines = raw.splitlines(keepends=True)
        first, col = node.lineno - 1, node.col_offset  # type: ignore[attr-defined]
        if first == end_line - 1:
            chunk = self._lines[first][col:end_col]
        else:
            chunk = b"".join([self._lines[first][col:], *self._lines[first + 1:end_line - 1],
                              self._lines[end_line - 1][:end_col]])
        return chunk.decode("utf-8", errors="replace")

    def text(self, node: ast.AST) -> str:
        segment = self.segment(node) or ast.unparse(node)
        segment = " ".join(segment.split())
        return segment if len(segment) <= EXPRESSION_CAP else segment[:EXPRESSION_CAP - 1] + "…"

    def value(self, node: ast.expr, chain: tuple[_Scope, ...], depth: int = 0) -> Value:
        if depth > 20:
            return _Runtime("too deeply nested")
        if isinstance(node, ast.Constant):
            return node.value if isinstance(node.value, str) else _OBJECT
        if isinstance(node, ast.JoinedStr):
            out = []
            for part in node.values:
                got = (self.value(part.value, chain, depth + 1)
                       if isinstance(part, ast.FormattedValue) else self.value(part, chain, depth))
                if not isinstance(got, str) or (isinstance(part, ast.FormattedValue)
                                                and (part.format_spec or part.conversion > 0)):
                    return _Runtime("an f-string with a part known only at run time")
                out.append(got)
            return "".join(out)
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
            left = self.value(node.left, chain, depth + 1)
            right = self.value(node.right, chain, depth + 1)
            if isinstance(left, str) and isinstance(right, str):
                return left + right
            return _Runtime("a concatenation with a part known only at run time")
        if isinstance(node, ast.Name):
            return self.name(node.id, chain, depth)
        if isinstance(node, ast.Call):
            if isinstance(node.func, ast.Attribute | ast.Name):
                called = node.func.attr if isinstance(node.func, ast.Attribute) else node.func.id
                if called in LOADERS or self.spec(node) is not None:
                    return _OBJECT  # a loaded model or pipeline, counted at its own call
            return _Runtime("the result of a call")
        if isinstance(node, ast.List | ast.Tuple | ast.Dict | ast.Set | ast.Lambda
                      | ast.ListComp | ast.DictComp | ast.SetComp | ast.GeneratorExp):
            return _OBJECT
        return _Runtime("an expression evaluated at run time")

    def name(self, name: str, chain: tuple[_Scope, ...], depth: int) -> Value:
        for scope in reversed(chain):
            if name in scope.params:
                default = scope.params[name]
                hint = (f" (default {self.text(default)})" if default is not None else "")
                return _Runtime(f"the parameter {name!r}{hint}")
            if name in scope.names:
                bound = scope.names[name]
                if any(v is None for v in bound):
                    origin = self.aliases.get(name)
                    if origin is not None:
                        return _Runtime(f"{name!r} is imported from {origin.rsplit('.', 1)[0]}")
                    return _Runtime(f"{name!r} is bound at run time")
                values = [self.value(v, chain, depth + 1) for v in bound if v is not None]
                strings = {v for v in values if isinstance(v, str)}
                if all(isinstance(v, str) for v in values):
                    if len(strings) == 1:
                        return strings.pop()
                    return _Runtime(f"{name!r} is assigned several different strings")
                if all(isinstance(v, _Object) for v in values):
                    return _OBJECT
                nodes = [v for v in bound if v is not None]
                for node, got in zip(nodes, values, strict=True):
                    if isinstance(got, _Runtime):
                        return _Runtime(f"{name} = {self.text(node)}: {got.why}")
                return _Runtime(f"{name!r} is known only at run time")
        return _Runtime(f"{name!r} is defined elsewhere")

    # the model argument -------------------------------------------------------
    def argument(self, call: ast.Call, spec: CallSpec) -> ast.expr | None:
        for keyword in call.keywords:
            if keyword.arg in spec.keywords:
                return keyword.value
        positional = [a for a in call.args if not isinstance(a, ast.Starred)]
        if spec.position is not None and len(positional) > spec.position and \
                len(positional) == len(call.args):
            return positional[spec.position]
        return None

    def keyword(self, call: ast.Call, name: str, chain: tuple[_Scope, ...]) -> str | None:
        for keyword in call.keywords:
            if keyword.arg == name:
                got = self.value(keyword.value, chain)
                return got if isinstance(got, str) else None
        return None


def find_calls(source: str, tree: ast.Module, raw: bytes | None = None,
               extra: dict[str, CallSpec] | None = None) -> list[Found]:
    """Every model argument of a recognised call in ``tree`` (parsed from ``source``,
    whose bytes ``raw`` are, when given). ``extra`` adds calls by bare name (the
    notebook reader's stand-ins for shell commands)."""
    collector = _Collector()
    collector.visit(tree)
    resolver = _Resolver(source, collector, raw, extra)
    found: list[Found] = []
    for call, chain in collector.calls:
        spec = resolver.spec(call)
        if spec is None:
            continue
        repo_type = resolver.keyword(call, "repo_type", chain)
        if repo_type is not None and repo_type != "model":
            continue  # a dataset or a Space
        revision = resolver.keyword(call, "revision", chain)
        arg = resolver.argument(call, spec)
        if arg is None:
            hidden = [f"**{resolver.text(k.value)}" for k in call.keywords if k.arg is None]
            hidden += [resolver.text(a) for a in call.args if isinstance(a, ast.Starred)]
            if hidden:
                found.append(Found(spec.via, call.lineno, call.col_offset + 1, None,
                                   ", ".join(hidden), revision))
            elif spec is PIPELINE:
                task = resolver.text(call.args[0]) if call.args else "no task"
                found.append(Found(spec.via, call.lineno, call.col_offset + 1, None,
                                   f"no model given: the default model for {task}", revision))
            continue
        got = resolver.value(arg, chain)
        if isinstance(got, _Object):
            continue
        if isinstance(got, str):
            found.append(Found(spec.via, arg.lineno, arg.col_offset + 1, got, None, revision))
        else:
            found.append(Found(spec.via, arg.lineno, arg.col_offset + 1, None,
                               f"{resolver.text(arg)} ({got.why})", revision))
    return found
