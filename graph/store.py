"""Open an RDF store from a URL, behind the rdflib ``Graph`` API.

Store URLs
----------
``memory``
    A plain in-process rdflib graph (nothing persists).
``oxigraph:DIR``
    A persistent Oxigraph store in folder ``DIR`` (the default is
    ``oxigraph:.aikg/store``, or ``$AIKG_STORE``). ``aikg build`` writes each
    build into a new version folder ``DIR/v-...`` and then swaps the
    ``DIR/current`` link to it in one atomic rename, so readers always see a
    complete store. A plain Oxigraph folder made by other tools opens too.
``sparql+http://HOST:PORT/PATH`` (or ``sparql+https://``)
    A remote SPARQL 1.1 endpoint, queried over the SPARQL protocol. Add
    ``?update=URL`` when the update endpoint differs from the query endpoint.
    The graph lives in the named graph :data:`DEFAULT_REMOTE_GRAPH` (reads
    send it as ``default-graph-uri``; ``aikg build`` replaces it atomically,
    see :mod:`graph.remote`); ``&graph=IRI`` picks another named graph and
    ``&graph=default`` the server's default graph.

URLs are parsed by :func:`graph.location.parse_store_url` (examples there).

Examples
--------
>>> g = open_graph("memory")
>>> len(g)
0
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import sys
import time
import weakref
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import rdflib
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

from graph.forked import process_alive
from graph.location import (
    _CURRENT,
    _READERS,
    DEFAULT_REMOTE_GRAPH,
    DEFAULT_STORE_URL,
    StoreError,
    StoreLocation,
    current_version,
    default_store_url,
    hold_version,
    open_oxigraph,
    parse_store_url,
)
from graph.vocab import PREFIXES

__all__ = [
    "DEFAULT_REMOTE_GRAPH",
    "DEFAULT_STORE_URL",
    "StoreError",
    "StoreLocation",
    "build_lock",
    "current_version",
    "default_store_url",
    "graph_of",
    "hold_version",
    "new_version",
    "open_graph",
    "parse_store_url",
    "publish_version",
]

_KEEP_OLD_VERSIONS = 2


def _bind_prefixes(graph: rdflib.Graph) -> rdflib.Graph:
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True)
    return graph


def open_graph(url: str | None = None, *, read_only: bool = True) -> rdflib.Graph:
    """Open the store at ``url`` as an rdflib :class:`~rdflib.Graph`.

    Parameters
    ----------
    url : str, optional
        A store URL; the default store when omitted.
    read_only : bool
        Open an Oxigraph store read-only (several readers may share it) and a
        remote store without its update endpoint.

    Returns
    -------
    rdflib.Graph
        Queries on it run in the store's own engine (Oxigraph or the remote server).

    Raises
    ------
    StoreError
        If there is no built store at the location.
    """
    loc = parse_store_url(url)
    if loc.kind == "memory":
        return _bind_prefixes(rdflib.Graph())
    if loc.kind == "oxigraph":
        assert loc.path is not None
        opened = open_oxigraph(loc.path, read_only=read_only)
        graph = graph_of(opened.store)
        if opened.hold is not None:  # released when the graph goes (or at exit)
            weakref.finalize(graph, opened.hold.close)
        return graph
    assert loc.query_endpoint is not None
    # imported here: rdflib's SPARQL store machinery is only needed for remote stores
    from graph.remote import RemoteGraph, RemoteStore, RemoteUpdateStore  # noqa: PLC0415

    store: RemoteStore | RemoteUpdateStore
    # queries go as form-encoded POSTs: in a GET's URL, a query of a few kilobytes (with the
    # prefixes) passes the 8 KB that servers allow for the request's headers (`oxigraph serve`)
    if read_only:
        store = RemoteStore(loc.query_endpoint, returnFormat="json", method="POST_FORM")
    else:
        store = RemoteUpdateStore(
            loc.query_endpoint,
            loc.update_endpoint,
            returnFormat="json",
            method="POST_FORM",
            autocommit=False,
        )
    graph_id = rdflib.URIRef(loc.graph) if loc.graph else DATASET_DEFAULT_GRAPH_ID
    return _bind_prefixes(RemoteGraph(store=store, identifier=graph_id))


def graph_of(store: ox.Store) -> rdflib.Graph:
    """Wrap an Oxigraph store (on disk or in memory) as an rdflib :class:`~rdflib.Graph`.

    The graph reads the store's default graph, like :func:`open_graph` on an
    ``oxigraph:`` URL; queries run in Oxigraph.

    Examples
    --------
    >>> import pyoxigraph as ox
    >>> inner = ox.Store()
    >>> inner.add(ox.Quad(ox.NamedNode("urn:a"), ox.NamedNode("urn:p"), ox.Literal("x")))
    >>> [str(o) for o in graph_of(inner).objects()]
    ['x']
    """
    # imported here: oxrdflib loads rdflib's SPARQL parser (~0.1 s), which commands that never
    # wrap a store for rdflib (`aikg validate`, for one) do not need
    from oxrdflib import OxigraphStore  # noqa: PLC0415

    graph = rdflib.Graph(store=OxigraphStore(store=store), identifier=DATASET_DEFAULT_GRAPH_ID)
    return _bind_prefixes(graph)


_BUILD_LOCK = ".build.lock"


@contextlib.contextmanager
def build_lock(path: Path) -> Iterator[None]:
    """Hold the store's build lock: builds of one store run one after another.

    A build that finds the lock taken says so on stderr and waits for it.
    """
    path.mkdir(parents=True, exist_ok=True)
    with (path / _BUILD_LOCK).open("ab") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            sys.stderr.write(f"aikg: another build of {path} is running; waiting for it\n")
            fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def new_version(path: Path) -> Path:
    """Create and return an empty version folder inside the store folder ``path``."""
    path.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%dT%H%M%S", time.gmtime())
    version = path / f"v-{stamp}-{os.getpid()}-{time.monotonic_ns() % 1_000_000:06d}"
    version.mkdir()
    return version


def publish_version(path: Path, version: Path) -> None:
    """Make ``version`` the current version of the store at ``path``, atomically.

    The ``current`` link is replaced by one ``rename``; readers see the old
    or the new version, never a mix. The version that was current until now
    is kept (readers may still have it open), and so is the most recent one
    before it; older versions, and version folders half written by a build
    that was killed, are removed.
    """
    for stale in path.glob(f".{_CURRENT}-*"):  # a link left by a publisher that was killed
        pid = stale.name.rsplit("-", 1)[-1]
        if pid.isdigit() and int(pid) != os.getpid() and not process_alive(int(pid)):
            stale.unlink(missing_ok=True)
    previous = current_version(path)
    tmp_link = path / f".{_CURRENT}-{os.getpid()}"
    if tmp_link.is_symlink() or tmp_link.exists():
        tmp_link.unlink()
    os.symlink(version.name, tmp_link)
    os.replace(tmp_link, path / _CURRENT)
    _prune(path, keep={p.resolve() for p in (version, previous) if p is not None})


def _builder_alive(version: Path) -> bool:
    """Tell whether the process that made ``version`` (``v-STAMP-PID-N``) still runs."""
    parts = version.name.split("-")
    if len(parts) < 4 or not parts[2].isdigit():
        return False
    pid = int(parts[2])
    return pid != os.getpid() and process_alive(pid)


def _prune(path: Path, keep: set[Path]) -> None:
    """Remove old versions, never one in ``keep``, one a reader holds or one being built."""
    versions = sorted(
        (p for p in path.glob("v-*") if p.is_dir() and p.resolve() not in keep),
        key=lambda p: p.stat().st_mtime,
    )
    spare = max(_KEEP_OLD_VERSIONS - 1, 0)
    for old in versions[:-spare] if spare else versions:
        if not (old / _READERS).exists() and _builder_alive(old):
            continue  # a build in another process is still writing it
        try:
            handle = (old / _READERS).open("ab")
        except OSError:
            continue
        with handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                continue  # a reader (aikg serve, a query) still has it open
            shutil.rmtree(old, ignore_errors=True)
