"""The report's headline findings, on small hand-built networks whose answers are known."""

from __future__ import annotations

from datetime import date

from graph.amounts import Amount
from graph.claims import Claim, ClaimData, Entity
from graph.export.findings import findings
from graph.ids import entity_iri
from graph.metrics import run_all

CLOUD_A, CLOUD_B, LAB_1, LAB_2 = (
    entity_iri("cloud-a"),
    entity_iri("cloud-b"),
    entity_iri("lab-1"),
    entity_iri("lab-2"),
)


def _data() -> ClaimData:
    cloud = ("CloudProvider",)
    lab = ("ModelDeveloper",)
    ents = {
        CLOUD_A: Entity(CLOUD_A, "Company", "Cloud A", country="US", roles=cloud),
        CLOUD_B: Entity(CLOUD_B, "Company", "Cloud B", country="US", roles=cloud),
        LAB_1: Entity(LAB_1, "Company", "Lab One", country="US", roles=lab),
        LAB_2: Entity(LAB_2, "Company", "Lab Two", country="FR", roles=lab),
    }

    def deal(slug: str, kind: str, usd: float, when: str, **parties: str) -> Claim:
        return Claim(
            entity_iri(slug),
            kind,
            "Confirmed",
            name=slug,
            announced=date.fromisoformat(when),
            amount=Amount(usd),
            parties={k: (v,) for k, v in parties.items()},
            sources=("https://www.example.com/" + slug,),
        )

    claims = [
        # Cloud A: $4B in, $40B back (10 per dollar); Cloud B: $10B in, $20B back (2)
        deal("a-in", "EquityInvestment", 4e9, "2023-01-10", investor=CLOUD_A, investee=LAB_1),
        deal("a-back", "SpendCommitment", 4e10, "2024-02-01", customer=LAB_1, provider=CLOUD_A),
        deal("b-in", "EquityInvestment", 1e10, "2023-05-01", investor=CLOUD_B, investee=LAB_2),
        deal("b-back", "SpendCommitment", 2e10, "2024-03-01", customer=LAB_2, provider=CLOUD_B),
    ]
    return ClaimData(ents, {c.iri: c for c in claims})


def test_largest_round_trip_is_the_one_with_the_most_back_per_dollar() -> None:
    data = _data()
    found = {f.title: f for f in findings(data, run_all(data), date(2024, 12, 31))}
    trip = found["Largest round trip"]
    assert trip.text.startswith(
        "Cloud A put $4B into Lab One, which committed $40B back to it as spending: "
        "10.0 dollars back per dollar in"
    )
    assert "the largest of 2 round trips" in trip.text
    assert set(trip.claims) == {entity_iri("a-in"), entity_iri("a-back")}


def test_findings_follow_the_date() -> None:
    data = _data()
    early = {
        f.title: f
        for f in findings(
            data, run_all(data, "2023-12-31"), date(2023, 12, 31), as_of=date(2023, 12, 31)
        )
    }
    assert early["Largest round trip"].text.startswith("No money goes both ways")
    assert early["Poles"].text.startswith("No cloud and model company are bound as a pole")
    assert early["Poles"].claims == ()
    assert "as of 2023-12-31" in early["Contested"].text


def test_every_figure_says_what_it_rests_on() -> None:
    data = _data()
    for f in findings(data, run_all(data), date(2024, 12, 31)):
        assert f.claims or f.basis or f.text.startswith("No "), f
