"""The long hostile-content run of issues 13 and 18: thousands of runs, with the counts.

Generates ``--cases`` seeded hostile handbooks (every deliberate mutation once, the
rest random: half byte mutations, half hostile shapes, see
:func:`tests.attack.hostile.shape_mutation`) and runs every command on each, each run
at most 10 s and 1 GB. Prints runs, tracebacks, hangs, runs over 10 s and over 1 GB,
exits 0 on broken input, failures on good input, the slowest run, the largest CPU
time of a run and the peak memory; lists any bad run.
Never fails on time; exits 1 when a run was bad.

    python tests/benchmarks/fuzz_hostile.py [--cases 400] [--seed 13]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from tests.attack import hostile  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=400)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--parallel", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        cases = hostile.generate(Path(tmp) / "cases", args.cases, args.seed)
        env = {
            **os.environ,
            "PYTHONPATH": str(REPO),
            "XDG_CACHE_HOME": str(Path(tmp) / "cache"),
            "XDG_CONFIG_HOME": str(Path(tmp) / "config"),
        }
        started = time.monotonic()
        runs = hostile.run_cases(hostile.plan(cases), env=env, parallel=args.parallel)
        took = time.monotonic() - started
    counts = hostile.summary(runs)
    for name, value in counts.items():
        print(f"{name:>24}: {value}")
    print(f"{'wall time s':>24}: {took:.0f}")
    bad = [r for r in runs if r.failed()]
    for run in bad:
        print(
            f"\n{run.case.description} [{run.case.broken}] {' '.join(run.command)}: "
            f"exit {run.status}, {run.seconds:.1f} s\n{run.stderr[-1500:]}"
        )
    raise SystemExit(1 if bad else 0)


if __name__ == "__main__":
    main()
