"""The web edition under load, beside the terminal in a browser for the same readers.

1. One `paddehatten serve` on loopback; `wrk` (Debian's package) holds 500 connections
   for 20 s against the front page and against a section page. Reports requests per
   second, p50/p99 latency, errors (socket errors and non-2xx/3xx answers) and the web
   server process's memory (RSS and PSS, highest seen, sampled every 0.2 s); the same
   against a baseline in the same run, the edition in a bare aiohttp application (no
   host check, connection guard or timeouts), as a ratio.
2. `paddehatten serve --terminal`: a few readers opened one after the other (page,
   websocket, size, first screen), then the same number at once. Reports what one reader
   costs (its app process's PSS and RSS at first screen, its CPU time to start) and
   extrapolates to the same 500 readers: memory, CPU to start them, and what the
   default cap (20) does to the rest.

Never fails on time.

    python tests/benchmarks/bench_scale.py [--connections 500] [--seconds 20] [--sessions 5]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from paddehatten.content import DEFAULT_CONTENT  # noqa: E402
from tests.tui.serving import (  # noqa: E402
    INTRODUCTION,
    Client,
    Serve,
    app_pids,
    free_port,
    kill_leftovers,
    open_tab,
    server_pids,
    start_serve,
)

WRK = "/usr/bin/wrk"
SECTION = "afsnit/raad-3"


def memory_mib(pid: int) -> tuple[float, float]:
    """RSS and PSS of one process, MiB."""
    status = Path(f"/proc/{pid}/status").read_text()
    rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
    rss = int(re.search(r"VmRSS:\s+(\d+)", status).group(1))  # type: ignore[union-attr]
    pss = int(re.search(r"^Pss:\s+(\d+)", rollup, re.M).group(1))  # type: ignore[union-attr]
    return rss / 1024, pss / 1024


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    ticks = os.sysconf("SC_CLK_TCK")
    return (int(fields[11]) + int(fields[12])) / ticks


class Sampler:
    """The highest RSS and PSS of ``pid`` while it runs."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.rss = self.pss = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                rss, pss = memory_mib(self.pid)
            except (OSError, AttributeError):
                return
            self.rss, self.pss = max(self.rss, rss), max(self.pss, pss)
            self._stop.wait(0.2)

    def __enter__(self) -> Sampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def parse_wrk(output: str) -> dict[str, float]:
    def seconds(text: str) -> float:
        number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()  # type: ignore[union-attr]
        return float(number) * {"us": 1e-6, "ms": 1e-3, "s": 1.0, "m": 60.0}[unit]

    found: dict[str, float] = {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),  # type: ignore[union-attr]
        "requests": float(re.search(r"(\d+) requests in", output).group(1)),  # type: ignore[union-attr]
        "p50": seconds(re.search(r"^\s+50%\s+(\S+)", output, re.M).group(1)),  # type: ignore[union-attr]
        "p99": seconds(re.search(r"^\s+99%\s+(\S+)", output, re.M).group(1)),  # type: ignore[union-attr]
        "errors": 0.0,
    }
    socket_errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    if socket_errors:
        found["errors"] += sum(int(n) for n in socket_errors.groups())
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    if non_2xx:
        found["errors"] += int(non_2xx.group(1))
    return found


#: The baseline: the same edition in a bare aiohttp application (no host check, no
#: connection guard, no timeouts), to show what `serve`'s guarding costs.
BARE = """
import sys
from aiohttp import web
from paddehatten.tui.web.edition import Edition
edition = Edition.load(sys.argv[2])
app = web.Application(middlewares=[edition.middleware])
edition.add_routes(app)
web.run_app(app, host="127.0.0.1", port=int(sys.argv[1]), access_log=None, print=None)
"""


def wrk(url: str, connections: int, seconds: int, pid: int) -> dict[str, float]:
    subprocess.run([WRK, "-t1", "-c10", "-d2s", url], capture_output=True, check=True)
    with Sampler(pid) as sampler:
        done = subprocess.run(
            [WRK, "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s",
             "--latency", url],
            capture_output=True, text=True, check=True,
        )  # fmt: skip
    result = parse_wrk(done.stdout)
    result["rss"], result["pss"] = sampler.rss, sampler.pss
    return result


def edition_run(content: Path, connections: int, seconds: int) -> dict[str, dict[str, float]]:
    serve = start_serve(content)
    port = free_port()
    bare = subprocess.Popen([sys.executable, "-c", BARE, str(port), str(content)])
    results: dict[str, dict[str, float]] = {}
    try:
        (server,) = server_pids(content)
        deadline = time.monotonic() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
        for name, path in (("/", ""), (f"/{SECTION}", SECTION)):
            results[f"bare {name}"] = wrk(
                f"http://127.0.0.1:{port}/{path}", connections, seconds, bare.pid
            )
            results[name] = wrk(serve.url() + path, connections, seconds, server)
    finally:
        stop(serve)
        bare.terminate()
        bare.wait(30)
    return results


def stop(serve: Serve) -> str:
    if serve.process.poll() is None:
        serve.process.send_signal(2)
    _, errors = serve.process.communicate(timeout=60)
    return errors


async def terminal_run(content: Path, sessions: int) -> dict[str, float]:
    serve = start_serve(content, "--terminal", "--max-sessions", str(2 * sessions))
    found: dict[str, list[float]] = {"pss": [], "rss": [], "cpu": [], "first": []}
    result: dict[str, float] = {}
    try:
        (server,) = server_pids(content)
        async with Client() as client:
            for _ in range(sessions):  # one after the other
                known = set(app_pids(content))
                started = time.perf_counter()
                async with client.get(serve.terminal_url()) as page:
                    await page.read()
                tab = await open_tab(client, serve, size=(142, 38))
                await tab.read_until(INTRODUCTION, timeout=120)
                found["first"].append(time.perf_counter() - started)
                await asyncio.sleep(1.0)  # its first frame settled
                (app,) = set(app_pids(content)) - known
                rss, pss = memory_mib(app)
                found["rss"].append(rss)
                found["pss"].append(pss)
                found["cpu"].append(cpu_seconds(app))
            result["server_rss"], result["server_pss"] = memory_mib(server)
            for socket_ in client.sockets:
                await socket_.close()
            client.sockets.clear()
            deadline = time.monotonic() + 30
            while app_pids(content) and time.monotonic() < deadline:
                await asyncio.sleep(0.1)
            # The same number at once.
            started = time.perf_counter()

            async def one() -> float:
                tab = await open_tab(client, serve, size=(142, 38))
                await tab.read_until(INTRODUCTION, timeout=300)
                return time.perf_counter() - started

            together = await asyncio.gather(*(one() for _ in range(sessions)))
            result["together_last"] = max(together)
    finally:
        stop(serve)
    for key, values in found.items():
        result[key] = statistics.median(values)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--connections", type=int, default=500)
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--sessions", type=int, default=5)
    parser.add_argument("--part", choices=("both", "edition", "terminal"), default="both")
    args = parser.parse_args()
    if not Path(WRK).exists():
        sys.exit(f"{WRK} is missing: apt-get install wrk")
    with tempfile.TemporaryDirectory() as tmp:
        content = Path(tmp) / "bench-handbog"
        shutil.copytree(DEFAULT_CONTENT, content)
        os.environ.setdefault("XDG_CONFIG_HOME", str(Path(tmp) / "config"))
        os.environ.setdefault("XDG_CACHE_HOME", str(Path(tmp) / "cache"))
        try:
            if args.part in ("both", "edition"):
                edition = edition_run(content, args.connections, args.seconds)
                report_edition(edition, args.connections, args.seconds)
            if args.part in ("both", "terminal"):
                terminal = asyncio.run(terminal_run(content, args.sessions))
                report_terminal(terminal, args.connections, args.sessions)
            if args.part == "both":
                per_reader = max(edition[name]["pss"] for name in ("/", f"/{SECTION}"))
                per_reader /= args.connections
                print(
                    f"   web edition: one process, {per_reader * 1024:.0f} KiB PSS per open "
                    "connection; memory per reader, terminal/edition: "
                    f"{terminal['pss'] / per_reader:.0f}x"
                )
        finally:
            kill_leftovers(str(content))


def report_edition(edition: dict[str, dict[str, float]], n: int, seconds: int) -> None:
    print(
        f"== web edition: wrk -t2 -c{n} -d{seconds}s on loopback, one instance, "
        f"{os.cpu_count()} cores"
    )
    for name in ("/", f"/{SECTION}"):
        for label, key in (("serve", name), ("baseline", f"bare {name}")):
            r = edition[key]
            print(
                f"   {name:<16} {label:<8} {r['rps']:6.0f} req/s  p50 {r['p50'] * 1000:6.1f} ms  "
                f"p99 {r['p99'] * 1000:6.1f} ms  errors {r['errors']:.0f} of "
                f"{r['requests']:.0f}  RSS {r['rss']:.1f} MiB, PSS {r['pss']:.1f} MiB (highest)"
            )
        ratio = edition[name]["rps"] / edition[f"bare {name}"]["rps"]
        print(f"   {name:<16} serve/baseline requests per second: {ratio:.2f}")


def report_terminal(t: dict[str, float], n: int, sessions: int) -> None:
    print(f"== terminal in a browser (serve --terminal), {sessions} readers")
    print(
        f"   per reader: app PSS {t['pss']:.1f} MiB (RSS {t['rss']:.1f}), "
        f"CPU to first screen {t['cpu']:.2f} s, first screen after {t['first']:.2f} s alone; "
        f"{sessions} at once: last after {t['together_last']:.2f} s"
    )
    print(f"   its web server: RSS {t['server_rss']:.1f} MiB, PSS {t['server_pss']:.1f} MiB")
    cores = os.cpu_count() or 1
    print(f"== {n} readers, extrapolated from the {sessions} measured (linear)")
    print(
        f"   terminal: {n * t['pss'] / 1024:.1f} GiB of app processes, "
        f"{n * t['cpu']:.0f} CPU-seconds to start them ({n * t['cpu'] / cores:.0f} s on "
        f"{cores} cores if they came at once), {n * 4} file descriptors for their pipes; "
        f"with the default --max-sessions 20, {n - 20} of them are told the handbook is full"
    )


if __name__ == "__main__":
    main()
