"""Binding depth and strength between a model company and a compute provider.

DESIGN §4 names six binding layers (see :data:`graph.views.LAYERS`):
1 distribution, 2 compute use, 3 spend commitment, 4 custom silicon, 5 equity,
6 priority / exclusivity. For a model company M and a provider C:

- **depth** = number of layers with at least one piece of evidence (0-6);
- **strength** = sum of the weights of those layers, the weights being data
  (``aikg:layerWeight`` of each ``aikg:BindingLayer`` in the ontology, read into
  :attr:`graph.claims.ClaimData.layer_weights`; they sum to 1, so strength is in [0, 1]).

Evidence comes from the binding view (:func:`graph.views.binding`), which
applies ``as_of`` and leaves disputed claims out unless asked.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import ClassVar

from graph.claims import ClaimData
from graph.dates import parse_date
from graph.ids import entity_iri
from graph.memo import remembered
from graph.metrics.result import MetricResult
from graph.views import binding_evidence

__all__ = ["BindingResult", "binding", "bindings"]


def _iri(ref: str) -> str:
    """Return ``ref`` as an IRI: a full IRI is kept, a slug becomes ``id:slug``."""
    return ref if "://" in ref else entity_iri(ref)


@dataclass(frozen=True)
class BindingResult(MetricResult):
    """How deeply a model company is bound to a compute provider.

    Attributes
    ----------
    model : str
        IRI of the model company.
    provider : str
        IRI of the compute provider.
    layers : tuple of int
        The layers present (1-6), ascending.
    depth : int
        ``len(layers)``, 0-6.
    strength : float
        Sum of the layer weights of ``layers``, in [0, 1].
    evidence : dict of int to tuple of str
        Layer -> IRIs of the claims that show it.
    claims : tuple of str
        Every claim IRI of ``evidence``, sorted.
    """

    UNITS: ClassVar[dict[str, str]] = {
        "depth": "layers",
        "strength": "fraction",
        "layers": "layer number",
    }

    model: str
    provider: str
    layers: tuple[int, ...]
    depth: int
    strength: float
    evidence: dict[int, tuple[str, ...]]
    claims: tuple[str, ...] = ()


def _result(
    data: ClaimData, model: str, provider: str, evidence: dict[int, set[str]]
) -> BindingResult:
    layers = tuple(sorted(evidence))
    strength = round(sum(data.layer_weights.get(layer, 0.0) for layer in layers), 9)
    return BindingResult(
        model=model,
        provider=provider,
        layers=layers,
        depth=len(layers),
        strength=strength,
        evidence={layer: tuple(sorted(evidence[layer])) for layer in layers},
        claims=tuple(sorted(set().union(*evidence.values()))),
    )


def _evidence_by_pair(
    data: ClaimData, as_of: str | date | None, include_disputed: bool
) -> dict[tuple[str, str], dict[int, set[str]]]:
    # the binding view's edges (graph.views.binding), read from its list of evidence
    # without building the graph: as in the graph, one piece of evidence per layer and
    # claim between two organisations, the direction of the last one listed
    edges: dict[tuple[frozenset[str], int, str], tuple[str, str]] = {}
    for m, c, layer, cl in binding_evidence(data, as_of, include_disputed=include_disputed):
        edges[frozenset((m, c)), layer, cl.iri] = (m, c)
    pairs: dict[tuple[str, str], dict[int, set[str]]] = defaultdict(lambda: defaultdict(set))
    for (_, layer, claim), pair in edges.items():
        pairs[pair][layer].add(claim)
    return pairs


def binding(
    data: ClaimData,
    model: str,
    provider: str,
    as_of: str | date | None = None,
    include_disputed: bool = False,
) -> BindingResult:
    """Binding layers, depth and strength of ``model`` to ``provider``.

    Parameters
    ----------
    data : ClaimData
        From :func:`graph.claims.read_claims`.
    model, provider : str
        The model company and the compute provider, as a slug (``"anthropic"``)
        or a full IRI. Only evidence with this model company *and* this provider
        counts (the binding view is undirected; its edge attributes say who is who).
    as_of : str or date, optional
        ``YYYY-MM-DD`` or a date: only claims in force then count.
    include_disputed : bool
        Count disputed claims too.

    Returns
    -------
    BindingResult
        Depth 0 and strength 0 when nothing binds the two.

    Examples
    --------
    A lab commits "over 100" to a cloud, which invests in it in 2026:

    >>> from graph.amounts import Amount
    >>> from graph.claims import Claim, ClaimData, Entity
    >>> from datetime import date
    >>> c, m = entity_iri("cloud"), entity_iri("lab")
    >>> data = ClaimData(
    ...     {c: Entity(c, "Company", "Cloud", roles=("CloudProvider",)),
    ...      m: Entity(m, "Company", "Lab", roles=("ModelDeveloper",))},
    ...     {entity_iri("eq"): Claim(entity_iri("eq"), "EquityInvestment", "Confirmed",
    ...                      announced=date(2026, 1, 1),
    ...                      parties={"investor": (c,), "investee": (m,)}),
    ...      entity_iri("sp"): Claim(entity_iri("sp"), "SpendCommitment", "Confirmed",
    ...                      amount=Amount(100.0, ">="),
    ...                      parties={"customer": (m,), "provider": (c,)})},
    ...     {3: 0.2, 5: 0.2})
    >>> r = binding(data, "lab", "cloud")
    >>> r.layers, r.depth, r.strength
    ((3, 5), 2, 0.4)
    >>> r.evidence[5] == (entity_iri("eq"),)
    True
    >>> binding(data, "lab", "cloud", as_of="2025-12-31").layers
    (3,)
    >>> binding(data, "cloud", "lab").depth      # the cloud is not the model company
    0
    """
    m, p = _iri(model), _iri(provider)
    evidence = _evidence_by_pair(data, as_of, include_disputed).get((m, p), {})
    return _result(data, m, p, evidence)


def bindings(
    data: ClaimData, as_of: str | date | None = None, include_disputed: bool = False
) -> list[BindingResult]:
    """Binding of every (model company, provider) pair with depth at least 1.

    Parameters
    ----------
    data : ClaimData
        From :func:`graph.claims.read_claims`.
    as_of : str or date, optional
        Only claims in force on that date count.
    include_disputed : bool
        Count disputed claims too.

    Returns
    -------
    list of BindingResult
        Sorted by strength (descending), depth (descending), model, provider.

    Examples
    --------
    >>> from graph.claims import Claim, ClaimData, Entity
    >>> a, b, m = entity_iri("cloud-a"), entity_iri("cloud-b"), entity_iri("lab")
    >>> data = ClaimData(
    ...     {a: Entity(a, "Company", "A", roles=("CloudProvider",)),
    ...      b: Entity(b, "Company", "B", roles=("CloudProvider",)),
    ...      m: Entity(m, "Company", "Lab", roles=("ModelDeveloper",))},
    ...     {entity_iri("eq"): Claim(entity_iri("eq"), "EquityInvestment", "Confirmed",
    ...                      parties={"investor": (a,), "investee": (m,)}),
    ...      entity_iri("use"): Claim(entity_iri("use"), "ComputeUsage", "Confirmed",
    ...                       parties={"user": (m,), "provider": (b,)})},
    ...     {2: 0.15, 5: 0.2})
    >>> [(r.provider.rsplit("/", 1)[1], r.layers, r.strength) for r in bindings(data)]
    [('cloud-a', (5,), 0.2), ('cloud-b', (2,), 0.15)]
    """
    day = parse_date(as_of)

    def compute() -> list[BindingResult]:
        pairs = _evidence_by_pair(data, day, include_disputed)
        results = [_result(data, m, p, ev) for (m, p), ev in pairs.items() if ev]
        return sorted(results, key=lambda r: (-r.strength, -r.depth, r.model, r.provider))

    return remembered("bindings", data, (day, include_disputed), compute)
