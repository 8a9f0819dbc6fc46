"""Named queries never put an amount in another currency into a USD column or sum.

A cloud invests in a lab three times (USD 1B, EUR 600M, CNY 5B) and the lab commits
back three times (USD 2B, EUR 700M, CNY 8B): every USD figure must come from the USD
claims alone, and the other amounts appear only with their own currency.
"""

from __future__ import annotations

import pytest
import rdflib

import graph
from graph.build import build
from graph.metrics.materialise import metric_quads
from graph.queries import list_queries
from graph.resources import ontology_file

DATA = """
@prefix aikg:   <https://w3id.org/aikg/ontology#> .
@prefix id:     <https://w3id.org/aikg/id/> .
@prefix schema: <https://schema.org/> .
@prefix prov:   <http://www.w3.org/ns/prov#> .
@prefix xsd:    <http://www.w3.org/2001/XMLSchema#> .

id:cloud a aikg:Company ; schema:name "Cloud" ; aikg:countryCode "US" ;
    aikg:role aikg:CloudProvider, aikg:Investor .
id:lab a aikg:Company ; schema:name "Lab" ; aikg:countryCode "FR" ; aikg:role aikg:ModelDeveloper .
id:src a aikg:Source ; schema:url <https://example.org/deals> ; schema:publisher "Example" ;
    schema:datePublished "2025-01-02"^^xsd:date .
"""
DEALS = (
    ("usd", "USD", 1_000_000_000, 2_000_000_000, "01"),
    ("eur", "EUR", 600_000_000, 700_000_000, "02"),
    ("cny", "CNY", 5_000_000_000, 8_000_000_000, "03"),
)
for key, cur, invest, commit, month in DEALS:
    DATA += f"""
id:deal-{key} a aikg:EquityInvestment ; schema:name "Cloud invests in Lab ({cur})" ;
    aikg:investor id:cloud ; aikg:investee id:lab ;
    aikg:amount [ a schema:MonetaryAmount ; schema:value {invest}.0 ; schema:currency "{cur}" ] ;
    aikg:announcedDate "2025-{month}-02"^^xsd:date ; prov:wasDerivedFrom id:src ;
    aikg:claimStatus aikg:Confirmed .
id:commit-{key} a aikg:SpendCommitment ; schema:name "Lab commits to Cloud ({cur})" ;
    aikg:customer id:lab ; aikg:provider id:cloud ;
    aikg:amount [ a schema:MonetaryAmount ; schema:value {commit}.0 ; schema:currency "{cur}" ] ;
    aikg:announcedDate "2025-{month}-03"^^xsd:date ; prov:wasDerivedFrom id:src ;
    aikg:claimStatus aikg:Confirmed .
"""
#: every figure (and sum of figures) that is not in US dollars
FOREIGN = {600e6, 700e6, 5e9, 8e9, 1.6e9, 6e9, 2.7e9, 10e9, 1e9 + 600e6 + 5e9, 2e9 + 700e6 + 8e9}


@pytest.fixture(scope="module")
def kg(tmp_path_factory: pytest.TempPathFactory) -> rdflib.Graph:
    folder = tmp_path_factory.mktemp("currencies")
    path = folder / "deals.ttl"
    path.write_text(DATA, encoding="utf-8")
    url = f"oxigraph:{folder / 'kg'}"
    build(url, paths=[ontology_file(), path], derive=metric_quads)
    return graph.load(url)


PARAMS = {
    "investor": "cloud", "investee": "lab", "customer": "lab", "as_of": "2025-12-31",
}


def _rows(kg: rdflib.Graph, name: str) -> list[dict[str, object]]:
    spec = next(q for q in list_queries() if q.name == name)
    params = {p.name: PARAMS[p.name] for p in spec.params if p.name in PARAMS}
    return [r.asdict() for r in graph.query(kg, name, params)]


def test_every_usd_column_of_every_named_query_holds_dollar_figures_only(kg):
    checked = 0
    for spec in list_queries():
        for row in _rows(kg, spec.name):
            for column, value in row.items():
                if "usd" not in column or value is None:
                    continue
                checked += 1
                assert float(value) not in FOREIGN, (spec.name, column, value)
    assert checked >= 5


def test_sums_add_the_dollar_deals_only(kg):
    [flows] = _rows(kg, "cloud_lab_flows")
    assert float(flows["invested_usd"]) == 1e9
    assert float(flows["committed_usd"]) == 2e9
    assert int(flows["not_in_usd"]) == 4
    [year] = _rows(kg, "investment_by_year")
    assert (int(year["year"]), float(year["total_usd"]), int(year["deals"])) == (2025, 1e9, 1)
    [commitments] = _rows(kg, "compute_commitments_by_provider")
    assert float(commitments["committed_usd"]) == 2e9
    assert int(commitments["commitments"]) == 3
    assert set(str(commitments["bounds"]).split(",")) == {"=", "-"}


def test_other_currencies_are_shown_with_their_own_code(kg):
    deals = {str(r["deal"]).rsplit("/", 1)[-1]: r for r in _rows(kg, "deals_by_investor")}
    assert {k: (str(r["currency"]), float(r["amount"])) for k, r in deals.items()} == {
        "deal-usd": ("USD", 1e9), "deal-eur": ("EUR", 600e6), "deal-cny": ("CNY", 5e9),
    }
    assert float(deals["deal-usd"]["credited_usd"]) == 1e9
    assert deals["deal-eur"].get("credited_usd") is None
    assert deals["deal-cny"].get("credited_usd") is None
    snapshot = {str(r["deal"]).rsplit("/", 1)[-1]: r for r in _rows(kg, "snapshot_as_of")}
    assert str(snapshot["deal-cny"]["currency"]) == "CNY"
    assert float(snapshot["deal-cny"]["amount"]) == 5e9
    assert snapshot["deal-cny"].get("amount_usd") is None
    assert float(snapshot["deal-usd"]["amount_usd"]) == 1e9

