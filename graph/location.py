"""Where a store lives: store URLs, the current version of an Oxigraph store, reader holds.

A leaf module (no rdflib): the command line parses a URL and opens an Oxigraph
store for reading without loading rdflib's store wrappers. The URL forms are
described in :mod:`graph.store`.

Examples
--------
>>> parse_store_url("oxigraph:/tmp/kg").kind
'oxigraph'
>>> loc = parse_store_url("sparql+http://127.0.0.1:8890/sparql")
>>> loc.query_endpoint, loc.update_endpoint, loc.graph
('http://127.0.0.1:8890/sparql', 'http://127.0.0.1:8890/sparql', 'https://w3id.org/aikg/graph')
"""

from __future__ import annotations

import fcntl
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING, Literal
from urllib.parse import parse_qs, urlsplit, urlunsplit

if TYPE_CHECKING:
    import pyoxigraph as ox

__all__ = [
    "DEFAULT_REMOTE_GRAPH",
    "DEFAULT_STORE_URL",
    "OpenStore",
    "StoreError",
    "StoreLocation",
    "current_version",
    "default_store_url",
    "hold_version",
    "open_oxigraph",
    "parse_store_url",
    "store_candidates",
    "user_store_dir",
]

DEFAULT_STORE_URL = "oxigraph:.aikg/store"
#: Named graph that holds aikg in a remote SPARQL store (``sparql+http://...&graph=IRI`` overrides).
DEFAULT_REMOTE_GRAPH = "https://w3id.org/aikg/graph"
_CURRENT = "current"
_READERS = ".readers"


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


def user_store_dir() -> Path:
    """Return the per-user store folder: ``$XDG_DATA_HOME/aikg/store`` (``~/.local/share``).

    Examples
    --------
    >>> user_store_dir().parts[-2:]
    ('aikg', 'store')
    """
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "aikg" / "store"


def store_candidates(checkout: Path | None) -> list[str]:
    """Return the store URLs :func:`graph.load` tries, in order, when given none.

    ``$AIKG_STORE`` alone when set; else the working folder's ``.aikg/store``, the
    aikg checkout's (when the working folder lies below one) and the user's.

    Examples
    --------
    >>> saved = os.environ.pop("AIKG_STORE", None)
    >>> [u.rsplit("/", 2)[-2:] for u in store_candidates(None)]
    [['.aikg', 'store'], ['aikg', 'store']]
    >>> if saved is not None:
    ...     os.environ["AIKG_STORE"] = saved
    """
    named = os.environ.get("AIKG_STORE")
    if named:
        return [named]
    places = [Path.cwd() / ".aikg" / "store"]
    if checkout is not None:
        places.append(checkout / ".aikg" / "store")
    places.append(user_store_dir())
    return [f"oxigraph:{p}" for p in dict.fromkeys(places)]


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
    graph.location.StoreError: unknown store URL 'ftp://x': use memory, oxigraph:DIR or sparql+http(s)://HOST/PATH
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




@dataclass
class OpenStore:
    """An Oxigraph store opened for reading, with the hold that keeps its version.

    Close it (or use it in a ``with`` block) to release the hold.
    """

    store: ox.Store
    hold: IO[bytes] | None = None

    def close(self) -> None:
        """Release the hold on the version (the store closes when dropped)."""
        if self.hold is not None:
            self.hold.close()
            self.hold = None

    def __enter__(self) -> ox.Store:
        return self.store

    def __exit__(self, *exc: object) -> None:
        self.close()


def open_oxigraph(path: Path, *, read_only: bool = True) -> OpenStore:
    """Open the current version of the Oxigraph store in folder ``path``.

    Raises
    ------
    StoreError
        If there is no built store there, or it cannot be opened.
    """
    import pyoxigraph as ox  # noqa: PLC0415 - `aikg --help` does not need the engine

    version = current_version(path)
    if version is None:
        raise StoreError(f"no store at {path}: run `aikg build` first")
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
    return OpenStore(inner, held)
