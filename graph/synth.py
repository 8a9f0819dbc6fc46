"""A synthetic AI-cloud ecosystem of any size, shaped like the real one and valid under the shapes.

The generator grows the graph in *sectors*: a few clouds (each with a platform,
its own chips and a fab), a dozen labs with model families and releases, and
the deals between them — equity rounds with upfront and milestone tranches,
spending and capacity commitments back (naming the cloud's chips), exclusivity
clauses, chip supply, model offerings, observations — every claim with a
source and a status. Sectors repeat until the requested number of triples is
reached; a few cross-sector deals connect them, as the real market is
connected. The same ``seed`` gives the same bytes.

Examples
--------
>>> text = synthesize(2_000, seed=7)
>>> text == synthesize(2_000, seed=7)
True
>>> import pyoxigraph as ox
>>> n = len(list(ox.parse(text.encode(), format=ox.RdfFormat.TURTLE)))
>>> 2_000 <= n < 3_000
True
"""

from __future__ import annotations

import random
from pathlib import Path

__all__ = ["synthesize", "write_synthetic"]

_PREFIXES = """@prefix aikg:   <https://w3id.org/aikg/ontology#> .
@prefix id:     <https://w3id.org/aikg/id/> .
@prefix schema: <https://schema.org/> .
@prefix prov:   <http://www.w3.org/ns/prov#> .
@prefix xsd:    <http://www.w3.org/2001/XMLSchema#> .
@prefix time:   <http://www.w3.org/2006/time#> .

"""
_COUNTRIES = ("US", "US", "US", "CN", "CN", "FR", "GB", "DE", "CA", "JP", "KR", "IL", "AE")
_STATUSES = ("Confirmed", "Confirmed", "Reported", "Reported", "Estimated")
_WEIGHTS = ("APIOnly", "APIOnly", "OpenWeights", "OpenWeightsRestricted")
_KINDS = ("GPU", "TPU", "ASIC")


class _Writer:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.lines: list[str] = [_PREFIXES]
        self.triples = 0
        self.n = 0

    def node(self, iri: str, *pairs: tuple[str, str]) -> None:
        body = " ;\n    ".join(f"{p} {o}" for p, o in pairs)
        self.lines.append(f"{iri} {body} .\n")
        self.triples += len(pairs)

    def date(self, lo: int = 2019, hi: int = 2026) -> str:
        y = self.rng.randint(lo, hi)
        m = self.rng.randint(1, 12)
        d = self.rng.randint(1, 28)
        return f'"{y:04d}-{m:02d}-{d:02d}"^^xsd:date'

    def money(self, low: float, high: float, bound: str = "value") -> str:
        amount = round(self.rng.uniform(low, high), -6)
        self.triples += 3  # the blank node's own triples; the link is counted by node()
        return f'[ a schema:MonetaryAmount ; schema:{bound} {amount:.1f} ; schema:currency "USD" ]'

    def claim(self, iri: str, cls: str, *pairs: tuple[str, str]) -> None:
        """Write a claim with its own source and a status."""
        self.n += 1
        src = f"id:synth-src-{self.n}"
        self.node(
            src,
            ("a", "aikg:Source"),
            ("schema:url", f"<https://example.org/synthetic/{self.n}>"),
            ("schema:publisher", '"Synthetic Newswire"'),
            ("schema:datePublished", self.date()),
        )
        status = self.rng.choice(_STATUSES)
        self.node(
            iri,
            ("a", f"aikg:{cls}"),
            *pairs,
            ("prov:wasDerivedFrom", src),
            ("aikg:claimStatus", f"aikg:{status}"),
        )


def _sector(w: _Writer, s: int, labs: int = 12) -> None:
    rng = w.rng
    fab = f"id:synth-fab-{s}"
    w.node(
        fab,
        ("a", "aikg:Company"),
        ("schema:name", f'"Fab {s}"'),
        ("aikg:countryCode", '"TW"'),
        ("aikg:role", "aikg:Foundry"),
    )
    clouds = [f"id:synth-cloud-{s}-{i}" for i in range(3)]
    chips: dict[str, list[str]] = {}
    for c in clouds:
        w.node(
            c,
            ("a", "aikg:Company"),
            ("schema:name", f'"Cloud {c[-5:]}"'),
            ("aikg:countryCode", f'"{rng.choice(_COUNTRIES)}"'),
            ("aikg:role", "aikg:CloudProvider, aikg:Investor, aikg:ChipDesigner"),
        )
        w.node(
            f"{c}-platform",
            ("a", "aikg:CloudPlatform"),
            ("schema:name", f'"Platform {c[-5:]}"'),
            ("aikg:operator", c),
        )
        chips[c] = []
        for g in range(2):
            chip = f"{c}-chip-{g}"
            chips[c].append(chip)
            pairs = [
                ("a", "aikg:Chip"),
                ("schema:name", f'"Chip {chip.removeprefix("id:synth-")}"'),
                ("aikg:designer", c),
                ("aikg:fab", fab),
                ("aikg:chipKind", f"aikg:{rng.choice(_KINDS)}"),
                ("schema:releaseDate", w.date(2018, 2026)),
            ]
            if g:
                pairs.append(("schema:successorOf", chips[c][0]))
            w.node(chip, *pairs)
    for lab_i in range(labs):
        lab = f"id:synth-lab-{s}-{lab_i}"
        w.node(
            lab,
            ("a", "aikg:Company"),
            ("schema:name", f'"Lab {s}-{lab_i}"'),
            ("aikg:countryCode", f'"{rng.choice(_COUNTRIES)}"'),
            ("aikg:role", "aikg:ModelDeveloper"),
        )
        for f in range(2):
            fam = f"{lab}-family-{f}"
            weights = rng.choice(_WEIGHTS)
            w.node(
                fam,
                ("a", "aikg:ModelFamily"),
                ("schema:name", f'"Family {s}-{lab_i}-{f}"'),
                ("aikg:developer", lab),
                ("aikg:weightsAccess", f"aikg:{weights}"),
                ("aikg:firstReleaseDate", w.date(2019, 2025)),
            )
            for r in range(2):
                w.node(
                    f"{fam}-release-{r}",
                    ("a", "aikg:ModelRelease"),
                    ("schema:name", f'"Model {s}-{lab_i}-{f}-{r}"'),
                    ("aikg:family", fam),
                    ("aikg:developer", lab),
                    ("aikg:weightsAccess", f"aikg:{weights}"),
                    ("schema:datePublished", w.date(2020, 2026)),
                )
            hosts = clouds if weights != "APIOnly" else rng.sample(clouds, rng.randint(1, 2))
            for c in hosts:
                w.claim(
                    f"{fam}-on-{c[3:]}",
                    "ModelOffering",
                    ("aikg:platform", f"{c}-platform"),
                    ("aikg:modelFamily", fam),
                    ("aikg:firstParty", "false"),
                    ("aikg:announcedDate", w.date(2021, 2026)),
                )
        for c in rng.sample(clouds, rng.randint(1, 2)):
            deal = f"id:synth-deal-{s}-{lab_i}-{c[-1]}"
            commit, cap = f"{deal}-commit", f"{deal}-capacity"
            w.claim(
                deal,
                "EquityInvestment",
                ("schema:name", f'"{c[-5:]} invests in lab {lab_i}"'),
                ("aikg:investor", c),
                ("aikg:investee", lab),
                ("aikg:amount", w.money(1e8, 4e10, "maxValue")),
                ("aikg:tranche", f"{deal}-t1, {deal}-t2"),
                ("aikg:commitment", f"{commit}, {cap}"),
                ("aikg:announcedDate", w.date()),
            )
            w.claim(
                f"{deal}-t1",
                "Tranche",
                ("aikg:trancheKind", "aikg:Upfront"),
                ("aikg:amount", w.money(1e8, 5e9)),
            )
            w.claim(
                f"{deal}-t2",
                "Tranche",
                ("aikg:trancheKind", "aikg:Milestone"),
                ("aikg:condition", '"commercial milestones"'),
                ("aikg:amount", w.money(1e8, 3e10, "maxValue")),
            )
            w.claim(
                commit,
                "SpendCommitment",
                ("aikg:customer", lab),
                ("aikg:provider", c),
                ("aikg:amount", w.money(1e9, 2e11, "minValue")),
                ("aikg:chip", rng.choice(chips[c])),
                ("aikg:announcedDate", w.date()),
                ("aikg:duration", f'"P{rng.randint(3, 10)}Y"^^xsd:duration'),
            )
            w.claim(
                cap,
                "CapacityCommitment",
                ("aikg:customer", lab),
                ("aikg:provider", c),
                (
                    "aikg:capacity",
                    f'[ a schema:QuantitativeValue ; schema:unitCode "A90" ; '
                    f"schema:value {rng.randint(1, 50) / 10:.1f} ]",
                ),
                ("aikg:announcedDate", w.date()),
            )
            w.triples += 3
            if rng.random() < 0.3:
                w.claim(
                    f"{deal}-excl",
                    "ExclusivityClause",
                    ("aikg:exclusivityKind", "aikg:Primary"),
                    ("aikg:favours", c),
                    ("aikg:boundParty", lab),
                    ("aikg:announcedDate", w.date()),
                )
        w.claim(
            f"id:synth-obs-{s}-{lab_i}",
            "Observation",
            ("aikg:subject", lab),
            ("aikg:observationKind", "aikg:Valuation"),
            ("aikg:observedDate", w.date()),
            ("aikg:amount", w.money(1e9, 5e11)),
        )
    # chip purchases between clouds of the sector, and one link to the previous sector
    buyer, seller = clouds[0], clouds[1]
    w.claim(
        f"id:synth-chipdeal-{s}",
        "ChipSupplyAgreement",
        ("schema:name", f'"chip deal {s}"'),
        ("aikg:customer", buyer),
        ("aikg:provider", seller),
        ("aikg:amount", w.money(1e8, 1e10)),
        ("aikg:chip", chips[seller][0]),
        ("aikg:announcedDate", w.date()),
    )
    if s:
        w.claim(
            f"id:synth-cross-{s}",
            "EquityInvestment",
            ("schema:name", f'"cross deal {s}"'),
            ("aikg:investor", f"id:synth-cloud-{s - 1}-0"),
            ("aikg:investee", f"id:synth-lab-{s}-0"),
            ("aikg:amount", w.money(1e8, 1e10)),
            ("aikg:announcedDate", w.date()),
        )


def synthesize(triples: int, seed: int = 0, labs: int = 12) -> str:
    """Return Turtle for a synthetic ecosystem of at least ``triples`` triples.

    Parameters
    ----------
    triples : int
        Target size; the result overshoots by less than one sector (~1,800 triples).
    seed : int
        Random seed; the same seed and size give the same text.
    labs : int
        Model labs per sector (each with its families, deals and claims); fewer
        make a smaller sector, e.g. a graph small enough for pySHACL in a test.
    """
    w = _Writer(seed)
    # the synthetic sources' host, registered as a wire so Confirmed claims may rest on it
    w.node(
        "<https://w3id.org/aikg/publisher/synthetic-newswire>",
        ("a", "aikg:Publisher"),
        ("schema:name", '"Synthetic Newswire"'),
        ("aikg:publisherKind", "aikg:WireOrMajorOutlet"),
        ("aikg:host", '"example.org"'),
    )
    s = 0
    while w.triples < triples:
        _sector(w, s, labs)
        s += 1
    return "".join(w.lines)


def write_synthetic(triples: int, seed: int, out: Path, labs: int = 12) -> Path:
    """Write :func:`synthesize` output to ``out/synthetic-N-SEED.ttl`` and return its path.

    With ``labs`` other than 12 the name ends ``-labsL.ttl``.
    """
    out.mkdir(parents=True, exist_ok=True)
    suffix = "" if labs == 12 else f"-labs{labs}"
    path = out / f"synthetic-{triples}-{seed}{suffix}.ttl"
    path.write_text(synthesize(triples, seed, labs), encoding="utf-8")
    return path
