"""Exports of the built graph: interactive views, a report, and data files.

:func:`export_all` writes the default set into a folder, all files or none
(every file is staged next to the target, then renamed into place):

========================  ====================================================
``tri-polar.html``        closed-loop poles against open-weight public goods
``ecosystem.html``        the whole graph, filters, search-and-focus
``report.html``           metric tables, charts over time, sources, attributions
``ecosystem.ttl``         the RDF graph as Turtle
``ecosystem.jsonld``      the RDF graph as JSON-LD
``ecosystem.graphml``     the ecosystem network (networkx GraphML)
``ecosystem.gexf``        the same for Gephi, with positions and colours
``metrics.json``          ``aikg metrics --format json``
``metrics.csv``           ``aikg metrics --format csv``
``stats.json``            ``aikg stats --format json``
``ontology/``             the vocabulary's documentation (``index.html``) with
                          the ontology, shapes and mappings it is made from
``site/``                 a page for every entity and deal, an index with search,
                          each resource's triples (:mod:`graph.export.site`)
========================  ====================================================

Examples
--------
>>> VIEWS[:3]
('tri-polar', 'ecosystem', 'report')
>>> files_of(["report", "metrics"])
['metrics.csv', 'metrics.json', 'report.html']
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # loaded on first use: `aikg --help` does not pay for the writers
    from graph.export.bundle import export_all
    from graph.export.explorer_page import ecosystem_page
    from graph.export.formats import write_exports
    from graph.export.html import Page
    from graph.export.network import ecosystem_graph
    from graph.export.story_layout import tri_polar_graph
    from graph.export.story_page import tri_polar_page

__all__ = [
    "FILES",
    "VIEWS",
    "ExportError",
    "Page",
    "ecosystem_graph",
    "ecosystem_page",
    "export_all",
    "files_of",
    "tri_polar_graph",
    "tri_polar_page",
    "write_exports",
]

_LAZY = {
    "export_all": "graph.export.bundle",
    "write_exports": "graph.export.formats",
    "Page": "graph.export.html",
    "ecosystem_page": "graph.export.explorer_page",
    "tri_polar_page": "graph.export.story_page",
    "ecosystem_graph": "graph.export.network",
    "tri_polar_graph": "graph.export.story_layout",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'graph.export' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)


#: Export names (``aikg export --view NAME``) -> the files each one writes.
FILES: dict[str, tuple[str, ...]] = {
    "tri-polar": ("tri-polar.html",),
    "ecosystem": ("ecosystem.html",),
    "report": ("report.html",),
    "turtle": ("ecosystem.ttl",),
    "jsonld": ("ecosystem.jsonld",),
    "graphml": ("ecosystem.graphml",),
    "gexf": ("ecosystem.gexf",),
    "metrics": ("metrics.json", "metrics.csv"),
    "stats": ("stats.json",),
    "ontology": (
        "ontology/index.html",
        "ontology/aikg.ttl",
        "ontology/shapes.ttl",
        "ontology/mappings.sssom.tsv",
    ),
    # the whole folder: index.html stands for the pages, assets and triples beside it
    "site": ("site/index.html",),
}
#: Every export name, in the order of :data:`FILES` (the default set is all of them).
VIEWS: tuple[str, ...] = tuple(FILES)


class ExportError(ValueError):
    """An unknown export name."""


def files_of(views: Sequence[str]) -> list[str]:
    """Return the file names written for ``views``, sorted.

    Raises
    ------
    ExportError
        For an unknown name (the message lists the known ones).
    """
    unknown = [v for v in views if v not in FILES]
    if unknown:
        raise ExportError(f"unknown export {unknown[0]!r}; known: {', '.join(VIEWS)}")
    return sorted({f for v in views for f in FILES[v]})
