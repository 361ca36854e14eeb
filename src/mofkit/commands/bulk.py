"""`mof bulk`: rate many sources — a list file or a Hub search — with a pool of
workers on this machine or on a Ray cluster, resumably. See docs/bulk.md."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from mofkit.commands import RULES_HELP, choice
from mofkit.rules.ids import MOF


def bulk_command(
    sources: Path | None = typer.Argument(
        None, metavar="[SOURCES.txt]",
        help="A file with one source per line (hf:org/name[@rev], org/name, a folder, a git "
             "URL); # starts a comment."),
    hf_search: str | None = typer.Option(None, "--hf-search", metavar="QUERY",
                                         help="Rate the models the Hub's search returns."),
    limit: int | None = typer.Option(None, "--limit", metavar="N", min=1,
                                     help="At most N sources (first N of the list/search)."),
    out: Path = typer.Option(Path("bulk-results.jsonl"), "--out", "-o",
                             help="Results, one JSON record per source (appended)."),
    registry: str | None = typer.Option(None, "--registry", metavar="URL",
                                        help="Also store each result in this registry "
                                             "(a path, sqlite:///… or postgresql://…)."),
    workers: int | None = typer.Option(None, "--workers", "-j", min=1,
                                       help="Worker processes / Ray actors (default: CPUs, "
                                            "at most 8)."),
    backend: str = typer.Option("local", "--backend", help="local (process pool) or ray."),
    address: str | None = typer.Option(None, "--address", metavar="ADDR",
                                       help="Ray: the cluster (ray://host:10001 or host:6379; "
                                            "default RAY_ADDRESS, else a local instance)."),
    resume: bool = typer.Option(False, "--resume",
                                help="Continue --out: skip sources already done."),
    refresh: bool = typer.Option(False, "--refresh",
                                 help="With --resume: re-rate done Hub models whose commit "
                                      "moved (one API request each to find out)."),
    rules: str = typer.Option(MOF, "--rules", help=RULES_HELP),
    timeout: float = typer.Option(300.0, "--timeout", metavar="SECONDS", min=0,
                                  help="Per-source limit; 0 = none."),
    hub_rate: str = typer.Option("free", "--hub-rate", metavar="RATES",
                                 help="Hub requests allowed, shared by all workers: free "
                                      "(a free account's limits), none, or "
                                      "api=N,resolve=N per second (N may be 1000/300)."),
    summary_json: Path | None = typer.Option(None, "--summary-json", metavar="PATH",
                                             help="Also write the summary as JSON."),
    progress: bool = typer.Option(True, "--progress/--no-progress",
                                  help="Progress bar on stderr."),
) -> None:
    """Rate many models (a list or a Hub search), resumably, locally or on Ray."""
    from mofkit.assess import RULE_SETS
    from mofkit.bulk.budget import parse_rates
    from mofkit.bulk.runner import BACKENDS, BulkOptions, default_workers, run_bulk
    from mofkit.bulk.sources import hf_search as search
    from mofkit.bulk.sources import read_sources
    from mofkit.errors import InputError

    if (sources is None) == (hf_search is None):
        raise InputError("give either a sources file or --hf-search QUERY")
    choice(rules, RULE_SETS, "rule set")
    choice(backend, BACKENDS, "backend")
    if refresh and not resume:
        raise InputError("--refresh re-checks a results file: use it with --resume")
    try:
        rates = parse_rates(hub_rate)
    except ValueError as exc:
        raise InputError(str(exc), "--hub-rate") from None
    if summary_json is not None:  # found out now, not after the whole batch has run
        if summary_json.is_dir():
            raise InputError("cannot write: is a folder, not a file", str(summary_json))
        if not summary_json.parent.is_dir():
            raise InputError("cannot write: the folder does not exist", str(summary_json))

    def say(text: str) -> None:
        print(f"mof bulk: {text}", file=sys.stderr)

    carried = None
    if sources is not None:
        names = read_sources(sources)
    else:
        from mofkit.bulk.budget import TokenBucket

        searched = TokenBucket(rates)  # the search's requests count against the budget
        names = search(hf_search or "", limit, budget=searched)
        carried = searched.carry()
    if limit is not None:
        names = names[:limit]
    if not names:
        raise InputError("no sources to rate", str(sources) if sources else "--hf-search")
    options = BulkOptions(out=out, workers=workers or default_workers(), backend=backend,
                          address=address, resume=resume, refresh=refresh, rules=rules,
                          timeout=timeout, rates=rates, registry=registry, progress=progress,
                          carried=carried)
    summary = run_bulk(names, options, say)
    for line in summary.lines():
        print(line, file=sys.stderr)
    if summary_json is not None:
        import json

        from mofkit.output import write_atomic

        write_atomic(summary_json, json.dumps(summary.to_dict(), indent=2) + "\n")


def register(app: typer.Typer) -> None:
    app.command("bulk")(bulk_command)
