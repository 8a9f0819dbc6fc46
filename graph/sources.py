"""Who published each source, canonical URLs, and how claims rest on them: the public face.

The work lives in:

- :mod:`graph.source_urls`: a URL's host and its canonical form;
- :mod:`graph.publishers`: the publisher registry (``ontology/publishers.ttl``),
  the kinds of publisher, mirror hosts, URLs grouped by publisher;
- :mod:`graph.source_kinds`: the best kind of source behind each claim, the
  ``--min-source`` levels and :func:`restrict_to_sources`;
- :mod:`graph.source_report`: the weakest claims report (``aikg sources``);
- :mod:`graph.source_checks`: the build's check of source URLs
  (:func:`url_problems`).

Examples
--------
>>> canonical_url("https://www.example.com:443/a/b?utm_source=x&id=7#:~:text=hi")
'https://www.example.com/a/b?id=7'
>>> kind_label("WireOrMajorOutlet")
'wire or major outlet'
"""

from __future__ import annotations

from graph.publishers import (
    KIND_ORDER,
    STRONG_KINDS,
    Publisher,
    Registry,
    by_publisher,
    kind_label,
    shipped_registry,
)
from graph.source_checks import url_problems
from graph.source_kinds import (
    CLAIM_ROWS,
    MIN_SOURCE_LEVELS,
    SHORT_ROW_LABELS,
    STRONG_ROWS,
    best_source_kind,
    cited_primary,
    claim_source_kinds,
    parent_parties,
    restrict_to_sources,
    source_kinds,
    source_mix,
)
from graph.source_report import WEIGHED_KINDS, SourceReport, WeakClaim, source_report
from graph.source_urls import TRACKING_PARAMS, canonical_url, host_of

__all__ = [
    "CLAIM_ROWS",
    "KIND_ORDER",
    "MIN_SOURCE_LEVELS",
    "SHORT_ROW_LABELS",
    "STRONG_KINDS",
    "STRONG_ROWS",
    "TRACKING_PARAMS",
    "WEIGHED_KINDS",
    "Publisher",
    "Registry",
    "SourceReport",
    "WeakClaim",
    "best_source_kind",
    "by_publisher",
    "canonical_url",
    "cited_primary",
    "claim_source_kinds",
    "host_of",
    "kind_label",
    "parent_parties",
    "restrict_to_sources",
    "shipped_registry",
    "source_kinds",
    "source_mix",
    "source_report",
    "url_problems",
]
