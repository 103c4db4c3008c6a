"""Writes of the Watcher integration, one module per responsibility (see each docstring)."""
