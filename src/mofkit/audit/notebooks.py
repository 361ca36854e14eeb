"""Jupyter notebooks (``.ipynb``) as Python for discovery.

A notebook is JSON: nbformat 4 keeps its cells in ``cells``, each code cell's code
in ``source`` (a list of lines or one string); nbformat 3 keeps them in
``worksheets[].cells`` with the code in ``input``. Only code cells count: markdown,
raw and heading cells, and every cell's ``outputs`` (which can be megabytes of
images and logs), are never used. The JSON is walked by :class:`_Reader`, which
keeps the position of each source line in the file (for SARIF) and skips
everything else with the C JSON scanner.

The code cells run in order in one namespace, so they are read as **one module**:
the cells' texts joined in order, so that ``MODEL_ID = "org/name"`` in one cell
resolves ``from_pretrained(MODEL_ID)`` in a later one. When the joined text does
not parse, each cell is parsed on its own: a cell that does not parse gives a
note and the others are still read.

IPython syntax is neutralised before parsing, keeping every line where it was:

* ``%%time``, ``%%timeit``, ``%%capture``, ``%%prun``, ``%%memit``, ``%%debug``:
  the rest of the cell is Python; ``%%bash``, ``%%sh``, ``%%script bash|sh``,
  ``%%system``: each line is a shell command; any other cell magic
  (``%%writefile``, ``%%html``, ``%%sql``…): the cell is not Python and is skipped;
* ``%time stmt``, ``%timeit [-n N -r R] stmt``, ``%prun stmt``: the statement counts;
  ``%sx cmd``, ``%system cmd``, ``!cmd``, ``!!cmd``: a shell command; any other line
  magic (``%pip install …``, ``%matplotlib inline``) and ``obj?`` help: nothing;
  ``x = !cmd`` / ``x = %magic``: ``x`` is bound at run time;
* a backslash at the end of a magic or shell line continues it on the next line.

Shell commands name models too; these are recognised (``shlex``, with ``&&``,
``||``, ``;`` and ``|`` between commands, ``VAR=value`` prefixes and ``#``
comments):

* ``huggingface-cli download REPO`` and ``hf download REPO`` (with ``--revision``;
  ``--repo-type dataset|space`` is not a model);
* ``git clone URL`` / ``git lfs clone URL`` of a ``huggingface.co`` (or ``hf.co``)
  URL (``-b``/``--branch`` pins the revision);
* ``wget URL`` / ``curl URL`` of a ``huggingface.co`` model file URL
  (``…/org/name/resolve/REV/file``).

IPython expands ``{expr}`` and ``$name`` in shell commands from the notebook's
variables, so such a word is read as the f-string it is: ``!huggingface-cli
download {MODEL_ID}`` resolves ``MODEL_ID`` like a Python argument (and is
reported unresolved when it cannot). Each command becomes a stand-in call on its
line (``__mofkit_hf_download__("org/name", revision=…)``) that
:func:`mofkit.audit.pycalls.find_calls` resolves like any other call.
"""

from __future__ import annotations

import ast
import bisect
import json
import re
import shlex
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from json.decoder import scanstring  # type: ignore[attr-defined]
from typing import Any

from mofkit.audit import pycalls
from mofkit.audit.hubids import classify

TRIGGERS = (*pycalls.TRIGGERS, b"download", b"huggingface.co", b"hf.co")
PYTHON_LANGUAGES = frozenset({"python", "python2", "python3", "ipython", "ipython3"})

# --- the JSON, with the file line of every source line ----------------------------------

_WS = re.compile(r"[ \t\n\r]*")
_WS_CHARS = " \t\n\r"
_DECODER = json.JSONDecoder()


class NotANotebook(ValueError):
    """Valid JSON that is not a Jupyter notebook."""


@dataclass
class Cell:
    number: int  # 1-based position among all the notebook's cells
    kind: str  # "code", "markdown", "raw", "heading"…
    pieces: list[tuple[str, int]]  # (source text, its line in the .ipynb file)
    language: str | None = None  # nbformat 3 code cells say

    def code(self) -> tuple[str, list[int]]:
        """The source with ``\\n`` line ends, and the file line of each of its lines."""
        parts: list[str] = []
        offsets: list[int] = []  # where each piece starts in the text
        total = 0
        for piece, _ in self.pieces:
            piece = piece.replace("\r\n", "\n").replace("\r", "\n")
            parts.append(piece)
            offsets.append(total)
            total += len(piece)
        text = "".join(parts)
        if text and not text.endswith("\n"):
            text += "\n"
        lines: list[int] = []
        start = 0
        while start < total:
            lines.append(self.pieces[bisect.bisect_right(offsets, start) - 1][1])
            end = text.find("\n", start)
            start = end + 1
        return text, lines


@dataclass
class Notebook:
    cells: list[Cell] = field(default_factory=list)
    language: str | None = None  # from the metadata, lower case, when it says


class _Reader:
    """A JSON walker that descends only where it is told to; every other value is read
    (and checked) by the C scanner. Errors are ``json.JSONDecodeError``."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self._line = 1
        self._line_pos = 0

    def error(self, message: str) -> json.JSONDecodeError:
        return json.JSONDecodeError(message, self.text, min(self.pos, len(self.text)))

    def peek(self) -> str:
        char = self.text[self.pos:self.pos + 1]
        if char in _WS_CHARS and char:
            self.pos = _WS.match(self.text, self.pos).end()  # type: ignore[union-attr]
            char = self.text[self.pos:self.pos + 1]
        return char

    def line(self) -> int:
        """The line of the current position (positions only move forward)."""
        self._line += self.text.count("\n", self._line_pos, self.pos)
        self._line_pos = self.pos
        return self._line

    def value(self) -> Any:
        self.peek()
        try:
            got, self.pos = _DECODER.raw_decode(self.text, self.pos)
        except RecursionError:
            raise self.error("nested too deeply") from None
        return got

    def string(self) -> str:
        if self.peek() != '"':
            raise self.error("Expecting string")
        got, self.pos = scanstring(self.text, self.pos + 1, True)
        return str(got)

    def _expect(self, char: str, what: str) -> None:
        if self.peek() != char:
            raise self.error(f"Expecting {what}")
        self.pos += 1

    def members(self, what: str) -> Iterator[str]:
        """The keys of the object here, one by one; the caller reads each value."""
        if self.peek() != "{":
            raise NotANotebook(f"{what} is not a JSON object")
        self.pos += 1
        if self.peek() == "}":
            self.pos += 1
            return
        while True:
            key = self.string()
            self._expect(":", "':' delimiter")
            yield key
            after = self.peek()
            self.pos += 1
            if after == "}":
                return
            if after != ",":
                self.pos -= 1
                raise self.error("Expecting ',' delimiter")

    def items(self, what: str) -> Iterator[None]:
        """The items of the array here, one by one; the caller reads each."""
        if self.peek() != "[":
            raise NotANotebook(f"{what} is not a list")
        self.pos += 1
        if self.peek() == "]":
            self.pos += 1
            return
        while True:
            yield None
            after = self.peek()
            self.pos += 1
            if after == "]":
                return
            if after != ",":
                self.pos -= 1
                raise self.error("Expecting ',' delimiter")

    def source(self) -> list[tuple[str, int]]:
        """A cell's source: a list of strings or one string, each with its line."""
        if self.peek() == '"':
            line = self.line()
            return [(self.string(), line)]
        if self.peek() == "[":
            start, line = self.pos, self.line()
            got = self.value()
            if not isinstance(got, list):  # pragma: no cover - raw_decode of "[" is a list
                raise NotANotebook("a cell's source is not a list")
            laid_out = self.text[start:self.pos].split("\n")
            if all(isinstance(piece, str) for piece in got) and (
                    len(laid_out) == 1 or (len(laid_out) == len(got) + 2 and all(
                        row.strip().startswith('"') for row in laid_out[1:-1]))):
                # all on one line, or (as Jupyter writes it) one piece per line
                offset = 0 if len(laid_out) == 1 else 1
                return [(piece, line + offset * (n + 1)) for n, piece in enumerate(got)]
            self.pos = start  # another layout: walk it piece by piece
        pieces: list[tuple[str, int]] = []
        for _ in self.items("a cell's source"):
            if self.peek() == '"':
                line = self.line()
                pieces.append((self.string(), line))
            else:
                self.value()  # not text: ignored
        return pieces

    def cells(self, into: Notebook) -> None:
        for _ in self.items("cells"):
            kind = ""
            pieces: list[tuple[str, int]] = []
            language = None
            for key in self.members("a cell"):
                if key in ("source", "input"):
                    pieces = self.source()
                elif key == "cell_type":
                    got = self.value()
                    kind = got if isinstance(got, str) else ""
                elif key == "language":
                    got = self.value()
                    language = got.lower() if isinstance(got, str) else None
                else:
                    self.value()  # outputs, metadata, execution_count…
            into.cells.append(Cell(len(into.cells) + 1, kind, pieces, language))


def _language(metadata: Any) -> str | None:
    if not isinstance(metadata, dict):
        return None
    for key, sub in (("kernelspec", "language"), ("language_info", "name")):
        got = metadata.get(key)
        if isinstance(got, dict) and isinstance(got.get(sub), str):
            return str(got[sub]).lower()
    got = metadata.get("language")
    return got.lower() if isinstance(got, str) else None


def read_notebook(text: str) -> Notebook:
    """The notebook's cells. Raises ``json.JSONDecodeError`` (broken JSON) or
    :class:`NotANotebook`."""
    reader = _Reader(text)
    notebook = Notebook()
    seen_cells = False
    for key in reader.members("the file"):
        if key == "cells":
            reader.cells(notebook)
            seen_cells = True
        elif key == "worksheets":
            for _ in reader.items("worksheets"):
                for sheet_key in reader.members("a worksheet"):
                    if sheet_key == "cells":
                        reader.cells(notebook)
                        seen_cells = True
                    else:
                        reader.value()
        elif key == "metadata":
            notebook.language = _language(reader.value())
        else:
            reader.value()
    if reader.peek():
        raise reader.error("Extra data")
    if not seen_cells:
        raise NotANotebook("no cells")
    return notebook


# --- IPython syntax ---------------------------------------------------------------------

PYTHON_CELL_MAGICS = frozenset({"time", "timeit", "capture", "prun", "memit", "debug"})
SHELL_CELL_MAGICS = frozenset({"bash", "sh", "system", "!"})
SHELL_LINE_MAGICS = frozenset({"sx", "system"})
_CODE_LINE_MAGIC = re.compile(
    r"%(?:time|timeit|prun)(?:\s+-[A-Za-z](?:\s*\d+(?:\.\d+)?)?)*\s+(?=\S)")
_ASSIGNED = re.compile(r"(?P<targets>[A-Za-z_]\w*(?:\s*,\s*[A-Za-z_]\w*)*)\s*=\s*(?=[!%])")
_HELP = re.compile(r"(?:\?\??[\w.]+|[\w.\[\]()'\"]*\w[\])'\"]*\?\??)\s*$")
_IDENT = re.compile(r"[A-Za-z_]\w*")

STAND_INS: dict[str, pycalls.CallSpec] = {
    "__mofkit_hf_download__": pycalls.CallSpec("huggingface-cli download", 0, ()),
    "__mofkit_hf2_download__": pycalls.CallSpec("hf download", 0, ()),
    "__mofkit_git_clone__": pycalls.CallSpec("git clone", 0, ()),
    "__mofkit_wget__": pycalls.CallSpec("wget", 0, ()),
    "__mofkit_curl__": pycalls.CallSpec("curl", 0, ()),
}
_RUNTIME = "__mofkit_shell_output__()"  # what `x = !cmd` binds: known only at run time
_HF_DOWNLOAD_VALUES = frozenset({"--repo-type", "--revision", "--include", "--exclude",
                                 "--cache-dir", "--local-dir", "--token", "--max-workers",
                                 "--local-dir-use-symlinks", "--etag-timeout"})
_GIT_CLONE_VALUES = frozenset({"-b", "--branch", "-o", "--origin", "-c", "--config",
                               "--depth", "--reference", "--separate-git-dir", "-j",
                               "--jobs", "--shallow-since", "--shallow-exclude", "-u",
                               "--upload-pack", "--template", "--filter"})
_DOWNLOADERS = {"wget": "__mofkit_wget__", "curl": "__mofkit_curl__"}


def _interpolated(word: str) -> str | None:
    """Python source for what IPython passes for ``word`` (``{expr}`` and ``$name``
    expanded from the notebook's variables), or None when it cannot be written."""
    if "{" not in word and "$" not in word:
        return repr(word)
    out: list[str] = []
    i = 0
    while i < len(word):
        char = word[i]
        if char == "$" and word.startswith("$$", i):
            out.append("$")
            i += 2
        elif char == "$" and (name := _IDENT.match(word, i + 1)):
            out.append("{" + name.group() + "}")
            i = name.end()
        elif char == "{" and word.startswith("{{", i):
            out.append("{{")
            i += 2
        elif char == "}" and word.startswith("}}", i):
            out.append("}}")
            i += 2
        elif char == "{":
            end = word.find("}", i)
            if end < 0:
                return None
            out.append(word[i:end + 1])
            i = end + 1
        elif char == "}":
            return None
        elif char in "\\\"'":
            out.append("\\" + char)
            i += 1
        else:
            out.append(char)
            i += 1
    source = 'f"' + "".join(out) + '"'
    try:
        ast.parse(source, mode="eval")
    except SyntaxError:
        return None
    return source


def _split_commands(command: str) -> list[list[str]]:
    lexer = shlex.shlex(command, posix=True, punctuation_chars=";&|")
    lexer.whitespace_split = True
    try:
        words = list(lexer)
    except ValueError:  # an unclosed quote
        return []
    commands: list[list[str]] = [[]]
    for word in words:
        if word and all(ch in ";&|" for ch in word):
            commands.append([])
        else:
            commands[-1].append(word)
    out = []
    for words_ in commands:
        while words_ and (re.match(r"[A-Za-z_]\w*=", words_[0]) or words_[0] == "sudo"):
            words_ = words_[1:]
        if words_:
            out.append(words_)
    return out


def _options(words: list[str], with_values: frozenset[str]) -> tuple[list[str], dict[str, str]]:
    """Positional words and ``--option value`` / ``--option=value`` pairs."""
    positional: list[str] = []
    options: dict[str, str] = {}
    i = 0
    while i < len(words):
        word = words[i]
        if word.startswith("-") and len(word) > 1:
            name, eq, value = word.partition("=")
            if eq:
                options.setdefault(name, value)
            elif name in with_values and i + 1 < len(words):
                options.setdefault(name, words[i + 1])
                i += 1
        else:
            positional.append(word)
        i += 1
    return positional, options


def _hub_url(word: str) -> bool:
    return "huggingface.co/" in word or "hf.co/" in word


def shell_references(command: str) -> list[tuple[str, str, dict[str, str]]]:
    """``(stand-in name, model word, keywords)`` for each model a shell command names;
    the words are as written (``{expr}`` and ``$name`` not yet expanded)."""
    found: list[tuple[str, str, dict[str, str]]] = []
    if not any(word in command for word in ("download", "clone", "huggingface.co", "hf.co")):
        return found  # `pip install …` and the like: no need to split it
    for words in _split_commands(command):
        program = words[0].rsplit("/", 1)[-1]
        if program in ("huggingface-cli", "hf") and len(words) > 1 and words[1] == "download":
            positional, options = _options(words[2:], _HF_DOWNLOAD_VALUES)
            if not positional:
                continue
            keywords = {k: options[f"--{k.replace('_', '-')}"] for k in ("repo_type", "revision")
                        if f"--{k.replace('_', '-')}" in options}
            name = "__mofkit_hf_download__" if program == "huggingface-cli" \
                else "__mofkit_hf2_download__"
            found.append((name, positional[0], keywords))
        elif program == "git" and "clone" in words[1:3]:
            rest = words[words.index("clone") + 1:]
            positional, options = _options(rest, _GIT_CLONE_VALUES)
            if positional and _hub_url(positional[0]):
                url = positional[0].removesuffix("/").removesuffix(".git")
                branch = options.get("-b") or options.get("--branch")
                found.append(("__mofkit_git_clone__", url,
                              {"revision": branch} if branch else {}))
        elif program in _DOWNLOADERS:
            for word in words[1:]:
                if not word.startswith("-") and _hub_url(word) and (
                        "{" in word or "$" in word or classify(word) is not None):
                    found.append((_DOWNLOADERS[program], word, {}))
    return found


@dataclass
class CellPython:
    """A code cell as Python: the text (one line per cell line), and how to map a
    column on a rewritten line back to the cell's own text."""

    text: str
    columns: dict[tuple[int, int], int] = field(default_factory=dict)  # (line, col) -> col
    words: dict[tuple[int, int], tuple[str, str]] = field(default_factory=dict)
    # (line, col) of a stand-in's argument -> (its Python text, the shell word as written)
    shifts: dict[int, int] = field(default_factory=dict)  # line -> columns removed


def _byte_len(text: str) -> int:
    return len(text.encode("utf-8", errors="replace"))


def _shell_line(number: int, indent: str, head: str, command: str, original: str,
                out: CellPython) -> str:
    """The Python that stands in for a shell command on cell line ``number``:
    ``head`` (``x = ``) bound to a run-time value, then a stand-in call for each
    model the command names (or ``pass``), all on one line."""
    line = indent + head + (_RUNTIME if head else "")
    for name, word, keywords in shell_references(command):
        arg = _interpolated(word) or _RUNTIME
        extra = "".join(f", {key}={_interpolated(value) or repr(value)}"
                        for key, value in keywords.items())
        separator = "; " if line.strip() else ""
        column = _byte_len(line + separator + name + "(") + 1
        at = original.find(word)
        out.columns[(number, column)] = _byte_len(original[:max(at, len(indent))]) + 1
        out.words[(number, column)] = (arg, word)
        line += f"{separator}{name}({arg}{extra})"
    return line if line.strip() else indent + "pass"


def neutralise(source: str) -> CellPython:
    """The cell with IPython syntax replaced by Python that keeps every line (and
    every model a shell command names) in its place; see the module docstring."""
    lines = source.split("\n")
    out = CellPython("")
    result: list[str] = []
    first = next((n for n, line in enumerate(lines) if line.strip()), None)
    body_kind = "python"
    if first is not None and lines[first].lstrip().startswith("%%"):
        words = lines[first].lstrip()[2:].split()
        magic = words[0] if words else ""
        if magic in PYTHON_CELL_MAGICS:
            body_kind = "python"
        elif magic in SHELL_CELL_MAGICS or (magic == "script" and len(words) > 1
                                            and words[1].rsplit("/", 1)[-1] in ("bash", "sh")):
            body_kind = "shell"
        else:
            body_kind = "other"
        lines[first] = ""
    index = 0
    while index < len(lines):
        line = lines[index]
        number = index + 1
        # a backslash at the end continues a magic or shell line
        stripped = line.strip()
        joined = line
        taken = 1
        if body_kind == "shell" or stripped.startswith(("!", "%")) or \
                _ASSIGNED.match(stripped):
            while joined.endswith("\\") and index + taken < len(lines):
                joined = joined[:-1] + " " + lines[index + taken]
                taken += 1
        indent = line[:len(line) - len(line.lstrip())]
        text = joined.strip()
        if body_kind == "other" or not text:
            new = "" if body_kind == "other" else line
        elif body_kind == "shell":
            new = _shell_line(number, "", "", text, line, out) if not text.startswith("#") \
                else ""
        else:
            new = _python_line(number, indent, text, line, out)
        result.append(new)
        result += [""] * (taken - 1)
        index += taken
    out.text = "\n".join(result)
    return out


def _python_line(number: int, indent: str, text: str, original: str, out: CellPython) -> str:
    head = ""
    assigned = _ASSIGNED.match(text)
    if assigned:
        head = assigned.group("targets") + " = "
        text = text[assigned.end():]
    if text.startswith("!"):
        return _shell_line(number, indent, head, text.lstrip("!"), original, out)
    if text.startswith("%"):
        words = text[1:].split(None, 1)
        magic = words[0] if words else ""
        if magic in SHELL_LINE_MAGICS:
            return _shell_line(number, indent, head, words[1] if len(words) > 1 else "",
                               original, out)
        code = _CODE_LINE_MAGIC.match(text)
        if code and not head:
            out.shifts[number] = _byte_len(text[:code.end()])
            return indent + text[code.end():]
        return indent + (head + _RUNTIME if head else "pass")
    if _HELP.fullmatch(text):
        return indent + "pass"
    return original


# --- the notebook as one module ----------------------------------------------------------

@dataclass
class Module:
    """The notebook's parsable code cells joined, in order, into one module."""

    source: str
    tree: ast.Module
    starts: list[int]  # first line (1-based, in ``source``) of each cell joined
    cells: list[tuple[Cell, list[int], CellPython]]  # cell, file lines, rewrite
    notes: list[tuple[int, int, str]]  # (cell, line, message) for cells that do not parse

    def place(self, line: int, column: int) -> tuple[int, int, int, int]:
        """(cell number, line in the cell, column, line in the .ipynb file) of a
        position in ``source``."""
        index = bisect.bisect_right(self.starts, line) - 1
        cell, file_lines, python = self.cells[index]
        local = line - self.starts[index] + 1
        column = python.columns.get((local, column), column + python.shifts.get(local, 0))
        file_line = file_lines[min(local, len(file_lines)) - 1] if file_lines else 1
        return cell.number, local, column, file_line

    def shown(self, line: int, column: int, expression: str) -> str:
        """``expression`` as the notebook shows it: a shell command's word as written
        (``{MODEL_ID}``) rather than the f-string that stands in for it."""
        index = bisect.bisect_right(self.starts, line) - 1
        python = self.cells[index][2]
        word = python.words.get((line - self.starts[index] + 1, column))
        if word is not None and expression.startswith(word[0]):
            return word[1] + expression[len(word[0]):]
        return expression


_FLAGS = ast.PyCF_ONLY_AST | ast.PyCF_ALLOW_TOP_LEVEL_AWAIT  # IPython runs `await` in cells


def _parse(text: str) -> ast.Module:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # invalid escape sequences and the like
        tree = compile(text, "<cell>", "exec", flags=_FLAGS, dont_inherit=True)
    assert isinstance(tree, ast.Module)
    return tree


_IPYTHON_LINE = re.compile(r"^[ \t]*(?:[!%][A-Za-z!%]|[!%]$)|\?[ \t]*$", re.MULTILINE)


def _looks_like_ipython(text: str) -> bool:
    """A line that starts with ``!cmd``/``%magic`` or ends with ``?``: Python would
    almost always reject it, so the cell is neutralised before its first parse."""
    return _IPYTHON_LINE.search(text) is not None


def _cell_tree(text: str) -> tuple[CellPython, ast.Module | None, SyntaxError | ValueError | None]:
    """The cell parsed as it is or neutralised, whichever the looks of it suggest
    first, then the other; with the first error when neither parses."""
    first, second = CellPython(text), None
    if _looks_like_ipython(text):
        first, second = neutralise(text), first
    error: SyntaxError | ValueError | None = None
    for python in (first, second or neutralise(text)):
        try:
            return python, _parse(python.text), None
        except (SyntaxError, ValueError) as exc:
            error = error or exc
    return first, None, error


def as_module(notebook: Notebook) -> Module:
    """The code cells as one module; a cell that does not parse even with its IPython
    syntax neutralised is left out with a note."""
    chosen: list[tuple[Cell, list[int], CellPython]] = []
    for cell in notebook.cells:
        if cell.kind != "code" or (cell.language and cell.language not in PYTHON_LANGUAGES):
            continue
        text, file_lines = cell.code()
        if text.strip():
            chosen.append((cell, file_lines,
                           neutralise(text) if _looks_like_ipython(text) else CellPython(text)))
    notes: list[tuple[int, int, str]] = []
    joined = _joined(chosen)
    if joined is not None:  # the usual case: one parse for the whole notebook
        return Module(*joined, chosen, notes)
    good: list[tuple[Cell, list[int], CellPython]] = []
    trees: list[ast.Module] = []
    for cell, file_lines, _ in chosen:
        python, tree, error = _cell_tree(cell.code()[0])
        if tree is None:
            assert error is not None
            notes.append((cell.number, getattr(error, "lineno", None) or 1,
                          getattr(error, "msg", None) or str(error)))
            continue
        good.append((cell, file_lines, python))
        trees.append(tree)
    joined = _joined(good)
    if joined is not None:
        return Module(*joined, good, notes)
    # cells that parse alone but not joined (a `from __future__` import in a later
    # cell): join their trees, each moved to its lines
    source, starts = _join_texts(good)
    body: list[ast.stmt] = []
    for tree, first in zip(trees, starts, strict=True):
        body += ast.increment_lineno(tree, first - 1).body
    return Module(source, ast.Module(body=body, type_ignores=[]), starts, good, notes)


def _join_texts(cells: list[tuple[Cell, list[int], CellPython]]) -> tuple[str, list[int]]:
    """The cells' texts one after the other, and the first line of each."""
    parts: list[str] = []
    starts: list[int] = []
    next_line = 1
    for _, _, python in cells:
        text = python.text if python.text.endswith("\n") else python.text + "\n"
        parts.append(text)
        starts.append(next_line)
        next_line += text.count("\n")
    return "".join(parts), starts


def _joined(cells: list[tuple[Cell, list[int], CellPython]]
            ) -> tuple[str, ast.Module, list[int]] | None:
    """The cells' text joined and parsed, or None when that does not parse."""
    source, starts = _join_texts(cells)
    try:
        return source, _parse(source), starts
    except (SyntaxError, ValueError):
        return None
