"""First paint of ``paddehatten`` in a real terminal, against the smallest Textual app.

Both programs start in tmux, alternately, in the same run; the clock stops when their
text shows in ``capture-pane``. Peak RSS comes from GNU time. Prints medians and the
ratios (target: paddehatten ≤ 1.5 × the minimal app). Never fails on time.

    python tests/benchmarks/bench_first_paint.py [--runs 15]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from tests.conftest import paddehatten_command  # noqa: E402
from tests.tmux import Tmux  # noqa: E402

TIME = "/usr/bin/time"


def measure(command: list[str], marker: str, workdir: Path, run: int) -> tuple[float, int]:
    rss_file = workdir / f"rss-{run}"
    with Tmux([TIME, "-f", "%M", "-o", str(rss_file), *command], size=(120, 40)) as term:
        seconds = term.wait_for(marker, timeout=30, poll=0.005)
        term.send("C-q")
        if not term.exited(timeout=10):
            raise RuntimeError(f"{command} did not quit")
    rss_kib = int(rss_file.read_text().split()[-1])
    return seconds, rss_kib


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    programs = {
        "minimal": (
            [sys.executable, str(REPO / "tests" / "benchmarks" / "minimal_app.py")],
            "Mindste Textual-app er klar",
        ),
        "paddehatten": (paddehatten_command(), "Vejle kommune har lavet nogle"),
    }
    times: dict[str, list[float]] = {name: [] for name in programs}
    rss: dict[str, list[int]] = {name: [] for name in programs}
    with tempfile.TemporaryDirectory() as tmp:
        for command, marker in programs.values():  # warm the file cache once
            measure(command, marker, Path(tmp), -1)
        for run in range(args.runs):
            order = list(programs) if run % 2 == 0 else list(reversed(programs))
            for name in order:
                command, marker = programs[name]
                seconds, kib = measure(command, marker, Path(tmp), run)
                times[name].append(seconds)
                rss[name].append(kib)
    for name in programs:
        print(
            f"{name:12} first paint median {statistics.median(times[name]) * 1000:7.1f} ms"
            f"  (min {min(times[name]) * 1000:.1f}, max {max(times[name]) * 1000:.1f})"
            f"  peak RSS median {statistics.median(rss[name]) / 1024:6.1f} MiB"
        )
    ratio = statistics.median(times["paddehatten"]) / statistics.median(times["minimal"])
    rss_ratio = statistics.median(rss["paddehatten"]) / statistics.median(rss["minimal"])
    print(f"ratio of medians (paddehatten / minimal): {ratio:.2f}  (target ≤ 1.5)")
    print(f"peak-RSS ratio   (paddehatten / minimal): {rss_ratio:.2f}")


if __name__ == "__main__":
    main()
