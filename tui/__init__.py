"""Everything a person sees and types: the ``paddehatten`` command and the Textual app."""

# The one place the version is written; hatchling reads it from here. A constant, not
# importlib.metadata, which costs ~40 ms on every start.
__version__ = "0.1.0"
