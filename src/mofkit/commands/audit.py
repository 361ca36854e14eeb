"""`mof audit PATH`: the models a codebase uses, their openness, licences and
obligations, checked against a policy (mof-policy.yml). Exit 0 when the policy
holds, 1 when it does not, 2 on bad input or when the Hub could not be asked about
a model (the report is written; the audit is incomplete). See docs/audit.md."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from mofkit.commands import RULES_HELP, choice
from mofkit.rules.ids import MOF

if TYPE_CHECKING:
    import datetime as dt

    from mofkit.audit.result import AuditResult
    from mofkit.audit.usage import Discovery

FORMATS = ("text", "json", "markdown", "sarif", "cyclonedx")


def _today(value: str | None) -> dt.date:
    import datetime as dt

    from mofkit.errors import InputError

    if not value:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InputError(f"--today wants a date as YYYY-MM-DD, got {value!r}") from None


def render(result: AuditResult, fmt: str) -> str:
    if fmt == "json":
        import json

        return json.dumps(result.to_dict(), indent=2, ensure_ascii=False) + "\n"
    if fmt == "markdown":
        from mofkit.audit.markdown import render_markdown

        return render_markdown(result)
    if fmt == "sarif":
        from mofkit.audit.sarif import render_sarif

        return render_sarif(result)
    if fmt == "cyclonedx":
        from mofkit.audit.cyclonedx import render_cyclonedx

        return render_cyclonedx(result)
    from mofkit.audit.text import render_text

    return render_text(result)


def audit_command(
    path: str = typer.Argument(..., metavar="PATH", help="The codebase: a folder or a file."),
    policy: str | None = typer.Option(
        None, "--policy", "-p", metavar="FILE",
        help="The policy (default: PATH/mof-policy.yml if there; none: inventory only)."),
    fmt: str = typer.Option("text", "--format", "-f",
                            help="Output: text, json, markdown, sarif or cyclonedx."),
    out: Path | None = typer.Option(None, "--out", "-o", help="Write the output to FILE."),
    rules: str = typer.Option(MOF, "--rules", help=RULES_HELP),
    today: str | None = typer.Option(
        None, "--today", metavar="YYYY-MM-DD",
        help="The date exceptions are checked against (default: today)."),
    discover_only: bool = typer.Option(False, "--discover-only",
                                       help="List the models found; assess nothing."),
    offline: bool = typer.Option(False, "--offline",
                                 help="Hugging Face: use only the cache (as HF_HUB_OFFLINE=1)."),
    hf_token: str | None = typer.Option(None, "--hf-token", metavar="TOKEN",
                                        help="Hugging Face token (default: HF_TOKEN)."),
) -> None:
    """Which models does this code use, and does the policy allow them?"""
    from mofkit.assess import RULE_SETS

    choice(fmt, FORMATS, "format")
    choice(rules, RULE_SETS, "rule set")
    date = _today(today)
    from mofkit.audit.discover import discover
    from mofkit.audit.policy import Policy, find_policy, load_policy

    _check_inputs(path, policy, out)
    root = Path(path)
    found = discover(root)
    if discover_only:
        _write(_inventory(found, fmt), out)
        return
    policy_path = Path(policy) if policy else find_policy(root)
    if policy_path:
        _check_policy(policy_path)
    chosen = load_policy(policy_path) if policy_path else Policy.inventory()
    if policy_path is None:
        print("mof audit: no policy (mof-policy.yml): inventory only", file=sys.stderr)
    from mofkit.audit.assessor import HubAssessor
    from mofkit.audit.runner import audit

    progress = (lambda line: print(line, file=sys.stderr)) if sys.stderr.isatty() else None
    result = audit(root, chosen, HubAssessor(rules, offline=offline, hf_token=hf_token),
                   today=date, progress=progress, found=found)
    _write(render(result, fmt), out)
    if fmt != "text" or out is not None:
        blocking = sum(f.blocking for f in result.findings)
        print(f"mof audit: {len(result.models)} model(s); policy "
              + ("holds" if result.ok else f"does not hold ({blocking} blocking finding(s))"),
              file=sys.stderr)
    unasked = [m for m in result.models if m.unavailable]
    if unasked:  # the report is written; the verdict is not one a gate can rely on
        from mofkit.errors import MofError

        more = f" (and {len(unasked) - 1} more model(s))" if len(unasked) > 1 else ""
        raise MofError(f"{unasked[0].error}{more}; the audit is incomplete",
                       source=unasked[0].label)
    if policy_path is not None:
        _fail_closed(found, path)
    raise typer.Exit(0 if result.ok else 1)


def _fail_closed(found: Discovery, path: str) -> None:
    """A policy never holds over code that was not read: nothing read at all, or a file
    or folder that could not be read, makes the audit incomplete (exit status 2)."""
    from mofkit.errors import MofError

    if found.files_read == 0:
        why = f" ({found.unreadable} not readable)" if found.unreadable else ""
        raise MofError(f"no source or config file was read{why}: the policy was checked "
                       "against nothing; the audit is incomplete", source=path)
    if found.unreadable:
        raise MofError(f"{found.unreadable} file(s) or folder(s) could not be read (see the "
                       "notes); the audit is incomplete", source=path)


def _check_inputs(path: str, policy: str | None, out: Path | None) -> None:
    """What can be told wrong before any work: an empty PATH or --policy (Path("") is the
    current folder), an --out that cannot be written (found out only after every model
    was assessed, otherwise)."""
    from mofkit.errors import InputError

    if not path.strip():
        raise InputError("empty path: give the codebase's folder or a file", "''")
    if policy is not None:
        if not policy.strip():
            raise InputError("empty path: give the policy file (mof-policy.yml)",
                             "--policy ''")
        _check_policy(Path(policy))
    if out is not None:
        if out.is_dir():
            raise InputError("cannot write: is a folder, not a file", str(out))
        if not (out.parent if str(out.parent) else Path(".")).is_dir():
            raise InputError("cannot write: the folder does not exist", str(out))


def _check_policy(policy: Path) -> None:
    """The policy (given or found in PATH) must be a file: a FIFO would block the read."""
    import stat

    from mofkit.errors import InputError

    try:
        mode = policy.stat().st_mode
    except OSError:
        return  # missing or unreadable: the policy loader says so
    if not stat.S_ISREG(mode):
        what = "is a folder" if stat.S_ISDIR(mode) else "not a regular file"
        raise InputError(f"{what}: give the policy file (mof-policy.yml)", str(policy))


def _inventory(found: Discovery, fmt: str) -> str:
    if fmt == "json":
        import json

        return json.dumps({
            "root": found.root, "files_read": found.files_read,
            "models": [{"model": model, "revision": revision,
                        "usages": [u.to_dict() for u in usages]}
                       for (model, revision), usages in found.models().items()],
            "unresolved": [u.to_dict() for u in found.of_kind("unresolved")],
            "local": [u.to_dict() for u in found.of_kind("local")],
            "notes": found.notes,
        }, indent=2, ensure_ascii=False) + "\n"
    if fmt != "text":
        from mofkit.errors import InputError

        raise InputError("--discover-only writes text or json")
    lines = []
    for (model, revision), usages in found.models().items():
        label = f"{model}@{revision}" if revision else model
        lines.append(f"{label}  {', '.join(u.where for u in usages)}")
    lines += [f"unresolved  {u.where}  {u.expression}" for u in found.of_kind("unresolved")]
    lines += [f"local  {u.where}  {u.model}" for u in found.of_kind("local")]
    if not found.models():
        lines.insert(0, f"no models found ({found.files_read} file(s) read)")
    lines += [f"note  {n}" for n in found.notes]
    return "\n".join(lines) + "\n"


def _write(text: str, out: Path | None) -> None:
    if out is None:
        sys.stdout.write(text)
        return
    from mofkit.output import write_atomic

    write_atomic(out, text)


def register(app: typer.Typer) -> None:
    app.command("audit")(audit_command)
