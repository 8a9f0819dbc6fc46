"""The weakest claims report: publishers by kind, claims by their best kind of source.

:func:`source_report` (``aikg sources``) counts the sources of a built graph by
the kind of their publisher, lists hosts no registry entry knows and sources on
mirror hosts, and ranks the weighed claims (deals, their parts, observations)
from the weakest sourced, largest amounts first.
"""

from __future__ import annotations

from dataclasses import dataclass

import rdflib

from graph.claims import read_claims
from graph.publishers import KIND_ORDER, Registry
from graph.source_kinds import (
    CLAIM_ROWS,
    SOURCES_QUERY,
    STRONG_ROWS,
    best_source_kind,
    parent_parties,
    row_rank,
)
from graph.source_urls import host_of

__all__ = ["WEIGHED_KINDS", "SourceReport", "WeakClaim", "source_report"]

#: Claim kinds whose evidence the report weighs (deals, their parts, observations).
WEIGHED_KINDS = frozenset(
    {
        "EquityInvestment", "ComputeAgreement", "ChipSupplyAgreement", "HostingAgreement",
        "Acquisition", "Partnership", "JointVenture", "SpendCommitment", "CapacityCommitment",
        "Tranche", "ExclusivityClause", "Observation",
    }
)  # fmt: skip


@dataclass(frozen=True)
class WeakClaim:
    """A claim with the best kind of source it has."""

    iri: str
    name: str
    status: str
    usd: float | None
    best: str
    hosts: tuple[str, ...]


@dataclass(frozen=True)
class SourceReport:
    """Publishers by kind, claims by their best kind of source, the weakest claims first."""

    sources_by_kind: dict[str, int]
    publishers_by_kind: dict[str, int]
    unknown_hosts: dict[str, int]
    mirror_sources: tuple[str, ...]
    claims_by_best_kind: dict[str, int]
    weakest: tuple[WeakClaim, ...]

    @property
    def strong_share(self) -> float:
        """Share of weighed claims with a strong source (party, filing, wire or cited primary)."""
        total = sum(self.claims_by_best_kind.values())
        strong = sum(n for k, n in self.claims_by_best_kind.items() if k in STRONG_ROWS)
        return strong / total if total else 0.0

    def as_dict(self) -> dict[str, object]:
        """Return the report as plain data (``aikg sources --format json``)."""
        return {
            "sources_by_kind": self.sources_by_kind,
            "publishers_by_kind": self.publishers_by_kind,
            "unknown_hosts": self.unknown_hosts,
            "mirror_sources": list(self.mirror_sources),
            "claims_by_best_kind": self.claims_by_best_kind,
            "strong_share": round(self.strong_share, 4),
            "weakest": [w.__dict__ for w in self.weakest],
        }


def source_report(kg: rdflib.Graph, registry: Registry, *, limit: int = 20) -> SourceReport:
    """Weigh the sources of the claims in ``kg`` with the publisher ``registry``.

    Parameters
    ----------
    kg : rdflib.Graph
        The built graph.
    registry : Registry
        Publishers and mirrors (:meth:`Registry.from_graph` of ``ontology/publishers.ttl``).
    limit : int
        How many of the weakest claims to list (largest USD amounts first within a kind).
    """
    urls: dict[str, str] = {}
    primary: set[str] = set()  # URLs of sources that cite their primary
    for row in kg.query(SOURCES_QUERY):
        s, url, cited = row  # type: ignore[misc]
        urls[str(s)] = str(url)
        if cited is not None:
            primary.add(str(url))
    sources_by_kind: dict[str, int] = dict.fromkeys(KIND_ORDER, 0)
    unknown: dict[str, int] = {}
    mirrors: list[str] = []
    for url in urls.values():
        kind = registry.kind_of(url)
        sources_by_kind[kind] += 1
        if kind == "Unknown" and host_of(url):  # a urn: has no host to register
            unknown[host_of(url)] = unknown.get(host_of(url), 0) + 1
        if registry.mirror_of(url):
            mirrors.append(url)
    publishers_by_kind = dict.fromkeys(KIND_ORDER[:-1], 0)
    for p in registry.publishers:
        publishers_by_kind[p.kind] = publishers_by_kind.get(p.kind, 0) + 1

    data = read_claims(kg)
    parents = parent_parties(data)
    cited_primary = frozenset(primary)
    claims_by_best: dict[str, int] = dict.fromkeys(CLAIM_ROWS, 0)
    weighed: list[WeakClaim] = []
    for c in data.claims.values():
        if c.kind not in WEIGHED_KINDS:
            continue
        best = best_source_kind(c, registry, cited_primary, parents.get(c.iri, frozenset()))
        claims_by_best[best] += 1
        usd = c.amount.value if c.amount is not None else None
        weighed.append(
            WeakClaim(
                iri=c.iri,
                name=c.name,
                status=c.status,
                usd=usd,
                best=best,
                hosts=tuple(sorted({host_of(url) for url in c.sources} - {""})),
            )
        )
    weighed.sort(key=lambda w: (-row_rank(w.best), -(w.usd or 0.0), w.iri))
    return SourceReport(
        sources_by_kind=sources_by_kind,
        publishers_by_kind=publishers_by_kind,
        unknown_hosts=dict(sorted(unknown.items(), key=lambda kv: (-kv[1], kv[0]))),
        mirror_sources=tuple(sorted(mirrors)),
        claims_by_best_kind=claims_by_best,
        weakest=tuple(weighed[:limit]),
    )
