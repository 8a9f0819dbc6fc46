"""ecosystem.html's per-date states count each investor with what it paid."""

from __future__ import annotations

from datetime import date

from graph.amounts import Amount
from graph.claims import Claim, ClaimData, Entity, Participation
from graph.export.explorer import explorer_runs
from graph.ids import entity_iri

A, B, LAB = entity_iri("fund-a"), entity_iri("fund-b"), entity_iri("lab")


def test_money_out_is_the_investors_own_part_of_a_round() -> None:
    ents = {i: Entity(i, "Company", n) for i, n in ((A, "Fund A"), (B, "Fund B"), (LAB, "Lab"))}
    deal = Claim(
        entity_iri("round"),
        "EquityInvestment",
        "Confirmed",
        name="round",
        announced=date(2024, 3, 1),
        amount=Amount(1e10),
        parties={"investor": (A, B), "investee": (LAB,)},
        participations=(
            Participation(A, "Lead", Amount(6e9)),
            Participation(B, "Participant", Amount(4e9)),
        ),
    )
    runs = explorer_runs(ClaimData(ents, {deal.iri: deal}))
    last = {iri: states[-1][1] for iri, states in runs.nodes.items()}
    assert last[A] is not None
    assert last[A].lines == ("money out: $6B (1 deal)",)
    assert last[B] is not None
    assert last[B].lines == ("money out: $4B (1 deal)",)
    assert last[LAB] is not None
    assert last[LAB].lines == ("money in: $10B (1 deal)",)
