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

Examples
--------
>>> parse_store_url("oxigraph:/tmp/kg").kind
'oxigraph'
>>> loc = parse_store_url("sparql+http://127.0.0.1:8890/sparql")
>>> loc.query_endpoint, loc.update_endpoint, loc.graph
('http://127.0.0.1:8890/sparql', 'http://127.0.0.1:8890/sparql', 'https://w3id.org/aikg/graph')
>>> g = open_graph("memory")
>>> len(g)
0
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import shutil
import sys
import time
import weakref
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Literal
from urllib.parse import parse_qs, urlsplit, urlunsplit

import pyoxigraph as ox
import rdflib
from oxrdflib import OxigraphStore
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.plugins.stores.sparqlstore import SPARQLStore

from graph.vocab import PREFIXES

__all__ = [
    "DEFAULT_REMOTE_GRAPH",
    "DEFAULT_STORE_URL",
    "StoreError",
    "StoreLocation",
    "build_lock",
    "current_version",
    "default_store_url",
    "hold_version",
    "new_version",
    "open_graph",
    "parse_store_url",
    "publish_version",
]

DEFAULT_STORE_URL = "oxigraph:.aikg/store"
#: Named graph that holds aikg in a remote SPARQL store (``sparql+http://...&graph=IRI`` overrides).
DEFAULT_REMOTE_GRAPH = "https://w3id.org/aikg/graph"
_CURRENT = "current"
_KEEP_OLD_VERSIONS = 2


class StoreError(Exception):
    """A store URL that cannot be opened, or a store that is missing or unusable."""


@dataclass(frozen=True)
class StoreLocation:
    """A parsed store URL.

    Attributes
    ----------
    kind : {"memory", "oxigraph", "sparql"}
        Which backend.
    path : Path or None
        Folder of an Oxigraph store.
    query_endpoint, update_endpoint : str or None
        SPARQL protocol endpoints of a remote store.
    graph : str or None
        Named graph of a remote store that holds aikg; ``None`` for the
        server's default graph.
    """

    kind: Literal["memory", "oxigraph", "sparql"]
    path: Path | None = None
    query_endpoint: str | None = None
    update_endpoint: str | None = None
    graph: str | None = None


def default_store_url() -> str:
    """Return ``$AIKG_STORE`` if set, else :data:`DEFAULT_STORE_URL`."""
    return os.environ.get("AIKG_STORE") or DEFAULT_STORE_URL


def parse_store_url(url: str | None = None) -> StoreLocation:
    """Parse a store URL (see the module docstring).

    Parameters
    ----------
    url : str, optional
        The URL; :func:`default_store_url` when omitted.

    Returns
    -------
    StoreLocation

    Raises
    ------
    StoreError
        If the URL has no known scheme.

    Examples
    --------
    >>> parse_store_url("memory")
    StoreLocation(kind='memory', path=None, query_endpoint=None, update_endpoint=None, graph=None)
    >>> parse_store_url("ftp://x")
    Traceback (most recent call last):
    ...
    graph.store.StoreError: unknown store URL 'ftp://x': use memory, oxigraph:DIR or sparql+http(s)://HOST/PATH
    """
    url = url or default_store_url()
    if url == "memory":
        return StoreLocation("memory")
    if url.startswith("oxigraph:"):
        rest = url.removeprefix("oxigraph:").removeprefix("//")
        if not rest:
            raise StoreError("oxigraph store URL needs a folder: oxigraph:DIR")
        return StoreLocation("oxigraph", path=Path(rest).expanduser())
    if url.startswith(("sparql+http://", "sparql+https://")):
        parts = urlsplit(url.removeprefix("sparql+"))
        query = parse_qs(parts.query)
        endpoint = urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))
        update = query.get("update", [endpoint])[0]
        if update.startswith("/"):
            update = urlunsplit((parts.scheme, parts.netloc, update, "", ""))
        return StoreLocation(
            "sparql",
            query_endpoint=endpoint,
            update_endpoint=update,
            graph=_graph_param(query.get("graph", [DEFAULT_REMOTE_GRAPH])[0]),
        )
    raise StoreError(
        f"unknown store URL {url!r}: use memory, oxigraph:DIR or sparql+http(s)://HOST/PATH"
    )


def _graph_param(value: str) -> str | None:
    if value == "default":
        return None
    if not re.match(r"^(https?|urn):[^\s<>\"{}|\\^`]+$", value):
        raise StoreError(f"graph={value!r} in a store URL must be an absolute IRI or 'default'")
    return value


def _bind_prefixes(graph: rdflib.Graph) -> rdflib.Graph:
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True)
    return graph


def current_version(path: Path) -> Path | None:
    """Return the folder of the store's current version, or ``None`` if there is none.

    Parameters
    ----------
    path : Path
        The store folder given in ``oxigraph:DIR``.
    """
    link = path / _CURRENT
    if link.is_symlink() or link.is_dir():
        target = link.resolve()
        return target if target.is_dir() else None
    # A plain Oxigraph folder made by another tool.
    if path.is_dir() and ((path / "CURRENT").is_file() or any(path.glob("*.sst"))):
        return path
    return None


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
        version = current_version(loc.path)
        if version is None:
            raise StoreError(f"no store at {loc.path}: run `aikg build` first")
        held = hold_version(version)  # no build prunes a version a reader holds
        try:
            inner = ox.Store.read_only(str(version)) if read_only else ox.Store(str(version))
        except (OSError, RuntimeError) as exc:
            if held is not None:
                held.close()
            raise StoreError(
                f"cannot open the Oxigraph store at {version}: {exc} "
                "(if it is damaged, run `aikg build` to make a new version)"
            ) from exc
        graph = rdflib.Graph(store=OxigraphStore(store=inner), identifier=DATASET_DEFAULT_GRAPH_ID)
        if held is not None:  # released when the graph goes (or at exit)
            weakref.finalize(graph, held.close)
        return _bind_prefixes(graph)
    assert loc.query_endpoint is not None
    # graph.remote imports this module; its stores bind parameters inside WHERE.
    from graph.remote import RemoteGraph, RemoteStore, RemoteUpdateStore  # noqa: PLC0415

    store: SPARQLStore
    if read_only:
        store = RemoteStore(loc.query_endpoint, returnFormat="json")
    else:
        store = RemoteUpdateStore(
            loc.query_endpoint, loc.update_endpoint, returnFormat="json", autocommit=False
        )
    graph_id = rdflib.URIRef(loc.graph) if loc.graph else DATASET_DEFAULT_GRAPH_ID
    return _bind_prefixes(RemoteGraph(store=store, identifier=graph_id))


_READERS = ".readers"
_BUILD_LOCK = ".build.lock"


def hold_version(version: Path) -> IO[bytes] | None:
    """Take a shared hold on a store version so that no build prunes it.

    The hold lasts as long as the returned file stays open. ``None`` for a folder that
    is not a version made by ``aikg build`` (a plain Oxigraph folder is never pruned) or
    that is not writable.
    """
    if not version.name.startswith("v-"):
        return None
    try:
        handle = (version / _READERS).open("ab")
    except OSError:
        return None
    try:
        fcntl.flock(handle, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except OSError:  # a build is removing this version right now
        handle.close()
        return None
    return handle


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
        if pid.isdigit() and int(pid) != os.getpid() and not _alive(int(pid)):
            stale.unlink(missing_ok=True)
    previous = current_version(path)
    tmp_link = path / f".{_CURRENT}-{os.getpid()}"
    if tmp_link.is_symlink() or tmp_link.exists():
        tmp_link.unlink()
    os.symlink(version.name, tmp_link)
    os.replace(tmp_link, path / _CURRENT)
    _prune(path, keep={p.resolve() for p in (version, previous) if p is not None})


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _builder_alive(version: Path) -> bool:
    """Tell whether the process that made ``version`` (``v-STAMP-PID-N``) still runs."""
    parts = version.name.split("-")
    return len(parts) >= 4 and parts[2].isdigit() and int(parts[2]) != os.getpid() and _alive(
        int(parts[2])
    )


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
