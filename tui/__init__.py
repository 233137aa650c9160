"""Everything a person sees and types, in three rooms.

- ``cli/``: the ``paddehatten`` command (argparse, terminal detection, plain text and
  JSON, the serve supervisor). Never imports Textual.
- ``app/``: the full-screen Textual app (screens, widgets, the look).
- ``web/``: `serve`: the web server (and, being built, the web edition). Never imports
  Textual; the command line starts it, it never imports the command line or the app.

``labels`` holds the texts both show; ``entry`` is the one module that joins them: it
runs the command line and starts the app when the command line asks for it.
"""

if __name__ != "paddehatten.tui":  # e.g. `import tui` from the repository's root
    raise ImportError(
        f"{__name__} is paddehatten.tui imported under a second name, which would give "
        "every class two identities: import paddehatten.tui (install with pip install -e .)"
    )
