"""Write the graph and its figures to an exports folder, all files or none.

Files are first written into a temporary folder next to the target, then
moved into place one ``rename`` each, so a failed export leaves the previous
files as they were (:func:`publish`).

Formats:

- ``ecosystem.ttl`` (Turtle) and ``ecosystem.jsonld`` (JSON-LD, compacted with
  the aikg prefixes): the whole RDF graph, parsing back to the same triples;
- ``ecosystem.graphml`` and ``ecosystem.gexf`` (Gephi, with positions, colours
  and sizes): the network of :func:`graph.export.network.ecosystem_graph`;
- ``metrics.json``: the same document as ``aikg metrics --format json`` (one
  top-level key per metric -> ``description``, ``as_of``, ``results``);
- ``metrics.csv``: long format (``metric, key, field, value, bound, unit,
  claims``) with spreadsheet formulas neutralised;
- ``stats.json``: the figures of ``aikg stats``.

Examples
--------
>>> import tempfile, pathlib, rdflib
>>> g = rdflib.Graph()
>>> _ = g.add((rdflib.URIRef("https://w3id.org/aikg/id/a"), rdflib.RDFS.label, rdflib.Literal("A")))
>>> out = pathlib.Path(tempfile.mkdtemp())
>>> sorted(p.name for p in write_exports(g, out, {"triples": 1}))
['ecosystem.ttl', 'stats.json']
>>> csv_safe("=HYPERLINK(1)"), csv_safe("-3"), csv_safe("-3 dollars"), csv_safe(-3)
("'=HYPERLINK(1)", '-3', "'-3 dollars", -3)
"""

from __future__ import annotations

import csv
import ctypes
import io
import json
import os
import shutil
import stat
import sys
import tempfile
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any

import networkx as nx
import pyoxigraph as ox
import rdflib

from graph.export import xmlgraph
from graph.export.jsonld import write_jsonld_quads
from graph.forked import run_beside
from graph.metrics import METRICS
from graph.metrics.flatten import CSV_FIELDS, rows
from graph.metrics.result import MetricResult
from graph.oxterms import triples_to_ox
from graph.text import csv_safe, plain_text
from graph.vocab import PREFIXES

__all__ = [
    "csv_safe",
    "metrics_csv",
    "metrics_document",
    "metrics_json",
    "plain_text",
    "publish",
    "stats_json",
    "write_exports",
    "write_gexf",
    "write_graphml",
    "write_jsonld",
    "write_turtle",
]

#: A writer fills one file of the staging folder.
Writer = Callable[[Path], None]


def publish(
    out_dir: Path, writers: Mapping[str, Writer], *, beside: Collection[str] = ()
) -> list[Path]:
    """Write every file into a staging folder, then swap it in for ``out_dir`` at once.

    On Linux the staging folder (a sibling of ``out_dir`` that also receives
    hard links to every other entry of ``out_dir``) is exchanged with
    ``out_dir`` in one ``renameat2(RENAME_EXCHANGE)``, so a reader or a
    process killed at any moment sees the complete old set or the complete
    new set, never a mix. Elsewhere (or on a file system without the
    exchange) each file is moved into place with one ``rename``. Staging
    folders left by a killed process are removed by the next call.

    Parameters
    ----------
    out_dir : Path
        The exports folder (created if missing).
    writers : mapping of file name to callable
        Each callable writes the file at the path it is given.
    beside : collection of str
        Names whose writers run in a forked child process, beside the others
        (:func:`graph.forked.run_beside`; in turn where forking is not
        possible). Give it writers that share no lazily computed input with the rest.

    Returns
    -------
    list of Path
        The files written, sorted by name.

    Raises
    ------
    Exception
        Whatever a writer raises; then no file in ``out_dir`` has changed.

    Examples
    --------
    >>> import tempfile
    >>> out = Path(tempfile.mkdtemp()) / "exports"
    >>> [p.name for p in publish(out, {"a.txt": lambda p: p.write_text("a")})]
    ['a.txt']
    >>> def boom(path: Path) -> None:
    ...     raise ValueError("no")
    >>> publish(out, {"a.txt": lambda p: p.write_text("new"), "b.txt": boom})
    Traceback (most recent call last):
    ValueError: no
    >>> (out / "a.txt").read_text(), sorted(p.name for p in out.parent.iterdir())
    ('a', ['exports'])
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    _remove_stale_staging(out_dir)
    staging = _staging_dir(out_dir)

    def write(names: Iterable[str]) -> Callable[[], None]:
        def run() -> None:
            for name in names:
                (staging / name).parent.mkdir(parents=True, exist_ok=True)
                writers[name](staging / name)

        return run

    try:
        aside = sorted(n for n in writers if n in beside)
        run_beside(write(aside), write(sorted(n for n in writers if n not in beside)))
        if not _swap_in(out_dir, staging, set(writers)):
            for name in sorted(writers):
                (out_dir / name).parent.mkdir(parents=True, exist_ok=True)
                os.replace(staging / name, out_dir / name)
        return [out_dir / name for name in sorted(writers)]
    finally:
        shutil.rmtree(staging, ignore_errors=True)


_RENAME_EXCHANGE = 2


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one atomic step (Linux ``renameat2``); False if unsupported."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd = -100
    rc = renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), _RENAME_EXCHANGE)
    return bool(rc == 0)


def _staging_dir(out_dir: Path) -> Path:
    try:  # next to out_dir, so that the two folders can be exchanged
        return Path(
            tempfile.mkdtemp(prefix=f".{out_dir.name}.staging-{os.getpid()}-", dir=out_dir.parent)
        )
    except OSError:
        return Path(tempfile.mkdtemp(prefix=f".staging-{os.getpid()}-", dir=out_dir))


def _swap_in(out_dir: Path, staging: Path, names: set[str]) -> bool:
    """Carry the other entries of ``out_dir`` over as hard links, then exchange the folders.

    A name with a folder (``ontology/index.html``) makes the export own that folder:
    its old content is not carried over.
    """
    if staging.parent != out_dir.parent or out_dir.is_symlink():
        return False
    owned = {name.split("/", 1)[0] for name in names}
    carried: set[str] = set()
    try:
        for entry in out_dir.iterdir():
            if entry.name in owned or entry.name.startswith(".staging-"):
                continue
            dest = staging / entry.name
            if entry.is_symlink():
                os.symlink(os.readlink(entry), dest)
            elif entry.is_dir():
                shutil.copytree(entry, dest, symlinks=True, copy_function=os.link)
            else:
                os.link(entry, dest)
            carried.add(entry.name)
        os.chmod(staging, stat.S_IMODE(out_dir.stat().st_mode))
    except OSError:
        return False
    if not _exchange(staging, out_dir):
        return False
    _rescue(staging, out_dir, owned, carried)
    return True


def _rescue(old: Path, new: Path, owned: set[str], carried: set[str]) -> None:
    """Move into ``new`` what another process wrote into the folder while it was staged.

    ``old`` is the folder as it was swapped out: an entry this export neither owns nor
    carried over appeared after the snapshot, and a carried file whose inode changed was
    replaced meanwhile; both go to ``new`` so that the swap deletes nothing it did not
    write.
    """
    for entry in old.iterdir():
        if entry.name in owned:
            continue
        target = new / entry.name
        try:
            if entry.name not in carried:
                if not target.exists() and not target.is_symlink():
                    os.rename(entry, target)
            elif (
                entry.is_file()
                and not entry.is_symlink()
                and entry.stat().st_ino != target.stat().st_ino
            ):
                os.replace(entry, target)
        except OSError:
            continue  # it changed again meanwhile: the newer copy in ``new`` stays


def _remove_stale_staging(out_dir: Path) -> None:
    """Remove staging folders of processes that no longer run (killed mid-export)."""
    candidates = [*out_dir.parent.glob(f".{out_dir.name}.staging-*"), *out_dir.glob(".staging-*")]
    for folder in candidates:
        pid = folder.name.rsplit(".staging-", 1)[-1].split("-", 1)[0]
        if not pid.isdigit() or not _alive(int(pid)):
            shutil.rmtree(folder, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _triples(graph: rdflib.Graph | ox.Store) -> Iterable[ox.Triple] | Iterable[ox.Quad]:
    """Return the default graph's triples, from Oxigraph's index when it holds them.

    A plain rdflib graph is converted term by term, keeping its lexical forms
    (Oxigraph's store would write ``10.0`` back as ``10``).
    """
    inner = graph if isinstance(graph, ox.Store) else getattr(graph.store, "_inner", None)
    if isinstance(inner, ox.Store):
        return inner.quads_for_pattern(None, None, None, ox.DefaultGraph())
    assert isinstance(graph, rdflib.Graph)
    return sorted(triples_to_ox(graph), key=lambda t: str(t.subject))


def write_turtle(graph: rdflib.Graph | ox.Store, path: Path) -> None:
    """Serialise ``graph`` as Turtle with the aikg prefixes, by Oxigraph's writer."""
    with path.open("wb") as fh:
        ox.serialize(_triples(graph), fh, format=ox.RdfFormat.TURTLE, prefixes=PREFIXES)


def write_jsonld(graph: rdflib.Graph | ox.Store, path: Path) -> None:
    """Serialise ``graph`` as JSON-LD, compacted with the aikg prefixes, streaming from Oxigraph.

    Examples
    --------
    >>> import tempfile
    >>> g = rdflib.Graph()
    >>> _ = g.add((rdflib.URIRef(PREFIXES["id"] + "a"), rdflib.RDFS.label, rdflib.Literal("A")))
    >>> path = Path(tempfile.mkdtemp()) / "x.jsonld"
    >>> write_jsonld(g, path)
    >>> doc = json.loads(path.read_text(encoding="utf-8"))
    >>> doc["@context"]["id"], doc["@graph"][0]["@id"], doc["@graph"][0]["rdfs:label"]
    ('https://w3id.org/aikg/id/', 'id:a', 'A')
    """
    with path.open("w", encoding="utf-8") as fh:
        write_jsonld_quads(_triples(graph), fh, PREFIXES)


def write_graphml(g: nx.MultiDiGraph, path: Path) -> None:
    """Write a view graph as GraphML (attributes typed, ``None`` values left out).

    Streamed by :func:`graph.export.xmlgraph.write_graphml`; reads back with
    ``nx.read_graphml`` as ``nx.write_graphml``'s file does.
    """
    xmlgraph.write_graphml(g, path)


def write_gexf(g: nx.MultiDiGraph, path: Path, colors: Mapping[str, str] | None = None) -> None:
    """Write a view graph as GEXF 1.2 for Gephi, with positions, sizes and colours.

    Parameters
    ----------
    g : networkx.MultiDiGraph
        Nodes with ``x``, ``y``, ``size`` and ``type`` (optional).
    path : Path
        Target file.
    colors : mapping, optional
        Node type -> ``#rrggbb``.

    Notes
    -----
    Streamed by :func:`graph.export.xmlgraph.write_gexf`; reads back with
    ``nx.read_gexf`` as ``nx.write_gexf(..., version="1.2draft")``'s file does.
    """
    xmlgraph.write_gexf(g, path, colors)


def metrics_document(
    results: Mapping[str, Sequence[MetricResult]], as_of: str | date | None = None
) -> dict[str, dict[str, Any]]:
    """Return the ``aikg metrics --format json`` document.

    Examples
    --------
    >>> metrics_document({"poles": []}, "2026-04-30")["poles"]["as_of"]
    '2026-04-30'
    """
    day = as_of.isoformat() if isinstance(as_of, date) else as_of
    return {
        name: {
            "description": METRICS[name].description,
            "as_of": day,
            "results": [r.to_dict() for r in items],
        }
        for name, items in results.items()
    }


def metrics_json(
    results: Mapping[str, Sequence[MetricResult]], as_of: str | date | None = None
) -> str:
    """Return :func:`metrics_document` as ``aikg metrics --format json`` prints it."""
    return json.dumps(metrics_document(results, as_of), indent=2, ensure_ascii=False) + "\n"


def metrics_csv(results: Mapping[str, Sequence[MetricResult]]) -> str:
    """Return the long-format CSV of ``aikg metrics --format csv``.

    Examples
    --------
    >>> metrics_csv({}).strip()
    'metric,key,field,value,bound,unit,claims'
    """
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(CSV_FIELDS), lineterminator="\n")
    writer.writeheader()
    for record in rows(results):
        writer.writerow({k: csv_safe(v) for k, v in record.items()})
    return buffer.getvalue()


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

    See Also
    --------
    graph.export.export_all : every export (views, report, all formats).
    """
    return publish(
        out_dir,
        {
            "ecosystem.ttl": lambda p: write_turtle(graph, p),
            "stats.json": lambda p: _write_text(p, stats_json(stats)),
        },
    )


def _write_text(path: Path, text: str) -> None:
    path.write_bytes(text.encode("utf-8"))


def stats_json(stats: Mapping[str, object]) -> str:
    """Return ``stats.json``'s text."""
    return json.dumps(stats, indent=2, sort_keys=True) + "\n"
