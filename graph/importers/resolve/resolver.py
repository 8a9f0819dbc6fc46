"""The :class:`Resolver`: alias tables of the curated entities, and model-family lookup.

A resolver is built from the curated graph (:meth:`Resolver.from_graph`, or
:meth:`Resolver.from_quads` from a build's parsed files). For each :class:`Kind`
it maps the folded labels (``schema:name``, ``schema:alternateName``,
``skos:altLabel``) of the entities of that kind to their IRIs; a key two entities
share is ambiguous and resolves to nothing. Model names and ids go to families
through the ordered rules of ``ontology/importers/family-patterns.tsv``, then
through the longest family label that is a token prefix of the name.

Examples
--------
>>> import rdflib
>>> g = rdflib.Graph().parse(format="turtle", data='''
... @prefix aikg: <https://w3id.org/aikg/ontology#> .
... @prefix id: <https://w3id.org/aikg/id/> .
... @prefix schema: <https://schema.org/> .
... id:amazon a aikg:Company ; schema:name "Amazon" ; schema:alternateName "Amazon Web Services" .
... ''')
>>> r = Resolver.from_graph(g)
>>> str(r.lookup("Amazon Web Services, Inc.", Kind.ORG)).rsplit("/", 1)[-1]
'amazon'
>>> r.lookup("Stanford University", Kind.ORG) is None
True
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum

import pyoxigraph as ox
import rdflib
from rdflib import Literal, URIRef
from rdflib.namespace import RDF, SKOS

from graph.importers.resolve.names import fold, fold_model, split_cell, split_tag
from graph.importers.resolve.tables import compiled_family_rules
from graph.turtle import to_rdflib_graph
from graph.vocab import AIKG, SCHEMA

__all__ = ["FamilyInfo", "Kind", "Resolution", "Resolver"]


class Kind(StrEnum):
    """What a name is expected to denote."""

    ORG = "org"
    FAMILY = "family"
    CHIP = "chip"
    PLATFORM = "platform"


#: Classes whose labels feed each kind's alias table.
_KIND_CLASSES: dict[Kind, tuple[URIRef, ...]] = {
    Kind.ORG: (AIKG.Company, AIKG.Organization, AIKG.GovernmentBody),
    Kind.FAMILY: (AIKG.ModelFamily,),
    Kind.CHIP: (AIKG.Chip,),
    Kind.PLATFORM: (AIKG.CloudPlatform,),
}

_PAREN = re.compile(r"\s*\([^()]*\)\s*")


@dataclass(frozen=True)
class Resolution:
    """The outcome of resolving one name.

    Attributes
    ----------
    name : str
        The name without its annotation tag.
    iri : URIRef or None
        The curated entity, or None when no (or more than one) entity matched.
    confidence : str or None
        The annotation tag (``confident``, ``likely``, ``speculative``...).
    """

    name: str
    iri: URIRef | None
    confidence: str | None = None


@dataclass(frozen=True)
class FamilyInfo:
    """What the importers need to know about a curated model family."""

    developers: frozenset[URIRef]
    weights_access: URIRef | None


@dataclass
class Resolver:
    """Alias tables of the curated entities, one per :class:`Kind`.

    Build it with :meth:`from_graph`. The importers may :meth:`register` the nodes
    they create (e.g. Epoch chips) so later rows resolve to them.
    """

    tables: dict[Kind, dict[str, URIRef | None]] = field(default_factory=dict)
    families: dict[URIRef, FamilyInfo] = field(default_factory=dict)
    family_labels: list[tuple[tuple[str, ...], URIRef]] = field(default_factory=list)
    chip_designers: dict[URIRef, frozenset[URIRef]] = field(default_factory=dict)
    operators: dict[URIRef, URIRef] = field(default_factory=dict)
    curated: dict[URIRef, frozenset[URIRef]] = field(default_factory=dict)
    names: dict[URIRef, str] = field(default_factory=dict)
    #: :meth:`family_for` by folded name (the same model is listed by many providers)
    _families_of: dict[str, URIRef | None] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def from_graph(cls, g: rdflib.Graph) -> Resolver:
        """Build the alias tables from the curated graph.

        Parameters
        ----------
        g : rdflib.Graph
            Curated facts (ontology optional). Labels are ``schema:name``,
            ``schema:alternateName`` and ``skos:altLabel``.
        """
        r = cls(tables={k: {} for k in Kind})
        typed: dict[URIRef, set[Kind]] = defaultdict(set)
        for kind, classes in _KIND_CLASSES.items():
            for c in classes:
                for s in g.subjects(RDF.type, c):
                    if isinstance(s, URIRef):
                        typed[s].add(kind)
        for s, kinds in typed.items():
            r._index(g, s, kinds)
        r.family_labels.sort(key=lambda item: (-len(item[0]), str(item[1])))
        return r

    @classmethod
    def from_quads(cls, quads: Iterable[ox.Quad]) -> Resolver:
        """Build the alias tables from Oxigraph quads (a build's parsed files).

        Only the triples about entities of the kinds resolved here (organisations,
        model families, chips, platforms) are converted to rdflib terms; the
        tables are the ones :meth:`from_graph` builds from the whole graph.

        Examples
        --------
        >>> import pyoxigraph as ox
        >>> ttl = b'''@prefix aikg: <https://w3id.org/aikg/ontology#> .
        ... <https://w3id.org/aikg/id/openai> a aikg:Company ;
        ...     <https://schema.org/name> "OpenAI, Inc." .'''
        >>> r = Resolver.from_quads(ox.parse(ttl, ox.RdfFormat.TURTLE))
        >>> str(r.lookup("OpenAI", Kind.ORG))
        'https://w3id.org/aikg/id/openai'
        """
        return cls.from_graph(to_rdflib_graph(cls.entity_quads(quads)))

    @staticmethod
    def entity_quads(quads: Iterable[ox.Quad]) -> list[ox.Quad]:
        """Return the quads a resolver reads: those about entities of the resolved kinds.

        Everything :meth:`from_quads` builds its tables from (organisations, model
        families, chips, platforms); claims, sources and the rest are left out.

        Examples
        --------
        >>> import pyoxigraph as ox
        >>> ttl = b'''@prefix aikg: <https://w3id.org/aikg/ontology#> .
        ... <https://w3id.org/aikg/id/openai> a aikg:Company ; aikg:countryCode "US" .
        ... <https://w3id.org/aikg/id/deal> a aikg:EquityInvestment .'''
        >>> len(Resolver.entity_quads(ox.parse(ttl, ox.RdfFormat.TURTLE)))
        2
        """
        quads = list(quads)
        wanted = {str(c) for classes in _KIND_CLASSES.values() for c in classes}
        rdf_type = str(RDF.type)
        typed = {
            q.subject
            for q in quads
            if q.predicate.value == rdf_type
            and isinstance(q.object, ox.NamedNode)
            and q.object.value in wanted
        }
        return [q for q in quads if q.subject in typed]

    def _index(self, g: rdflib.Graph, s: URIRef, kinds: set[Kind]) -> None:
        labels = [
            str(o)
            for p in (SCHEMA.name, SCHEMA.alternateName, SKOS.altLabel)
            for o in g.objects(s, p)
            if isinstance(o, Literal)
        ]
        name = g.value(s, SCHEMA.name)
        if name is not None:
            self.names[s] = str(name)
        self.curated[s] = frozenset(p for p in g.predicates(s, None) if isinstance(p, URIRef))
        for kind in kinds:
            for label in labels:
                self._add(kind, label, s)

        def iris(p: URIRef) -> frozenset[URIRef]:
            return frozenset(o for o in g.objects(s, p) if isinstance(o, URIRef))

        if Kind.FAMILY in kinds:
            self._families_of.clear()  # the families change: found again
            access = g.value(s, AIKG.weightsAccess)
            self.families[s] = FamilyInfo(
                iris(AIKG.developer), access if isinstance(access, URIRef) else None
            )
            self.family_labels += [
                (tuple(fold_model(label).split()), s) for label in labels if fold_model(label)
            ]
        if Kind.CHIP in kinds:
            self.chip_designers[s] = iris(AIKG.designer)
        if Kind.PLATFORM in kinds:
            for op in iris(AIKG.operator):
                self.operators[s] = op

    def _add(self, kind: Kind, label: str, iri: URIRef) -> None:
        table = self.tables.setdefault(kind, {})
        keys = {fold(label), fold(label, strip_suffix=False)}
        bare = _PAREN.sub(" ", label).strip()
        if bare and bare != label:
            keys.add(fold(bare))
        for key in keys:
            if not key:
                continue
            if key in table and table[key] != iri:
                table[key] = None  # ambiguous: two entities share the label
            else:
                table[key] = iri

    def is_curated(self, iri: URIRef | None) -> bool:
        """Tell whether ``iri`` is a curated entity (not one an importer created)."""
        return iri is not None and iri in self.curated

    def register(self, kind: Kind, label: str, iri: URIRef) -> None:
        """Add a label for a node created by an importer (not a curated entity)."""
        table = self.tables.setdefault(kind, {})
        for key in {fold(label), fold(label, strip_suffix=False)}:
            table.setdefault(key, iri)

    def lookup(self, name: str, kind: Kind) -> URIRef | None:
        """Resolve a bare name (no tag); ``None`` when unknown or ambiguous."""
        table = self.tables.get(kind, {})
        for key in (fold(name), fold(name, strip_suffix=False), fold(_PAREN.sub(" ", name))):
            if key in table:
                return table[key]
        if kind is Kind.CHIP:
            return self._chip_without_vendor(name)
        return None

    def _chip_without_vendor(self, name: str) -> URIRef | None:
        """Match "Google TPU v4" to the curated "TPU v4" when Google designs it."""
        words = name.split()
        table = self.tables.get(Kind.CHIP, {})
        for cut in (1, 2):
            if len(words) <= cut:
                break
            vendor = self.lookup(" ".join(words[:cut]), Kind.ORG)
            chip = table.get(fold(" ".join(words[cut:])))
            if (
                vendor is not None
                and chip is not None
                and vendor in self.chip_designers.get(chip, frozenset())
            ):
                return chip
        return None

    def resolve(self, name: str, kind: Kind) -> Resolution:
        """Resolve one name, which may carry an annotation tag (``Amazon #confident``)."""
        tagged = split_tag(name)
        return Resolution(
            tagged.name, self.lookup(tagged.name, kind) if tagged.name else None, tagged.tag
        )

    def resolve_cell(self, cell: str, kind: Kind) -> list[Resolution]:
        """Resolve every name of a multi-name cell (see :func:`split_cell`).

        A cell that resolves as a whole (a curated label containing a comma) is one name.
        """
        whole = split_tag(cell)
        if "," in whole.name:
            iri = self.lookup(whole.name, kind)
            if iri is not None:
                return [Resolution(whole.name, iri, whole.tag)]
        return [Resolution(t.name, self.lookup(t.name, kind), t.tag) for t in split_cell(cell)]

    def family_for(self, model: str) -> URIRef | None:
        """Return the curated family of a model name or id, or ``None``.

        The rules of ``ontology/importers/family-patterns.tsv`` come first, then the
        longest family label that is a token prefix of the folded name.

        Examples
        --------
        >>> import rdflib
        >>> g = rdflib.Graph().parse(format="turtle", data='''
        ... @prefix aikg: <https://w3id.org/aikg/ontology#> .
        ... @prefix id: <https://w3id.org/aikg/id/> .
        ... @prefix schema: <https://schema.org/> .
        ... id:qwen a aikg:ModelFamily ; schema:name "Qwen (open weights)" ;
        ...     schema:alternateName "Qwen" .
        ... id:qwen-max a aikg:ModelFamily ; schema:name "Qwen API models" .
        ... id:yi a aikg:ModelFamily ; schema:name "Yi" .
        ... ''')
        >>> r = Resolver.from_graph(g)
        >>> names = ("Qwen2.5-72B", "qwen3-max", "Yi-34B")
        >>> [str(r.family_for(m)).rsplit("/", 1)[-1] for m in names]
        ['qwen', 'qwen-max', 'yi']
        """
        folded = fold_model(model)
        if not folded:
            return None
        if folded not in self._families_of:
            self._families_of[folded] = self._family_of_folded(folded)
        return self._families_of[folded]

    def _family_of_folded(self, folded: str) -> URIRef | None:
        for pattern, family, unless in compiled_family_rules():
            if family not in self.families or not pattern.match(folded):
                continue
            if unless is not None and unless.search(folded):
                continue
            return family
        tokens = tuple(folded.split())
        for label, family in self.family_labels:
            if tokens[: len(label)] == label:
                return family
        return None
