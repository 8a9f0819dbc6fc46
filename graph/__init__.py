"""aikg: a knowledge graph of the AI-cloud ecosystem.

The flat Python API:

- :func:`load` opens the built graph (or builds one in memory) as an rdflib ``Graph``;
- :func:`build` / :func:`validate_paths` build or validate the curated facts;
- :func:`query` runs a named query (or SPARQL text) with parameters bound safely;
- :mod:`graph.metrics` holds the analyses (binding, round trips, poles...).

Examples
--------
>>> import graph
>>> kg = graph.load("memory")          # builds the curated facts in memory
>>> rows = graph.query(kg, "open_weight_families")
>>> len(rows) > 0
True
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the names below load on first use, so `import graph` stays cheap
    import rdflib
    from rdflib.query import Result

    from graph import metrics
    from graph.build import BuildError, BuildResult, build, validate_paths
    from graph.entity import describe, describe_all
    from graph.frames import to_frame
    from graph.queries import NamedQuery, QueryError, find_query, list_queries, run_query
    from graph.store import StoreError, open_graph

__all__ = [
    "BuildError",
    "BuildResult",
    "NamedQuery",
    "QueryError",
    "StoreError",
    "build",
    "describe",
    "describe_all",
    "find_query",
    "list_queries",
    "load",
    "metrics",
    "open_graph",
    "query",
    "run_query",
    "to_frame",
    "validate_paths",
]

#: Public name -> the module that defines it (imported when the name is first used).
_LAZY = {
    "BuildError": "graph.build",
    "BuildResult": "graph.build",
    "build": "graph.build",
    "validate_paths": "graph.build",
    "NamedQuery": "graph.queries",
    "QueryError": "graph.queries",
    "find_query": "graph.queries",
    "list_queries": "graph.queries",
    "run_query": "graph.queries",
    "StoreError": "graph.store",
    "open_graph": "graph.store",
    "to_frame": "graph.frames",
    "describe": "graph.entity",
    "describe_all": "graph.entity",
}


def _version() -> str:
    """Return the installed distribution's version (``pyproject.toml``'s in a bare checkout)."""
    from importlib.metadata import PackageNotFoundError, version  # noqa: PLC0415

    try:
        return version("aikg")
    except PackageNotFoundError:  # run from a checkout that was never installed
        import tomllib  # noqa: PLC0415
        from pathlib import Path  # noqa: PLC0415

        text = (Path(__file__).resolve().parent.parent / "pyproject.toml").read_text("utf-8")
        return str(tomllib.loads(text)["project"]["version"])


def __getattr__(name: str) -> Any:
    if name == "__version__":  # read once, when asked: the metadata scan costs milliseconds
        globals()[name] = value = _version()
        return value
    if name == "metrics":
        return importlib.import_module("graph.metrics")
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'graph' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})



def load(store: str | None = None) -> rdflib.Graph:
    """Open the knowledge graph.

    Parameters
    ----------
    store : str, optional
        A store URL (see :mod:`graph.store`). ``"memory"`` builds the curated
        facts into a fresh in-memory graph; any other URL opens a built store
        read-only. Without one: ``$AIKG_STORE`` when set; else the first built
        store among ``.aikg/store`` in the working folder, in the aikg checkout
        the working folder lies in (a notebook in ``notebooks/`` finds the
        checkout's store), and ``$XDG_DATA_HOME/aikg/store``.

    Returns
    -------
    rdflib.Graph

    Raises
    ------
    StoreError
        When no store opens; the message names every place tried.
    """
    from graph.build import build  # noqa: PLC0415
    from graph.store import StoreError, open_graph  # noqa: PLC0415

    if store == "memory":
        from graph.metrics.materialise import metric_quads  # noqa: PLC0415

        result = build("memory", derive=metric_quads)
        assert result.graph is not None
        return result.graph
    if store is not None:
        return open_graph(store)
    from graph.location import store_candidates  # noqa: PLC0415
    from graph.resources import checkout_of  # noqa: PLC0415

    tried = []
    for url in store_candidates(checkout_of(Path.cwd())):
        try:
            return open_graph(url)
        except StoreError as exc:
            tried.append(f"{url} ({exc})")
    raise StoreError(
        "no built store found; tried " + "; ".join(tried) + ". Run `aikg build` in the "
        "checkout, set $AIKG_STORE, or pass graph.load('oxigraph:DIR')"
    )


def query(kg: rdflib.Graph, spec: str, params: Mapping[str, str] | None = None) -> Result:
    """Run a named query, a ``.rq`` file or SPARQL text on ``kg``.

    Parameters
    ----------
    kg : rdflib.Graph
        From :func:`load`.
    spec : str
        Query name (``queries/NAME.rq``), file path or SPARQL text.
    params : mapping, optional
        Raw parameter values by name, bound as RDF terms.
    """
    from graph.queries import find_query, run_query  # noqa: PLC0415

    return run_query(kg, find_query(spec), params)
