"""Entity identifiers as plain strings: ``id:slug`` written out (a leaf module).

:data:`graph.vocab.ID` is the rdflib namespace of the same identifiers; the
metrics and views work on plain strings, so they name entities with
:func:`entity_iri`.

Examples
--------
>>> entity_iri("openai")
'https://w3id.org/aikg/id/openai'
>>> slug_of(entity_iri("openai")), slug_of("https://example.org/x")
('openai', None)
"""

from __future__ import annotations

__all__ = ["ENTITY_NS", "entity_iri", "slug_of"]

#: The namespace of every aikg entity, claim and source.
ENTITY_NS = "https://w3id.org/aikg/id/"


def entity_iri(slug: str) -> str:
    """Return the IRI of ``id:slug`` as a string."""
    return ENTITY_NS + slug


def slug_of(iri: str) -> str | None:
    """Return the slug of an aikg entity IRI, or ``None`` for any other IRI."""
    return iri[len(ENTITY_NS) :] if iri.startswith(ENTITY_NS) else None
