"""One benchmark under an earlier version of sensupport and under this one, in turn.

Run: ``python benchmarks/before_after.py REV [--runs R] -- SCRIPT [ARGS ...]``

REV is a git revision of this repository (a commit, a tag). Its ``src`` is checked
out into a temporary work tree; SCRIPT (a benchmark of this directory, such as
``process.py``) then runs R times with that ``src`` first on ``PYTHONPATH``
(``before``) and R times with this checkout's (``after``), the two taking turns, so
that a change in the machine's load falls on both alike. The benchmark script is
this checkout's in both: only the library changes. Each run's output is printed
under its label, with the load average before and after.

The script's own figures are ratios against baselines it measures in the same
process, so a ``before`` and an ``after`` run can be read side by side.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from timing import load_average

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


def run(script: list[str], src: Path) -> str:
    """The output of ``script`` with ``src`` first on the path."""
    done = subprocess.run(
        [sys.executable, str(HERE / script[0]), *script[1:]],
        env={**os.environ, "PYTHONPATH": f"{src}:{HERE}"},
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode:
        raise SystemExit(f"{' '.join(script)} failed under {src}:\n{done.stderr}")
    return done.stdout.strip()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("rev")
    parser.add_argument("--runs", type=int, default=3)
    argv = sys.argv[1:]
    cut = argv.index("--") if "--" in argv else len(argv)
    args = parser.parse_args(argv[:cut])
    script = argv[cut + 1 :]
    if not script:
        parser.error("give the benchmark to run after --")
    with tempfile.TemporaryDirectory() as folder:
        tree = Path(folder) / "before"
        subprocess.run(
            [
                "git",
                "-C",
                str(ROOT),
                "worktree",
                "add",
                "--detach",
                "-q",
                str(tree),
                args.rev,
            ],
            check=True,
        )
        try:
            print(f"load average before: {load_average()}")
            for n in range(1, args.runs + 1):
                for label, src in (("before", tree / "src"), ("after", ROOT / "src")):
                    print(
                        f"--- {label} ({args.rev if label == 'before' else 'this checkout'}), run {n}"
                    )
                    print(run(script, src))
            print(f"load average after: {load_average()}")
        finally:
            subprocess.run(
                ["git", "-C", str(ROOT), "worktree", "remove", "--force", str(tree)],
                check=True,
            )


if __name__ == "__main__":
    main()
