"""Validate with the aikg SHACL shapes compiled to SPARQL and run inside Oxigraph.

pySHACL walks the graph in Python and needs minutes for a million triples.
The shapes aikg uses form a small subset of SHACL Core, so they compile to one
SPARQL query per constraint that Oxigraph answers in milliseconds. The
supported subset (everything in ``ontology/shapes.ttl``):

- targets ``sh:targetClass`` (subclasses included), ``sh:targetObjectsOf`` and
  ``sh:targetSubjectsOf``;
- node-level ``sh:class`` and ``sh:or`` whose members are property shapes with
  ``sh:minCount 1`` or ``sh:not [ sh:path P ; sh:hasValue V ]``;
- property shapes on a single predicate with ``sh:minCount``, ``sh:maxCount``,
  ``sh:datatype`` (ill-typed literals included), ``sh:class``, ``sh:in``,
  ``sh:pattern``, ``sh:nodeKind`` (IRI or Literal), ``sh:minInclusive``,
  ``sh:maxInclusive``, ``sh:lessThanOrEquals``, ``sh:sparql`` (a ``sh:select``
  of ``$this ?value`` using ``$PATH`` and full IRIs); ``sh:severity`` and ``sh:message``.

A shape using anything else raises :class:`UnsupportedShapeError` when compiled, so
the two validators can never silently disagree; ``tests/test_shacl_sparql.py``
checks that both report the same problems on the curated data and on broken
inputs.

Examples
--------
>>> import pyoxigraph as ox
>>> from graph.resources import ontology_file
>>> store = ox.Store()
>>> store.load(path=str(ontology_file()), format=ox.RdfFormat.TURTLE)
>>> store.load(b'''@prefix aikg: <https://w3id.org/aikg/ontology#> .
... <https://w3id.org/aikg/id/x> a aikg:Company .''', format=ox.RdfFormat.TURTLE)
>>> [(p.focus, p.path, p.severity) for p in validate_store(store).problems]
[('id:x', 'schema:name', 'Violation'), ('id:x', 'aikg:countryCode', 'Warning')]
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
import rdflib
from rdflib.collection import Collection
from rdflib.namespace import RDF, XSD
from rdflib.term import Node

from graph.resources import shapes_file
from graph.validate import Problem, ValidationReport, load_shapes, short_name

__all__ = [
    "CompiledCheck",
    "UnsupportedShapeError",
    "compile_shapes",
    "keep_shipped_checks",
    "shipped_checks",
    "validate_store",
]

SH = rdflib.Namespace("http://www.w3.org/ns/shacl#")
_SUPPORTED_PROPERTY = {
    SH.path,
    SH.minCount,
    SH.maxCount,
    SH.datatype,
    SH["class"],
    SH["in"],
    SH.pattern,
    SH.nodeKind,
    SH.minInclusive,
    SH.maxInclusive,
    SH.lessThanOrEquals,
    SH.sparql,
    SH.message,
    SH.severity,
    SH.name,
    SH.description,
    RDF.type,
}
_SUPPORTED_NODE = {
    RDF.type,
    SH.targetClass,
    SH.targetObjectsOf,
    SH.targetSubjectsOf,
    SH.property,
    SH["or"],
    SH["class"],
    SH.message,
    SH.severity,
    rdflib.RDFS.comment,
}
_DATES = (XSD.date, XSD.dateTime)
_SEVERITY = {SH.Violation: "Violation", SH.Warning: "Warning", SH.Info: "Info"}


class UnsupportedShapeError(ValueError):
    """A shape uses SHACL features this compiler does not translate."""


@dataclass(frozen=True)
class CompiledCheck:
    """One SPARQL query that returns the focus nodes (and values) violating a constraint."""

    shape: str
    severity: str
    path: str
    message: str
    sparql: str


def _n3(node: Node) -> str:
    return node.n3()


def _target(g: rdflib.Graph, shape: Node) -> str:
    parts = [
        f"{{ ?this a/rdfs:subClassOf* {_n3(c)} . }}"
        for c in sorted(g.objects(shape, SH.targetClass), key=str)
    ]
    parts += [
        f"{{ ?_s {_n3(p)} ?this . }}" for p in sorted(g.objects(shape, SH.targetObjectsOf), key=str)
    ]
    parts += [
        f"{{ ?this {_n3(p)} ?_o . }}"
        for p in sorted(g.objects(shape, SH.targetSubjectsOf), key=str)
    ]
    if not parts:
        raise UnsupportedShapeError(f"shape {shape} has no target")
    return "{ SELECT DISTINCT ?this WHERE { " + " UNION ".join(parts) + " } }"


def _condition(g: rdflib.Graph, member: Node) -> str:
    """Return a SPARQL boolean for one member of an sh:or list."""
    negated = g.value(member, SH["not"])
    if negated is not None:
        path, value = g.value(negated, SH.path), g.value(negated, SH.hasValue)
        if path is None or value is None:
            raise UnsupportedShapeError(f"sh:not member {member} must be [ sh:path ; sh:hasValue ]")
        return f"NOT EXISTS {{ ?this {_n3(path)} {_n3(value)} }}"
    path, minimum = g.value(member, SH.path), g.value(member, SH.minCount)
    if path is None or minimum is None or int(str(minimum)) != 1:
        raise UnsupportedShapeError(
            f"sh:or member {member} must be a property shape with sh:minCount 1"
        )
    return f"EXISTS {{ ?this {_n3(path)} ?_o }}"


def _property_checks(
    g: rdflib.Graph, prop: Node, target: str, severity: str
) -> Iterator[tuple[str, str, str]]:
    """Yield (path, message, SPARQL WHERE body selecting ?this ?value) per constraint."""
    extra = set(g.predicates(prop, None)) - _SUPPORTED_PROPERTY
    if extra:
        raise UnsupportedShapeError(f"property shape {prop} uses {sorted(map(str, extra))}")
    path = g.value(prop, SH.path)
    if not isinstance(path, rdflib.URIRef):
        raise UnsupportedShapeError(f"property shape {prop} needs a predicate path")
    p = _n3(path)
    value_pattern = f"{target} ?this {p} ?value ."
    checks: list[str] = []
    minimum = g.value(prop, SH.minCount)
    if minimum is not None:
        n = int(str(minimum))
        checks.append(
            f"{target} FILTER NOT EXISTS {{ ?this {p} ?_v }}"
            if n == 1
            else f"{target} OPTIONAL {{ SELECT ?this (COUNT(DISTINCT ?_v) AS ?_n) WHERE {{ "
            f"?this {p} ?_v }} GROUP BY ?this }} FILTER(COALESCE(?_n, 0) < {n})"
        )
    maximum = g.value(prop, SH.maxCount)
    if maximum is not None:
        checks.append(
            f"{{ SELECT ?this WHERE {{ {target} ?this {p} ?_v }} GROUP BY ?this "
            f"HAVING (COUNT(DISTINCT ?_v) > {int(str(maximum))}) }}"
        )
    checks += _value_checks(g, prop, value_pattern)
    checks += [f"{target} {{ {select} }}" for select in _sparql_constraints(g, prop, p)]
    message = str(g.value(prop, SH.message) or "constraint not met")
    own = g.value(prop, SH.severity)
    level = _SEVERITY.get(own, severity) if own is not None else severity  # type: ignore[call-overload]
    for body in checks:
        yield short_name(path), message, f"{level}|{body}"


def _value_checks(g: rdflib.Graph, prop: Node, value_pattern: str) -> list[str]:
    """Return the WHERE bodies of the constraints on each value of the property."""
    checks: list[str] = []
    datatype = g.value(prop, SH.datatype)
    if datatype is not None:
        dt = _n3(datatype)
        # an ill-typed literal ("2025-13-45"^^xsd:date) fails the cast, leaving ?_c unbound
        typed = f"isLiteral(?value) && DATATYPE(?value) = {dt}"
        cast = (
            f"BIND(IF({typed}, {dt}(STR(?value)), ?_none) AS ?_c)"
            if datatype != XSD.string
            else "BIND(?value AS ?_c)"
        )
        # years outside 1..9999 are ill-typed for rdflib (Python dates), hence for pySHACL
        years = " || YEAR(?_c) < 1 || YEAR(?_c) > 9999" if datatype in _DATES else ""
        checks.append(
            f"{value_pattern} {cast} "
            f"FILTER(!isLiteral(?value) || DATATYPE(?value) != {dt} || !BOUND(?_c){years})"
        )
    cls = g.value(prop, SH["class"])
    if cls is not None:
        checks.append(
            f"{value_pattern} FILTER NOT EXISTS {{ ?value a/rdfs:subClassOf* {_n3(cls)} }}"
        )
    allowed = g.value(prop, SH["in"])
    if allowed is not None:
        values = ", ".join(_n3(v) for v in Collection(g, allowed))
        checks.append(f"{value_pattern} FILTER(?value NOT IN ({values}))")
    pattern = g.value(prop, SH.pattern)
    if pattern is not None:
        regex = rdflib.Literal(str(pattern)).n3()
        checks.append(f"{value_pattern} FILTER(isBlank(?value) || !REGEX(STR(?value), {regex}))")
    kind = g.value(prop, SH.nodeKind)
    if kind is not None:
        test = {SH.IRI: "isIRI", SH.Literal: "isLiteral", SH.BlankNode: "isBlank"}.get(kind)  # type: ignore[call-overload]
        if test is None:
            raise UnsupportedShapeError(f"sh:nodeKind {kind} is not supported")
        checks.append(f"{value_pattern} FILTER(!{test}(?value))")
    for pred, op in ((SH.minInclusive, ">="), (SH.maxInclusive, "<=")):
        bound = g.value(prop, pred)
        if bound is not None:
            checks.append(f"{value_pattern} FILTER(!COALESCE(?value {op} {_n3(bound)}, false))")
    other = g.value(prop, SH.lessThanOrEquals)
    if other is not None:
        checks.append(
            f"{value_pattern} ?this {_n3(other)} ?_w . FILTER(!COALESCE(?value <= ?_w, false))"
        )
    return checks


def _sparql_constraints(g: rdflib.Graph, prop: Node, path: str) -> list[str]:
    """Return the SELECTs of the property's ``sh:sparql`` constraints, ``$this``/``$PATH`` filled.

    Only a ``sh:select`` with full IRIs, returning ``$this`` and ``?value``, is
    supported (no ``sh:prefixes``); its message must be the property shape's.
    """
    selects = []
    for constraint in g.objects(prop, SH.sparql):
        extra = set(g.predicates(constraint, None)) - {RDF.type, SH.select, SH.message}
        text = g.value(constraint, SH.select)
        own = g.value(constraint, SH.message)
        if extra or text is None or (own is not None and own != g.value(prop, SH.message)):
            raise UnsupportedShapeError(
                f"sh:sparql {constraint} must be [ sh:select ; sh:message as its property shape ]"
            )
        query = str(text).replace("$PATH", path).replace("$this", "?this")
        if not re.match(r"^\s*SELECT\s+\?this\s+\?value\s+WHERE\b", query, re.IGNORECASE):
            raise UnsupportedShapeError(f"sh:sparql {constraint} must SELECT $this ?value WHERE")
        selects.append(query)
    return selects


def compile_shapes(shapes: rdflib.Graph | None = None) -> list[CompiledCheck]:
    """Translate every shape into SPARQL checks.

    Raises
    ------
    UnsupportedShapeError
        If a shape uses a feature outside the supported subset.
    """
    g = load_shapes() if shapes is None else shapes
    checks: list[CompiledCheck] = []
    for shape in sorted(g.subjects(RDF.type, SH.NodeShape), key=str):
        extra = set(g.predicates(shape, None)) - _SUPPORTED_NODE
        if extra:
            raise UnsupportedShapeError(f"node shape {shape} uses {sorted(map(str, extra))}")
        target = _target(g, shape)
        severity = _SEVERITY.get(g.value(shape, SH.severity), "Violation")  # type: ignore[call-overload]
        name = short_name(shape)
        node_message = str(g.value(shape, SH.message) or "constraint not met")
        cls = g.value(shape, SH["class"])
        if cls is not None:
            body = f"{target} FILTER NOT EXISTS {{ ?this a/rdfs:subClassOf* {_n3(cls)} }}"
            checks.append(CompiledCheck(name, severity, "", node_message, _select(body)))
        members = g.value(shape, SH["or"])
        if members is not None:
            conditions = " || ".join(f"({_condition(g, m)})" for m in Collection(g, members))
            body = f"{target} FILTER(!({conditions}))"
            checks.append(CompiledCheck(name, severity, "", node_message, _select(body)))
        for prop in sorted(g.objects(shape, SH.property), key=str):
            for path, message, coded in _property_checks(g, prop, target, severity):
                level, body = coded.split("|", 1)
                checks.append(CompiledCheck(name, level, path, message, _select(body)))
    return checks


def _select(body: str) -> str:
    return (
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
        f"SELECT DISTINCT ?this ?value WHERE {{ {body} }}"
    )


_SHIPPED: list[tuple[CompiledCheck, ...]] = []  # the shipped shapes' checks, once compiled


def shipped_checks() -> tuple[CompiledCheck, ...]:
    """Return the checks of the shipped shapes, compiled on first use in this process.

    Compiling them takes 0.06 to 0.13 s (parsing the shapes included), in the child that
    validates a build, while the build waits for it; so the compiled checks are also kept
    in the user's cache (:mod:`graph.diskcache`), named by the shapes file's bytes and by
    the code that compiles them, and a later process reads them back instead.
    """
    if not _SHIPPED:
        _SHIPPED.append(_compiled_shipped())
    return _SHIPPED[0]


def _compiler_identity() -> list[str] | None:
    """Identify the code that compiles the shapes: its modules and the RDF libraries."""
    from importlib.metadata import PackageNotFoundError, version  # noqa: PLC0415

    from graph.diskcache import code_identity  # noqa: PLC0415

    code = code_identity(__file__)
    here = Path(__file__).parent
    try:  # load_shapes and short_name, the prefixes, the Oxigraph-to-rdflib terms
        extra = [
            hashlib.sha256((here / name).read_bytes()).hexdigest()
            for name in ("validate.py", "vocab.py", "prefixes.py", "turtle.py")
        ]
        libraries = [f"rdflib {version('rdflib')}", f"pyoxigraph {version('pyoxigraph')}"]
    except (OSError, PackageNotFoundError):
        return None
    return None if code is None else [*code, *extra, *libraries]


def _decoded_checks(doc: object) -> tuple[CompiledCheck, ...] | None:
    """Read compiled checks back from the cache: one list of strings per check, else ``None``."""
    if not isinstance(doc, list) or not doc:
        return None
    width = len(dataclasses.fields(CompiledCheck))
    if not all(isinstance(row, list) and len(row) == width for row in doc):
        return None
    if not all(isinstance(cell, str) for row in doc for cell in row):
        return None
    return tuple(CompiledCheck(*row) for row in doc)


def _compiled_shipped() -> tuple[CompiledCheck, ...]:
    from graph.diskcache import remembered_on_disk  # noqa: PLC0415

    shapes = hashlib.sha256(shapes_file().read_bytes()).hexdigest()
    return remembered_on_disk(
        "shacl-checks",
        {"shapes": shapes},
        lambda: tuple(compile_shapes()),
        code=_compiler_identity(),
        decode=_decoded_checks,
        encode=lambda checks: [list(dataclasses.astuple(c)) for c in checks],
        keep=4,
    )


def keep_shipped_checks(checks: tuple[CompiledCheck, ...]) -> None:
    """Keep the shipped shapes' checks that a child process compiled and sent back.

    A build validates in a forked child (:func:`graph.checking.check_with_claims`), so
    what the child compiled would otherwise die with it, and a process that builds
    several times (the Python API, the tests) would compile them for every build.
    """
    if not _SHIPPED:
        _SHIPPED.append(checks)


def _to_rdflib(term: ox.NamedNode | ox.BlankNode | ox.Literal | None) -> Node | None:
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return rdflib.URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return rdflib.BNode(term.value)
    if term.language:
        return rdflib.Literal(term.value, lang=term.language)
    return rdflib.Literal(term.value, datatype=rdflib.URIRef(term.datatype.value))


def _owner(
    store: ox.Store, node: ox.NamedNode | ox.BlankNode
) -> tuple[ox.NamedNode | ox.BlankNode, ox.NamedNode | None]:
    """Walk up from a blank node to the first IRI that points to it.

    Returns the owner and the property that links the blank node to its parent
    (``aikg:amount`` for an amount), or None when ``node`` is not blank.
    """
    seen = set()
    link: ox.NamedNode | None = None
    while isinstance(node, ox.BlankNode) and node.value not in seen:
        seen.add(node.value)
        parent = next(iter(store.quads_for_pattern(None, None, node)), None)
        if parent is None:
            break
        link = link or parent.predicate
        node = parent.subject  # type: ignore[assignment]
    return node, link


def validate_store(
    store: ox.Store,
    *,
    origins: Mapping[Node, frozenset[str]] | None = None,
    checks: tuple[CompiledCheck, ...] | None = None,
) -> ValidationReport:
    """Run the compiled checks on an Oxigraph store (ontology triples included).

    Parameters
    ----------
    store : pyoxigraph.Store
        Data plus the ontology (the enumerations are individuals declared there).
    origins : mapping, optional
        Subject node -> files that state it, to name files in the report.
    checks : tuple of CompiledCheck, optional
        Defaults to the shipped shapes.

    Returns
    -------
    ValidationReport
        The same problems pySHACL reports (see the module docstring).
    """
    origins = origins or {}
    problems: set[Problem] = set()
    for check in checks if checks is not None else shipped_checks():
        for row in store.query(check.sparql):  # type: ignore[union-attr]
            focus = row["this"]
            owner, link = _owner(store, focus)
            raw, owned = _to_rdflib(focus), _to_rdflib(owner)
            # a node-level rule on a blank node (an amount) is reported on the owner's link
            path = check.path or (short_name(_to_rdflib(link)) if link is not None else "")
            files = (origins.get(raw) if raw is not None else None) or (
                origins.get(owned) if owned is not None else None
            )
            value = _to_rdflib(row["value"]) if check.path else None
            problems.add(
                Problem(
                    severity=check.severity,
                    focus=short_name(owned),
                    path=path,
                    message=check.message,
                    value=short_name(value)
                    if value is not None and not isinstance(value, rdflib.BNode)
                    else "",
                    files=tuple(sorted(files or ())),
                )
            )
    order = {"Violation": 0, "Warning": 1, "Info": 2}
    return ValidationReport(
        sorted(
            problems, key=lambda p: (order.get(p.severity, 3), p.files, p.focus, p.path, p.value)
        )
    )
