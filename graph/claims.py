"""Read entities and claims out of the RDF graph into typed records, once.

The views and metrics work on these records, so a timeline or a what-if run
reads the store only once. Everything is keyed by IRI; records come out sorted
so that the same graph always gives the same order.

This module is the public face; the work lives in:

- :mod:`graph.claim_types`: the records (:class:`Entity`, :class:`Claim`,
  :class:`Participation`, :class:`SourceInfo`, :class:`ClaimData`) and the names
  of kinds, roles and deal stages;
- :mod:`graph.claim_reading`: :func:`read_claims`;
- :mod:`graph.claim_sources`: each claim's source URLs and each URL's publisher;
- :mod:`graph.claim_cells`: triples read as plain cells.

Examples
--------
>>> ClaimData({}, {}).with_stages(ALL_STAGES).stages == frozenset(ALL_STAGES)
True
>>> sorted(COUNTED_STAGES)
['Closed', 'Definitive', 'Terminated']
"""

from __future__ import annotations

from graph.claim_reading import read_claims
from graph.claim_types import (
    ALL_STAGES,
    CLAIM_KINDS,
    CLAIM_LINKS,
    COUNTED_STAGES,
    ENTITY_KINDS,
    OPEN_WEIGHTS,
    ROLE_PROPERTIES,
    Claim,
    ClaimData,
    Entity,
    Participation,
    SourceInfo,
)

__all__ = [
    "ALL_STAGES",
    "CLAIM_KINDS",
    "CLAIM_LINKS",
    "COUNTED_STAGES",
    "ENTITY_KINDS",
    "OPEN_WEIGHTS",
    "ROLE_PROPERTIES",
    "Claim",
    "ClaimData",
    "Entity",
    "Participation",
    "SourceInfo",
    "read_claims",
]
