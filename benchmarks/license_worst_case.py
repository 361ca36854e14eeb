"""Worst-case times of the licence-text engine, which used to be wall-clock
assertions in tests/test_licenses_detect.py (timing belongs here, not in tests):

    .venv/bin/python benchmarks/license_worst_case.py [--repeat 3]

Prints the best of ``--repeat`` runs for: loading the index (target 0.5 s), 20 000
random bytes plus 20 000 random characters plus 1 000 NULs (target < 10 s), and a
2 MB source file whose one licence (the Apache-2.0 text, as the shipped index holds
it) is at the very end (target < 20 s), each
with its target and whether it is met. Needs only the package (no ../shared).
"""

from __future__ import annotations

import argparse
import random
import time
from collections.abc import Callable


def best(run: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    from mofkit.licenses.detect import identify, licence_text
    from mofkit.licenses.detect.index import load

    rng = random.Random(7)
    blob = bytes(rng.randrange(256) for _ in range(20000)).decode("latin-1")
    garbage = "".join(chr(rng.randrange(32, 0x2FFF)) for _ in range(20000))
    huge = ("int x = 1; // some code line without licences\n" * 40000
            + licence_text("apache-2.0"))

    def garbage_run() -> None:
        identify(blob)
        identify(garbage)
        identify("\x00" * 1000)

    rows = [
        ("index load", best(load, args.repeat), 0.5),
        ("random bytes and characters", best(garbage_run, args.repeat), 10.0),
        (f"{len(huge) / 1e6:.1f} MB file, licence at the end",
         best(lambda: identify(huge), args.repeat), 20.0),
    ]
    for label, seconds, target in rows:
        verdict = "ok" if seconds <= target else "OVER TARGET"
        print(f"{label:36} {seconds:7.3f} s   target {target:g} s   {verdict}")


if __name__ == "__main__":
    main()
