"""The supervisor of ``paddehatten serve``: start the web server, say where it is, stop it.

It checks the address first (a port in use gets a clear message), then runs the web
server (:mod:`paddehatten.tui.web.server`) in a child process and prints the
addresses people can open. The child leads a process group of its own (POSIX: a new
session; Windows: a new process group), and every app process it starts for a browser
tab is its child. Stopping (Ctrl+C, SIGTERM, the terminal closing, Ctrl+Break) first
closes the child's standard input, on which the server ends its apps and itself; what
is still running a few seconds later is killed as a tree (``killpg`` on POSIX,
``taskkill /F /T`` on Windows, which has neither process groups to kill nor SIGHUP).
"""

from __future__ import annotations

import contextlib
import errno
import ipaddress
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from typing import Any

from paddehatten.tui.web.config import ServerConfig

#: How long the server may take to start listening, and to stop its apps.
START_TIMEOUT = 30.0
STOP_TIMEOUT = 8.0
#: Addresses that mean "every address of this machine".
WILDCARDS = ("0.0.0.0", "::")


class ServeError(Exception):
    """The server could not start: one sentence for the person at the terminal."""


def windows() -> bool:
    return os.name == "nt"


def listen_hosts(host: str) -> list[str]:
    """``::`` listens on IPv6 and IPv4 both (asyncio makes IPv6 sockets v6-only)."""
    return ["::", "0.0.0.0"] if host == "::" else [host]


def check_address(host: str, port: int) -> None:
    """Raise ServeError unless ``host:port`` can be listened on."""
    if not 0 < port < 65536:
        raise ServeError(f"porten skal være et tal fra 1 til 65535, ikke {port}")
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as error:
        reason = error.strerror if isinstance(error, socket.gaierror) else "ugyldigt navn"
        raise ServeError(f"adressen '{host}' kan ikke slås op ({reason})") from None
    family, kind, proto, _, address = infos[0]
    with socket.socket(family, kind, proto) as probe:
        if not windows():  # on Windows SO_REUSEADDR lets two servers share a port
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        if family == socket.AF_INET6:
            with contextlib.suppress(OSError):
                probe.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
        try:
            probe.bind(address)
        except OSError as error:
            if error.errno in (errno.EADDRINUSE, getattr(errno, "WSAEADDRINUSE", -1)):
                raise ServeError(
                    f"port {port} på {host} er allerede i brug. Vælg en anden med --port, "
                    f"fx paddehatten serve --port {port + 1}"
                ) from None
            if error.errno in (errno.EACCES, getattr(errno, "WSAEACCES", -1)):
                raise ServeError(
                    f"du har ikke lov til at bruge port {port}; vælg en port over 1023"
                ) from None
            raise ServeError(f"kan ikke lytte på {host}:{port} ({error.strerror})") from None


def url_for(host: str, port: int) -> str:
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}/"


def reachable_urls(host: str, port: int, public_url: str | None) -> list[str]:
    """The addresses people can open: the public one, else for a wildcard this
    machine's non-loopback addresses and its name, else the address listened on."""
    if public_url:
        return [public_url]
    if host not in WILDCARDS:
        return [url_for(host, port)]
    families = [socket.AF_INET] if host == "0.0.0.0" else [socket.AF_INET6, socket.AF_INET]
    found: list[str] = []
    for address in machine_addresses(families):
        if address not in found:
            found.append(address)
    urls = [url_for(address, port) for address in found]
    with contextlib.suppress(OSError):
        name = socket.gethostname()
        if name and name != "localhost":
            urls.append(url_for(name, port))
    return urls or [url_for("127.0.0.1", port)]


def machine_addresses(families: list[socket.AddressFamily]) -> list[str]:
    """This machine's addresses other machines can reach (not loopback, not link-local),
    from its host name and from the routes it would use; no packet is sent."""
    candidates: list[str] = []
    with contextlib.suppress(OSError, UnicodeError):
        for named_family, *_, sockaddr in socket.getaddrinfo(socket.gethostname(), None):
            if named_family in families:
                candidates.append(str(sockaddr[0]))
    probes = {socket.AF_INET: "192.0.2.1", socket.AF_INET6: "2001:db8::1"}  # RFC 5737/3849
    for family in families:
        with contextlib.suppress(OSError), socket.socket(family, socket.SOCK_DGRAM) as udp:
            udp.connect((probes[family], 9))  # UDP connect: chooses a route, sends nothing
            candidates.append(str(udp.getsockname()[0]))
    useful = []
    for text in candidates:
        try:
            address = ipaddress.ip_address(text.split("%")[0])
        except ValueError:
            continue
        if not (address.is_loopback or address.is_link_local or address.is_unspecified):
            useful.append(str(address))
    return useful


def app_command(content: str | None) -> list[str]:
    """The program the server runs for each browser tab (no shell in between)."""
    words = [sys.executable, "-m", "paddehatten"]
    if content:
        words += ["--content", content]
    return words


def _probe_host(host: str) -> str:
    return {"0.0.0.0": "127.0.0.1", "::": "::1"}.get(host, host)


def _listening(host: str, port: int) -> bool:
    try:
        with socket.create_connection((_probe_host(host), port), timeout=0.5):
            return True
    except OSError:
        return False


def start_server(config: ServerConfig) -> subprocess.Popen[bytes]:
    """The web server child, in a process group of its own; its stdin is its lifeline."""
    command = [
        sys.executable,
        "-m",
        "paddehatten.tui.web.server",
        "--lifeline",
        config.to_json(),
    ]
    options: dict[str, Any] = {}
    if windows():
        options["creationflags"] = getattr(subprocess, "CREATE_NEW_PROCESS_GROUP", 0x200)
    else:
        options["start_new_session"] = True
    return subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, **options)


def stop_tree(child: subprocess.Popen[bytes]) -> None:
    """Stop the server and every app it started: close its lifeline and let it end its
    apps; then kill what is left, on POSIX the whole process group, on Windows the tree."""
    if child.stdin is not None:
        with contextlib.suppress(OSError):
            child.stdin.close()
    with contextlib.suppress(subprocess.TimeoutExpired):
        child.wait(STOP_TIMEOUT)
    if windows():
        _kill_windows_tree(child)
    else:
        _kill_posix_group(child.pid)
    with contextlib.suppress(subprocess.TimeoutExpired):
        child.wait(STOP_TIMEOUT)


def _kill_posix_group(pgid: int) -> None:
    killpg: Callable[[int, int], None] = os.killpg  # type: ignore[attr-defined,unused-ignore]
    for sig in (signal.SIGTERM, signal.SIGKILL):  # type: ignore[attr-defined,unused-ignore]
        try:
            killpg(pgid, sig)
        except ProcessLookupError:
            return
        except PermissionError:
            return
        deadline = time.monotonic() + STOP_TIMEOUT
        while time.monotonic() < deadline:
            try:
                killpg(pgid, 0)
            except (ProcessLookupError, PermissionError):
                return
            time.sleep(0.05)


def _kill_windows_tree(child: subprocess.Popen[bytes]) -> None:
    """taskkill ends the server and every process it started (``/T``), at once (``/F``)."""
    with contextlib.suppress(OSError, subprocess.TimeoutExpired):
        subprocess.run(
            ["taskkill", "/F", "/T", "/PID", str(child.pid)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            timeout=STOP_TIMEOUT,
            check=False,
        )
    if child.poll() is None:
        with contextlib.suppress(OSError):
            child.kill()


def stop_signals() -> list[signal.Signals]:
    """Ctrl+C, a polite kill, the terminal closing; Ctrl+Break on Windows."""
    names = ("SIGINT", "SIGTERM", "SIGHUP", "SIGBREAK")
    return [getattr(signal, name) for name in names if hasattr(signal, name)]


def serve(config: ServerConfig) -> int:
    """Run until Ctrl+C; returns the exit status."""
    for host in config.hosts:
        check_address(host, config.port)
    # Handlers first: a signal between starting the child and handling it would
    # leave the server running alone.
    previous = {sig: signal.signal(sig, _raise_interrupt) for sig in stop_signals()}
    try:
        child = start_server(config)
    except BaseException:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        raise
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while not _listening(config.hosts[0], config.port):
            if child.poll() is not None:
                raise ServeError(
                    f"serveren stoppede, før den kom i gang (status {child.returncode})"
                )
            if time.monotonic() > deadline:
                raise ServeError(
                    f"serveren lyttede ikke på port {config.port} efter {START_TIMEOUT:.0f} s"
                )
            time.sleep(0.05)
        print_addresses(config)
        status = child.wait()
        print(f"paddehatten: serveren stoppede uventet (status {status})", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        with contextlib.suppress(OSError):  # after SIGHUP the terminal may be gone
            print("\nStopper serveren …", flush=True)
        return 0
    finally:
        stop_tree(child)
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def print_addresses(config: ServerConfig) -> None:
    host = "::" if config.hosts[0] == "::" else config.hosts[0]
    urls = reachable_urls(host, config.port, config.public_url)
    if len(urls) == 1:
        print(f"Håndbogen kan nu åbnes i en browser på {urls[0]}", flush=True)
    else:
        print("Håndbogen kan nu åbnes i en browser på en af disse adresser:", flush=True)
        for url in urls:
            print(f"  {url}", flush=True)
    if config.terminal:
        print(
            f"Programmet i browseren (--terminal): {urls[0].rstrip('/')}/terminal/ – højst "
            f"{config.max_sessions} faner ad gangen; en fane, ingen bruger, lukkes efter "
            f"{config.idle_seconds / 60:g} minutter.",
            flush=True,
        )
    print("Tryk Ctrl+C for at stoppe.", flush=True)


def _raise_interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt
