"""Worst-case times of the licence-text engine, which used to be wall-clock
assertions in tests/test_licenses_detect.py (timing belongs here, not in tests):

    .venv/bin/python benchmarks/license_worst_case.py [--repeat 3]

Prints the best of ``--repeat`` runs for: loading the index (target 0.5 s), 20 000
random bytes plus 20 000 random characters plus 1 000 NULs (target < 10 s), and a
2 MB source file whose one licence notice is at the very end (target < 20 s), each
with its target and whether it is met. Needs only the package (no ../shared).
"""

from __future__ import annotations

import argparse
import random
import time
from collections.abc import Callable

APACHE_NOTICE = """\
Licensed under the Apache License, Version 2.0 (the "License");
you may not use this file except in compliance with the License.
You may obtain a copy of the License at

    http://www.apache.org/licenses/LICENSE-2.0

Unless required by applicable law or agreed to in writing, software
distributed under the License is distributed on an "AS IS" BASIS,
WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
See the License for the specific language governing permissions and
limitations under the License.
"""


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
    from mofkit.licenses.detect import identify
    from mofkit.licenses.detect.index import load

    rng = random.Random(7)
    blob = bytes(rng.randrange(256) for _ in range(20000)).decode("latin-1")
    garbage = "".join(chr(rng.randrange(32, 0x2FFF)) for _ in range(20000))
    huge = ("int x = 1; // some code line without licences\n" * 40000) + APACHE_NOTICE

    def garbage_run() -> None:
        identify(blob)
        identify(garbage)
        identify("\x00" * 1000)

    rows = [
        ("index load", best(load, args.repeat), 0.5),
        ("random bytes and characters", best(garbage_run, args.repeat), 10.0),
        (f"{len(huge) / 1e6:.1f} MB file, notice at the end",
         best(lambda: identify(huge), args.repeat), 20.0),
    ]
    for label, seconds, target in rows:
        verdict = "ok" if seconds <= target else "OVER TARGET"
        print(f"{label:36} {seconds:7.3f} s   target {target:g} s   {verdict}")


if __name__ == "__main__":
    main()
