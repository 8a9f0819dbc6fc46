"""Who published each source: the publisher registry and the kinds of publisher.

The registry (``ontology/publishers.ttl``) maps hosts to publishers with a kind:
a company's own channel, a regulator or filing, a wire or major outlet, trade
press, a blog or newsletter, an aggregator. A host not in the registry is
*unknown*. It also lists mirror and look-alike hosts, which no source may cite.

Examples
--------
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
>>> for row in by_publisher(["https://reuters.com/a", "https://blog.example.net/x"], registry):
...     print(row)
('Reuters', 'WireOrMajorOutlet', ('https://reuters.com/a',))
('blog.example.net', 'Unknown', ('https://blog.example.net/x',))
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

import pyoxigraph as ox
import rdflib

from graph.oxquery import select_values
from graph.source_urls import host_of

__all__ = [
    "KIND_ORDER",
    "STRONG_KINDS",
    "Publisher",
    "Registry",
    "by_publisher",
    "kind_label",
    "shipped_registry",
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


def kind_label(kind: str) -> str:
    """Return the words for a publisher kind (``WireOrMajorOutlet`` -> ``wire or major outlet``)."""
    return _LABELS.get(kind, kind)


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
        yield from map(tuple, select_values(inner, query))
        return
    assert isinstance(g, rdflib.Graph)
    for row in g.query(query):
        yield tuple(None if v is None else str(v) for v in row)  # type: ignore[union-attr]


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
