"""The :class:`Minter`: nodes an importer creates, curated IRIs reused where names resolve.

Examples
--------
>>> import rdflib
>>> from graph.importers.resolve.resolver import Resolution, Resolver
>>> from graph.importers.sink import TripleSink
>>> from graph.vocab import ID
>>> minter = Minter(TripleSink(), Resolver.from_graph(rdflib.Graph()), "epoch")
>>> source = ID["src-example"]
>>> str(minter.org(Resolution("Acme Labs, Inc.", None), source, 3)).rsplit("/", 1)[-1]
'epoch-org-acme-labs-inc'
>>> minter.org(Resolution("Anthropic", ID.anthropic), source, 4) == ID.anthropic
True
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import Literal, URIRef
from rdflib.namespace import RDF

from graph.importers.resolve.names import fold, slug
from graph.importers.resolve.resolver import Resolution, Resolver
from graph.importers.sink import Sink
from graph.vocab import AIKG, ID, PROV, SCHEMA

__all__ = ["Minter"]


@dataclass
class Minter:
    """Create nodes in an import graph.

    Resolved names reuse curated IRIs; unresolved ones become new nodes flagged
    ``aikg:unresolved true``, one per folded name. A node records the source and row
    that created it; later rows of the same file add their row numbers (rows of other
    files do not, so every ``aikg:sourceRow`` pairs with the one source).

    Parameters
    ----------
    graph : rdflib.Graph
        The import graph new triples go to.
    resolver : Resolver
        The alias tables.
    prefix : str
        Slug prefix of new nodes (``epoch`` -> ``id:epoch-org-<slug>``).
    """

    graph: Sink
    resolver: Resolver
    prefix: str
    created: dict[URIRef, tuple[str, URIRef]] = field(default_factory=dict)

    def new_node(
        self,
        iri: URIRef,
        rdf_type: URIRef,
        name: str,
        source: URIRef,
        row: int,
        *,
        unresolved: bool = False,
    ) -> bool:
        """Type and name a new node (once); return True if it was created now."""
        g = self.graph
        if iri in self.created:
            first_name, first_source = self.created[iri]
            if fold(name) != fold(first_name):
                g.add((iri, SCHEMA.alternateName, Literal(name)))
            if source == first_source:
                g.add((iri, AIKG.sourceRow, Literal(row)))
            return False
        self.created[iri] = (name, source)
        g.add((iri, RDF.type, rdf_type))
        g.add((iri, SCHEMA.name, Literal(name)))
        if unresolved:
            g.add((iri, AIKG.unresolved, Literal(True)))
        g.add((iri, AIKG.sourceRow, Literal(row)))
        g.add((iri, PROV.wasDerivedFrom, source))
        return True

    def org(self, res: Resolution, source: URIRef, row: int, country: str | None = None) -> URIRef:
        """Return the IRI of an organisation, minting a flagged one when unresolved."""
        if res.iri is not None:
            return res.iri
        iri = ID[f"{self.prefix}-org-{slug(res.name)}"]
        created = self.new_node(iri, AIKG.Organization, res.name, source, row, unresolved=True)
        if created and country:
            self.graph.add((iri, AIKG.countryCode, Literal(country)))
        return iri
