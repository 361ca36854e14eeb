"""The model licence mofkit reports for each real Hub card of the dev set, against a
hand-read truth table (benchmarks/data/hf-cards-licence-truth.tsv): name right and
open/not-open right, per half (tune/held, by a hash of the folder name).

    .venv/bin/python benchmarks/card_licences.py [--cards ../shared/corpus/hf-cards-dev]
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT = HERE.parent.parent / "shared" / "corpus" / "hf-cards-dev"
TRUTH = HERE / "data" / "hf-cards-licence-truth.tsv"


def half(name: str) -> str:
    return "held" if int(hashlib.sha1(name.encode()).hexdigest(), 16) % 2 else "tune"


def is_open(written: str | None) -> bool:
    from mofkit.licenses import judge

    kind = judge(written, "data").kind.value
    return kind in ("open", "open-wrong-type")


def truth_rows(path: Path = TRUTH) -> list[dict[str, str]]:
    """The hand-read truth table: dir, licence (as the card means it), open (Y/N)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return list(csv.DictReader((line for line in lines if not line.startswith("#")),
                               delimiter="\t"))


def licence_right(row: dict[str, str], got: str | None) -> tuple[bool, bool]:
    """(name right, open/not-open right) for the licence a scan reports against a truth row:
    the one scorer of this benchmark and of ``real_releases.py``. Names are compared as
    licences (``same_licence``: a versioned ``LicenseRef-mofkit-…-1.1.1`` is the licence
    the table names without its version), not as strings."""
    from mofkit.inspect.licence_text import same_licence

    name_ok = got is not None and same_licence(row["licence"], got)
    return name_ok, is_open(got) == (row["open"] == "Y")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cards", type=Path, default=DEFAULT)
    args = parser.parse_args()
    if not args.cards.is_dir():
        print(f"no dev cards at {args.cards}", file=sys.stderr)
        return 2
    from mofkit.inspect import scan
    from mofkit.sources.release_files import open_release

    score: dict[str, list[int]] = {"tune": [0, 0], "held": [0, 0]}
    for row in truth_rows():
        result = scan(open_release(str(args.cards / row["dir"])))
        statement = result.licences.model_licence() if result.licences else None
        got = statement.licence if statement else None
        name_ok, open_ok = licence_right(row, got)
        ok = name_ok and open_ok
        part = half(row["dir"])
        score[part][0] += ok
        score[part][1] += 1
        where = f"{statement.source} {statement.path}:{statement.line}" if statement else "-"
        print(f"{'ok ' if ok else 'BAD'} {part} {row['dir'][:38]:38} {row['licence'][:28]:28} "
              f"got {got} [{where}]{'' if open_ok else ' (open/not-open wrong)'}")
    total = [sum(v[0] for v in score.values()), sum(v[1] for v in score.values())]
    for part, (good, count) in [*score.items(), ("all", total)]:
        print(f"{part}: {good}/{count} cards with the licence right (name and open/not-open)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
