"""Ingest layer: public statistics into a SQLite store, the indicator layer on top of it.

The lower of the two layers (see DESIGN.md): it owns the config model, the sources, the store
schema and the progress maths, and never imports ``dash`` or ``dashboard``.
"""

__version__ = "0.1.0"
