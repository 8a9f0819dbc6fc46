"""Supplier concentration (Herfindahl index of compute commitments)."""

from __future__ import annotations

from datetime import date

import pytest

from graph.amounts import Amount, Bound
from graph.claims import Claim, ClaimData, Entity
from graph.ids import entity_iri
from graph.metrics.concentration import (
    commitments,
    supplier_concentration,
    supplier_concentrations,
)


def commit(
    iri: str,
    provider: str | tuple[str, ...],
    usd: float | None = None,
    gw: float | None = None,
    *,
    customer: str | tuple[str, ...] = "m",
    kind: str = "SpendCommitment",
    status: str = "Confirmed",
    day: date | None = None,
    end: date | None = None,
    bound: Bound = "=",
    linked: tuple[str, ...] = (),
) -> Claim:
    """A commitment of ``customer`` to ``provider``."""
    parties = {
        "customer": (customer,) if isinstance(customer, str) else customer,
        "provider": (provider,) if isinstance(provider, str) else provider,
    }
    if linked:
        parties["commitment"] = linked
    return Claim(
        iri,
        kind,
        status,
        announced=day,
        end=end,
        amount=None if usd is None else Amount(usd, bound),
        capacity_gw=None if gw is None else Amount(gw),
        parties=parties,
    )


def make_data(*claims: Claim, labs: tuple[str, ...] = ("m",)) -> ClaimData:
    ents = {m: Entity(m, "Company", m.upper(), roles=("ModelDeveloper",)) for m in labs}
    return ClaimData(ents, {c.iri: c for c in claims})


def test_hhi_by_hand() -> None:
    # shares 0.5 / 0.3 / 0.2 -> 0.25 + 0.09 + 0.04 = 0.38
    data = make_data(commit("k1", "a", 50.0), commit("k2", "b", 30.0), commit("k3", "c", 20.0))
    r = supplier_concentration(data, "m")
    assert r is not None
    assert r.hhi == pytest.approx(0.38)
    assert r.basis == "usd"
    assert r.shares == pytest.approx({"a": 0.5, "b": 0.3, "c": 0.2})
    assert r.claims == ("k1", "k2", "k3")


def test_provider_weights_add_up() -> None:
    # a: 10 + 30 = 40, b: 40 -> 0.5 / 0.5 -> HHI 0.5
    data = make_data(commit("k1", "a", 10.0), commit("k2", "a", 30.0), commit("k3", "b", 40.0))
    r = supplier_concentration(data, "m")
    assert r is not None
    assert r.hhi == pytest.approx(0.5)


def test_usd_basis_leaves_out_unpriced_commitments() -> None:
    # a: $1 (bound ">=" used at face value), b: 5 GW only -> usd basis -> only a -> 1.0
    data = make_data(commit("k1", "a", 1.0, bound=">="), commit("k2", "b", gw=5.0))
    r = supplier_concentration(data, "m")
    assert r is not None
    assert (r.basis, r.hhi, r.claims) == ("usd", 1.0, ("k1",))


def test_gw_basis_when_no_usd() -> None:
    # a: 3 GW, b: 1 GW, c: nothing -> 0.75² + 0.25² = 0.625
    data = make_data(
        commit("k1", "a", gw=3.0, kind="CapacityCommitment"),
        commit("k2", "b", gw=1.0, kind="CapacityCommitment"),
        commit("k3", "c"),
    )
    r = supplier_concentration(data, "m")
    assert r is not None
    assert r.basis == "gw"
    assert r.hhi == pytest.approx(0.625)
    assert set(r.shares) == {"a", "b"}


def test_count_basis_when_neither() -> None:
    # a: 2 commitments, b: 1 -> 2/3, 1/3 -> 4/9 + 1/9 = 5/9
    data = make_data(commit("k1", "a"), commit("k2", "a"), commit("k3", "b"))
    r = supplier_concentration(data, "m")
    assert r is not None
    assert r.basis == "count"
    assert r.hhi == pytest.approx(5 / 9)


def test_shared_commitment_is_split() -> None:
    # k2 ($20) has two providers -> $10 each; a: 10 + 10 = 20, b: 10 -> 2/3, 1/3 -> 5/9.
    # k3 ($30) has two customers -> m's part $15 to b: a 20, b 25 -> 4/9, 5/9 -> 41/81.
    data = make_data(commit("k1", "a", 10.0), commit("k2", ("a", "b"), 20.0))
    r = supplier_concentration(data, "m")
    assert r is not None
    assert r.hhi == pytest.approx(5 / 9)
    data = make_data(
        commit("k1", "a", 10.0),
        commit("k2", ("a", "b"), 20.0),
        commit("k3", "b", 30.0, customer=("m", "other")),
    )
    r = supplier_concentration(data, "m")
    assert r is not None
    assert r.shares == pytest.approx({"a": 4 / 9, "b": 5 / 9})
    assert r.hhi == pytest.approx(41 / 81)


def test_purchase_deals_count_only_without_linked_commitments() -> None:
    # the deal d1 links k1, so only k1 counts for it; d2 links nothing and counts itself.
    data = make_data(
        commit("d1", "a", 100.0, kind="ComputeAgreement", linked=("k1",)),
        commit("k1", "a", 100.0, gw=1.0, kind="CapacityCommitment"),
        commit("d2", "b", 100.0, kind="ChipSupplyAgreement"),
        commit("x", "c", 100.0, kind="EquityInvestment"),  # not a commitment at all
    )
    assert [c.iri for c in commitments(data, "m")] == ["d2", "k1"]
    r = supplier_concentration(data, "m")
    assert r is not None
    assert r.shares == {"a": 0.5, "b": 0.5}


def test_as_of_and_end_dates() -> None:
    data = make_data(
        commit("k1", "a", 10.0, day=date(2023, 1, 1)),
        commit("k2", "b", 10.0, day=date(2025, 1, 1)),
        commit("k3", "c", 10.0, day=date(2023, 1, 1), end=date(2024, 12, 31)),
    )
    # 2024-06-30: a and c -> 0.5; 2025-06-30: a and b (c ended) -> 0.5;
    # as_of=None counts everything: three equal providers -> 1/3
    r24 = supplier_concentration(data, "m", "2024-06-30")
    r25 = supplier_concentration(data, "m", date(2025, 6, 30))
    assert r24 is not None
    assert r25 is not None
    assert set(r24.shares) == {"a", "c"}
    assert set(r25.shares) == {"a", "b"}
    r = supplier_concentration(data, "m")
    assert r is not None
    assert r.hhi == pytest.approx(1 / 3)
    assert supplier_concentration(data, "m", "2022-01-01") is None


def test_disputed_ignored() -> None:
    # the disputed $90 to b would make it 0.1/0.9; without it a has everything
    data = make_data(commit("k1", "a", 10.0), commit("k2", "b", 90.0, status="Disputed"))
    r = supplier_concentration(data, "m")
    assert r is not None
    assert r.hhi == 1.0
    r = supplier_concentration(data, "m", include_disputed=True)
    assert r is not None
    assert r.hhi == pytest.approx(0.82)  # 0.01 + 0.81


def test_all_model_companies() -> None:
    data = make_data(
        commit("k1", "a", 10.0),
        commit("k2", "a", 10.0, customer="n"),
        commit("k3", "a", 10.0, customer="bank"),  # not a model developer
        labs=("m", "n", "quiet"),
    )
    assert [r.model for r in supplier_concentrations(data)] == ["m", "n"]
    assert supplier_concentrations(data)[0].to_dict()["hhi"] == {"value": 1.0, "unit": "index"}


# --- curated data -------------------------------------------------------------------


@pytest.fixture(scope="module")
def data(curated_data: ClaimData) -> ClaimData:
    return curated_data


def test_openai_diversifies(data: ClaimData) -> None:
    # 2024-06-30: OpenAI's only commitment is the 2019 Azure one (no $ or GW) -> count
    #   basis, Microsoft 100% -> HHI 1.0.
    # 2026-06-30 (curated data when written), USD basis: Microsoft 250, Oracle 300,
    #   Amazon 38 + 100 = 138, CoreWeave 11.9 + 4 + 6.5 = 22.4, Cerebras >= 10 ($B);
    #   total 720.4 -> shares .347 .416 .192 .031 .014 -> HHI ~ 0.332.
    #   (GW-only commitments - Nvidia 10 GW, AMD 6 GW, Broadcom 10 GW - are left out
    #   on the USD basis.)
    before = supplier_concentration(data, entity_iri("openai"), "2024-06-30")
    after = supplier_concentration(data, entity_iri("openai"), "2026-06-30")
    assert before is not None
    assert after is not None
    assert entity_iri("microsoft") in before.shares
    assert after.hhi < before.hhi
    assert after.hhi < 0.5
    assert after.basis == "usd"
    assert {entity_iri("microsoft"), entity_iri("oracle"), entity_iri("amazon")} <= set(
        after.shares
    )
    assert sum(after.shares.values()) == pytest.approx(1.0)


def test_real_hhis_are_in_range(data: ClaimData) -> None:
    results = supplier_concentrations(data, "2026-06-30")
    assert {entity_iri("openai"), entity_iri("anthropic")} <= {r.model for r in results}
    for r in results:
        assert 0.0 < r.hhi <= 1.0 + 1e-12
        assert r.hhi >= 1 / len(r.shares) - 1e-12
