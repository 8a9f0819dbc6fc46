"""Write the graph and its figures to an exports folder, all files or none.

Files are first written into a temporary folder next to the target, then
moved into place one ``rename`` each, so a failed export leaves the previous
files as they were.

Examples
--------
>>> import tempfile, pathlib, rdflib
>>> g = rdflib.Graph()
>>> _ = g.add((rdflib.URIRef("https://w3id.org/aikg/id/a"), rdflib.RDFS.label, rdflib.Literal("A")))
>>> out = pathlib.Path(tempfile.mkdtemp())
>>> sorted(p.name for p in write_exports(g, out, {"triples": 1}))
['ecosystem.ttl', 'stats.json']
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path

import rdflib

__all__ = ["write_exports"]


def write_exports(graph: rdflib.Graph, out_dir: Path, stats: Mapping[str, object]) -> list[Path]:
    """Write ``ecosystem.ttl`` (the whole graph) and ``stats.json`` into ``out_dir``.

    Parameters
    ----------
    graph : rdflib.Graph
        The built graph.
    out_dir : Path
        The exports folder (created if missing).
    stats : mapping
        JSON-ready figures, e.g. :meth:`graph.stats.GraphStats.as_dict`.

    Returns
    -------
    list of Path
        The files written.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=out_dir))
    try:
        fmt = "ox-turtle" if type(graph.store).__name__ == "OxigraphStore" else "turtle"
        graph.serialize(staging / "ecosystem.ttl", format=fmt)
        (staging / "stats.json").write_text(
            json.dumps(stats, indent=2, sort_keys=True) + "\n", encoding="utf-8"
        )
        written = []
        for item in sorted(staging.iterdir()):
            target = out_dir / item.name
            os.replace(item, target)
            written.append(target)
        return written
    finally:
        shutil.rmtree(staging, ignore_errors=True)
