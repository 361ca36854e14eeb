"""Does `--rules mot-compat` reproduce the Model Openness Tool exactly?

Compares class and the three per-class progress figures with
  1. the tool's own API output for its 27 test records
     (../shared/data/mot/oracle/expected_results.json), and
  2. expected-classes.tsv for every record in ../shared/data/mot/models/,
and prints "N/M match" for each set, with every mismatch.

Usage: python benchmarks/mot_oracle.py [--mot ../shared/data/mot]
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

import yaml

from mofkit.assess import assess
from mofkit.sources.mot_record import load_record, record_to_release

ROOT = Path(__file__).resolve().parents[1]


def close(a: float, b: float) -> bool:
    return abs(float(a) - float(b)) < 0.006


def check_oracle(mot: Path) -> tuple[int, int]:
    data = yaml.safe_load((mot / "oracle" / "expected_results.json").read_text("utf-8"))
    ok = 0
    models = data["models"]
    for model in models:
        expected = model["classification"]
        record = {"framework": model.get("framework"), "release": model["release"]}
        record["framework"].setdefault("date", "2024-12-15")
        result = assess(record_to_release(record, model["release"]["name"]), rules="mot-compat")
        got = {str(k): v for k, v in result.progress.items()}
        same = result.mof_class == expected["class"] and result.label == expected["label"] and all(
            abs(got[k] - float(expected["progress"][k])) < 1e-9 for k in ("1", "2", "3")
        )
        if same:
            ok += 1
        else:
            print(f"  MISMATCH {model['release']['name']}: expected {expected}, got class "
                  f"{result.mof_class} {result.label} {got}")
    return ok, len(models)


def check_models(mot: Path) -> tuple[int, int]:
    ok = total = 0
    with (mot / "expected-classes.tsv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            total += 1
            result = assess(load_record(mot / "models" / row["file"]), rules="mot-compat")
            p = result.progress
            same = (
                result.mof_class == int(row["mof_class"])
                and close(p[3], float(row["progress_class3"]))
                and close(p[2], float(row["progress_class2"]))
                and close(p[1], float(row["progress_class1"]))
            )
            if same:
                ok += 1
            else:
                print(f"  MISMATCH {row['file']}: expected class {row['mof_class']} "
                      f"{row['progress_class3']}/{row['progress_class2']}/"
                      f"{row['progress_class1']}, got {result.mof_class} "
                      f"{p[3]:.2f}/{p[2]:.2f}/{p[1]:.2f}")
    return ok, total


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mot", type=Path, default=ROOT.parent / "shared" / "data" / "mot")
    args = parser.parse_args()
    ok1, n1 = check_oracle(args.mot)
    print(f"oracle (expected_results.json, class + 3 progress figures): {ok1}/{n1} match")
    ok2, n2 = check_models(args.mot)
    print(f"models/ vs expected-classes.tsv (class + 3 progress figures): {ok2}/{n2} match")
    return 0 if (ok1, ok2) == (n1, n2) else 1


if __name__ == "__main__":
    sys.exit(main())
