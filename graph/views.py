"""networkx views of the graph, built from IRIs (never literals as nodes).

Three views, each filtered ``as_of`` a date (claims announced on or before it
and not ended before it; undated claims always count):

- :func:`money_flow` — ``MultiDiGraph``: equity investor -> investee,
  spending and capacity obligor -> provider, chip buyer -> supplier,
  acquirer -> target. Each edge carries its claim, kind, amount (USD, with
  bound), GW, date, status and sources.
- :func:`binding` — ``MultiGraph`` between model companies and compute
  providers, one edge per binding layer and piece of evidence.
- :func:`availability` — bipartite ``Graph``: model family <-> platform.

Construction is deterministic: nodes and edges are added in sorted order.

Examples
--------
>>> import networkx as nx
>>> from graph.build import build
>>> data = read_claims(build("memory").graph)
>>> g = money_flow(data, as_of="2026-04-30")
>>> from graph.ids import entity_iri
>>> amazon, anthropic = entity_iri("amazon"), entity_iri("anthropic")
>>> sorted({d["kind"] for _, _, d in g.edges(data=True)})
['acquisition', 'capacity', 'equity', 'purchase', 'spend']
>>> g.has_edge(amazon, anthropic) and g.has_edge(anthropic, amazon)
True
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import TypeVar

import networkx as nx

from graph.amounts import Amount
from graph.claims import Claim, ClaimData, Participation, read_claims
from graph.counting import counted, usable_claims
from graph.dates import parse_date
from graph.memo import remembered_frozen, remembered_graph

__all__ = [
    "LAYERS",
    "PROVIDER_ROLES",
    "Layer",
    "availability",
    "binding",
    "binding_evidence",
    "money_flow",
    "read_claims",
]


@dataclass(frozen=True)
class Layer:
    """A binding layer (its weight comes from the ontology; see :mod:`graph.metrics.binding`)."""

    number: int
    key: str
    label: str


LAYERS = (
    Layer(1, "distribution", "distribution"),
    Layer(2, "compute_use", "compute use"),
    Layer(3, "spend_commitment", "spend commitment"),
    Layer(4, "custom_silicon", "custom silicon"),
    Layer(5, "equity", "equity"),
    Layer(6, "priority", "priority / exclusivity"),
)

_MONEY_KINDS = {
    "EquityInvestment": "equity",
    "SpendCommitment": "spend",
    "CapacityCommitment": "capacity",
    "ChipSupplyAgreement": "purchase",
    "ComputeAgreement": "purchase",
    "Acquisition": "acquisition",
    "JointVenture": "venture",
}


def _add_nodes(g: nx.Graph, data: ClaimData, iris: set[str]) -> None:
    for iri in sorted(iris):
        e = data.entities.get(iri)
        g.add_node(
            iri,
            name=data.name(iri),
            kind=e.kind if e else "Unknown",
            country=(e.country or "") if e else "",
            roles=",".join(e.roles) if e else "",
        )


def _edge_attrs(c: Claim, kind: str) -> dict[str, object]:
    return {
        "claim": c.iri,
        "kind": kind,
        "amount": c.amount,
        "gw": c.capacity_gw,
        "date": c.date,
        "status": c.status,
        "sources": c.sources,
        "name": c.name,
    }


def _carries_commitments(c: Claim) -> bool:
    return bool(c.party("commitment"))


def _released_by(cl: Claim, data: ClaimData, day: date | None) -> bool:
    """Tell whether an offering can exist yet: never before its family's first release."""
    if day is None or cl.date is not None:
        return True
    for family in cl.party("modelFamily"):
        fam = data.entities.get(family)
        if fam is not None and fam.released is not None and fam.released > day:
            return False
    return True


_G = TypeVar("_G", bound=nx.Graph)


def _shared(
    name: str,
    build: Callable[[ClaimData, date | None, bool], _G],
    data: ClaimData,
    as_of: str | date | None,
    include_disputed: bool,
) -> _G:
    """Build a view, or hand out the one built already in this export (:mod:`graph.memo`)."""
    day = parse_date(as_of)
    return remembered_graph(
        name, data, (day, include_disputed), lambda: build(data, day, include_disputed)
    )


def money_flow(
    data: ClaimData, as_of: str | date | None = None, *, include_disputed: bool = False
) -> nx.MultiDiGraph:
    """Money (and capacity) flows between organisations.

    Parameters
    ----------
    data : ClaimData
        From :func:`read_claims`.
    as_of : date or str, optional
        Keep only claims in force on that date.
    include_disputed : bool
        Disputed claims (two sources disagree; see ``aikg:conflictsWith``) are
        left out unless this is true, so a contested figure is never added to
        the one it contradicts.

    Returns
    -------
    networkx.MultiDiGraph
        Nodes are organisation IRIs; an edge ``u -> v`` with key = claim IRI
        means money goes from ``u`` to ``v``. Edge ``amount`` is an
        :class:`~graph.amounts.Amount` (USD) or ``None``. Each fact counts once
        (:func:`graph.counting.counted`: no restatement, part or superseded
        letter of intent beside what it repeats; talks and letters of intent only
        when ``data`` counts those stages). An investor is credited with its own
        amount where its participation states one; otherwise, with several
        payers on one deal, or one investor recorded as the round's lead (others
        took part), its share is unknown and the edge says ``<=`` the total.
        A joint venture adds an edge partner -> venture only for a partner's
        stated contribution (a plan's headline size is nobody's payment). A
        purchase deal that carries commitments adds no edge of its own (its
        commitments do), so money is not counted twice.
    """
    return _shared("money_flow", _money_flow, data, as_of, include_disputed)


_Edges = list[tuple[str, str, str, dict[str, object]]]


def _all_money_edges(data: ClaimData) -> list[tuple[str, _Edges]]:
    """Every money claim's edges whatever the date, in claim order (kept on ``data``).

    Which claims count depends on the date; what edges a claim makes does not, so the
    views of a series of dates only pick from these (the edge attributes are copied
    into each graph, never shared).
    """

    def compute() -> list[tuple[str, _Edges]]:
        out: list[tuple[str, _Edges]] = []
        for iri in sorted(data.claims):
            c = data.claims[iri]
            kind = _MONEY_KINDS.get(c.kind)
            if kind is None or (kind == "purchase" and _carries_commitments(c)):
                continue
            out.append((iri, [(u, v, iri, attrs) for u, v, attrs in _money_edges(c, kind)]))
        return out

    return data.derived("money edges", compute)


def _money_flow(data: ClaimData, day: date | None, include_disputed: bool) -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    edges: _Edges = []
    add = counted(data, day, include_disputed=include_disputed)
    for iri, made in _all_money_edges(data):
        if iri in add:
            edges.extend(made)
    _add_nodes(g, data, {u for u, *_ in edges} | {v for _, v, *_ in edges})
    for u, v, key, attrs in edges:
        g.add_edge(u, v, key=key, **attrs)
    return g


def _led(p: Participation | None) -> bool:
    """Tell whether a participation led the round: others paid part of it too."""
    return p is not None and p.role in {"Lead", "CoLead"}


def _money_edges(c: Claim, kind: str) -> Iterator[tuple[str, str, dict[str, object]]]:
    """Payer -> payee edges of one counted claim, each crediting what that payer paid."""
    if c.kind == "JointVenture":
        for p in c.participations:
            for v in c.party("venture"):
                if p.amount is not None and p.participant != v:
                    attrs = _edge_attrs(c, kind)
                    attrs["amount"] = p.amount
                    yield p.participant, v, attrs
        return
    if c.kind == "EquityInvestment":
        payers, payees = c.party("investor"), c.party("investee")
    elif c.kind == "Acquisition":
        payers, payees = c.party("acquirer"), c.party("target")
    else:
        payers, payees = c.party("customer"), c.party("provider")
    share = len(payers) * len(payees)
    for u in payers:
        own = c.participation(u)
        for v in payees:
            if u == v:
                continue
            attrs = _edge_attrs(c, kind)
            if own is not None and own.amount is not None and len(payees) == 1:
                attrs["amount"] = own.amount
            elif c.amount is not None and (share > 1 or _led(own)):
                attrs["amount"] = Amount(c.amount.value, "<=")
                attrs["shared_by"] = share
            yield u, v, attrs


#: Roles that make an organisation a compute provider in the binding view.
PROVIDER_ROLES = frozenset(
    {"CloudProvider", "NeoCloud", "ChipDesigner", "DataCenterOperator", "InferenceHost"}
)


def _model_companies(data: ClaimData) -> frozenset[str]:
    # every entity is scanned: inside an export, once per claims object (graph.memo)
    return remembered_frozen(
        "model_companies",
        data,
        (),
        lambda: frozenset(iri for iri, e in data.entities.items() if "ModelDeveloper" in e.roles),
    )


def _providers(data: ClaimData) -> frozenset[str]:
    return remembered_frozen(
        "providers",
        data,
        (),
        lambda: frozenset(iri for iri, e in data.entities.items() if PROVIDER_ROLES & set(e.roles)),
    )


_Evidence = Iterator[tuple[str, str, int]]


def _designs_a_chip(cl: Claim, data: ClaimData, provider: str) -> bool:
    return any(
        (e := data.entities.get(chip)) is not None and e.designer == provider
        for chip in cl.party("chip")
    )


def _offering(cl: Claim, data: ClaimData) -> _Evidence:
    for platform in cl.party("platform"):
        plat = data.entities.get(platform)
        operator = plat.operator if plat is not None else None
        for family in cl.party("modelFamily"):
            fam = data.entities.get(family)
            if operator and fam is not None and fam.developer:
                yield fam.developer, operator, 1


def _hosting(cl: Claim, _data: ClaimData) -> _Evidence:
    for m in cl.party("partner"):
        for c in cl.party("provider"):
            yield m, c, 1


def _compute_use(cl: Claim, data: ClaimData) -> _Evidence:
    sellers = set(cl.party("provider"))
    for facility in cl.party("facility"):
        fac = data.entities.get(facility)
        if fac is not None and fac.operator:
            sellers.add(fac.operator)
    bought = cl.kind == "ComputeAgreement" and (cl.amount is not None or _carries_commitments(cl))
    for m in cl.party("user") or cl.party("customer"):
        for c in sorted(sellers):
            yield m, c, 2
            if bought:
                yield m, c, 3
            if _designs_a_chip(cl, data, c):
                yield m, c, 4


def _commitment(cl: Claim, data: ClaimData) -> _Evidence:
    for m in cl.party("customer"):
        for c in cl.party("provider"):
            yield m, c, 3
            if _designs_a_chip(cl, data, c):
                yield m, c, 4


def _equity(cl: Claim, _data: ClaimData) -> _Evidence:
    for c in cl.party("investor"):
        for m in cl.party("investee"):
            yield m, c, 5


def _stake(cl: Claim, _data: ClaimData) -> _Evidence:
    if cl.subkind == "StakeHeld":
        for c in cl.party("holder"):
            for m in cl.party("subject"):
                yield m, c, 5


def _clause(cl: Claim, _data: ClaimData) -> _Evidence:
    for c in cl.party("favours"):
        for m in cl.party("boundParty"):
            yield m, c, 6


_EVIDENCE: dict[str, Callable[[Claim, ClaimData], _Evidence]] = {
    "ModelOffering": _offering,
    "HostingAgreement": _hosting,
    "ComputeUsage": _compute_use,
    "ComputeAgreement": _compute_use,
    "SpendCommitment": _commitment,
    "CapacityCommitment": _commitment,
    "ChipSupplyAgreement": _commitment,
    "EquityInvestment": _equity,
    "Observation": _stake,
    "ExclusivityClause": _clause,
}


def binding(
    data: ClaimData, as_of: str | date | None = None, *, include_disputed: bool = False
) -> nx.MultiGraph:
    """Binding evidence between model companies and compute providers.

    A model company has role ``ModelDeveloper``; a compute provider one of
    :data:`PROVIDER_ROLES` (cloud, neocloud, chip designer, data-center
    operator, inference host). A company with both roles (Google) is a provider
    to others; its bond to itself is not counted. The graph is undirected: use
    the edge attributes ``model_company`` and ``provider`` for the direction.
    Disputed claims are left out unless ``include_disputed``.

    One edge per (model company, provider, layer, claim), key ``"layer:claim"``,
    with attributes ``layer`` (1-6), ``layer_key``, ``claim``, ``date``, ``status``.

    Layers (DESIGN §4): 1 distribution (a model family of M offered on a
    platform C operates), 2 compute use (M uses C's compute or facility, or buys
    compute from C), 3 spend commitment (M commits money or capacity to C),
    4 custom silicon (such a commitment, usage or purchase names a chip C
    designs), 5 equity (C invests in or holds a stake in M), 6 priority (an
    exclusive, primary, preferred or first-refusal clause favours C over M).
    """
    return _shared("binding", _binding, data, as_of, include_disputed)


def _all_evidence(data: ClaimData) -> list[tuple[Claim, list[tuple[str, str, int]]]]:
    """Every claim's binding evidence whatever the date, in claim order (kept on ``data``).

    Only claims with evidence between a model company and another provider are kept.
    """

    def compute() -> list[tuple[Claim, list[tuple[str, str, int]]]]:
        models = _model_companies(data)
        providers = _providers(data)
        out: list[tuple[Claim, list[tuple[str, str, int]]]] = []
        for iri in sorted(data.claims):
            cl = data.claims[iri]
            evidence = _EVIDENCE.get(cl.kind)
            if evidence is None:
                continue
            found = [
                (m, c, layer)
                for m, c, layer in evidence(cl, data)
                if m in models and c in providers and c != m
            ]
            if found:
                out.append((cl, found))
        return out

    return data.derived("binding evidence", compute)


def binding_evidence(
    data: ClaimData, as_of: str | date | None = None, *, include_disputed: bool = False
) -> list[tuple[str, str, int, Claim]]:
    """Return the binding evidence of :func:`binding` as a list, without the graph.

    One ``(model company, provider, layer, claim)`` per piece of evidence, in claim
    order; a piece the graph would hold twice (the same layer and claim between the
    same two organisations, once each way) is listed twice.

    Examples
    --------
    A cloud invests in a lab (layer 5, equity) and the lab commits spending to it
    (layer 3):

    >>> from graph.claims import Claim, ClaimData, Entity
    >>> data = ClaimData(
    ...     {"cloud": Entity("cloud", "Company", "Cloud", roles=("CloudProvider",)),
    ...      "lab": Entity("lab", "Company", "Lab", roles=("ModelDeveloper",))},
    ...     {"eq": Claim("eq", "EquityInvestment", "Confirmed",
    ...                  parties={"investor": ("cloud",), "investee": ("lab",)}),
    ...      "sp": Claim("sp", "SpendCommitment", "Confirmed",
    ...                  parties={"customer": ("lab",), "provider": ("cloud",)})})
    >>> [(m, c, layer, cl.iri) for m, c, layer, cl in binding_evidence(data)]
    [('lab', 'cloud', 5, 'eq'), ('lab', 'cloud', 3, 'sp')]
    """
    day = parse_date(as_of)
    ok = usable_claims(data, day, include_disputed)
    edges: list[tuple[str, str, int, Claim]] = []
    for cl, found in _all_evidence(data):
        if cl.iri not in ok or not _released_by(cl, data, day):
            continue
        edges.extend((m, c, layer, cl) for m, c, layer in found)
    return edges


def _binding(data: ClaimData, day: date | None, include_disputed: bool) -> nx.MultiGraph:
    edges = binding_evidence(data, day, include_disputed=include_disputed)
    g = nx.MultiGraph()
    _add_nodes(g, data, {m for m, *_ in edges} | {c for _, c, *_ in edges})
    for m, c, layer, cl in edges:
        g.add_edge(
            m,
            c,
            key=f"{layer}:{cl.iri}",
            layer=layer,
            layer_key=LAYERS[layer - 1].key,
            claim=cl.iri,
            date=cl.date,
            status=cl.status,
            model_company=m,
            provider=c,
        )
    return g


def availability(
    data: ClaimData, as_of: str | date | None = None, *, include_disputed: bool = False
) -> nx.Graph:
    """Which platform offers which model family (bipartite).

    Nodes have ``bipartite`` 0 (families) or 1 (platforms) and, for platforms,
    ``operator``; edges list the offering claims and whether the platform's
    operator also develops the family (``first_party``). Disputed offerings are
    left out unless ``include_disputed``.
    """
    return _shared("availability", _availability, data, as_of, include_disputed)


def _all_offers(data: ClaimData) -> list[tuple[Claim, list[tuple[str, str]]]]:
    """Every offering's (family, platform) pairs whatever the date, in claim order (kept)."""

    def compute() -> list[tuple[Claim, list[tuple[str, str]]]]:
        out: list[tuple[Claim, list[tuple[str, str]]]] = []
        for iri in sorted(data.claims):
            cl = data.claims[iri]
            if cl.kind not in {"ModelOffering", "HostingAgreement"}:
                continue
            found = [(f, p) for f in cl.party("modelFamily") for p in cl.party("platform")]
            if found:
                out.append((cl, found))
        return out

    return data.derived("offers", compute)


def _availability(data: ClaimData, day: date | None, include_disputed: bool) -> nx.Graph:
    g = nx.Graph()
    pairs: dict[tuple[str, str], list[Claim]] = {}
    ok = usable_claims(data, day, include_disputed)
    for cl, found in _all_offers(data):
        if cl.iri not in ok or not _released_by(cl, data, day):
            continue
        for pair in found:
            pairs.setdefault(pair, []).append(cl)
    for family in sorted({f for f, _ in pairs}):
        fam = data.entities.get(family)
        g.add_node(
            family,
            bipartite=0,
            name=data.name(family),
            kind="ModelFamily",
            developer=fam.developer if fam else "",
            weights=(fam.weights or "") if fam else "",
        )
    for platform in sorted({p for _, p in pairs}):
        plat = data.entities.get(platform)
        g.add_node(
            platform,
            bipartite=1,
            name=data.name(platform),
            kind="CloudPlatform",
            operator=(plat.operator or "") if plat else "",
        )
    for (family, platform), offers in sorted(pairs.items()):
        fam = data.entities.get(family)
        operator = g.nodes[platform]["operator"]
        g.add_edge(
            family,
            platform,
            claims=tuple(o.iri for o in offers),
            first_party=bool(fam and fam.developer and fam.developer == operator),
            status=sorted(o.status for o in offers)[0],
        )
    return g
