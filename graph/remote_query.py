"""Query parameters bound inside the outer ``WHERE`` of a query sent to a remote store.

rdflib's own SPARQL store appends the ``VALUES`` block of ``initBindings``
after the query, where a ``FILTER`` or ``HAVING`` cannot see it;
:func:`bind_values` places it at the start of the outer ``WHERE`` instead, and
:class:`RemoteStore` and :class:`RemoteUpdateStore` (what
:func:`graph.store.open_graph` uses for a remote URL) bind with it.

Examples
--------
>>> import rdflib
>>> print(bind_values("SELECT ?d WHERE { ?s ?p ?d FILTER(?d < ?max) }",
...                   {"max": rdflib.Literal(3)}))
SELECT ?d WHERE {
VALUES ( ?max ) { ( "3"^^<http://www.w3.org/2001/XMLSchema#integer> ) }
 ?s ?p ?d FILTER(?d < ?max) }
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from rdflib.plugins.stores.sparqlstore import SPARQLStore, SPARQLUpdateStore
from rdflib.query import Result
from rdflib.term import Identifier

__all__ = ["RemoteStore", "RemoteUpdateStore", "bind_values"]

_IRI = re.compile(r"<[^<>\"{}|^`\\\s]*>")
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def _outer_where_brace(query: str) -> int | None:  # noqa: PLR0912 - one small tokenizer
    """Index of the ``{`` that opens the outer WHERE clause, or ``None`` if unsure."""
    i, n, depth, template = 0, len(query), 0, False
    first_keyword: str | None = None
    while i < n:
        c = query[i]
        if c == "#":
            end = query.find("\n", i)
            i = n if end < 0 else end + 1
        elif c in "\"'":
            quote = c * 3 if query.startswith(c * 3, i) else c
            i += len(quote)
            while i < n and not query.startswith(quote, i):
                i += 2 if query[i] == "\\" else 1
            i += len(quote)
        elif c == "<" and (m := _IRI.match(query, i)):
            i = m.end()
        elif c in "?$":  # a variable: its name is never a keyword
            m = _WORD.match(query, i + 1)
            i = m.end() if m else i + 1
        elif c == "{":
            if depth == 0 and first_keyword in {"SELECT", "ASK", "WHERE"}:
                return i
            if first_keyword is None:
                return None
            depth, i, template = depth + 1, i + 1, True  # a CONSTRUCT template
        elif c == "}":
            depth, i = depth - 1, i + 1
        elif m := _WORD.match(query, i):
            word = m.group().upper()
            if word in {"SELECT", "ASK", "CONSTRUCT", "DESCRIBE"} and first_keyword is None:
                first_keyword = word
            elif word == "WHERE" and depth == 0 and first_keyword is not None:
                if first_keyword == "CONSTRUCT" and not template:
                    return None  # CONSTRUCT WHERE: its pattern is its template
                first_keyword = "WHERE"
            i = m.end()
        else:
            i += 1
    return None


def bind_values(query: str, bindings: Mapping[str, Identifier]) -> str:
    """Bind variables with a ``VALUES`` block at the start of the outer ``WHERE``.

    The block joins the whole group, so filters, ``HAVING`` and grouped
    projections see the bound values, as rdflib's ``initBindings`` and
    Oxigraph's substitutions do. A query whose outer ``WHERE`` cannot be found
    gets the block at its end (rdflib's default). Terms are written with
    ``n3()``, never parsed from user text.

    Parameters
    ----------
    query : str
        SPARQL query text (without the prefixes rdflib adds).
    bindings : mapping of str to rdflib term
        Values by variable name.

    Returns
    -------
    str
    """
    if not bindings:
        return query
    names = list(bindings)
    block = "VALUES ( {} ) {{ ( {} ) }}".format(
        " ".join(f"?{name}" for name in names), " ".join(bindings[name].n3() for name in names)
    )
    brace = _outer_where_brace(query)
    if brace is None:
        return f"{query}\n{block}\n"
    return f"{query[: brace + 1]}\n{block}\n{query[brace + 1 :]}"


class _BoundQueries:
    """Mixin: ``initBindings`` bound inside the outer ``WHERE`` (:func:`bind_values`)."""

    def query(
        self,
        query: str,
        initNs: Mapping[str, Any] | None = None,  # noqa: N803 - rdflib's signature
        initBindings: Mapping[str, Identifier] | None = None,  # noqa: N803
        queryGraph: Any = None,  # noqa: N803
        DEBUG: bool = False,  # noqa: N803
    ) -> Result:
        """Run ``query`` with ``initBindings`` bound by :func:`bind_values`."""
        text = bind_values(query, initBindings or {})
        result: Result = super().query(  # type: ignore[misc]
            text, initNs or {}, None, queryGraph, DEBUG
        )
        return result


class RemoteStore(_BoundQueries, SPARQLStore):  # type: ignore[misc]
    """rdflib's SPARQL store with parameters bound inside the outer ``WHERE``."""


class RemoteUpdateStore(_BoundQueries, SPARQLUpdateStore):  # type: ignore[misc]
    """rdflib's SPARQL update store with parameters bound inside the outer ``WHERE``."""
