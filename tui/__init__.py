"""Everything a person sees and types: the ``paddehatten`` command and the Textual app."""
