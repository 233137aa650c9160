"""Driver: run the ``paddehatten`` entry point once per job, each in a forked child.

    python -m tests.attack.forkrun SECONDS BYTES [PARALLEL] < jobs.json > results.json

A job is {"argv": [...], "stdin": "..."}. The driver imports the program once; each
child is the real command line (``paddehatten.tui.entry.main``) in a process of its
own, with stdin/stdout/stderr on files, ``RLIMIT_AS`` of BYTES and a hard stop after
SECONDS. The parent reaps it with ``wait4`` and reports status (-signal when killed),
seconds, peak resident memory and the output. POSIX only.
"""

from __future__ import annotations

import contextlib
import json
import os
import resource
import signal
import sys
import tempfile
import time
import traceback
from pathlib import Path
from typing import Any

#: Output kept per run (the rest is cut: a runaway output must not fill the driver).
KEEP_CHARS = 20_000


def _child(argv: list[str], stdin: Path, out: Path, err: Path, limit: int) -> None:
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    for fd, path, mode in ((0, stdin, os.O_RDONLY), (1, out, os.O_WRONLY), (2, err, os.O_WRONLY)):
        handle = os.open(path, mode)
        os.dup2(handle, fd)
        os.close(handle)
    status = 70
    try:
        from paddehatten.tui.entry import main

        main(argv)
        status = 0
    except SystemExit as done:
        code = done.code
        status = code if isinstance(code, int) else (0 if code is None else 1)
    except BaseException:
        traceback.print_exc()
        status = 70
    finally:
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(Exception):
                stream.flush()
        os._exit(status)


def _start(job: dict[str, Any], limit: int, work: Path) -> int:
    work.mkdir(parents=True, exist_ok=True)
    stdin, out, err = work / "in", work / "out", work / "err"
    stdin.write_text(job.get("stdin", ""), encoding="utf-8")
    out.write_bytes(b"")
    err.write_bytes(b"")
    pid = os.fork()
    if pid == 0:
        _child(job["argv"], stdin, out, err, limit)
    return pid


def _result(
    job: dict[str, Any], work: Path, status: int, elapsed: float, usage: Any
) -> dict[str, Any]:
    return {
        **{k: v for k, v in job.items() if k != "stdin"},
        "status": status,
        "seconds": elapsed,
        "cpu_seconds": usage.ru_utime + usage.ru_stime,
        "peak_bytes": usage.ru_maxrss * 1024,
        "stdout": (work / "out").read_bytes()[:KEEP_CHARS].decode("utf-8", "replace"),
        "stderr": (work / "err").read_bytes()[:KEEP_CHARS].decode("utf-8", "replace"),
    }


def run_jobs(
    jobs: list[dict[str, Any]], seconds: float, limit: int, root: Path, parallel: int
) -> list[dict[str, Any]]:
    """Run the jobs, ``parallel`` children at a time; results in the jobs' order."""
    results: list[dict[str, Any] | None] = [None] * len(jobs)
    running: dict[int, tuple[int, float, Path]] = {}
    queue = list(range(len(jobs)))
    while queue or running:
        while queue and len(running) < parallel:
            number = queue.pop(0)
            work = root / str(len(running)) / str(number)
            running[_start(jobs[number], limit, work)] = (number, time.monotonic(), work)
        for pid, (number, started, work) in list(running.items()):
            done, raw, usage = os.wait4(pid, os.WNOHANG)
            elapsed = time.monotonic() - started
            if not done and elapsed > seconds:
                os.kill(pid, signal.SIGKILL)
                done, raw, usage = os.wait4(pid, 0)
                status = -9
            elif done:
                status = os.waitstatus_to_exitcode(raw)
            else:
                continue
            results[number] = _result(jobs[number], work, status, elapsed, usage)
            del running[pid]
        time.sleep(0.002)
    return [r for r in results if r is not None]


def main() -> None:
    seconds, limit = float(sys.argv[1]), int(sys.argv[2])
    parallel = int(sys.argv[3]) if len(sys.argv) > 3 else 1
    jobs = json.loads(sys.stdin.read())
    # Imported before forking, so each child starts at once (as the installed command
    # would, minus the interpreter's start).
    import paddehatten.content.loader
    import paddehatten.content.tree
    import paddehatten.index
    import paddehatten.tui.cli.search_plain
    import paddehatten.tui.entry  # noqa: F401

    with tempfile.TemporaryDirectory() as tmp:
        results = run_jobs(jobs, seconds, limit, Path(tmp), parallel)
    json.dump(results, sys.stdout)


if __name__ == "__main__":
    main()
