"""`mof scan` (rate a release from its files) and `mof init` (draft its MOT record)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from mofkit.commands import RULES_HELP, choice
from mofkit.rules.ids import MOF

if TYPE_CHECKING:
    from mofkit.release import Release


def scan_command(
    path: str = typer.Argument(..., metavar="PATH",
                               help="The model release: a folder, a git URL, or a Hugging Face "
                                    "model (hf:org/name[@revision] or its huggingface.co URL)."),
    code: list[str] = typer.Option([], "--code", metavar="DIR",
                                   help="A further root holding code (folder or git URL)."),
    paper: list[str] = typer.Option([], "--paper", metavar="ID",
                                    help="The paper: arXiv id, DOI, URL or a local file."),
    rules: str = typer.Option(MOF, "--rules", help=RULES_HELP),
    fmt: str = typer.Option("text", "--format", "-f",
                            help="Output: text, json, yaml, markdown, html, mot-yaml, "
                                 "cyclonedx or spdx3."),
    offline: bool = typer.Option(False, "--offline",
                                 help="Hugging Face: use only the cache (as HF_HUB_OFFLINE=1)."),
    hf_token: str | None = typer.Option(None, "--hf-token", metavar="TOKEN",
                                        help="Hugging Face token (default: HF_TOKEN)."),
    follow: bool = typer.Option(True, "--follow/--no-follow",
                                help="Follow the links the release declares (its code "
                                     "repository, Hub datasets, base models), one hop, pinned "
                                     "to a revision; from the cache when offline."),
) -> None:
    """Rate a model release from its files, with the evidence for every component."""
    from mofkit.pipeline import rate
    from mofkit.report import FORMATS as REPORT_FORMATS
    from mofkit.report import on_terminal, render_rating, stdout_options
    from mofkit.rules import RULE_SETS

    choice(rules, RULE_SETS, "rule set")
    choice(fmt, tuple(REPORT_FORMATS), "format")
    _not_a_record(path)
    rating = rate(path, rules=(rules,), code=code, paper=paper, offline=offline,
                  follow=follow, hf_token=hf_token)
    sys.stdout.write(on_terminal(render_rating(rating, fmt, **stdout_options(fmt)), fmt))


def _not_a_record(path: str) -> None:
    """A Model Openness Tool record is rated by `mof assess`, not scanned as a release of
    one YAML file."""
    from mofkit.registry.ingest import RECORD_SUFFIXES

    file = Path(path)
    if file.suffix.lower() not in RECORD_SUFFIXES or not file.is_file():
        return
    try:
        from mofkit import yamlsafe

        data = yamlsafe.load(file.read_text(encoding="utf-8"), fast=True)
    except Exception:  # not readable as YAML: not a record either; scan it
        return
    if isinstance(data, dict) and isinstance(data.get("release"), dict):
        from mofkit.errors import InputError

        raise InputError(f"a Model Openness Tool record: rate it with `mof assess {path}` "
                         "(`mof scan` rates a release from its files)", path)


def draft_release(release: Release) -> Release:
    """The scanned release as a draft MOT record: scan-only fields dropped, each
    component described by its strongest evidence."""
    from dataclasses import replace

    components = []
    for entry in release.components:
        best = entry.evidence[0] if entry.evidence else None
        description = f"Found: {best.why} ({best.path})" if best else None
        components.append(replace(entry, description=description, extra={}, evidence=[]))
    return replace(release, components=components, notes=[], extra={}, hub=None,
                   producer=release.producer or "")


def init_command(
    path: str = typer.Argument(..., metavar="PATH", help="The model release folder or git URL."),
    out: Path | None = typer.Option(None, "--out", "-o",
                                    help="Where to write the record (default PATH/mof.yml)."),
    code: list[str] = typer.Option([], "--code", metavar="DIR", help="A further code root."),
    paper: list[str] = typer.Option([], "--paper", metavar="ID", help="The paper."),
    force: bool = typer.Option(False, "--force", help="Replace an existing record."),
) -> None:
    """Write a draft Model Openness Tool record (mof.yml) from a scan of the release."""
    from mofkit.errors import InputError
    from mofkit.output import write_atomic
    from mofkit.sources.git import is_git_url
    from mofkit.sources.hf.location import is_hf_location
    from mofkit.sources.mot_record import dump_record

    if out is None:
        if is_git_url(path) or is_hf_location(path):
            raise InputError("give --out for a git URL or Hub repo (the files are a cache)",
                             source=path)
        out = Path(path) / "mof.yml"
    if out.exists() and not force:
        raise InputError("exists; use --force to replace it", source=str(out))
    from mofkit.pipeline import rate
    from mofkit.rules import MOF, load_mof

    release = rate(path, rules=(MOF,), code=code, paper=paper).release
    write_atomic(out, dump_record(draft_release(release)))
    found = len(release.components)
    print(f"wrote {out}: {found} of {len(load_mof().components)} components found; "
          "review it before publishing", file=sys.stderr)


def register(app: typer.Typer) -> None:
    app.command("scan")(scan_command)
    app.command("init")(init_command)
