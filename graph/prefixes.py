"""The namespace prefixes of aikg, as plain strings (no RDF library needed).

:mod:`graph.vocab` builds its rdflib namespaces on the same IRIs; this module is
what the light paths (``aikg query``, ``aikg stats``, the SPARQL error messages)
import, so they start without loading rdflib.

Examples
--------
>>> PREFIXES["id"] + "anthropic"
'https://w3id.org/aikg/id/anthropic'
"""

from __future__ import annotations

__all__ = ["PREFIXES"]

#: Prefix -> namespace IRI, for queries, Turtle and JSON-LD.
PREFIXES: dict[str, str] = {
    "aikg": "https://w3id.org/aikg/ontology#",
    "id": "https://w3id.org/aikg/id/",
    "schema": "https://schema.org/",
    "prov": "http://www.w3.org/ns/prov#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "time": "http://www.w3.org/2006/time#",
}
