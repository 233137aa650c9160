"""The app's search index: built in the background when the search first opens.

Opening the index imports whoosh and, for a large handbook, may build for a while; none
of that may delay the first paint or typing, and a person who never searches never pays
for it (time or memory). :class:`IndexLoader` starts the build when the search opens
and hands the index to searches as soon as it is ready (a search typed before waits in
its own worker, not in the UI). :meth:`IndexLoader.stop` ends the build when the app
closes: no thread of the app outlives it.

The build runs in a daemon thread watched by an async worker, not in a thread worker:
thread workers run in the event loop's executor, which Python joins on exit, so quitting
during the first build of a 10,000-section handbook would wait half a minute.
"""

from __future__ import annotations

import asyncio
import threading
from concurrent.futures import Future
from typing import TYPE_CHECKING, Any

from textual.app import App

from paddehatten.content.model import Handbook

if TYPE_CHECKING:
    from paddehatten.index import SearchIndex


class IndexLoader:
    """Builds the search index of a handbook once, in the background."""

    def __init__(self, handbook: Handbook) -> None:
        self.handbook = handbook
        self._future: Future[SearchIndex] = Future()
        self._started = False
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        #: What was typed in the search last: the search opens with it again. In
        #: memory only, never written anywhere.
        self.last_query = ""

    def start(self, app: App[Any]) -> None:
        """Start building (once; later calls do nothing)."""
        if self._started:
            return
        self._started = True
        self._thread = threading.Thread(
            target=self._build, name="paddehatten-søgeindeks", daemon=True
        )
        self._thread.start()
        app.run_worker(self._watch(), name="søgeindeks", group="search-index", exit_on_error=False)

    async def _watch(self) -> None:
        # Visible in app.workers while the build runs; cancelled freely on exit.
        while not self._future.done():
            await asyncio.sleep(0.02)

    def _build(self) -> None:
        try:
            from paddehatten.index import open_index
            from paddehatten.index.tree_documents import tree_documents

            extra = tree_documents(self.handbook)
            stop = self._stopping.is_set
            self._future.set_result(open_index(self.handbook, extra=extra, stop=stop))
        except BaseException as error:
            self._future.set_exception(error)

    def stop(self, timeout: float = 10) -> None:
        """Stop the build (it ends before the next document it would write) and wait
        for its thread: called when the app closes."""
        self._stopping.set()
        thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout)

    @property
    def ready(self) -> bool:
        return self._future.done()

    def wait(self, timeout: float | None = None) -> SearchIndex:
        """The index, waiting for the build if need be (call from a worker thread, and
        with a timeout, so the worker can notice it was cancelled).

        Raises the build's error if it failed, TimeoutError after ``timeout`` seconds.
        """
        return self._future.result(timeout)
