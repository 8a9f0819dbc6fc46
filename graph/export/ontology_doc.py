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

from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import jinja2
import rdflib
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, SKOS, XSD
from rdflib.term import Node

from graph.resources import ontology_file
from graph.validate import load_ontology, load_shapes
from graph.vocab import AIKG, SH

__all__ = ["Constraint", "Link", "OntologyDoc", "Term", "TermGroup", "ontology_doc", "render"]

_NS = str(AIKG._NS)
_HEAD = rdflib.URIRef("https://w3id.org/aikg/ontology")
_DCT = rdflib.Namespace("http://purl.org/dc/terms/")
_VANN = rdflib.Namespace("http://purl.org/vocab/vann/")
_PREFIXES = {
    "aikg": _NS,
    "schema": "https://schema.org/",
    "prov": "http://www.w3.org/ns/prov#",
    "org": "http://www.w3.org/ns/org#",
    "skos": str(SKOS),
    "owl": str(OWL),
    "rdfs": str(RDFS),
    "rdf": str(RDF),
    "xsd": str(XSD),
    "time": "http://www.w3.org/2006/time#",
    "dcterms": str(_DCT),
    "sh": str(SH),
    "id": "https://w3id.org/aikg/id/",
}
_TEMPLATES = jinja2.Environment(
    loader=jinja2.PackageLoader("graph.export", "templates"),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
    keep_trailing_newline=True,
)


@dataclass(frozen=True)
class Link:
    """A term shown in a fact: an anchor on the page, an external link, or plain text."""

    text: str
    anchor: str = ""
    href: str = ""


@dataclass(frozen=True)
class Constraint:
    """One SHACL property rule as a reader sees it."""

    path: str
    anchor: str
    rule: str
    message: str
    warning: bool


@dataclass
class Term:
    """One documented class, property or controlled value."""

    iri: str
    curie: str
    anchor: str
    label: str
    comment: str
    kind: str
    kind_class: str
    facts: list[tuple[str, list[Link]]] = field(default_factory=list)
    constraints: list[Constraint] = field(default_factory=list)


@dataclass(frozen=True)
class TermGroup:
    """A section of the page."""

    key: str
    title: str
    intro: str
    terms: tuple[Term, ...]


@dataclass(frozen=True)
class Mapping:
    """One row of the SSSOM mapping file."""

    subject: str
    anchor: str
    predicate: str
    object: str
    comment: str


@dataclass(frozen=True)
class OntologyDoc:
    """Everything the page shows."""

    title: str
    description: str
    comment: str
    namespace: str
    prefix: str
    version: str
    version_iri: str
    modified: str
    creator: str
    license: str
    groups: tuple[TermGroup, ...]
    mappings: tuple[Mapping, ...]

    def term(self, local: str) -> Term:
        """Return the term with local name ``local`` (``KeyError`` if absent)."""
        for group in self.groups:
            for t in group.terms:
                if t.anchor == local:
                    return t
        raise KeyError(local)

    @property
    def counts(self) -> str:
        """How many terms of each kind the page documents."""
        parts = []
        for g in self.groups:
            title = g.title.lower()
            if len(g.terms) == 1:
                title = title[:-3] + "y" if title.endswith("ies") else title.rstrip("s")
            parts.append(f"{len(g.terms)} {title}")
        return " · ".join(parts)


def curie(node: Node) -> str:
    """Return ``node`` as ``prefix:local`` when a known prefix fits, else as is."""
    text = str(node)
    for prefix, ns in _PREFIXES.items():
        if text.startswith(ns) and len(text) > len(ns):
            return f"{prefix}:{text[len(ns) :]}"
    return text


def _local(node: Node) -> str:
    return str(node)[len(_NS) :] if str(node).startswith(_NS) else ""


def _link(node: Node, g: rdflib.Graph) -> list[Link]:
    """Return a class expression as links (a union becomes its members)."""
    if isinstance(node, rdflib.BNode):
        members = g.value(node, OWL.unionOf)
        if members is not None:
            return [x for m in Collection(g, members) for x in _link(m, g)]
        return [Link("(anonymous class)")]
    local = _local(node)
    if local:
        return [Link(curie(node), anchor=local)]
    text = str(node)
    return [Link(curie(node), href=text if text.startswith("http") else "")]


def _text(g: rdflib.Graph, node: Node, prop: rdflib.URIRef) -> str:
    value = g.value(node, prop)
    return "" if value is None else str(value)


def _rule(shapes: rdflib.Graph, prop: Node) -> str:
    """Describe one property shape's constraints in words."""
    parts: list[str] = []
    low, high = shapes.value(prop, SH.minCount), shapes.value(prop, SH.maxCount)
    if low is not None or high is not None:
        lo = str(low) if low is not None else "0"
        hi = str(high) if high is not None else "many"
        parts.append(f"{lo}..{hi} values")
    for pred, words in (
        (SH.datatype, "datatype"),
        (SH["class"], "an instance of"),
        (SH.nodeKind, "node kind"),
        (SH.pattern, "matches"),
        (SH.minInclusive, "at least"),
        (SH.maxInclusive, "at most"),
        (SH.lessThanOrEquals, "not after"),
    ):
        value = shapes.value(prop, pred)
        if value is not None:
            shown = curie(value) if isinstance(value, rdflib.URIRef) else str(value)
            parts.append(f"{words} {shown}")
    allowed = shapes.value(prop, SH["in"])
    if allowed is not None:
        values = [
            curie(v) if isinstance(v, rdflib.URIRef) else str(v)
            for v in Collection(shapes, allowed)
        ]
        parts.append("one of " + ", ".join(values))
    if shapes.value(prop, SH.sparql) is not None:
        description = _text(shapes, prop, SH.description)
        parts.append(description.rstrip(".") or "a SPARQL rule")
    severity = shapes.value(prop, SH.severity)
    if severity == SH.Warning:
        parts.append("(warning)")
    return "; ".join(parts) or "(no constraint)"


def _constraints(shapes: rdflib.Graph, shape: Node) -> Iterator[Constraint]:
    for prop in sorted(shapes.objects(shape, SH.property), key=str):
        path = shapes.value(prop, SH.path)
        if path is None:
            continue
        yield Constraint(
            path=curie(path),
            anchor=_local(path),
            rule=_rule(shapes, prop),
            message=_text(shapes, prop, SH.message),
            warning=shapes.value(prop, SH.severity) == SH.Warning,
        )
    message = _text(shapes, shape, SH.message)
    if message and (shapes.value(shape, SH["or"]) is not None or shapes.value(shape, SH["class"])):
        yield Constraint(
            "(the node)", "", "node rule", message, shapes.value(shape, SH.severity) == SH.Warning
        )


def _domains(g: rdflib.Graph, prop: Node) -> set[str]:
    out: set[str] = set()
    for d in g.objects(prop, RDFS.domain):
        out.update(link.anchor or link.text for link in _link(d, g))
    return out


def _mappings(path: Path) -> tuple[Mapping, ...]:
    rows = [
        line.split("\t")
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    if not rows:
        return ()
    header = rows[0]
    out = []
    for row in rows[1:]:
        cell = dict(zip(header, row, strict=False))
        subject = cell.get("subject_id", "")
        out.append(
            Mapping(
                subject=subject,
                anchor=subject.removeprefix("aikg:"),
                predicate=cell.get("predicate_id", ""),
                object=cell.get("object_id", ""),
                comment=cell.get("comment", ""),
            )
        )
    return tuple(out)


def mappings_file() -> Path:
    """Return the path of ``ontology/mappings.sssom.tsv``."""
    return ontology_file().parent / "mappings.sssom.tsv"


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
            {s for s in g.subjects() if isinstance(s, rdflib.URIRef) and _local(s)}, key=str
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
            anchor=_local(node),
            label=_text(self.g, node, RDFS.label) or _local(node),
            comment=_text(self.g, node, RDFS.comment),
            kind=kind,
            kind_class=kind_class,
        )

    def links(self, node: Node, prop: rdflib.URIRef) -> list[Link]:
        return [x for o in self.g.objects(node, prop) for x in _link(o, self.g)]

    def rules(self, node: rdflib.URIRef) -> list[Constraint]:
        shapes = self.by_target.get(str(node), [])
        return [c for shape in shapes for c in _constraints(self.shapes, shape)]


def _named(links: list[tuple[str, list[Link]]]) -> list[tuple[str, list[Link]]]:
    return [(name, found) for name, found in links if found]


def _classes(r: _Reader) -> list[Term]:
    out = []
    domains = {p: _domains(r.g, p) for p in r.props}
    for c in r.ours:
        if (c, RDF.type, OWL.Class) not in r.g:
            continue
        t = r.base(c, "class", "class")
        subs = sorted(r.g.subjects(RDFS.subClassOf, c), key=str)
        values = r.g.value(c, OWL.oneOf)
        t.facts = _named(
            [
                ("Subclass of", r.links(c, RDFS.subClassOf)),
                ("Subclasses", [Link(curie(s), anchor=_local(s)) for s in subs]),
                ("Disjoint with", [x for d in r.disjoint.get(str(c), []) for x in _link(d, r.g)]),
                (
                    "Values",
                    [x for v in Collection(r.g, values) for x in _link(v, r.g)] if values else [],
                ),
                (
                    "Properties with this domain",
                    [
                        Link(curie(p), anchor=_local(p))
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
        subs = [Link(curie(s), anchor=_local(s)) for s in r.g.subjects(RDFS.subPropertyOf, p)]
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
                x for c in r.g.objects(v, RDF.type) if c != SKOS.Concept for x in _link(c, r.g)
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
            t.facts = [("Members", [x for m in members for x in _link(m, r.g)])]
            out.append(t)
    return sorted(out, key=lambda t: (t.kind != "concept scheme", t.anchor))


def _other_rules(r: _Reader) -> list[Term]:
    """Shapes that target the subjects or objects of a term aikg does not declare."""
    out = []
    for shape in sorted(r.shapes.subjects(RDF.type, SH.NodeShape), key=str):
        for pred, words in ((SH.targetSubjectsOf, "Nodes with"), (SH.targetObjectsOf, "Values of")):
            for target in r.shapes.objects(shape, pred):
                if _local(target):
                    continue  # shown under the aikg property itself
                name = str(shape).rsplit("#", 1)[-1]
                out.append(
                    Term(
                        iri=str(shape),
                        curie=f"ash:{name}",
                        anchor=f"rule-{name}",
                        label=f"{words} {curie(target)}",
                        comment=_text(r.shapes, shape, RDFS.comment),
                        kind="rule",
                        kind_class="rule",
                        constraints=list(_constraints(r.shapes, shape)),
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
        title=_text(g, _HEAD, _DCT.title) or "aikg ontology",
        description=_text(g, _HEAD, _DCT.description),
        comment=_text(g, _HEAD, RDFS.comment),
        namespace=_NS,
        prefix=_text(g, _HEAD, _VANN.preferredNamespacePrefix),
        version=_text(g, _HEAD, OWL.versionInfo),
        version_iri=_text(g, _HEAD, OWL.versionIRI),
        modified=_text(g, _HEAD, _DCT.modified),
        creator=_text(g, _HEAD, _DCT.creator),
        license=_text(g, _HEAD, _DCT.license),
        groups=groups,
        mappings=_mappings(mappings_file()),
    )


def render(doc: OntologyDoc | None = None) -> str:
    """Render the documentation page as HTML text."""
    doc = doc or ontology_doc()
    return _TEMPLATES.get_template("ontology.html.j2").render(
        doc=doc, groups=doc.groups, mappings=doc.mappings, counts=doc.counts
    )
