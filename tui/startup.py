"""The full-screen app's start: Python's cycle collector waits for the first frame.

Starting the app makes many objects that live as long as it does (modules, the
handbook, the CSS, the first screen's widgets), and Python's cycle collector looks
through all of them again and again while they are made: on a 2-core machine about
20 ms of the first paint, a full pass of about 14 ms of it just before the first frame.
The objects are not garbage, so nothing is gained by looking.

:func:`pause` stops the collector when the program starts; :func:`resume` starts it
again as soon as it is clear that no app opens (a plain command), right after the
app's first frame, and in any case when the program's run ends. Memory freed by
reference counting (nearly all of it) is freed as always meanwhile.
"""

from __future__ import annotations

import gc

#: True while this module holds the collector paused (never when someone else did).
_paused = False


def pause() -> None:
    """Pause the cycle collector (a no-op when it is already off)."""
    global _paused
    if gc.isenabled():
        gc.disable()
        _paused = True


def resume() -> None:
    """Start the cycle collector again if :func:`pause` stopped it; safe to call twice."""
    global _paused
    if _paused:
        _paused = False
        gc.enable()


def paused() -> bool:
    """Whether :func:`pause` holds the collector paused now."""
    return _paused
