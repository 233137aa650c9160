"""``python -m paddehatten``: the same as the ``paddehatten`` command."""

from paddehatten.tui.entry import main

main()
