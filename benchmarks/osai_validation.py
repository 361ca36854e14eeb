"""Do mofkit's OSAID verdicts agree with OSI's own validations?

For each of the nine systems OSI validated (Pythia, OLMo, Amber, CrystalCoder and T5 pass;
Llama 2, Grok, Phi-2 and Mixtral do not), and each Model Openness Tool record of it in the dev
set, prints mofkit's OSAID verdict per element (``--rules mof``; OSAID is computed with mofkit's
own licence policy whatever the rule set), OSI's verdict, and for every difference mofkit's own
reasons. Records of fine-tunes of a validated system are shown as "related". The systems and
their records are data: benchmarks/data/osi-validation.yml.

Exit status 1 when a system OSI found not open passes (the one disagreement that must never
happen); differences the other way are reported, and explained in docs/rules.md.

Usage: python benchmarks/osai_validation.py [--mot ../shared/data/mot]
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

from mofkit.assess import assess
from mofkit.sources.mot_record import load_record

HERE = Path(__file__).resolve().parent
ELEMENTS = ("data-information", "code", "parameters")


@dataclass
class Row:
    system: str
    record: str
    related: bool
    osi: str
    verdict: str
    elements: dict[str, str]
    reasons: list[str]
    conditions: list[str]


def systems() -> list[dict]:
    return yaml.safe_load((HERE / "data" / "osi-validation.yml").read_text("utf-8"))["systems"]


def rate(mot: Path) -> tuple[list[Row], list[str]]:
    rows: list[Row] = []
    absent: list[str] = []
    for system in systems():
        named = [(r, False) for r in system.get("records") or ()]
        named += [(r, True) for r in system.get("related") or ()]
        if not system.get("records"):
            absent.append(system["name"])
        for record, related in named:
            a = assess(load_record(mot / "models" / f"{record}.yml"), rules="mof")
            els = a.osaid.elements
            reasons = [f"{els[e].name}: {r}" for e in ELEMENTS
                       if els[e].verdict.value != "pass" for r in els[e].reasons
                       if r not in els[e].conditions]
            conditions = [c for e in ELEMENTS for c in els[e].conditions]
            rows.append(Row(system["name"], record, related, system["osi"],
                            a.osaid.verdict.value,
                            {e: els[e].verdict.value for e in ELEMENTS}, reasons, conditions))
    return rows, absent


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--mot", type=Path, default=HERE.parent.parent / "shared" / "data" / "mot")
    args = ap.parse_args()
    if not (args.mot / "models").is_dir():
        print(f"no MOT records at {args.mot}/models (needs ../shared)", file=sys.stderr)
        return 2
    rows, absent = rate(args.mot)
    head = f"{'system':<13} {'record':<38} {'data':<8} {'code':<8} {'params':<8} " \
           f"{'mofkit':<8} OSI"
    print(head)
    print("-" * len(head))
    for r in rows:
        e = r.elements
        name = r.record + (" (related)" if r.related else "")
        mark = "" if r.verdict == r.osi else "   <- differs"
        print(f"{r.system:<13} {name:<38} {e['data-information']:<8} {e['code']:<8} "
              f"{e['parameters']:<8} {r.verdict:<8} {r.osi}{mark}")
        for c in r.conditions:
            print(f"{'':<53}condition: {c}")
        if r.verdict != r.osi:
            for reason in r.reasons:
                print(f"{'':<53}because: {reason}")
    own = [r for r in rows if not r.related]
    agree = sum(r.verdict == r.osi for r in own)
    print()
    print(f"records of the validated systems: {agree}/{len(own)} agree with OSI "
          f"(related fine-tunes: {sum(r.verdict == r.osi for r in rows if r.related)}/"
          f"{sum(r.related for r in rows)})")
    by_system: dict[str, list[Row]] = {}
    for r in own:
        by_system.setdefault(r.system, []).append(r)
    sys_agree = sum(all(r.verdict == r.osi for r in rs) for rs in by_system.values())
    print(f"systems with a record: {sys_agree}/{len(by_system)} agree on every record; "
          f"no record in the dev set: {', '.join(absent) or 'none'}")
    wrong_pass = [r for r in rows if r.osi == "fail" and r.verdict == "pass"]
    for r in wrong_pass:
        print(f"ERROR: {r.record} passes, but OSI found {r.system} not open", file=sys.stderr)
    return 1 if wrong_pass else 0


if __name__ == "__main__":
    sys.exit(main())
