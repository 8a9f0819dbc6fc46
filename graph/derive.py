"""Facts the build derives and writes beside the data, so that SPARQL can follow the rules.

- On every amount (``aikg:amount``, ``aikg:valuation``) in US dollars:
  ``aikg:usdValue`` (the stated figure, floor or ceiling), ``aikg:bound``
  (``=``, ``>=``, ``<=``), ``aikg:usdLow`` and, unless the amount is a bare floor,
  ``aikg:usdHigh``. Amounts in other currencies get none of these, so a USD sum in
  SPARQL can never pick them up.
- On every claim: ``aikg:countRule`` (:func:`graph.counting.count_rules`), so a
  named query adds each fact once: ``?claim aikg:countRule aikg:Counted``.

Examples
--------
>>> store = ox.Store()
>>> store.load(b'''
... @prefix aikg: <https://w3id.org/aikg/ontology#> . @prefix schema: <https://schema.org/> .
... <https://w3id.org/aikg/id/d> aikg:amount [ schema:currency "USD" ; schema:maxValue 25 ] .
... <https://w3id.org/aikg/id/e> aikg:amount [ schema:currency "EUR" ; schema:value 600 ] .
... ''', format=ox.RdfFormat.TURTLE)
>>> sorted((q.predicate.value.rsplit("#")[-1], q.object.value) for q in amount_quads(store))
[('bound', '<='), ('usdHigh', '25.0'), ('usdLow', '0.0'), ('usdValue', '25.0')]
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal, InvalidOperation

import pyoxigraph as ox

from graph.claims import ClaimData
from graph.counting import count_rules
from graph.prefixes import PREFIXES

__all__ = ["amount_quads", "count_rule_quads"]

_A = "https://w3id.org/aikg/ontology#"
_XSD_DECIMAL = ox.NamedNode("http://www.w3.org/2001/XMLSchema#decimal")


def _dec(text: str) -> ox.Literal:
    """Return an ``xsd:decimal`` in canonical form (``25.0``), so Turtle keeps its type."""
    value = format(Decimal(text), "f")
    if "." not in value:
        value += ".0"
    return ox.Literal(value, datatype=_XSD_DECIMAL)


#: Every amount node of the default graph with its currency and figures, in one query. With
#: each node's four values looked up one by one, the whole of :func:`amount_quads` took 3.6 to
#: 5.2 s on a synthetic million's store on disk (32,461 amounts); with this query 2.3 to 2.9 s,
#: 0.7 s of it the query (by hand, two alternating rounds of three runs, the same quads).
_AMOUNTS = """
SELECT ?node ?currency ?value ?low ?high WHERE {
  VALUES ?p { aikg:amount aikg:valuation }
  ?x ?p ?node .
  FILTER(!isLiteral(?node))
  OPTIONAL { ?node schema:currency ?currency }
  OPTIONAL { ?node schema:value ?value }
  OPTIONAL { ?node schema:minValue ?low }
  OPTIONAL { ?node schema:maxValue ?high }
}
"""


def _text(term: object) -> str | None:
    return None if term is None else str(term.value)  # type: ignore[attr-defined]


def amount_quads(store: ox.Store) -> Iterator[ox.Quad]:
    """Yield the derived USD bounds of every US-dollar amount in ``store``'s default graph.

    A node with more than one currency or figure (which the shapes refuse) is read once,
    from the first row that names it.
    """
    seen: set[ox.NamedNode | ox.BlankNode] = set()
    rows = store.query(_AMOUNTS, prefixes=PREFIXES, default_graph=ox.DefaultGraph())
    assert isinstance(rows, ox.QuerySolutions)
    for row in rows:
        node = row[0]
        if node in seen:
            continue
        seen.add(node)
        currency, value, lo, hi = (_text(row[k]) for k in range(1, 5))
        if currency != "USD":
            continue
        high: str | None
        if value is not None:
            figure, bound, low, high = value, "=", value, value
        elif lo is not None:
            figure, bound, low, high = lo, ">=", lo, hi
        elif hi is not None:
            figure, bound, low, high = hi, "<=", "0", hi
        else:
            continue
        try:
            Decimal(figure)
            Decimal(low)
            Decimal(high or "0")
        except InvalidOperation:  # not a number: validation reports it
            continue
        yield ox.Quad(node, ox.NamedNode(_A + "usdValue"), _dec(figure))
        yield ox.Quad(node, ox.NamedNode(_A + "bound"), ox.Literal(bound))
        yield ox.Quad(node, ox.NamedNode(_A + "usdLow"), _dec(low))
        if high is not None:
            yield ox.Quad(node, ox.NamedNode(_A + "usdHigh"), _dec(high))


def count_rule_quads(data: ClaimData) -> Iterator[ox.Quad]:
    """Yield ``claim aikg:countRule aikg:RULE`` for every claim of ``data``."""
    for iri, rule in count_rules(data).items():
        yield ox.Quad(ox.NamedNode(iri), ox.NamedNode(_A + "countRule"), ox.NamedNode(_A + rule))
