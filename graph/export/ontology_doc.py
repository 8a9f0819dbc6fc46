"""``ontology/index.html``: the vocabulary documented from ontology, shapes and mappings.

One offline page (no script, a strict Content-Security-Policy, every string escaped)
lists each class, property and controlled value with its label, comment, IRI,
domains and ranges, super- and sub-terms, the SHACL rules that apply to it (with the
message a user sees when one breaks) and the mappings to other vocabularies. The
page is generated from ``ontology/aikg.ttl``, ``ontology/shapes.ttl`` and
``ontology/mappings.sssom.tsv``, which are copied beside it.

Examples
--------
>>> doc = ontology_doc()
>>> doc.title
'aikg: the AI-cloud ecosystem ontology'
>>> [g.key for g in doc.groups][:3]
['classes', 'object-properties', 'datatype-properties']
>>> amount = doc.term("amount")
>>> amount.kind, [v.text for v in dict(amount.facts)["Range"]]
('object property', ['schema:MonetaryAmount'])
>>> html = render(doc)
>>> "default-src 'none'" in html and "<script" not in html
True
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import rdflib
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, SKOS
from rdflib.term import Node

from graph.export.ontology_rules import constraints_of, domains_of, mappings_file, read_mappings
from graph.export.ontology_terms import (
    DCT,
    ONTOLOGY_HEAD,
    ONTOLOGY_NS,
    VANN,
    Constraint,
    Link,
    OntologyDoc,
    Term,
    TermGroup,
    curie,
    links_of,
    local_name,
    text_of,
)
from graph.export.templating import environment
from graph.validate import load_ontology, load_shapes
from graph.vocab import AIKG, SH

__all__ = ["ontology_doc", "render"]


_TEMPLATES = environment()


@dataclass
class _Reader:
    """The parsed files and the indexes the term builders share."""

    g: rdflib.Graph
    shapes: rdflib.Graph
    ours: list[rdflib.URIRef]
    by_target: dict[str, list[Node]]
    disjoint: dict[str, list[Node]]
    props: list[rdflib.URIRef]

    @classmethod
    def read(cls) -> _Reader:
        g, shapes = load_ontology(), load_shapes()
        ours = sorted(
            {s for s in g.subjects() if isinstance(s, rdflib.URIRef) and local_name(s)}, key=str
        )
        by_target: dict[str, list[Node]] = {}
        for shape in shapes.subjects(RDF.type, SH.NodeShape):
            for pred in (SH.targetClass, SH.targetObjectsOf, SH.targetSubjectsOf):
                for target in shapes.objects(shape, pred):
                    by_target.setdefault(str(target), []).append(shape)
        disjoint: dict[str, list[Node]] = {}
        for group in g.subjects(RDF.type, OWL.AllDisjointClasses):
            head = g.value(group, OWL.members)
            if head is None:
                continue
            members = list(Collection(g, head))
            for m in members:
                disjoint[str(m)] = [x for x in members if x != m]
        kinds = {OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty}
        props = [p for p in ours if kinds & set(g.objects(p, RDF.type))]
        return cls(g, shapes, ours, by_target, disjoint, props)

    def base(self, node: rdflib.URIRef, kind: str, kind_class: str) -> Term:
        return Term(
            iri=str(node),
            curie=curie(node),
            anchor=local_name(node),
            label=text_of(self.g, node, RDFS.label) or local_name(node),
            comment=text_of(self.g, node, RDFS.comment),
            kind=kind,
            kind_class=kind_class,
        )

    def links(self, node: Node, prop: rdflib.URIRef) -> list[Link]:
        return [x for o in self.g.objects(node, prop) for x in links_of(o, self.g)]

    def rules(self, node: rdflib.URIRef) -> list[Constraint]:
        shapes = self.by_target.get(str(node), [])
        return [c for shape in shapes for c in constraints_of(self.shapes, shape)]


def _named(links: list[tuple[str, list[Link]]]) -> list[tuple[str, list[Link]]]:
    return [(name, found) for name, found in links if found]


def _classes(r: _Reader) -> list[Term]:
    out = []
    domains = {p: domains_of(r.g, p) for p in r.props}
    for c in r.ours:
        if (c, RDF.type, OWL.Class) not in r.g:
            continue
        t = r.base(c, "class", "class")
        subs = sorted(r.g.subjects(RDFS.subClassOf, c), key=str)
        values = r.g.value(c, OWL.oneOf)
        t.facts = _named(
            [
                ("Subclass of", r.links(c, RDFS.subClassOf)),
                ("Subclasses", [Link(curie(s), anchor=local_name(s)) for s in subs]),
                (
                    "Disjoint with",
                    [x for d in r.disjoint.get(str(c), []) for x in links_of(d, r.g)],
                ),
                (
                    "Values",
                    [x for v in Collection(r.g, values) for x in links_of(v, r.g)]
                    if values
                    else [],
                ),
                (
                    "Properties with this domain",
                    [
                        Link(curie(p), anchor=local_name(p))
                        for p in r.props
                        if t.anchor in domains[p]
                    ],
                ),
            ]
        )
        t.constraints = r.rules(c)
        out.append(t)
    return out


def _properties(r: _Reader) -> dict[str, list[Term]]:
    out: dict[str, list[Term]] = {"object": [], "datatype": [], "annotation": []}
    for p in r.props:
        types = set(r.g.objects(p, RDF.type))
        if OWL.ObjectProperty in types:
            key = "object"
        elif OWL.DatatypeProperty in types:
            key = "datatype"
        else:
            key = "annotation"
        t = r.base(p, f"{key} property", key)
        subs = [Link(curie(s), anchor=local_name(s)) for s in r.g.subjects(RDFS.subPropertyOf, p)]
        marks = (OWL.FunctionalProperty, OWL.SymmetricProperty)
        t.facts = _named(
            [
                ("Domain", r.links(p, RDFS.domain)),
                ("Range", r.links(p, RDFS.range)),
                ("Subproperty of", r.links(p, RDFS.subPropertyOf)),
                ("Subproperties", subs),
                ("Characteristics", [Link(curie(x)) for x in marks if x in types]),
            ]
        )
        t.constraints = r.rules(p)
        out[key].append(t)
    return out


def _values(r: _Reader) -> list[Term]:
    out = []
    for v in r.ours:
        schemes = list(r.g.objects(v, SKOS.inScheme))
        if schemes:
            t = r.base(v, "value", "concept")
            classes = [
                x for c in r.g.objects(v, RDF.type) if c != SKOS.Concept for x in links_of(c, r.g)
            ]
            facts = [("Value of", classes), ("In scheme", r.links(v, SKOS.inScheme))]
            for extra in (AIKG.layerNumber, AIKG.layerWeight):
                value = r.g.value(v, extra)
                if value is not None:
                    facts.append((curie(extra), [Link(str(value))]))
            t.facts = facts
            out.append(t)
        elif (v, RDF.type, SKOS.ConceptScheme) in r.g:
            t = r.base(v, "concept scheme", "concept")
            members = sorted(r.g.subjects(SKOS.inScheme, v), key=str)
            t.facts = [("Members", [x for m in members for x in links_of(m, r.g)])]
            out.append(t)
    return sorted(out, key=lambda t: (t.kind != "concept scheme", t.anchor))


def _other_rules(r: _Reader) -> list[Term]:
    """Shapes that target the subjects or objects of a term aikg does not declare."""
    out = []
    for shape in sorted(r.shapes.subjects(RDF.type, SH.NodeShape), key=str):
        for pred, words in ((SH.targetSubjectsOf, "Nodes with"), (SH.targetObjectsOf, "Values of")):
            for target in r.shapes.objects(shape, pred):
                if local_name(target):
                    continue  # shown under the aikg property itself
                name = str(shape).rsplit("#", 1)[-1]
                out.append(
                    Term(
                        iri=str(shape),
                        curie=f"ash:{name}",
                        anchor=f"rule-{name}",
                        label=f"{words} {curie(target)}",
                        comment=text_of(r.shapes, shape, RDFS.comment),
                        kind="rule",
                        kind_class="rule",
                        constraints=list(constraints_of(r.shapes, shape)),
                    )
                )
    return out


@cache
def ontology_doc() -> OntologyDoc:
    """Read the shipped ontology, shapes and mappings into an :class:`OntologyDoc`."""
    r = _Reader.read()
    props = _properties(r)
    groups = (
        TermGroup(
            "classes", "Classes", "The kinds of things the graph describes.", tuple(_classes(r))
        ),
        TermGroup(
            "object-properties",
            "Object properties",
            "Links between resources.",
            tuple(props["object"]),
        ),
        TermGroup(
            "datatype-properties",
            "Datatype properties",
            "Values stated as literals.",
            tuple(props["datatype"]),
        ),
        TermGroup(
            "annotation-properties",
            "Annotation properties",
            "Notes about statements.",
            tuple(props["annotation"]),
        ),
        TermGroup(
            "values",
            "Controlled values",
            "Closed lists of values as SKOS concept schemes; the shapes accept exactly these.",
            tuple(_values(r)),
        ),
        TermGroup(
            "rules",
            "Other rules",
            "Shapes that apply to any node using a term of another vocabulary.",
            tuple(_other_rules(r)),
        ),
    )
    g = r.g
    return OntologyDoc(
        title=text_of(g, ONTOLOGY_HEAD, DCT.title) or "aikg ontology",
        description=text_of(g, ONTOLOGY_HEAD, DCT.description),
        comment=text_of(g, ONTOLOGY_HEAD, RDFS.comment),
        namespace=ONTOLOGY_NS,
        prefix=text_of(g, ONTOLOGY_HEAD, VANN.preferredNamespacePrefix),
        version=text_of(g, ONTOLOGY_HEAD, OWL.versionInfo),
        version_iri=text_of(g, ONTOLOGY_HEAD, OWL.versionIRI),
        modified=text_of(g, ONTOLOGY_HEAD, DCT.modified),
        creator=text_of(g, ONTOLOGY_HEAD, DCT.creator),
        license=text_of(g, ONTOLOGY_HEAD, DCT.license),
        groups=groups,
        mappings=read_mappings(mappings_file()),
    )


def render(doc: OntologyDoc | None = None) -> str:
    """Render the documentation page as HTML text."""
    doc = doc or ontology_doc()
    return _TEMPLATES.get_template("ontology.html.j2").render(
        doc=doc, groups=doc.groups, mappings=doc.mappings, counts=doc.counts
    )
