"""Issues 13 and 18: a seeded hostile-content generator through every command, within
bounds. Half of the random cases are hostile shapes (issue 18: control bytes, line
endings, aliases, big single lines, tables, nesting), the rest byte mutations.

Every run is the real entry point in a process of its own (forked by a driver), at
most 10 s and 1 GB of address space. None may print a traceback, hang, pass broken
input (exit 0), or fail where only the decision tree is broken (search must work).
The long run: ``python tests/benchmarks/fuzz_hostile.py --cases 400``.
"""

from __future__ import annotations

import os
from pathlib import Path

from tests.attack import hostile
from tests.conftest import REPO

SEED = 13
RANDOM_CASES = 14


def test_hostile_handbooks_through_every_command(tmp_path: Path) -> None:
    deliberate = len(hostile.BREAK_HANDBOOK) + len(hostile.BREAK_TREE) + 1
    cases = hostile.generate(tmp_path / "cases", deliberate + RANDOM_CASES, SEED)
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    runs = hostile.run_cases(hostile.plan(cases, per_case=3), env=env)
    bad = [
        f"{r.case.description} [{r.case.broken}] {' '.join(r.command)}: exit {r.status}, "
        f"{r.seconds:.1f} s, {r.peak_bytes // 1_048_576} MB\n{r.stderr[-800:]}"
        for r in runs
        if r.failed()
    ]
    assert bad == []
    counts = hostile.summary(runs)
    assert counts["runs"] >= 200
    # Every failure is told in Danish: no English exception text reaches the person.
    for run in runs:
        if run.status != 0:
            assert run.stderr.strip(), run
            assert "Error:" not in run.stderr, run.stderr
