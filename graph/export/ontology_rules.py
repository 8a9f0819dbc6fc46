"""The SHACL rules and the vocabulary mappings of each term, as the ontology page words them."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import rdflib
from rdflib.collection import Collection
from rdflib.namespace import RDFS
from rdflib.term import Node

from graph.export.ontology_terms import Constraint, Mapping, curie, links_of, local_name, text_of
from graph.resources import ontology_file
from graph.vocab import SH

__all__ = ["constraints_of", "domains_of", "mappings_file", "read_mappings"]


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
        description = text_of(shapes, prop, SH.description)
        parts.append(description.rstrip(".") or "a SPARQL rule")
    severity = shapes.value(prop, SH.severity)
    if severity == SH.Warning:
        parts.append("(warning)")
    return "; ".join(parts) or "(no constraint)"


def constraints_of(shapes: rdflib.Graph, shape: Node) -> Iterator[Constraint]:
    """Yield the property constraints of a node shape, as the page words them."""
    for prop in sorted(shapes.objects(shape, SH.property), key=str):
        path = shapes.value(prop, SH.path)
        if path is None:
            continue
        yield Constraint(
            path=curie(path),
            anchor=local_name(path),
            rule=_rule(shapes, prop),
            message=text_of(shapes, prop, SH.message),
            warning=shapes.value(prop, SH.severity) == SH.Warning,
        )
    message = text_of(shapes, shape, SH.message)
    if message and (shapes.value(shape, SH["or"]) is not None or shapes.value(shape, SH["class"])):
        yield Constraint(
            "(the node)", "", "node rule", message, shapes.value(shape, SH.severity) == SH.Warning
        )


def domains_of(g: rdflib.Graph, prop: Node) -> set[str]:
    """Return the anchors (or names) of the domains of a property."""
    out: set[str] = set()
    for d in g.objects(prop, RDFS.domain):
        out.update(link.anchor or link.text for link in links_of(d, g))
    return out


def read_mappings(path: Path) -> tuple[Mapping, ...]:
    """Read the SSSOM mappings file into rows the page lists."""
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
