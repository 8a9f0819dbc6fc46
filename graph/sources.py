"""Who published each source: the publisher registry, canonical URLs, and how claims rest on them.

The registry (``ontology/publishers.ttl``) maps hosts to publishers with a kind:
a company's own channel, a regulator or filing, a wire or major outlet, trade
press, a blog or newsletter, an aggregator. A host not in the registry is
*unknown*. It also lists mirror and look-alike hosts, which no source may cite.

Examples
--------
>>> canonical_url("https://www.example.com:443/a/b?utm_source=x&id=7#:~:text=hi")
'https://www.example.com/a/b?id=7'
>>> canonical_url("http://learn.microsoft.com./en-us/azure/")
'http://learn.microsoft.com/en-us/azure/'
>>> canonical_url("http://developer.aliyun.com:443/article/1?id=news%2Fx&ref=a")
'https://developer.aliyun.com/article/1?id=news%2Fx'
>>> host_of("https://News.Example.org:8443/x")
'news.example.org'
>>> registry = Registry.from_graph(rdflib.Graph().parse(data='''
... @prefix aikg: <https://w3id.org/aikg/ontology#> .
... @prefix schema: <https://schema.org/> .
... <https://w3id.org/aikg/publisher/reuters> a aikg:Publisher ; schema:name "Reuters" ;
...     aikg:publisherKind aikg:WireOrMajorOutlet ; aikg:host "reuters.com" .
... [] a aikg:MirrorHost ; aikg:host "reuters.mirror.example" ; aikg:canonicalHost "reuters.com" .
... ''', format="turtle"))
>>> registry.publisher_of("https://www.reuters.com/technology/x").name
'Reuters'
>>> registry.publisher_of("https://blog.example.net/x") is None
True
>>> registry.mirror_of("https://reuters.mirror.example/x")
'reuters.com'
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import unquote_plus, urlsplit, urlunsplit

import pyoxigraph as ox
import rdflib
from rdflib.term import Node

from graph.claims import CLAIM_LINKS, Claim, ClaimData, read_claims
from graph.validate import Problem, short_name
from graph.vocab import AIKG, SCHEMA

__all__ = [
    "KIND_ORDER",
    "MIN_SOURCE_LEVELS",
    "STRONG_KINDS",
    "STRONG_ROWS",
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
    "source_mix",
    "source_report",
    "url_problems",
]

#: Publisher kinds from strongest to weakest evidence; ``Unknown`` is a host not in the registry.
KIND_ORDER: tuple[str, ...] = (
    "CompanyChannel",
    "RegulatorOrFiling",
    "WireOrMajorOutlet",
    "TradePress",
    "BlogOrNewsletter",
    "Aggregator",
    "Unknown",
)
#: Kinds that can back a Confirmed claim (a company channel only for its own deals).
STRONG_KINDS = frozenset({"CompanyChannel", "RegulatorOrFiling", "WireOrMajorOutlet"})
_LABELS = {
    "CompanyChannel": "company's own channel",
    "RegulatorOrFiling": "regulator or filing",
    "WireOrMajorOutlet": "wire or major outlet",
    "TradePress": "trade press",
    "BlogOrNewsletter": "blog or newsletter",
    "Aggregator": "aggregator",
    "Unknown": "unknown host",
}
#: Query parameters that only track the reader (removed from canonical URLs).
TRACKING_PARAMS = frozenset(
    {
        "fbclid", "gclid", "dclid", "msclkid", "mc_cid", "mc_eid", "igshid", "yclid",
        "ns_mchannel", "ns_campaign", "ns_source", "ns_linkname", "ns_fee", "ito",
        "ref", "ref_src", "ref_url", "cmpid", "ocid", "smid", "sr_share", "spm",
        "guccounter", "guce_referrer", "guce_referrer_sig", "mod", "share", "amp",
    }
)  # fmt: skip
_DEFAULT_PORTS = {"http": 80, "https": 443}


def kind_label(kind: str) -> str:
    """Return the words for a publisher kind (``WireOrMajorOutlet`` -> ``wire or major outlet``)."""
    return _LABELS.get(kind, kind)


def host_of(url: str) -> str:
    """Return the lower-case host of ``url`` without port or trailing dot ('' if none)."""
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        return ""
    return host.rstrip(".").lower()


def canonical_url(url: str) -> str:
    """Return ``url`` without tracking parameters, default port, trailing host dot or text fragment.

    The path, the other query parameters (in their order) and ordinary fragments are
    kept; scheme and host are lower-cased.
    """
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return url
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS:
        return url
    if scheme == "http" and port == _DEFAULT_PORTS["https"]:
        scheme = "https"  # http on port 443 is https written wrongly
    host = host_of(url)
    netloc = host if port is None or _DEFAULT_PORTS.get(scheme) == port else f"{host}:{port}"
    if parts.username or parts.password:
        netloc = parts.netloc.rsplit("@", 1)[0] + "@" + netloc
    # filter the raw pairs, so the parameters kept stay byte for byte as written
    kept = [
        pair
        for pair in parts.query.split("&")
        if pair and not _tracking(unquote_plus(pair.split("=", 1)[0]).lower())
    ]
    fragment = "" if parts.fragment.startswith(":~:") else parts.fragment
    return urlunsplit((scheme, netloc, parts.path, "&".join(kept), fragment))


def _tracking(key: str) -> bool:
    return key.startswith("utm_") or key in TRACKING_PARAMS


@dataclass(frozen=True)
class Publisher:
    """A publisher of the registry."""

    iri: str
    name: str
    kind: str
    country: str | None
    organization: str | None
    hosts: tuple[str, ...]


_PUBLISHERS_QUERY = """
SELECT ?p ?name ?kind ?country ?org ?host WHERE {
  ?p a <https://w3id.org/aikg/ontology#Publisher> .
  OPTIONAL { ?p <https://schema.org/name> ?name }
  OPTIONAL { ?p <https://w3id.org/aikg/ontology#publisherKind> ?kind }
  OPTIONAL { ?p <https://w3id.org/aikg/ontology#countryCode> ?country }
  OPTIONAL { ?p <https://w3id.org/aikg/ontology#publisherOrganization> ?org }
  OPTIONAL { ?p <https://w3id.org/aikg/ontology#host> ?host }
}"""
_MIRRORS_QUERY = """
SELECT ?host ?canonical WHERE {
  ?m a <https://w3id.org/aikg/ontology#MirrorHost> ;
     <https://w3id.org/aikg/ontology#host> ?host ;
     <https://w3id.org/aikg/ontology#canonicalHost> ?canonical .
}"""


class Registry:
    """Hosts -> publishers, and mirror hosts -> the canonical host."""

    def __init__(self, publishers: Iterable[Publisher], mirrors: dict[str, str]) -> None:
        self.publishers = tuple(publishers)
        self.by_host = {h: p for p in self.publishers for h in p.hosts}
        self.mirrors = dict(mirrors)

    @classmethod
    def from_graph(cls, g: rdflib.Graph | ox.Store) -> Registry:
        """Read the registry's publishers and mirrors from ``g``.

        Two SELECT queries, so that a remote store answers too (no blank node is sent
        back to it); on Oxigraph they run in the engine, with no rdflib terms.
        """
        rows: dict[str, dict[str, object]] = {}
        for node, name, kind, country, org, host in _select(g, _PUBLISHERS_QUERY):
            assert node is not None
            entry = rows.setdefault(
                node, {"name": name or node, "kind": kind, "country": country, "org": org,
                       "hosts": set()}
            )  # fmt: skip
            if host is not None:
                entry["hosts"].add(host.lower())  # type: ignore[attr-defined]
        publishers = [
            Publisher(
                iri=node,
                name=str(e["name"]),
                kind=str(e["kind"]).rsplit("#", 1)[-1] if e["kind"] is not None else "Unknown",
                country=e["country"],  # type: ignore[arg-type]
                organization=e["org"],  # type: ignore[arg-type]
                hosts=tuple(sorted(e["hosts"])),  # type: ignore[call-overload]
            )
            for node, e in sorted(rows.items())
        ]
        mirrors: dict[str, str] = {}
        for host, canonical in _select(g, _MIRRORS_QUERY):
            mirrors[str(host).lower()] = str(canonical).lower()
        return cls(publishers, mirrors)

    def _lookup(self, host: str) -> Iterator[str]:
        """Yield the host, then each parent domain (``a.b.c`` -> ``b.c``), never a bare TLD."""
        labels = host.split(".")
        for i in range(len(labels) - 1):
            yield ".".join(labels[i:])

    def publisher_of(self, url: str) -> Publisher | None:
        """Return the publisher of ``url`` (by its host or a parent domain), or None."""
        for candidate in self._lookup(host_of(url)):
            if candidate in self.by_host:
                return self.by_host[candidate]
        return None

    def mirror_of(self, url: str) -> str | None:
        """Return the canonical host when ``url`` is on a mirror host, else None."""
        for candidate in self._lookup(host_of(url)):
            if candidate in self.mirrors:
                return self.mirrors[candidate]
        return None

    def kind_of(self, url: str) -> str:
        """Return the kind of the publisher of ``url`` (``Unknown`` if not in the registry)."""
        publisher = self.publisher_of(url)
        return publisher.kind if publisher else "Unknown"


#: Claim kinds whose evidence the report weighs (deals, their parts, observations).
WEIGHED_KINDS = frozenset(
    {
        "EquityInvestment", "ComputeAgreement", "ChipSupplyAgreement", "HostingAgreement",
        "Acquisition", "Partnership", "JointVenture", "SpendCommitment", "CapacityCommitment",
        "Tranche", "ExclusivityClause", "Observation",
    }
)  # fmt: skip
_SOURCES_QUERY = """
SELECT ?s ?url ?primary WHERE {
  ?s a <https://w3id.org/aikg/ontology#Source> ; <https://schema.org/url> ?url .
  OPTIONAL { ?s <https://w3id.org/aikg/ontology#citesPrimary> ?primary }
}"""


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


#: Best-kind rows of the claims table; a company channel counts only for its own deals.
CLAIM_ROWS: tuple[str, ...] = (
    "CompanyChannel",
    "RegulatorOrFiling",
    "WireOrMajorOutlet",
    "CitesPrimary",
    "TradePress",
    "CompanyChannelOfOther",
    "BlogOrNewsletter",
    "Aggregator",
    "Unknown",
)
#: Best-kind rows that make a claim strongly sourced.
STRONG_ROWS = frozenset(
    {"CompanyChannel", "RegulatorOrFiling", "WireOrMajorOutlet", "CitesPrimary"}
)


def _rank(kind: str) -> int:
    return CLAIM_ROWS.index(kind) if kind in CLAIM_ROWS else len(CLAIM_ROWS)


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
    for row in kg.query(_SOURCES_QUERY):
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
    weighed.sort(key=lambda w: (-_rank(w.best), -(w.usd or 0.0), w.iri))
    return SourceReport(
        sources_by_kind=sources_by_kind,
        publishers_by_kind=publishers_by_kind,
        unknown_hosts=dict(sorted(unknown.items(), key=lambda kv: (-kv[1], kv[0]))),
        mirror_sources=tuple(sorted(mirrors)),
        claims_by_best_kind=claims_by_best,
        weakest=tuple(weighed[:limit]),
    )


@lru_cache(maxsize=1)
def shipped_registry() -> Registry:
    """Return the registry of ``ontology/publishers.ttl`` (empty if the file is missing)."""
    from graph.resources import publishers_file  # noqa: PLC0415

    path = publishers_file()
    if not path.is_file():
        return Registry((), {})
    store = ox.Store()
    store.bulk_load(path=str(path), format=ox.RdfFormat.TURTLE)
    return Registry.from_graph(store)


def _select(g: rdflib.Graph | ox.Store, query: str) -> Iterator[tuple[str | None, ...]]:
    """Yield the rows of a SELECT as plain strings (``None`` for unbound)."""
    inner = g if isinstance(g, ox.Store) else getattr(g.store, "_inner", None)
    if isinstance(inner, ox.Store):
        solutions = inner.query(query)
        assert isinstance(solutions, ox.QuerySolutions)
        width = len(solutions.variables)
        for solution in solutions:
            yield tuple(None if solution[i] is None else solution[i].value for i in range(width))
        return
    assert isinstance(g, rdflib.Graph)
    for row in g.query(query):
        yield tuple(None if v is None else str(v) for v in row)  # type: ignore[union-attr]


def url_problems(
    store: ox.Store,
    origins: Mapping[Node, frozenset[str]] | None = None,
    *,
    registry: Registry | None = None,
) -> list[Problem]:
    """Return a violation for each source URL on a mirror host or not in canonical form.

    Parameters
    ----------
    store : pyoxigraph.Store
        The data being built or validated.
    origins : mapping, optional
        Subject node -> files that state it, to name files in the report.
    registry : Registry, optional
        Defaults to :func:`shipped_registry`.
    """
    registry = registry if registry is not None else shipped_registry()
    origins = origins or {}
    problems = []
    query = "SELECT ?s ?url WHERE { ?s a <%s> ; <%s> ?url }" % (AIKG.Source, SCHEMA.url)  # noqa: UP031
    for row in store.query(query):  # type: ignore[union-attr]
        source, url = row["s"], row["url"].value
        node = rdflib.URIRef(source.value) if isinstance(source, ox.NamedNode) else rdflib.BNode()
        files = tuple(sorted(origins.get(node, frozenset())))
        name = short_name(node)
        canonical_host = registry.mirror_of(url)
        if canonical_host:
            problems.append(
                Problem(
                    "Violation", name, "schema:url",
                    f"{host_of(url)} is a mirror of {canonical_host}: cite the page on "
                    f"{canonical_host} (or its publisher's own site) instead",
                    value=url, files=files,
                )
            )  # fmt: skip
        canonical = canonical_url(url)
        if canonical != url and not url.startswith("urn:"):
            problems.append(
                Problem(
                    "Violation", name, "schema:url",
                    f"the URL is not in canonical form (tracking parameters, default port or a "
                    f"trailing dot in the host): use <{canonical}>",
                    value=url, files=files,
                )
            )  # fmt: skip
    return problems


#: ``--min-source`` levels -> the best-source rows a claim may have to be kept.
MIN_SOURCE_LEVELS: dict[str, frozenset[str]] = {
    "strong": frozenset(STRONG_ROWS),
    "trade-press": frozenset(STRONG_ROWS | {"TradePress", "CompanyChannelOfOther"}),
    "blog": frozenset(STRONG_ROWS | {"TradePress", "CompanyChannelOfOther", "BlogOrNewsletter"}),
    "aggregator": frozenset(CLAIM_ROWS) - {"Unknown"},
    "any": frozenset(CLAIM_ROWS),
}


#: Links from a deal to its own parts, whose parties are the deal's.
_PART_LINKS = ("tranche", "commitment", "clause")


def parent_parties(data: ClaimData) -> dict[str, frozenset[str]]:
    """Return, for each tranche, commitment or clause, the parties of the deals it belongs to.

    The same rule as the shapes' ``StatusFollowsSourceShape``: a party's own channel
    backs the parts of that party's deal.
    """
    out: dict[str, set[str]] = {}
    for c in data.claims.values():
        parties = {p for role, ps in c.parties.items() if role not in CLAIM_LINKS for p in ps}
        for link in _PART_LINKS:
            for part in c.party(link):
                out.setdefault(part, set()).update(parties)
    return {iri: frozenset(ps) for iri, ps in out.items()}


def best_source_kind(
    claim: Claim,
    registry: Registry,
    primary: frozenset[str] = frozenset(),
    parent_parties: frozenset[str] = frozenset(),
) -> str:
    """Return the best row of :data:`CLAIM_ROWS` among the claim's sources.

    A company's own channel counts as ``CompanyChannel`` only when that company is a
    party to the claim or, for a tranche, commitment or clause, to the deal it belongs to
    (``parent_parties``, see :func:`parent_parties`); a source URL in ``primary`` (it
    names its primary) counts as ``CitesPrimary`` unless its publisher ranks higher.
    """
    parties = {p for members in claim.parties.values() for p in members} | parent_parties
    best = "Unknown"
    for url in claim.sources:
        publisher = registry.publisher_of(url)
        kind = publisher.kind if publisher else "Unknown"
        if kind == "CompanyChannel" and publisher and publisher.organization not in parties:
            kind = "CompanyChannelOfOther"
        if url in primary and _rank("CitesPrimary") < _rank(kind):
            kind = "CitesPrimary"
        best = kind if _rank(kind) < _rank(best) else best
    return best


#: Short words for the best-kind rows, for table cells ("2 wire/major · 1 trade press").
SHORT_ROW_LABELS: dict[str, str] = {
    "CompanyChannel": "party",
    "RegulatorOrFiling": "filing",
    "WireOrMajorOutlet": "wire/major",
    "CitesPrimary": "cites primary",
    "TradePress": "trade press",
    "CompanyChannelOfOther": "other company",
    "BlogOrNewsletter": "blog",
    "Aggregator": "aggregator",
    "Unknown": "unknown",
}


def cited_primary(kg: rdflib.Graph) -> frozenset[str]:
    """Return the URLs of the sources in ``kg`` that name their primary (``aikg:citesPrimary``)."""
    return frozenset(str(row[1]) for row in kg.query(_SOURCES_QUERY) if row[2] is not None)  # type: ignore[index]


def claim_source_kinds(
    data: ClaimData, registry: Registry, primary: frozenset[str] = frozenset()
) -> dict[str, str]:
    """Return the best row of :data:`CLAIM_ROWS` of every claim in ``data`` (by IRI)."""
    parents = parent_parties(data)
    return {
        iri: best_source_kind(c, registry, primary, parents.get(iri, frozenset()))
        for iri, c in data.claims.items()
    }


def source_mix(claims: Iterable[str], kinds: Mapping[str, str]) -> str:
    """Say how many of ``claims`` rest on each best kind of source, strongest first.

    Examples
    --------
    >>> source_mix(["a", "b", "c", "x"], {"a": "Aggregator", "b": "WireOrMajorOutlet",
    ...                                   "c": "WireOrMajorOutlet"})
    '2 wire/major · 1 aggregator'
    """
    counts: dict[str, int] = {}
    for iri in dict.fromkeys(claims):
        kind = kinds.get(iri)
        if kind is not None:
            counts[kind] = counts.get(kind, 0) + 1
    return " · ".join(f"{counts[k]} {SHORT_ROW_LABELS[k]}" for k in CLAIM_ROWS if counts.get(k))


def by_publisher(urls: Iterable[str], registry: Registry) -> list[tuple[str, str, tuple[str, ...]]]:
    """Group source URLs by publisher: ``(name, kind, urls)``, strongest kind first.

    A URL whose host is in no registry entry is grouped under its host, kind ``Unknown``.
    """
    groups: dict[tuple[str, str], list[str]] = {}
    for url in dict.fromkeys(urls):
        publisher = registry.publisher_of(url)
        key = (publisher.name, publisher.kind) if publisher else (host_of(url) or url, "Unknown")
        groups.setdefault(key, []).append(url)
    order = {k: i for i, k in enumerate(KIND_ORDER)}
    return [
        (name, kind, tuple(sorted(found)))
        for (name, kind), found in sorted(
            groups.items(), key=lambda kv: (order.get(kv[0][1], 99), -len(kv[1]), kv[0][0])
        )
    ]


def restrict_to_sources(
    data: ClaimData,
    level: str,
    registry: Registry | None = None,
    primary: frozenset[str] = frozenset(),
) -> ClaimData:
    """Return ``data`` keeping only the claims whose best source reaches ``level``.

    Parameters
    ----------
    data : ClaimData
        From :func:`graph.claims.read_claims`.
    level : str
        A key of :data:`MIN_SOURCE_LEVELS`: ``strong`` (a party, a filing, a wire or
        major outlet, or a page citing the primary), ``trade-press``, ``blog``,
        ``aggregator`` or ``any``.
    registry : Registry, optional
        Defaults to :func:`shipped_registry`.
    primary : frozenset of str
        URLs of the sources that name their primary (:func:`cited_primary` of the graph).

    Raises
    ------
    ValueError
        For an unknown level.
    """
    if level not in MIN_SOURCE_LEVELS:
        raise ValueError(f"unknown source level {level!r}; known: {', '.join(MIN_SOURCE_LEVELS)}")
    registry = registry if registry is not None else shipped_registry()
    allowed = MIN_SOURCE_LEVELS[level]
    kinds = claim_source_kinds(data, registry, primary)
    kept = {iri: c for iri, c in data.claims.items() if kinds[iri] in allowed}
    return dataclasses.replace(data, claims=kept)
