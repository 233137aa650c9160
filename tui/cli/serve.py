"""``paddehatten serve``: the same app in a browser, through textual-serve.

The command is a small supervisor. It checks the address first (a port in use gets a
clear message), then runs the web server in a child process that leads a session and
process group of its own; every app process the server starts for a browser tab
joins that group. Ctrl+C (or SIGTERM) stops the whole group, so no app is left
spinning. Never imports Textual itself.
"""

from __future__ import annotations

import argparse
import contextlib
import errno
import os
import shlex
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Sequence

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
#: How long the server may take to start listening, and the apps to stop.
START_TIMEOUT = 30.0
STOP_TIMEOUT = 5.0


class ServeError(Exception):
    """The server could not start: one sentence for the person at the terminal."""


def check_address(host: str, port: int) -> None:
    """Raise ServeError unless ``host:port`` can be listened on."""
    if not 0 < port < 65536:
        raise ServeError(f"porten skal være et tal fra 1 til 65535, ikke {port}")
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as error:
        raise ServeError(f"adressen '{host}' kan ikke slås op ({error.strerror})") from None
    except (UnicodeError, ValueError):
        # "127..0.0.1": an empty part of a name is refused by the IDNA codec.
        raise ServeError(
            f"'{host}' er ikke en gyldig adresse; skriv fx 127.0.0.1 eller 0.0.0.0"
        ) from None
    family, kind, proto, _, address = infos[0]
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as error:
            if error.errno == errno.EADDRINUSE:
                raise ServeError(
                    f"port {port} på {host} er allerede i brug. Vælg en anden med --port, "
                    f"fx paddehatten serve --port {port + 1}"
                ) from None
            if error.errno == errno.EACCES:
                raise ServeError(
                    f"du har ikke lov til at bruge port {port}; vælg en port over 1023"
                ) from None
            raise ServeError(f"kan ikke lytte på {host}:{port} ({error.strerror})") from None


def url_for(host: str, port: int) -> str:
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}"


def app_command(content: str | None) -> str:
    """The shell command textual-serve runs for each browser tab."""
    words = [sys.executable, "-m", "paddehatten"]
    if content:
        words += ["--content", content]
    return shlex.join(words)


def _listening(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=0.5):
            return True
    except OSError:
        return False


def stop_group(child: subprocess.Popen[bytes]) -> None:
    """Stop the server and every app process it started (its whole process group)."""
    for sig, wait in ((signal.SIGTERM, STOP_TIMEOUT), (signal.SIGKILL, STOP_TIMEOUT)):
        try:
            os.killpg(child.pid, sig)
        except ProcessLookupError:
            break
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            if child.poll() is not None and not _group_alive(child.pid):
                return
            time.sleep(0.05)
    child.poll()


def _group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def serve(host: str, port: int, content: str | None, title: str) -> int:
    """Run until Ctrl+C; returns the exit status."""
    check_address(host, port)
    command = [
        sys.executable,
        "-m",
        "paddehatten.tui.cli.serve",
        "--host",
        host,
        "--port",
        str(port),
        "--title",
        title,
        "--command",
        app_command(content),
    ]
    # Handlers first: a signal between starting the child and handling it would
    # leave the server running alone. SIGHUP: the terminal was closed.
    stops = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
    previous = {sig: signal.signal(sig, _raise_interrupt) for sig in stops}
    try:
        child = subprocess.Popen(command, start_new_session=True, stdout=subprocess.DEVNULL)
    except BaseException:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        raise
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while not _listening(host, port):
            if child.poll() is not None:
                raise ServeError(
                    f"serveren stoppede, før den kom i gang (status {child.returncode})"
                )
            if time.monotonic() > deadline:
                raise ServeError(
                    f"serveren lyttede ikke på {url_for(host, port)} efter {START_TIMEOUT:.0f} s"
                )
            time.sleep(0.05)
        print(f"Håndbogen kan nu åbnes i en browser på {url_for(host, port)}", flush=True)
        print("Tryk Ctrl+C for at stoppe.", flush=True)
        status = child.wait()
        print(f"paddehatten: serveren stoppede uventet (status {status})", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        with contextlib.suppress(OSError):  # after SIGHUP the terminal may be gone
            print("\nStopper serveren …", flush=True)
        return 0
    finally:
        stop_group(child)
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _raise_interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def _run_server(argv: Sequence[str]) -> None:
    """The child: textual-serve's web server (imports aiohttp, never Textual's app)."""
    parser = argparse.ArgumentParser(prog="paddehatten-serve")
    parser.add_argument("--host", required=True)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--title", required=True)
    parser.add_argument("--command", required=True)
    args = parser.parse_args(argv)
    from pathlib import Path

    from textual_serve.server import Server

    # Our own page (tui/cli/web/app_index.html): nothing in it is fetched from elsewhere.
    pages = Path(__file__).resolve().parent / "web"
    Server(
        args.command, host=args.host, port=args.port, title=args.title, templates_path=pages
    ).serve()


if __name__ == "__main__":
    _run_server(sys.argv[1:])
