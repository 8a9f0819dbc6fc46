"""SHACL validation with a readable report: entity, property, message, file.

Examples
--------
>>> import rdflib
>>> from graph.resources import ontology_file
>>> data = rdflib.Graph().parse(ontology_file())
>>> _ = data.parse(data='''
... @prefix aikg: <https://w3id.org/aikg/ontology#> .
... @prefix id: <https://w3id.org/aikg/id/> .
... @prefix schema: <https://schema.org/> .
... id:deal-x a aikg:Acquisition ; schema:name "x" ;
...     aikg:acquirer id:a ; aikg:target id:b ; aikg:claimStatus aikg:Confirmed .
... id:a a aikg:Company ; schema:name "A" ; aikg:countryCode "US" .
... id:b a aikg:Company ; schema:name "B" ; aikg:countryCode "US" .
... ''', format="turtle")
>>> report = validate_graph(data)
>>> report.conforms
False
>>> problem = report.violations[0]
>>> problem.focus, problem.path
('id:deal-x', 'prov:wasDerivedFrom')
>>> print(problem.message)
a claim needs prov:wasDerivedFrom an aikg:Source (URL, publisher, date)
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import rdflib
from rdflib.namespace import RDF
from rdflib.term import BNode, Node

from graph.resources import ontology_file, shapes_file
from graph.vocab import PREFIXES, SH

__all__ = [
    "Problem",
    "ValidationReport",
    "load_ontology",
    "load_shapes",
    "short_name",
    "validate_graph",
]

_SEVERITY_ORDER = {"Violation": 0, "Warning": 1, "Info": 2}


@dataclass(frozen=True, order=True)
class Problem:
    """One SHACL result, made readable.

    Attributes
    ----------
    severity : str
        ``Violation``, ``Warning`` or ``Info``.
    focus : str
        The entity the problem is about (the owning entity when the focus is a
        blank node such as an amount), in prefixed form.
    path : str
        The property, in prefixed form ('' for node-level rules).
    message : str
        The shape's ``sh:message``.
    value : str
        The offending value, if any.
    files : tuple of str
        The files that state the entity.
    """

    severity: str
    focus: str
    path: str
    message: str
    value: str = ""
    files: tuple[str, ...] = ()

    def __str__(self) -> str:
        where = ", ".join(self.files)
        prefix = f"{where}: " if where else ""
        path = f" {self.path}" if self.path else ""
        value = f" (value: {self.value})" if self.value else ""
        return f"{prefix}{self.severity}: {self.focus}{path}: {self.message}{value}"


@dataclass
class ValidationReport:
    """All problems found, violations first."""

    problems: list[Problem] = field(default_factory=list)

    @property
    def violations(self) -> list[Problem]:
        """Problems that fail validation."""
        return [p for p in self.problems if p.severity == "Violation"]

    @property
    def warnings(self) -> list[Problem]:
        """Recommended values that are missing."""
        return [p for p in self.problems if p.severity != "Violation"]

    @property
    def conforms(self) -> bool:
        """True when there is no violation (warnings allowed)."""
        return not self.violations


def load_ontology() -> rdflib.Graph:
    """Parse ``ontology/aikg.ttl``."""
    return _parse_turtle(ontology_file())


def load_shapes() -> rdflib.Graph:
    """Parse ``ontology/shapes.ttl``."""
    return _parse_turtle(shapes_file())


def _parse_turtle(path: Path) -> rdflib.Graph:
    """Parse a shipped Turtle file with Oxigraph's parser into a new rdflib graph.

    Several times faster than rdflib's own parser; the terms are the same.
    """
    import pyoxigraph as ox  # noqa: PLC0415

    from graph.turtle import from_ox  # noqa: PLC0415

    graph = rdflib.Graph()
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)
    with path.open("rb") as fh:
        for t in ox.parse(fh, format=ox.RdfFormat.TURTLE):
            graph.add((from_ox(t.subject), from_ox(t.predicate), from_ox(t.object)))
    return graph


#: SPARQL texts pySHACL ran, parsed and translated by rdflib, by (text, base, prefixes):
#: kept for the process, so that a second validation does not parse them again
_PREPARED: dict[tuple[str, str | None, tuple[tuple[str, str], ...]], Any] = {}


@contextlib.contextmanager
def _sparql_parsed_once() -> Iterator[None]:
    """Let rdflib parse each SPARQL text once per process while pySHACL runs.

    pySHACL hands a SPARQL-based constraint to rdflib as text once per focus node,
    and rdflib parses it every time: ~0.7 s for the strong-source rule, so minutes
    on the curated claims. Within this block a text is parsed and translated once
    (then kept in :data:`_PREPARED` for later validations in the same process) and
    the prepared query reused with each focus node's bindings, as rdflib's own
    ``prepareQuery`` is meant to be.
    """
    from rdflib.plugins.sparql import processor  # noqa: PLC0415
    from rdflib.plugins.sparql.algebra import translateQuery  # noqa: PLC0415
    from rdflib.plugins.sparql.parser import parseQuery  # noqa: PLC0415

    plain = processor.SPARQLProcessor.query
    prepared = _PREPARED

    def query(  # noqa: PLR0917 - rdflib's signature
        self: Any,
        text: Any,
        initBindings: Any = None,  # noqa: N803 - rdflib's names
        initNs: Any = None,  # noqa: N803
        base: str | None = None,
        DEBUG: bool = False,  # noqa: N803
    ) -> Any:
        if isinstance(text, str):
            key = (text, base, tuple(sorted((k, str(v)) for k, v in (initNs or {}).items())))
            if key not in prepared:
                prepared[key] = translateQuery(parseQuery(text), base, initNs)
            text = prepared[key]
        return plain(self, text, initBindings, initNs, base, DEBUG)

    processor.SPARQLProcessor.query = query  # type: ignore[method-assign,assignment]
    try:
        yield
    finally:
        processor.SPARQLProcessor.query = plain  # type: ignore[method-assign]


def validate_graph(
    data: rdflib.Graph,
    *,
    origins: Mapping[Node, frozenset[str]] | None = None,
    ontology: rdflib.Graph | None = None,
    shapes: rdflib.Graph | None = None,
) -> ValidationReport:
    """Validate ``data`` against the aikg shapes.

    Parameters
    ----------
    data : rdflib.Graph
        The data, including the ontology's triples (the enumerations such as
        ``aikg:Confirmed`` are individuals declared there).
    origins : mapping, optional
        Subject node -> files that state it, to name files in the report.
    ontology, shapes : rdflib.Graph, optional
        Default to the shipped ``aikg.ttl`` and ``shapes.ttl``. The ontology
        is passed to pySHACL as ``ont_graph`` so subclass targets match.

    Returns
    -------
    ValidationReport
    """
    ontology = load_ontology() if ontology is None else ontology
    shapes = load_shapes() if shapes is None else shapes
    import pyshacl  # noqa: PLC0415 - the slow engine, loaded only when chosen

    with _sparql_parsed_once():
        _conforms, results, _text = pyshacl.validate(
            data,
            shacl_graph=shapes,
            ont_graph=ontology,
            inference="none",
            abort_on_first=False,
            allow_warnings=True,
        )
    assert isinstance(results, rdflib.Graph)
    origins = origins or {}
    problems = []
    for result in results.subjects(RDF.type, SH.ValidationResult):
        focus = results.value(result, SH.focusNode)
        owner, link = _owner(data, focus) if focus is not None else (None, None)
        path = results.value(result, SH.resultPath)
        if path is None and link is not None:
            path = link  # a node-level rule on a blank node (an amount): name the owner's link
        value = results.value(result, SH.value)
        severity = results.value(result, SH.resultSeverity)
        message = results.value(result, SH.resultMessage)
        files = origins.get(focus) if focus is not None else None
        if not files and owner is not None:
            files = origins.get(owner)
        problems.append(
            Problem(
                severity=str(severity).rsplit("#", 1)[-1] if severity else "Violation",
                focus=short_name(owner if owner is not None else focus),
                path=short_name(path) if path is not None and not isinstance(path, BNode) else "",
                message=str(message) if message else "constraint not met",
                value=short_name(value)
                if value is not None and not isinstance(value, BNode)
                else "",
                files=tuple(sorted(files or ())),
            )
        )
    problems.sort(key=lambda p: (_SEVERITY_ORDER.get(p.severity, 3), p.files, p.focus, p.path))
    return ValidationReport(problems)


def _owner(data: rdflib.Graph, node: Node) -> tuple[Node, Node | None]:
    """Walk up from a blank node to the first IRI that points to it.

    Returns the owner and the property linking the blank node to its parent
    (None when ``node`` is not blank).
    """
    seen: set[Node] = set()
    link: Node | None = None
    while isinstance(node, BNode) and node not in seen:
        seen.add(node)
        parent = next(iter(data.subject_predicates(node)), None)
        if parent is None:
            break
        link = link or parent[1]
        node = parent[0]
    return node, link


def short_name(node: Node | None) -> str:
    """Return ``node`` in prefixed form (``id:x``); a literal quoted, cut at 80 characters."""
    if node is None:
        return ""
    if isinstance(node, rdflib.URIRef):
        text = str(node)
        for prefix, namespace in PREFIXES.items():
            if text.startswith(namespace):
                return f"{prefix}:{text[len(namespace) :]}"
        return f"<{text}>"
    if isinstance(node, rdflib.Literal):
        return repr(str(node)) if len(str(node)) <= 80 else repr(str(node)[:77] + "...")
    return str(node)
