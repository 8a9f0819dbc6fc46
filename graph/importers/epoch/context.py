"""What the Epoch row handlers share while importing: the :class:`Context`.

It holds the import graph, the resolver and the minter, keeps IRIs unique across
rows, writes each node's provenance, and resolves the two kinds of names every
file has: organisation cells (:meth:`Context.orgs`) and chip names
(:meth:`Context.chip`), minting flagged nodes for those that match no curated entity.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from rdflib import Literal, URIRef

from graph.importers.epoch.rows import Row
from graph.importers.report import FileReport
from graph.importers.resolve import Kind, Minter, Resolution, Resolver, looks_like_formula, slug
from graph.importers.sink import Sink
from graph.vocab import AIKG, ID, PROV

__all__ = ["Context", "RowHandler"]


@dataclass
class Context:
    """The state of one Epoch import, shared by the row handlers.

    Attributes
    ----------
    graph : Sink
        The import graph.
    resolver : Resolver
        The alias tables; chips the import creates are registered in it.
    minter : Minter
        Creates the nodes of unresolved names.
    sources : dict
        File key -> source IRI; nothing in the importer fills or reads it today.
    used_iris : set
        IRIs handed out by :meth:`unique`.
    chip_release : dict
        Earliest release date seen per import record of a curated chip.
    chip_kind_set : set
        Curated chips that already got a chip kind from a record.
    """

    graph: Sink
    resolver: Resolver
    minter: Minter
    sources: dict[str, URIRef] = field(default_factory=dict)
    used_iris: set[URIRef] = field(default_factory=set)
    chip_release: dict[URIRef, date] = field(default_factory=dict)
    chip_kind_set: set[URIRef] = field(default_factory=set)

    def unique(self, base: str, row: int) -> URIRef:
        """Return ``id:<base>``, or ``id:<base>-<row>`` when that IRI is already taken."""
        iri = ID[base]
        if iri in self.used_iris:
            iri = ID[f"{base}-{row}"]
        self.used_iris.add(iri)
        return iri

    def provenance(self, node: URIRef, source: URIRef, row: int) -> None:
        """Record the source file and data row a node comes from."""
        self.graph.add((node, PROV.wasDerivedFrom, source))
        self.graph.add((node, AIKG.sourceRow, Literal(row)))

    def orgs(
        self,
        cell: str,
        report: FileReport,
        source: URIRef,
        row: int,
        countries: list[str] | None = None,
    ) -> list[tuple[URIRef, Resolution]]:
        """Resolve an organisation cell; unresolved names become flagged nodes."""
        out: list[tuple[URIRef, Resolution]] = []
        resolutions = self.resolver.resolve_cell(cell, Kind.ORG)
        aligned = countries if countries and len(countries) == len(resolutions) else None
        for i, res in enumerate(resolutions):
            if looks_like_formula(res.name):
                report.note("formula-like organisation name dropped")
                continue
            curated = self.resolver.is_curated(res.iri)
            report.lookup(res.name, resolved=curated)
            country = aligned[i] if aligned else None
            out.append((self.minter.org(res, source, row, country), res))
        return out

    def designer_from_name(self, name: str) -> URIRef | None:
        """Return the organisation named by the first two words, or the first, of a chip name."""
        words = name.split()
        for cut in (2, 1):
            if len(words) > cut:
                iri = self.resolver.lookup(" ".join(words[:cut]), Kind.ORG)
                if iri is not None:
                    return iri
        return None

    def chip(
        self, name: str, report: FileReport, source: URIRef, row: int, designer_hint: str = ""
    ) -> URIRef | None:
        """Resolve a chip name; mint a flagged chip when its designer is known."""
        iri = self.resolver.lookup(name, Kind.CHIP)
        report.lookup(name, resolved=self.resolver.is_curated(iri))
        if iri is not None:
            return iri
        designer = self.designer_from_name(name)
        if designer is None and designer_hint:
            designer = self.resolver.lookup(designer_hint, Kind.ORG)
        if designer is None:
            report.note("chip without a known designer left out")
            return None
        iri = ID[f"epoch-chip-{slug(name)}"]
        if self.minter.new_node(iri, AIKG.Chip, name, source, row, unresolved=True):
            self.graph.add((iri, AIKG.designer, designer))
            self.resolver.register(Kind.CHIP, name, iri)
        return iri


#: A per-file row handler: (context, row, data row number, source, file report).
RowHandler = Callable[[Context, Row, int, URIRef, FileReport], None]
