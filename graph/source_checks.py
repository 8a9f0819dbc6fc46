"""The build's check of source URLs: none on a mirror host, every one in canonical form.

:func:`url_problems` returns a violation for each ``aikg:Source`` whose
``schema:url`` is on a mirror or look-alike host of the publisher registry
(:mod:`graph.publishers`), or is not in the form :func:`graph.source_urls.canonical_url`
gives it.
"""

from __future__ import annotations

from collections.abc import Mapping

import pyoxigraph as ox
import rdflib
from rdflib.term import Node

from graph.publishers import Registry, shipped_registry
from graph.source_urls import canonical_url, host_of
from graph.validate import Problem, short_name
from graph.vocab import AIKG, SCHEMA

__all__ = ["url_problems"]


def url_problems(
    store: ox.Store,
    origins: Mapping[Node, frozenset[str]] | None = None,
    *,
    registry: Registry | None = None,
) -> list[Problem]:
    """Return a violation for each source URL on a mirror host or not in canonical form.

    Parameters
    ----------
    store : pyoxigraph.Store
        The data being built or validated.
    origins : mapping, optional
        Subject node -> files that state it, to name files in the report.
    registry : Registry, optional
        Defaults to :func:`shipped_registry`.
    """
    registry = registry if registry is not None else shipped_registry()
    origins = origins or {}
    problems = []
    query = "SELECT ?s ?url WHERE { ?s a <%s> ; <%s> ?url }" % (AIKG.Source, SCHEMA.url)  # noqa: UP031
    for row in store.query(query):  # type: ignore[union-attr]
        source, url = row["s"], row["url"].value
        node = rdflib.URIRef(source.value) if isinstance(source, ox.NamedNode) else rdflib.BNode()
        files = tuple(sorted(origins.get(node, frozenset())))
        name = short_name(node)
        canonical_host = registry.mirror_of(url)
        if canonical_host:
            problems.append(
                Problem(
                    "Violation", name, "schema:url",
                    f"{host_of(url)} is a mirror of {canonical_host}: cite the page on "
                    f"{canonical_host} (or its publisher's own site) instead",
                    value=url, files=files,
                )
            )  # fmt: skip
        canonical = canonical_url(url)
        if canonical != url and not url.startswith("urn:"):
            problems.append(
                Problem(
                    "Violation", name, "schema:url",
                    f"the URL is not in canonical form (tracking parameters, default port or a "
                    f"trailing dot in the host): use <{canonical}>",
                    value=url, files=files,
                )
            )  # fmt: skip
    return problems
