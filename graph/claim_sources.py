"""What the ``aikg:Source`` nodes say: each claim's source URLs, and who published each URL when.

:func:`read_claim_sources` follows ``prov:wasDerivedFrom`` from each claim to its
sources' URLs (and the earliest dataset snapshot among them);
:func:`read_source_info` reads each URL's publisher and publication date into
:class:`~graph.claim_types.SourceInfo`.

Examples
--------
>>> import rdflib
>>> g = rdflib.Graph().parse(format="turtle", data='''
... @prefix schema: <https://schema.org/> .
... @prefix prov: <http://www.w3.org/ns/prov#> .
... @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
... <https://w3id.org/aikg/id/deal> prov:wasDerivedFrom <urn:src> .
... <urn:src> schema:url "https://example.com/a" ; schema:publisher "Example" ;
...     schema:datePublished "2024-05-01"^^xsd:date .
... ''')
>>> read_claim_sources(g)[0]["https://w3id.org/aikg/id/deal"]
{'https://example.com/a'}
>>> read_source_info(g)["https://example.com/a"]
SourceInfo(publisher='Example', published=datetime.date(2024, 5, 1))
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from graph.claim_cells import AIKG_NS, ID_NS, SCHEMA_NS, GraphLike, cell_date, pairs
from graph.claim_types import SourceInfo

__all__ = ["read_claim_sources", "read_source_info"]

_PROV_DERIVED = "http://www.w3.org/ns/prov#wasDerivedFrom"


def read_claim_sources(kg: GraphLike) -> tuple[dict[str, set[str]], dict[str, date]]:
    """Source URLs by claim, and the earliest snapshot date of a claim's sources."""
    urls = {subj: str(url) for subj, url in pairs(kg, SCHEMA_NS + "url")}
    snapshots = {
        subj: day
        for subj, o in pairs(kg, AIKG_NS + "snapshotDate")
        if (day := cell_date(o)) is not None
    }
    sources: dict[str, set[str]] = defaultdict(set)
    known_from: dict[str, date] = {}
    for subj, src in pairs(kg, _PROV_DERIVED):
        if subj.startswith(ID_NS) and isinstance(src, str) and src in urls:
            sources[subj].add(urls[src])
            snap = snapshots.get(src)
            if snap is not None and (subj not in known_from or snap < known_from[subj]):
                known_from[subj] = snap
    return sources, known_from


def read_source_info(kg: GraphLike) -> dict[str, SourceInfo]:
    """Read the publisher and publication date of each source URL (``aikg:Source`` nodes)."""
    urls = {subj: str(url) for subj, url in pairs(kg, SCHEMA_NS + "url")}
    publishers = {s: str(o) for s, o in pairs(kg, SCHEMA_NS + "publisher") if o is not None}
    published = {s: d for s, o in pairs(kg, SCHEMA_NS + "datePublished") if (d := cell_date(o))}
    out: dict[str, SourceInfo] = {}
    for node, url in sorted(urls.items()):
        if node in publishers or node in published:
            info = SourceInfo(publishers.get(node, ""), published.get(node))
            # one URL on two nodes: keep the fuller record
            if url not in out or (not out[url].publisher or not out[url].published):
                out[url] = SourceInfo(
                    info.publisher or out.get(url, info).publisher,
                    info.published or out.get(url, info).published,
                )
    return out
