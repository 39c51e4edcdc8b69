"""Replay in two source trees of sensupport, side by side: before and after a change.

Run: ``python benchmarks/compare_replay.py OLD_SRC NEW_SRC [--pupils N] [--runs R]``

Both trees replay the same events (a cohort from `sensupport.synth`, written once to a
pickle of pupils and event tuples). Each is measured two ways:

- wall time, in alternating runs (old, new, old, new, ...) of a fresh process each,
  the minimum and median of ``--runs`` per tree and the ratio of medians; on a busy
  machine the pairs keep the ratio honest where the absolute figures drift;
- instructions, counted by ``valgrind --tool=callgrind`` when it is installed: the
  count of a process that replays twice less that of one that replays not at all,
  per event. The count does not depend on what else the machine is doing.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import pickle
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

_REPLAY = """
import pickle, sys, time
from sensupport.process import replay
records = pickle.load(open(sys.argv[1], "rb"))
replay(*records[0])
started = time.perf_counter()
for _ in range(int(sys.argv[2])):
    for pupil, events in records:
        replay(pupil, events)
print(time.perf_counter() - started)
"""


def _run(src: str, cohort: Path, repeats: int, valgrind: bool = False) -> str:
    env = {**os.environ, "PYTHONPATH": src}
    command = [sys.executable, "-c", _REPLAY, str(cohort), str(repeats)]
    if valgrind:
        out = Path(tempfile.mkdtemp()) / "callgrind.out"
        command = ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}"]
        command += [sys.executable, "-c", _REPLAY, str(cohort), str(repeats)]
        done = subprocess.run(command, env=env, capture_output=True, text=True)
        found = re.search(r"Collected : (\d+)", done.stderr)
        if found is None:
            raise SystemExit(f"callgrind gave no count:\n{done.stderr[-2000:]}")
        return found.group(1)
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(done.stderr)
    return done.stdout.strip()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("old", help="the src/ directory of the tree before")
    parser.add_argument("new", help="the src/ directory of the tree after")
    parser.add_argument("--pupils", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    from sensupport.synth import generate_cohort

    records = [
        (r.pupil, r.events)
        for r in generate_cohort(
            pupils=args.pupils,
            seed=1,
            start=dt.date(2023, 9, 1),
            end=dt.date(2026, 7, 22),
        )
    ]
    events = sum(len(e) for _, e in records)
    cohort = Path(tempfile.mkdtemp()) / "cohort.pickle"
    cohort.write_bytes(pickle.dumps(records))
    print(f"{len(records)} records, {events} events; load {os.getloadavg()[0]:.2f}")

    times: dict[str, list[float]] = {"old": [], "new": []}
    for _ in range(args.runs):
        for side in ("old", "new"):
            times[side].append(float(_run(getattr(args, side), cohort, 3)) / 3)
    for side, runs in times.items():
        print(
            f"{side}: {events / min(runs):,.0f} events/s at best, "
            f"{events / statistics.median(runs):,.0f} median ({args.runs} runs)"
        )
    ratio = statistics.median(times["new"]) / statistics.median(times["old"])
    print(f"new/old time, medians: {ratio:.2f}")
    print(f"load after: {os.getloadavg()[0]:.2f}")

    if shutil.which("valgrind") is None:
        print("valgrind not installed: no instruction counts")
        return
    per_event = {}
    for side in ("old", "new"):
        src = getattr(args, side)
        counts = [int(_run(src, cohort, n, valgrind=True)) for n in (0, 2)]
        per_event[side] = (counts[1] - counts[0]) / (2 * events)
        print(f"{side}: {per_event[side]:,.0f} instructions an event")
    print(f"new/old instructions: {per_event['new'] / per_event['old']:.3f}")


if __name__ == "__main__":
    main()
