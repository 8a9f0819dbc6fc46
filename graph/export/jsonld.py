"""A streaming JSON-LD writer over Oxigraph's quads, compacted with the aikg prefixes.

rdflib's JSON-LD serialiser builds the whole document in Python objects and
looks up every subject again through the store wrapper (minutes on large
graphs); Oxigraph's own JSON-LD writer is fast but writes full IRIs only. This
writer walks the store's default graph once, in index order (so each subject's
triples arrive together), and writes one node object per subject into
``@graph``, with the prefixes as the ``@context``:

- IRIs are written as compact IRIs (``id:anthropic``) when a prefix matches,
  else in full; ``rdf:type`` IRIs go to ``@type``;
- literals keep their lexical form: plain strings as JSON strings, language
  strings as ``{"@value", "@language"}``, every other datatype as
  ``{"@value", "@type"}`` (no JSON numbers, so ``"01"^^xsd:integer`` reads
  back as written);
- blank nodes keep Oxigraph's labels (``_:...``).

Any JSON-LD 1.1 processor reads the file back to the same triples.

Examples
--------
>>> import io, json
>>> import pyoxigraph as ox
>>> s = ox.Store()
>>> a = ox.NamedNode("https://w3id.org/aikg/id/a")
>>> s.add(ox.Quad(a, ox.NamedNode(RDF_TYPE), ox.NamedNode("https://w3id.org/aikg/ontology#Company")))
>>> s.add(ox.Quad(a, ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"), ox.Literal("A")))
>>> s.add(ox.Quad(a, ox.NamedNode("https://schema.org/foundingDate"),
...               ox.Literal("2021-01-01", datatype=ox.NamedNode(XSD + "date"))))
>>> out = io.StringIO()
>>> write_jsonld_quads(s.quads_for_pattern(None, None, None, ox.DefaultGraph()), out,
...                    {"id": "https://w3id.org/aikg/id/", "aikg": "https://w3id.org/aikg/ontology#",
...                     "rdfs": "http://www.w3.org/2000/01/rdf-schema#", "xsd": XSD,
...                     "schema": "https://schema.org/"})
1
>>> node = json.loads(out.getvalue())["@graph"][0]
>>> node["@id"], node["@type"], node["rdfs:label"], node["schema:foundingDate"]
('id:a', 'aikg:Company', 'A', {'@value': '2021-01-01', '@type': 'xsd:date'})
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import IO, Any

import pyoxigraph as ox

__all__ = ["RDF_TYPE", "XSD", "write_jsonld_quads"]

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
XSD = "http://www.w3.org/2001/XMLSchema#"
_XSD_STRING = XSD + "string"
_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


class _Compactor:
    """Turn IRIs into compact IRIs, longest matching namespace first, with a cache."""

    def __init__(self, prefixes: Mapping[str, str]) -> None:
        self._spaces = sorted(((ns, p) for p, ns in prefixes.items()), key=lambda x: -len(x[0]))
        self._cache: dict[str, str] = {}

    def __call__(self, iri: str) -> str:
        hit = self._cache.get(iri)
        if hit is not None:
            return hit
        short = iri
        for ns, prefix in self._spaces:
            if iri.startswith(ns):
                rest = iri[len(ns) :]
                # "p://x" or an empty suffix would read back as something else
                if rest and not rest.startswith("//"):
                    short = f"{prefix}:{rest}"
                break
        if len(self._cache) < 200_000:
            self._cache[iri] = short
        return short


def _node_id(term: ox.NamedNode | ox.BlankNode, compact: _Compactor) -> str:
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return compact(term.value)


def _value(term: Any, compact: _Compactor) -> Any:
    if isinstance(term, ox.Literal):
        datatype = term.datatype.value
        if term.language:
            return {"@value": term.value, "@language": term.language}
        if datatype == _XSD_STRING:
            return term.value
        return {"@value": term.value, "@type": compact(datatype)}
    if isinstance(term, (ox.NamedNode, ox.BlankNode)):
        return {"@id": _node_id(term, compact)}
    raise ValueError(f"JSON-LD cannot hold the term {term}")


def _node(subject: str, props: dict[str, list[Any]]) -> dict[str, Any]:
    node: dict[str, Any] = {"@id": subject}
    for key, values in props.items():
        node[key] = values[0] if len(values) == 1 else values
    return node


def write_jsonld_quads(
    quads: Iterable[ox.Quad] | Iterable[ox.Triple],
    out: IO[str],
    prefixes: Mapping[str, str],
    indent: int | None = 1,
) -> int:
    """Write ``quads`` (one graph) as a compacted JSON-LD document; return the node count.

    Parameters
    ----------
    quads : iterable of pyoxigraph.Quad
        Best in subject order (a store's ``quads_for_pattern``); a subject met
        again later gets a second node object, which JSON-LD merges on reading.
    out : text stream
        Where the document goes.
    prefixes : mapping
        Prefix -> namespace, written as the ``@context``.
    indent : int, optional
        Indentation of the context; node objects are written one per line.
    """
    compact = _Compactor(prefixes)
    out.write('{\n "@context": ')
    out.write(json.dumps(dict(sorted(prefixes.items())), indent=indent, ensure_ascii=False))
    out.write(',\n "@graph": [')
    count = 0
    current: str | None = None
    props: dict[str, list[Any]] = {}

    def flush() -> None:
        nonlocal count
        if current is None:
            return
        out.write(",\n  " if count else "\n  ")
        out.write(json.dumps(_node(current, props), ensure_ascii=False))
        count += 1

    for q in quads:
        subject = _node_id(q.subject, compact)  # type: ignore[arg-type]
        if subject != current:
            flush()
            current, props = subject, {}
        predicate = q.predicate.value
        if predicate == RDF_TYPE and isinstance(q.object, ox.NamedNode):
            props.setdefault("@type", []).append(compact(q.object.value))
        else:
            props.setdefault(compact(predicate), []).append(_value(q.object, compact))
    flush()
    out.write("\n ]\n}\n")
    return count
