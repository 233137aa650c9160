"""A second user on the machine, for attacks a neighbour would make (issue 18).

As root, :func:`neighbour` makes (once) a system user without a home or a login shell,
:data:`NAME`, and :func:`as_neighbour` runs a function in a forked child that has
become that user. Not root: the tests that need it are skipped, saying why.
``.ci/run`` makes the same user on a fresh machine, so no test is skipped there.
"""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import traceback
from collections.abc import Callable
from dataclasses import dataclass

import pytest

#: The throwaway user.
NAME = "paddehatten-nabo"


@dataclass(frozen=True)
class Neighbour:
    uid: int
    gid: int


def neighbour() -> Neighbour:
    """The second user, made when missing; skips the test when that cannot be done."""
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        pytest.skip("a second user can only be made and become as root")
    try:
        entry = pwd.getpwnam(NAME)
    except KeyError:
        useradd = shutil.which("useradd") or "/usr/sbin/useradd"
        nologin = shutil.which("nologin") or "/usr/sbin/nologin"
        subprocess.run(
            [useradd, "--system", "--no-create-home", "--shell", nologin, NAME],
            check=True,
            capture_output=True,
        )
        entry = pwd.getpwnam(NAME)
    return Neighbour(entry.pw_uid, entry.pw_gid)


def as_neighbour(who: Neighbour, work: Callable[[], None]) -> None:
    """Run ``work`` as the second user in a forked child; fails the test if it fails."""
    child = os.fork()
    if child == 0:  # pragma: no cover - the child
        status = 1
        try:
            os.setgroups([])
            os.setgid(who.gid)
            os.setuid(who.uid)
            os.umask(0o000)  # a careless (or hostile) neighbour: everything open
            work()
            status = 0
        except BaseException:
            traceback.print_exc()
        finally:
            os._exit(status)
    _, status = os.waitpid(child, 0)
    assert os.waitstatus_to_exitcode(status) == 0, "the neighbour's part failed"
