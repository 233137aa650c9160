"""Everything a person sees and types, in two rooms that never import each other.

- ``cli/``: the ``paddehatten`` command (argparse, terminal detection, plain text and
  JSON, the serve supervisor). Never imports Textual.
- ``app/``: the full-screen Textual app (screens, widgets, the look).

``labels`` holds the texts both show; ``entry`` is the one module that joins them: it
runs the command line and starts the app when the command line asks for it.
"""
