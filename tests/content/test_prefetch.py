"""A first start loads the handbook in a child process while the app's toolkit imports
(content/prefetch.py): the same handbook as the loader's, nothing from the child on
the terminal, no child left behind, and the ordinary load whenever the child is not
there or not to be trusted.

The forks happen in fresh interpreters (``run_python``, so these tests are slow ones):
a pytest worker runs threads, and then no child is forked at all (tested here too)."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest

from paddehatten.content import DEFAULT_CONTENT, ContentError, load_handbook, prefetch
from tests.conftest import replace_in, run_python
from tests.paths import REPO

OTHER_HANDBOOK = REPO / "tests" / "data" / "haandvask"

#: Appended to a program: whether a child of it was left, unreaped.
NO_CHILD_LEFT = """
import os
try:
    os.waitpid(-1, os.WNOHANG)
    print("a child is left")
except ChildProcessError:
    print("no child left")
"""

#: Loads ``ROOT`` through a child, then compares with the loader in this process.
THROUGH_A_CHILD = """
import json, os, sys
from pathlib import Path
from paddehatten.content import prefetch
root = Path(sys.argv[1])
loading = prefetch.start(root, "key")
forked = loading.in_child
parsers_in_parent = sorted(m for m in sys.modules if m.split(".")[0] in ("yaml", "markdown_it"))
handbook = loading.result()
try:
    os.waitpid(-1, os.WNOHANG)
    left = "a child is left"
except ChildProcessError:
    left = "none"
from paddehatten.content import load_handbook
same = handbook == load_handbook(root)
print(json.dumps({"forked": forked, "parsers_in_parent": parsers_in_parent, "same": same,
                  "verified": handbook.wording_verified, "key": loading.key, "left": left,
                  "title": handbook.title}))
"""


def _through_a_child(root: Path, before: str = "") -> dict[str, object]:
    program = before + THROUGH_A_CHILD.replace("sys.argv[1]", repr(str(root)))
    done = run_python(program)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


@pytest.mark.slow
@pytest.mark.parametrize("root", [DEFAULT_CONTENT, OTHER_HANDBOOK], ids=["shipped", "other"])
def test_the_child_gives_the_loaders_handbook_and_the_parent_no_parser(root: Path) -> None:
    seen = _through_a_child(root)
    assert seen["forked"] is True
    assert seen["parsers_in_parent"] == [], "the parent parsed YAML or Markdown itself"
    assert seen["same"] is True
    assert seen["verified"] == load_handbook(root).wording_verified
    assert seen["key"] == "key"
    assert seen["left"] == "none"


@pytest.mark.slow
def test_a_broken_handbook_gives_the_loaders_problems(handbook_copy: Path) -> None:
    replace_in(handbook_copy / "handbook.yaml", "title:", "titel:")
    with pytest.raises(ContentError) as in_process:
        load_handbook(handbook_copy)
    program = f"""
import json, sys
from pathlib import Path
from paddehatten.content import ContentError, prefetch
loading = prefetch.start(Path({str(handbook_copy)!r}))
assert loading.in_child
try:
    loading.result()
except ContentError as error:
    print(json.dumps([p.located(Path({str(handbook_copy)!r})) for p in error.problems]))
"""
    done = run_python(program)
    assert done.returncode == 0, done.stderr
    expected = [p.located(handbook_copy) for p in in_process.value.problems]
    assert json.loads(done.stdout) == expected and expected


#: A child that sends something else than a handbook, then exits 0.
LYING_CHILD = """
import os
from paddehatten.content import prefetch
def lie(root, writing):
    os.write(writing, b'{"title": "Ikke ' + b'x' * 70000 + b'"}')
    os._exit(0)
prefetch._load_and_send = lie
"""

#: A child that dies halfway through what it sends.
KILLED_CHILD = """
import os, signal
from paddehatten.content import prefetch
def die(root, writing):
    os.write(writing, b'{"title": ')
    os.kill(os.getpid(), signal.SIGKILL)
prefetch._load_and_send = die
"""


@pytest.mark.slow
@pytest.mark.parametrize("child", [LYING_CHILD, KILLED_CHILD], ids=["lies", "is killed"])
def test_a_child_that_fails_means_the_ordinary_load(child: str) -> None:
    seen = _through_a_child(DEFAULT_CONTENT, before=child)
    assert seen["forked"] is True
    assert seen["same"] is True and seen["title"] == load_handbook(DEFAULT_CONTENT).title
    assert seen["left"] == "none"


@pytest.mark.slow
def test_nothing_of_the_child_reaches_the_terminal() -> None:
    """The child's standard streams go nowhere: a loader that printed (a warning, a
    library's message) would otherwise write into the app's screen."""
    program = """
import sys, warnings
from paddehatten.content import loader, prefetch, DEFAULT_CONTENT
load = loader.load_handbook
def noisy(root):
    print("ud på standard-output")
    print("ud på standard-error", file=sys.stderr)
    warnings.warn("en advarsel")
    return load(root)
loader.load_handbook = noisy
loading = prefetch.start(DEFAULT_CONTENT)
assert loading.in_child
loading.result()
print("færdig")
"""
    done = run_python(program)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "færdig\n"
    assert done.stderr == ""


def test_with_threads_running_nothing_is_forked(handbook_copy: Path) -> None:
    """A fork copies only the thread that forks: with another thread running (as in
    this pytest worker, or an app already started), the handbook loads in-process."""
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        loading = prefetch.start(handbook_copy)
        assert not loading.in_child
        assert loading.result() == load_handbook(handbook_copy)
    finally:
        stop.set()
        other.join()


#: The app's first start with an empty cache, run as the program runs it (entry.run):
#: what the app's own process had imported at its first frame, what it showed, and
#: what was in the cache afterwards.
FIRST_START = """
import asyncio, json, os, sys, tempfile
os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp()
from pathlib import Path
from paddehatten.tui.app import app as app_module
from paddehatten.tui.cli import main as cli
cli.plain_reason = lambda *args: None  # as in a terminal
seen = {}
after = app_module.PaddehattenApp._run_after_first_frame

def first_frame(self):
    if not seen:
        seen["parsers"] = sorted(m for m in sys.modules
                                 if m.split(".")[0] in ("yaml", "markdown_it")
                                 or m == "paddehatten.content.loader")
        seen["title"] = self.handbook.title
        seen["sections"] = len(self.handbook.sections)
        seen["verified"] = self.handbook.wording_verified
    after(self)  # starts storing the cache entry in a worker

    async def finish():
        await self.workers.wait_for_complete()
        self.exit()

    self.call_later(finish)

app_module.PaddehattenApp._run_after_first_frame = first_frame
app_module.PaddehattenApp.run = lambda self: asyncio.run(self.run_async(headless=True))
from paddehatten.tui import entry
seen["status"] = entry.run(sys.argv[1:])
seen["cached"] = len(list(Path(os.environ["XDG_CACHE_HOME"]).rglob("*.json")))
print(json.dumps(seen))
"""


@pytest.mark.slow
@pytest.mark.parametrize("root", [DEFAULT_CONTENT, OTHER_HANDBOOK], ids=["shipped", "other"])
def test_a_first_start_paints_without_parsing_in_the_apps_process(root: Path) -> None:
    program = FIRST_START.replace("sys.argv[1:]", repr(["--content", str(root)]))
    done = run_python(program)
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    expected = load_handbook(root)
    assert seen["status"] == 0
    assert seen["parsers"] == [], "the app's process parsed the handbook itself"
    assert seen["title"] == expected.title and seen["sections"] == len(expected.sections)
    assert seen["verified"] == expected.wording_verified
    assert seen["cached"] == 1, "the first start left no cache entry for the next"


@pytest.mark.slow
def test_a_first_start_of_a_broken_handbook_says_what_is_wrong(handbook_copy: Path) -> None:
    replace_in(handbook_copy / "handbook.yaml", "title:", "titel:")
    program = FIRST_START.replace("sys.argv[1:]", repr(["--content", str(handbook_copy)]))
    done = run_python(program)
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen["status"] == 2 and "title" not in seen  # no app was painted
    assert f"håndbogen i '{handbook_copy}' kan ikke læses:" in done.stderr
    assert "Traceback" not in done.stderr


#: Records, from inside the child, whether Ctrl+C (SIGINT) was held back when the child
#: began, and whether it was let through again once the child's streams were quiet.
CTRL_C_IN_THE_CHILD = """
import os, signal
from paddehatten.content import DEFAULT_CONTENT, loader, prefetch
side, notes = os.pipe()

def held() -> int:
    return int(signal.SIGINT in signal.pthread_sigmask(signal.SIG_BLOCK, []))

send = prefetch._load_and_send
def spy_send(root, writing, signals):
    os.write(notes, f"begins held={held()}\\n".encode())
    send(root, writing, signals)
prefetch._load_and_send = spy_send

load = loader.load_handbook
def spy_load(root):
    stderr = os.readlink("/proc/self/fd/2")
    os.write(notes, f"loads held={held()} stderr={stderr}\\n".encode())
    return load(root)
loader.load_handbook = spy_load

loading = prefetch.start(DEFAULT_CONTENT)
assert loading.in_child
parent_held = held()
loading.result()
os.close(notes)
print(os.read(side, 4096).decode(), end="")
print(f"parent held={parent_held}")
"""


@pytest.mark.slow
def test_ctrl_c_waits_until_the_child_is_quiet() -> None:
    """A Ctrl+C (SIGINT, sent by the terminal to the whole process group) that reached
    the child before its streams went to /dev/null would raise KeyboardInterrupt there:
    a traceback on the terminal, or the child running the program on as a second copy.
    So it is held back from the fork until then; the parent never holds it back."""
    done = run_python(CTRL_C_IN_THE_CHILD)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        "begins held=1",
        "loads held=0 stderr=/dev/null",
        "parent held=0",
    ]


@pytest.mark.slow
def test_close_ends_a_child_nobody_collected() -> None:
    program = """
import os
from paddehatten.content import DEFAULT_CONTENT, prefetch
loading = prefetch.start(DEFAULT_CONTENT)
assert loading.in_child
_, reading = loading._child
loading.close()
loading.close()  # again: nothing left to do
try:
    os.fstat(reading)
    print("the pipe is still open")
except OSError:
    print("the pipe is closed")
"""
    done = run_python(program + NO_CHILD_LEFT)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "the pipe is closed\nno child left\n"


@pytest.mark.slow
def test_a_child_that_sends_nothing_is_ended_and_the_handbook_loads_here() -> None:
    program = """
import os, signal
from paddehatten.content import DEFAULT_CONTENT, load_handbook, prefetch
prefetch.STALLED = 0.3
def stuck(root, writing, signals):
    signal.pthread_sigmask(signal.SIG_SETMASK, signals)
    while True:
        signal.pause()
prefetch._load_and_send = stuck
loading = prefetch.start(DEFAULT_CONTENT)
assert loading.in_child
assert loading.result() == load_handbook(DEFAULT_CONTENT)
"""
    done = run_python(program + NO_CHILD_LEFT)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "no child left\n"


@pytest.mark.slow
def test_a_start_that_fails_before_the_handbook_is_needed_leaves_no_child() -> None:
    """The app's import fails (a broken installation): the error is the program's, and
    the child loading the handbook is ended, not left behind."""
    program = """
import os, sys, tempfile
os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp()
sys.modules["paddehatten.tui.app.app"] = None  # importing it raises ImportError
from paddehatten.tui.cli import main as cli
cli.plain_reason = lambda *args: None  # as in a terminal
from paddehatten.tui import entry
try:
    entry.run([])
except ImportError:
    print("the import failed")
"""
    done = run_python(program + NO_CHILD_LEFT)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "the import failed\nno child left\n"
