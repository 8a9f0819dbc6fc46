"""Exports of the built graph to files (Turtle, JSON, ...)."""

from graph.export.formats import write_exports

__all__ = ["write_exports"]
