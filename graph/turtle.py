r"""Parse Turtle files with Oxigraph's parser, with errors that name file, line and column.

Examples
--------
>>> import tempfile, pathlib
>>> bad = pathlib.Path(tempfile.mkdtemp()) / "bad.ttl"
>>> _ = bad.write_text('@prefix a: <http://x/> .\na:b a:c "open ;\n')
>>> try:
...     parse_file(bad)
... except TurtleSyntaxError as err:
...     print(err.line, err.column)
2 9
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
import rdflib
from rdflib.term import Node

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"

__all__ = ["ParsedFile", "TurtleSyntaxError", "from_ox", "parse_file", "to_rdflib_graph"]


class TurtleSyntaxError(Exception):
    """A Turtle file that does not parse.

    Attributes
    ----------
    path : Path
        The file.
    line, column : int
        1-based position of the error (0 when the parser gave none).
    reason : str
        The parser's explanation.
    """

    def __init__(self, path: Path, line: int, column: int, reason: str) -> None:
        self.path, self.line, self.column, self.reason = path, line, column, reason
        super().__init__(f"{path}:{line}:{column}: Turtle syntax error: {reason}")


@dataclass(frozen=True)
class ParsedFile:
    """The quads of one parsed file."""

    path: Path
    quads: list[ox.Quad]


def parse_file(path: Path, data: bytes | None = None) -> ParsedFile:
    """Parse one Turtle file.

    Parameters
    ----------
    path : Path
        The file (also used in error messages).
    data : bytes, optional
        The content, when already read.

    Returns
    -------
    ParsedFile

    Raises
    ------
    TurtleSyntaxError
        With the 1-based line and column of the first error.
    """
    content = path.read_bytes() if data is None else data
    try:
        quads = list(
            ox.parse(content, format=ox.RdfFormat.TURTLE, base_iri=path.resolve().as_uri())
        )
    except SyntaxError as exc:
        reason = str(exc.msg or exc)
        if reason.startswith("Parser error between"):
            reason = reason.split(": ", 1)[-1]
        # pyoxigraph reports 1-based lines and columns (start of the faulty token).
        raise TurtleSyntaxError(path, exc.lineno or 0, exc.offset or 0, reason) from None
    except ValueError as exc:  # e.g. invalid UTF-8
        raise TurtleSyntaxError(path, 0, 0, str(exc)) from None
    return ParsedFile(path, quads)


def from_ox(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple | ox.DefaultGraph) -> Node:
    """Convert a pyoxigraph term to the rdflib term.

    Examples
    --------
    >>> from_ox(ox.Literal("1.5", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#decimal")))
    rdflib.term.Literal('1.5', datatype=rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#decimal'))
    """
    if isinstance(term, ox.NamedNode):
        return rdflib.URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return rdflib.BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return rdflib.Literal(term.value, lang=term.language)
        if term.datatype.value == _XSD_STRING:
            # rdflib compares "x" and "x"^^xsd:string as different terms: keep the plain form
            return rdflib.Literal(term.value)
        return rdflib.Literal(term.value, datatype=rdflib.URIRef(term.datatype.value))
    raise TypeError(f"unsupported term {term!r}")


def to_rdflib_graph(quads: Iterable[ox.Quad], graph: rdflib.Graph | None = None) -> rdflib.Graph:
    """Add ``quads`` (default graph only) to an rdflib graph and return it."""
    out = rdflib.Graph() if graph is None else graph
    out.addN(_triples(quads, out))
    return out


def _triples(
    quads: Iterable[ox.Quad], graph: rdflib.Graph
) -> Iterator[tuple[Node, Node, Node, rdflib.Graph]]:
    made: dict[object, Node] = {}  # each term converted once: subjects and predicates repeat

    def term(t: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple) -> Node:
        found = made.get(t)
        if found is None:
            found = made[t] = from_ox(t)
        return found

    for q in quads:
        yield term(q.subject), term(q.predicate), term(q.object), graph
