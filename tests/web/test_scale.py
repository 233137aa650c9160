"""Stateless, so any number of instances serve: Debian's nginx in front of two
`paddehatten serve` instances on loopback, and a walk through the decision tree whose
requests alternate between them (issue 17, item 3)."""

from __future__ import annotations

import itertools
import signal
from pathlib import Path

import aiohttp
import pytest

from tests.tui.serving import Serve, app_pids, start_serve
from tests.web.proxy import Nginx
from tests.web.walker import Walker


def stop(serve: Serve) -> str:
    if serve.process.poll() is None:
        serve.process.send_signal(signal.SIGINT)
    _, errors = serve.process.communicate(timeout=30)
    return errors


@pytest.mark.slow
async def test_two_instances_behind_nginx_walk_the_tree_alternately(
    content_copy: Path, tmp_path: Path
) -> None:
    instances = [start_serve(content_copy) for _ in range(2)]
    proxy = Nginx(tmp_path / "nginx", [serve.port for serve in instances])
    logs: list[str] = []
    try:
        async with aiohttp.ClientSession() as client:

            async def fetch(url: str) -> tuple[int, dict[str, str], str]:
                async with client.get(url, allow_redirects=False) as response:
                    headers = {k.lower(): v for k, v in response.headers.items()}
                    return response.status, headers, await response.text()

            for seed in range(3):  # three walks, each with other answers
                walker = Walker(fetch)
                walker.choose.seed(seed)
                url, outcome = await walker.walk(proxy.url())
                assert outcome.page == "resultat", url
                served = [step.headers.get("x-upstream") for step in walker.steps]
                ports = {f"127.0.0.1:{serve.port}" for serve in instances}
                assert set(served) == ports, served  # both instances served the walk
                # Round robin, one request at a time: each one went to the other
                # instance than the one before, redirects included.
                assert all(a != b for a, b in itertools.pairwise(served)), served
                assert len(walker.steps) >= 4
                answers = [p.split("=", 1)[1] for p in url.split("?", 1)[-1].split("&") if p]
                assert answers, url
            # A section page and the front page through the proxy, from either instance.
            for path in ("", "afsnit/raad-3"):
                for _ in range(2):
                    status, _, body = await fetch(proxy.url() + path)
                    assert status == 200 and "data-page=" in body
        assert app_pids(content_copy) == []  # no process per reader
    finally:
        logs.append(proxy.stop())
        logs.extend(stop(serve) for serve in instances)
    # No answer reached any log: no access log, and nothing else wrote an address.
    for log in logs:
        assert "svar=" not in log and "beslutning/" not in log, log[:2000]
