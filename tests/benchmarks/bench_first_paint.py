"""First paint of ``paddehatten`` in a real terminal, against the smallest Textual app.

Both programs start in tmux, alternately, in the same run; the clock stops when their
text shows in ``capture-pane``. Peak RSS comes from GNU time; the CPU time each
program had used by then from /proc (it moves far less with the machine's load), and
the CPU time of the child processes it had ended by then (a first start's loading
child, content/prefetch.py): work on another core is shown, not hidden.
Prints medians and the ratios (targets, issue 16: first paint ≤ 1.15 × the minimal
app with a warm handbook cache, ≤ 1.3 × with an empty one, peak memory ≤ 1.3 ×), and
how much the ratio moves: the quartiles of each round's own ratio (a round starts every
program once, back to back), with the load average before and after, since a busy
machine widens them.
Never fails on time.

    python tests/benchmarks/bench_first_paint.py [--runs 15] [--before OTHER/paddehatten]

``--before`` adds another build of the program (an older checkout's console script) to
the same alternating runs, so a change is measured before and after side by side.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from tests.conftest import paddehatten_command  # noqa: E402
from tests.tmux import Tmux  # noqa: E402

TIME = "/usr/bin/time"


def cpu_seconds(pid: int) -> float:
    """CPU time the process ``pid`` has used so far, all its threads, in seconds
    (the scheduler's own count, in nanoseconds: no 10 ms clock ticks)."""
    total = 0
    for task in Path(f"/proc/{pid}/task").iterdir():
        total += int((task / "schedstat").read_text().split()[0])
    return total / 1e9


def children_cpu_seconds(pid: int) -> float:
    """CPU time of the children ``pid`` has waited for (cutime + cstime), in seconds;
    the kernel counts it in clock ticks (10 ms), so only a mean over runs means much."""
    stat = Path(f"/proc/{pid}/stat").read_text()
    fields = stat.rpartition(")")[2].split()  # after "(name)": field 3 onwards
    ticks = os.sysconf("SC_CLK_TCK")
    return (int(fields[13]) + int(fields[14])) / ticks


def program_pid(term: Tmux) -> int:
    """The measured program's process: GNU time's child in the pane."""
    pane = term.pane_pid()
    children = Path(f"/proc/{pane}/task/{pane}/children").read_text().split()
    return int(children[0])


def measure(
    command: list[str], marker: str, workdir: Path, run: int, env: dict[str, str] | None = None
) -> tuple[float, int, float, float]:
    """Seconds until ``marker`` shows, peak RSS (KiB), and the CPU seconds the program
    had used when it showed. The CPU time hardly moves with the machine's load (the
    wall time does); it is read a few ms after the frame, while an app may already do
    its after-the-first-frame work, so it is, if anything, too high."""
    rss_file = workdir / f"rss-{run}-{uuid.uuid4().hex[:6]}"
    wrapped = [TIME, "-f", "%M", "-o", str(rss_file), *command]
    with Tmux(wrapped, size=(120, 40), env=env) as term:
        seconds = term.wait_for(marker, timeout=30, poll=0.005)
        pid = program_pid(term)
        cpu = cpu_seconds(pid)
        children = children_cpu_seconds(pid)
        term.send("C-q")
        if not term.exited(timeout=10):
            raise RuntimeError(f"{command} did not quit")
    rss_kib = int(rss_file.read_text().split()[-1])
    return seconds, rss_kib, cpu, children


MARKER = "Vejle kommune har lavet nogle"


def prime(command: list[str], cache: Path) -> None:
    """Start ``command`` once with the cache folder ``cache`` and wait for the handbook
    cache it writes, the way a first start does; then leave it alone."""
    with Tmux(command, size=(120, 40), env={"XDG_CACHE_HOME": str(cache)}) as term:
        term.wait_for(MARKER, timeout=30)
        deadline = time.monotonic() + 10
        while not list(cache.rglob("*.json")):
            if time.monotonic() > deadline:
                raise RuntimeError("the first start wrote no handbook cache")
            time.sleep(0.05)
        term.send("C-q")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--before", help="another paddehatten command to compare with")
    args = parser.parse_args()
    # Measure the programs as installed, with their bytecode: with
    # PYTHONDONTWRITEBYTECODE set (some shells and CI set it), an editable checkout
    # compiles every one of its modules from source on every start while Textual's come
    # compiled from pip, which made about 20 ms of the measured gap. The tmux server
    # gets this process's environment; the first (unmeasured) start of each program
    # below writes the bytecode, as a user's first start or pip install does.
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    paddehatten = paddehatten_command()
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        warm_cache = {"XDG_CACHE_HOME": str(work / "warm-cache")}
        # Prime the handbook cache the way a first start does, then leave it alone.
        prime(paddehatten, work / "warm-cache")
        programs: dict[str, tuple[list[str], str, Callable[[int], dict[str, str]]]] = {
            "minimal": (
                [sys.executable, str(REPO / "tests" / "benchmarks" / "minimal_app.py")],
                "Mindste Textual-app er klar",
                lambda run: {},
            ),
            "paddehatten": (paddehatten, "Vejle kommune har lavet nogle", lambda run: warm_cache),
            # Every run with an empty cache: the very first start on a machine.
            "paddehatten-cold": (
                paddehatten,
                "Vejle kommune har lavet nogle",
                lambda run: {"XDG_CACHE_HOME": str(work / f"cold-{run}")},
            ),
        }
        if args.before:
            before_cache = {"XDG_CACHE_HOME": str(work / "before-warm-cache")}
            prime([args.before], work / "before-warm-cache")
            programs["before"] = ([args.before], MARKER, lambda run: before_cache)
            programs["before-cold"] = (
                [args.before],
                MARKER,
                lambda run: {"XDG_CACHE_HOME": str(work / f"before-cold-{run}")},
            )
        times: dict[str, list[float]] = {name: [] for name in programs}
        rss: dict[str, list[int]] = {name: [] for name in programs}
        cpu: dict[str, list[float]] = {name: [] for name in programs}
        child_cpu: dict[str, list[float]] = {name: [] for name in programs}
        for command, marker, env in programs.values():  # warm the file cache once
            measure(command, marker, work, -1, env(-1))
        for run in range(args.runs):
            order = list(programs) if run % 2 == 0 else list(reversed(programs))
            for name in order:
                command, marker, env = programs[name]
                seconds, kib, used, children = measure(command, marker, work, run, env(run))
                times[name].append(seconds)
                rss[name].append(kib)
                cpu[name].append(used)
                child_cpu[name].append(children)
    for name in programs:
        print(
            f"{name:17} first paint median {statistics.median(times[name]) * 1000:7.1f} ms"
            f"  (min {min(times[name]) * 1000:.1f}, max {max(times[name]) * 1000:.1f})"
            f"  peak RSS median {statistics.median(rss[name]) / 1024:6.1f} MiB"
            f"  CPU to first paint median {statistics.median(cpu[name]) * 1000:6.1f} ms"
            f" (+ {statistics.mean(child_cpu[name]) * 1000:.1f} ms mean in child processes)"
        )
    base = statistics.median(times["minimal"])
    base_rss = statistics.median(rss["minimal"])
    for name in programs:
        if name == "minimal":
            continue
        target = 1.3 if name.endswith("cold") else 1.15
        ratio = statistics.median(times[name]) / base
        rss_ratio = statistics.median(rss[name]) / base_rss
        rounds = [t / m for t, m in zip(times[name], times["minimal"], strict=True)]
        low, _, high = statistics.quantiles(rounds, n=4) if len(rounds) > 1 else rounds * 3
        cpu_ratio = statistics.median(cpu[name]) / statistics.median(cpu["minimal"])
        cpu_rounds = [c / m for c, m in zip(cpu[name], cpu["minimal"], strict=True)]
        cpu_low, _, cpu_high = (
            statistics.quantiles(cpu_rounds, n=4) if len(cpu_rounds) > 1 else cpu_rounds * 3
        )

        def all_cpu(of: str) -> float:
            return statistics.median(cpu[of]) + statistics.mean(child_cpu[of])

        all_ratio = all_cpu(name) / all_cpu("minimal")
        print(
            f"{name:17} / minimal: ratio of medians {ratio:.2f} (target ≤ {target}),"
            f" each round's ratio: quartiles {low:.2f}–{high:.2f};"
            f" peak RSS {rss_ratio:.2f} (target ≤ 1.3);"
            f" CPU to first paint {cpu_ratio:.2f} (quartiles {cpu_low:.2f}–{cpu_high:.2f}),"
            f" with child processes {all_ratio:.2f}"
        )
    load_after = os.getloadavg()
    print(
        f"{args.runs} rounds; load average (1, 5, 15 min) before"
        f" {' '.join(f'{x:.2f}' for x in load_before)},"
        f" after {' '.join(f'{x:.2f}' for x in load_after)}"
    )


if __name__ == "__main__":
    main()
