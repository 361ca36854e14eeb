"""How `mof scan` does on real releases it was not written for (issue 14).

Scans every dev repository of ``../shared/corpus/real-repos-dev`` (tarballs,
extracted to a temporary folder) and every dev card of
``../shared/corpus/hf-cards-dev``, and prints, per component, what was found,
the evidence kind (content, name, card, link) and confidence, and:

* for the repositories, the agreement with the Model Openness Tool listing of
  code components in ``manifest.tsv`` (hand-entered and noisy: shown, not
  scored), and precision and recall against the hand-read truth table
  ``benchmarks/data/real-repos-truth.tsv`` (present Y/N per component, with
  why), overall and on two halves of the repositories split by a hash of
  their name (``tune`` / ``held``), so that a change that helps only the
  repositories it was tuned on shows;
* for the cards, what was found per component (evidence kind, confidence),
  and whether the model licence the scan reports is right (name and open /
  not open) against ``benchmarks/data/hf-cards-licence-truth.tsv``, measured
  as ``benchmarks/card_licences.py`` measures it.

    .venv/bin/python benchmarks/real_releases.py            # everything
    .venv/bin/python benchmarks/real_releases.py --quiet    # figures only

Targets: precision >= 95 % and recall >= 95 % on the truth table; >= 23 of 24
card licences right.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import sys
import tarfile
import tempfile
from pathlib import Path

from mofkit.inspect import ScanResult, scan
from mofkit.inspect.finding import INCLUDE_AT
from mofkit.sources.release_files import open_release

HERE = Path(__file__).resolve().parent
SHARED = HERE.parent.parent / "shared"
for candidate in (HERE.parent / ".." / "shared", Path("/work/shared")):
    if (candidate / "corpus").is_dir():
        SHARED = candidate.resolve()
        break
REPOS = SHARED / "corpus" / "real-repos-dev"
CARDS = SHARED / "corpus" / "hf-cards-dev"
TRUTH = HERE / "data" / "real-repos-truth.tsv"
CARD_TRUTH = HERE / "data" / "hf-cards-licence-truth.tsv"
MOT_NAMES = {
    "Model architecture": "model-architecture", "Training code": "training-code",
    "Inference code": "inference-code", "Evaluation code": "evaluation-code",
    "Data preprocessing code": "data-preprocessing-code",
    "Supporting libraries and tools": "supporting-libraries",
}


def half(repo: str) -> str:
    """``tune`` or ``held``: a stable split by the repository's name."""
    return "tune" if hashlib.sha256(repo.encode()).digest()[0] % 2 == 0 else "held"


def read_tsv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def in_release(result: ScanResult, component: str) -> tuple[bool, str, float, str]:
    """(present, kind, confidence, where) of a component's best finding in the release."""
    found = result.components.get(component)
    best = next((f for f in (found.findings if found else []) if not f.external), None)
    if best is None:
        return False, "-", 0.0, ""
    where = f"{best.path}:{best.line}" if best.line else best.path
    return best.confidence >= INCLUDE_AT, best.kind, best.confidence, where


def score(rows: list[tuple[str, bool, bool]]) -> tuple[float, float, int, int, int]:
    tp = sum(1 for _, truth, got in rows if truth and got)
    fp = sum(1 for _, truth, got in rows if not truth and got)
    fn = sum(1 for _, truth, got in rows if truth and not got)
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    return precision, recall, tp, fp, fn


def repos(quiet: bool) -> None:
    manifest = {row["repo"]: row for row in read_tsv(REPOS / "manifest.tsv")}
    truth: dict[str, dict[str, tuple[bool, str]]] = {}
    for row in read_tsv(TRUTH):
        truth.setdefault(row["repo"], {})[row["component"]] = (row["present"] == "Y", row["why"])
    rows: list[tuple[str, bool, bool]] = []
    mot_agree = mot_total = 0
    with tempfile.TemporaryDirectory(prefix="mof-real-") as tmp:
        for repo, entry in sorted(manifest.items()):
            with tarfile.open(REPOS / entry["tarball"]) as archive:
                archive.extractall(tmp, filter="data")
            root = Path(tmp) / entry["tarball"].removesuffix(".tar.gz")
            result = scan(open_release(str(root)))
            listed = {MOT_NAMES[name] for name in entry["mot_code_components"].split(";")
                      if name in MOT_NAMES}
            if not quiet:
                print(f"\n== {repo} ({half(repo)})")
            for component, (present, why) in truth.get(repo, {}).items():
                got, kind, confidence, where = in_release(result, component)
                rows.append((repo, present, got))
                mot = ""
                if component in MOT_NAMES.values():
                    mot_total += 1
                    mot_agree += (component in listed) == got
                    mot = " MOT:" + ("listed" if component in listed else "not listed")
                mark = "ok " if got == present else "FP " if got else "FN "
                if not quiet or got != present:
                    print(f"  {mark}{component:31} found={'Y' if got else 'N'} truth="
                          f"{'Y' if present else 'N'} {kind}/{confidence:.2f}{mot} {where}"
                          + ("" if got == present else f"\n       truth: {why}"))
    for label, subset in (("all", rows), ("tune", [r for r in rows if half(r[0]) == "tune"]),
                          ("held", [r for r in rows if half(r[0]) == "held"])):
        precision, recall, tp, fp, fn = score(subset)
        repos_n = len({r[0] for r in subset})
        print(f"truth table [{label}: {repos_n} repos, {len(subset)} rows]: precision "
              f"{precision:.1%} recall {recall:.1%} (tp {tp}, fp {fp}, fn {fn})")
    print(f"agreement with the MOT listing of code components: {mot_agree}/{mot_total}")


def cards(quiet: bool) -> None:
    """The card licence figure, measured as ``card_licences.py`` measures it (issue 14,
    classes 6 and 8): the model licence the scan reports, name and open / not open."""
    from card_licences import half as card_half
    from card_licences import licence_right, truth_rows

    rows = truth_rows(CARD_TRUTH)
    right: dict[str, list[int]] = {"tune": [0, 0], "held": [0, 0]}
    for row in rows:
        result = scan(open_release(str(CARDS / row["dir"])))
        statement = result.licences.model_licence() if result.licences else None
        got = statement.licence if statement else None
        ok = all(licence_right(row, got))
        part = card_half(row["dir"])
        right[part][0] += ok
        right[part][1] += 1
        if not quiet or not ok:
            found = ", ".join(
                f"{cid}[{scan_.findings[0].kind}/{scan_.confidence:.2f}]"
                for cid, scan_ in result.components.items() if scan_.found
            )
            print(f"  {'ok ' if ok else 'BAD'} {row['dir']}: licence {got} (expected "
                  f"{row['licence']})" + (f"\n       found: {found}" if not quiet else ""))
    good = sum(v[0] for v in right.values())
    print(f"card licences right (name and open/not open): {good}/{len(rows)} (tune "
          f"{right['tune'][0]}/{right['tune'][1]}, held {right['held'][0]}/{right['held'][1]})")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quiet", action="store_true", help="figures and disagreements only")
    args = parser.parse_args()
    if not REPOS.is_dir() or not CARDS.is_dir():
        print(f"the dev corpora are not here: {REPOS}, {CARDS}", file=sys.stderr)
        return 2
    repos(args.quiet)
    cards(args.quiet)
    return 0


if __name__ == "__main__":
    sys.exit(main())
