"""paddehatten: the guideline «Sociale medier i Paddehatten» as a handbook.

The installed package holds three parts, kept as top-level folders in the repository:
``paddehatten.content`` (the handbook as data), ``paddehatten.index`` (Danish search)
and ``paddehatten.tui`` (the command line and the Textual app). Imports go one way:
tui → index → content.
"""

# The one place the version is written; hatchling reads it from here. A constant, not
# importlib.metadata, which costs ~40 ms on every start.
__version__ = "0.1.0"
