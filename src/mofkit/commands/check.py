"""`mof check`: a CI gate. Exit 0 when the release meets the class (and OSAID if
asked), 1 when it does not, with one line saying what is missing, and 2 on any
error: it never exits 0 when it could not decide."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from mofkit.commands import RULES_HELP, choice
from mofkit.rules.ids import MOF

if TYPE_CHECKING:
    from mofkit.assess.model import Assessment

RECORD_SUFFIXES = (".yml", ".yaml", ".json")


def rate_source(source: str, rules: str) -> Assessment:
    """SOURCE rated under ``rules``: a MOT record file (.yml, .yaml, .json) or a
    release folder."""
    from mofkit.errors import InputError
    from mofkit.pipeline import assess_record, rate

    path = Path(source)
    if path.is_dir():
        return rate(source, rules=(rules,)).assessment()
    if path.suffix.lower() in RECORD_SUFFIXES or not path.exists():
        if not source.strip():
            raise InputError("empty path: give a MOT record or a release folder", "''")
        if not path.exists():
            from mofkit.sources.git import is_git_url
            from mofkit.sources.hf.location import is_hf_location

            if is_hf_location(source) or is_git_url(source):
                raise InputError("not a file or folder: give a MOT record or a release "
                                 "folder (rate a Hub model or git URL with `mof scan`)",
                                 source)
            if path.is_symlink():
                raise InputError("broken symbolic link (or a link loop)", source)
            raise InputError("no such file or folder", source)
        return assess_record(path, (rules,)).assessment()
    raise InputError("not a MOT record (.yml, .yaml, .json) or a release folder", source)


def parse_class(value: str, option: str = "--min-class") -> int:
    from mofkit.errors import InputError
    from mofkit.rules import load_mof

    rules = load_mof()
    number = rules.class_number(value)
    if number is None:
        numerals = ", ".join(reversed(rules.numerals().values()))
        raise InputError(f"unknown class {value!r} for {option} (choose from {numerals})")
    return number


def check_assessment(a: Assessment, min_class: int, osaid: bool) -> tuple[bool, str]:
    """Whether ``a`` meets the gate, and the one line that says so."""
    from mofkit.assess.model import OsaidVerdict
    from mofkit.report.common import ROMAN, class_shortfall, osaid_shortfall, percent

    name = a.release.name or a.source
    problems: list[str] = []
    cr = a.classes[min_class]
    if not cr.qualified:
        problems.append(f"Class {ROMAN[min_class]} not met ({percent(cr.progress)}): "
                        + ", ".join(class_shortfall(a, min_class)))
    if osaid and a.osaid.verdict is not OsaidVerdict.PASS:
        problems.append(f"OSAID 1.0 {a.osaid.verdict.value}: "
                        + ", ".join(osaid_shortfall(a)))
    if problems:
        return False, f"{name}: " + "; ".join(problems)
    met = f"meets Class {ROMAN[min_class]} (MOF 1.0: {a.label})"
    if osaid:
        met += ", OSAID 1.0 pass"
    return True, f"{name}: {met}"


def check_command(
    source: str = typer.Argument(..., metavar="SOURCE",
                                 help="A MOT record (.yml/.yaml/.json) or a release folder."),
    min_class: str = typer.Option(..., "--min-class", metavar="{I,II,III}",
                                  help="The MOF class the release must reach."),
    osaid: bool = typer.Option(False, "--osaid", help="Also require OSAID 1.0: pass."),
    rules: str = typer.Option(MOF, "--rules", help=RULES_HELP),
) -> None:
    """CI gate: exit 0 if SOURCE meets the class (and OSAID), 1 if not, 2 on bad input."""
    from mofkit.errors import MofError

    try:
        from mofkit.rules import RULE_SETS

        number = parse_class(min_class)
        choice(rules, RULE_SETS, "rule set")
        ok, line = check_assessment(rate_source(source, rules), number, osaid)
    except MofError:
        raise
    except Exception as exc:  # never let an unexpected failure look like a verdict
        raise MofError(f"internal error: {type(exc).__name__}: {exc}", source) from exc
    print(line)
    raise typer.Exit(0 if ok else 1)


def register(app: typer.Typer) -> None:
    app.command("check")(check_command)
