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

__all__ = ["amount_quads", "count_rule_quads"]

_A = "https://w3id.org/aikg/ontology#"
_S = "https://schema.org/"
_XSD_DECIMAL = ox.NamedNode("http://www.w3.org/2001/XMLSchema#decimal")


def _dec(text: str) -> ox.Literal:
    """Return an ``xsd:decimal`` in canonical form (``25.0``), so Turtle keeps its type."""
    value = format(Decimal(text), "f")
    if "." not in value:
        value += ".0"
    return ox.Literal(value, datatype=_XSD_DECIMAL)


def _one(store: ox.Store, node: ox.NamedNode | ox.BlankNode, prop: str) -> str | None:
    for q in store.quads_for_pattern(node, ox.NamedNode(_S + prop), None, ox.DefaultGraph()):
        return str(q.object.value)  # type: ignore[union-attr]
    return None


def amount_quads(store: ox.Store) -> Iterator[ox.Quad]:
    """Yield the derived USD bounds of every US-dollar amount in ``store``'s default graph."""
    seen: set[str] = set()
    for prop in ("amount", "valuation"):
        for q in store.quads_for_pattern(None, ox.NamedNode(_A + prop), None, ox.DefaultGraph()):
            node = q.object
            if not isinstance(node, (ox.NamedNode, ox.BlankNode)) or str(node) in seen:
                continue
            seen.add(str(node))
            if _one(store, node, "currency") != "USD":
                continue
            value, lo, hi = (_one(store, node, p) for p in ("value", "minValue", "maxValue"))
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
