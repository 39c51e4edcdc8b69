"""How long `GraduatedApproachMachine` takes to report each planted store bug.

Run: ``python benchmarks/test_kit.py [--runs N]``

Runs the machine against each broken store of ``tests/test_kit_planted_bugs.py`` N
times with its default settings and fresh random seeds, and prints the minimum,
median and maximum seconds until the failure is found (generation only) and until it is reported
(found, then shrunk). The load average is printed with them: on a busy machine every
figure grows.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

from hypothesis import Phase, settings
from hypothesis.stateful import run_state_machine_as_test

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from sensupport.testing import GraduatedApproachMachine
from test_kit_planted_bugs import PLANTED


def seconds_to_fail(
    machine: type[GraduatedApproachMachine], *, shrink: bool
) -> tuple[float, str]:
    defaults = machine.TestCase.settings
    chosen = settings(
        defaults,
        max_examples=1000,
        database=None,
        print_blob=False,
        phases=defaults.phases if shrink else [Phase.generate],
    )
    started = time.perf_counter()
    try:
        run_state_machine_as_test(machine, settings=chosen)
    except AssertionError as error:
        return time.perf_counter() - started, str(error).splitlines()[0]
    raise SystemExit(f"{machine.__name__}: not caught in 1,000 runs")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    print("load average at start: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))
    print(f"{'store bug':32} {'found (s)':>21} {'reported (s)':>21}")
    print(f"{'':32}" + f" {'min':>6} {'median':>7} {'max':>6}" * 2)
    messages = {}
    for machine, _ in PLANTED:
        found = [seconds_to_fail(machine, shrink=False)[0] for _ in range(args.runs)]
        reported = []
        for _ in range(args.runs):
            took, messages[machine.__name__] = seconds_to_fail(machine, shrink=True)
            reported.append(took)
        print(
            f"{machine.__name__:32}"
            + "".join(
                f" {min(times):6.2f} {statistics.median(times):7.2f} {max(times):6.2f}"
                for times in (found, reported)
            )
        )
    print("load average at end: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))
    print()
    for name, message in messages.items():
        print(f"{name}: {message}")


if __name__ == "__main__":
    main()
