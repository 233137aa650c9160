"""Debian's nginx as a reverse proxy in front of several `paddehatten serve`
instances, run by a test: not a daemon, its own config, pid and temporary folders in a
temporary folder, listening on a loopback port. No access log (the tree's answers are
in the addresses); each answer names the instance that gave it (``X-Upstream``)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
from pathlib import Path

import pytest

from tests.tui.serving import free_port

NGINX = "/usr/sbin/nginx"

CONFIG = """
daemon off;
worker_processes 1;
pid {root}/nginx.pid;
error_log {root}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {root}/body;
    proxy_temp_path {root}/proxy;
    fastcgi_temp_path {root}/fastcgi;
    uwsgi_temp_path {root}/uwsgi;
    scgi_temp_path {root}/scgi;
    upstream paddehatten {{
{servers}
    }}
    server {{
        listen 127.0.0.1:{port};
        location / {{
            proxy_pass http://paddehatten;
            proxy_http_version 1.1;
            proxy_set_header Host $host;
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection $connection_upgrade;
            add_header X-Upstream $upstream_addr always;
        }}
    }}
    map $http_upgrade $connection_upgrade {{
        default upgrade;
        '' close;
    }}
}}
"""


class Nginx:
    def __init__(self, root: Path, upstream_ports: list[int]) -> None:
        if not Path(NGINX).exists():
            pytest.fail(f"{NGINX} is not installed (apt-get install nginx-light)")
        self.root = root
        self.port = free_port()
        root.mkdir(parents=True, exist_ok=True)
        servers = "\n".join(f"        server 127.0.0.1:{port};" for port in upstream_ports)
        self.config = root / "nginx.conf"
        self.config.write_text(CONFIG.format(root=root, servers=servers, port=self.port))
        self.process = subprocess.Popen(
            [NGINX, "-p", str(root), "-e", str(root / "error.log"), "-c", str(self.config)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        deadline = time.monotonic() + 20
        while True:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.5).close()
                return
            except OSError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    _, errors = self.process.communicate(timeout=5)
                    raise AssertionError(f"nginx did not start: {errors!r}") from None
                time.sleep(0.05)

    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def stop(self) -> str:
        """Stop nginx (SIGQUIT: finish and go); returns its error log."""
        if self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGQUIT)
        try:
            self.process.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.communicate()
        log = self.root / "error.log"
        return log.read_text(errors="replace") if log.exists() else ""
