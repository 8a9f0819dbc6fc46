"""The pages of the entity site: one per entity and deal, the index, and the long tail's page.

Each page is rendered from ``templates/site/*.html.j2`` (Jinja, autoescaped: every string
from the data shows as text) with a Content-Security-Policy that allows scripts and styles
from the site's own ``assets/`` only (``script-src 'self'``: no inline script runs) and no
request to any other host. The neighbourhood graph's nodes and edges travel in a
``<script type="application/json">`` block, which the browser never runs.

The context builders here turn :class:`graph.entity.Description` and the claims into plain
dictionaries of strings and links; :mod:`graph.export.site` writes the files.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date
from typing import Any
from urllib.parse import quote, urlsplit

from graph.claims import Claim, ClaimData
from graph.display import amount_text, capacity_text, day_text
from graph.entity import GROUPS, ClaimEntry, Description, SourceRef, claim_sources
from graph.export.site_data import Resource
from graph.export.site_graph import kind_words
from graph.export.site_plan import SitePlan
from graph.export.templating import environment
from graph.publishers import kind_label
from graph.source_kinds import parent_parties, row_rank
from graph.views import LAYERS

__all__ = ["Renderer", "claim_context", "json_block"]

#: The site's Content-Security-Policy: its own scripts and styles, nothing from elsewhere.
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; base-uri 'none'; form-action 'none'"
)
_LAYER_NAMES = {layer.number: layer.label for layer in LAYERS}
_GROUP_TITLES = {
    "investments in": "Investments in it",
    "investments out": "Its investments",
    "commitments": "Commitments, agreements and compute use",
    "offerings": "Offerings",
    "observations": "Observations",
    "other": "Other claims",
}


def json_block(value: object) -> str:
    r"""Return JSON safe inside ``<script type="application/json">`` (no ``<``, ``>``, ``&``).

    Examples
    --------
    >>> json_block({"a": "</script><b>"})
    '{"a":"\\u003c/script\\u003e\\u003cb\\u003e"}'
    """
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _web(url: str) -> bool:
    return urlsplit(url).scheme in {"http", "https"}


def _sources(refs: Iterable[SourceRef]) -> list[dict[str, str]]:
    out = []
    for s in refs:
        label = s.publisher or urlsplit(s.url).netloc or s.url
        if s.published:
            label += f", {day_text(s.published)}"
        out.append(
            {
                "label": label,
                "url": s.url if _web(s.url) else "",
                "kind": kind_label(s.kind) if s.kind else "",
            }
        )
    return out


def _money(claim: Claim) -> str:
    text = amount_text(claim.amount)
    if claim.currency != "USD" and claim.native_amount is not None:
        native = f"{claim.currency} {claim.native_amount.value:,.0f}"
        text = f"{native} ({text})" if text else native
    return text


class Renderer:
    """Render the site's pages from the plan, the claims and the descriptions."""

    def __init__(
        self,
        data: ClaimData,
        plan: SitePlan,
        names: Callable[[str], str],
        *,
        built: str,
        as_of: date | None,
        notice: str | None,
    ) -> None:
        self.data, self.plan, self.name = data, plan, names
        self.parents = parent_parties(data)
        env = environment("templates/site", auto_reload=False)
        self.templates = {
            n: env.get_template(f"{n}.html.j2") for n in ("entity", "deal", "index", "others")
        }
        self.common = {
            "csp": CSP,
            "built": built,
            "as_of": day_text(as_of, f"{built}, every claim counted"),
            "notice": notice or "",
        }

    # -- links ------------------------------------------------------------
    def link(self, iri: str, *, from_root: bool = False) -> dict[str, str]:
        """Return ``{"name", "href"}`` for a resource (``href`` empty when shown nowhere)."""
        return {"name": self.name(iri), "href": self.plan.href(iri, from_root=from_root)}

    def _part(self, iri: str) -> dict[str, Any]:
        c = self.data.claims.get(iri)
        if c is None:
            return {"anchor": "", **self.link(iri), "what": "", "amount": "", "day": ""}
        what = kind_words(c.subkind or c.kind) if c.name else ""
        return {
            "anchor": iri.rsplit("/", 1)[-1] if iri in self.plan.parts else "",
            **self.link(iri),
            "what": what,
            "amount": _money(c) or capacity_text(c.capacity_gw),
            "day": day_text(c.date, ""),
            "status": c.status,
        }

    # -- entity pages -----------------------------------------------------
    def _entry(self, c: ClaimEntry) -> dict[str, Any]:
        claim = self.data.claims[c.iri]
        return {
            "anchor": c.iri.rsplit("/", 1)[-1],
            "name": c.name or kind_words(c.kind),
            "href": self.plan.href(c.iri) if c.iri in self.plan.pages else "",
            "kind": kind_words(c.kind),
            "day": day_text(c.day),
            "amount": _money(claim) or c.capacity_text,
            "stage": c.stage if c.stage != "Definitive" else "",
            "status": c.status,
            "roles": ", ".join(c.roles),
            "others": [{"role": r, **self.link(i)} for r, i in c.others],
            "tranches": [self._part(t) for t in c.tranches],
            "linked": [self._part(t) for t in c.linked],
            "participations": [
                {**self.link(p), "role": role, "amount": amount}
                for p, role, amount in c.participations
            ],
            "sources": _sources(c.sources),
        }

    def _metrics(self, d: Description) -> dict[str, list[dict[str, Any]]]:
        def other(a: str, b: str) -> dict[str, str]:
            return self.link(b if a == d.iri else a)

        return {
            "bindings": [
                {
                    **other(b.model, b.provider),
                    "side": "provider" if b.model == d.iri else "model company",
                    "layers": ", ".join(_LAYER_NAMES.get(n, str(n)) for n in b.layers),
                    "depth": str(b.depth),
                    "strength": f"{b.strength:.2f}",
                }
                for b in sorted(d.bindings, key=lambda b: (-b.strength, b.provider, b.model))
            ],
            "poles": [
                {
                    "cloud": self.link(p.cloud),
                    "model": self.link(p.model),
                    "depth": str(p.depth),
                    "loop": " + ".join(p.loop_kinds),
                }
                for p in d.poles
            ],
            "round_trips": [
                {
                    **other(r.model, r.provider),
                    "side": "investor" if r.model == d.iri else "model company",
                    "invested": amount_text(r.invested) or "\u2013",
                    "committed": amount_text(r.committed) or "\u2013",
                    "ratio": f"{r.ratio.value:.1f}\u00d7" if r.ratio else "\u2013",
                }
                for r in d.round_trips
                if r.invested or r.committed
            ],
            "exclusivity": [
                {
                    "value": "open weights" if e.exclusivity == 0 else f"{e.exclusivity:.2f}",
                    "providers": [self.link(p) for p in e.providers],
                }
                for e in d.exclusivity
                if e.exclusivity is not None
            ],
            "exclusive_share": [
                {
                    "share": f"{e.exclusive_families} of {e.closed_families}",
                    "exclusive": [self.link(f) for f in e.exclusive],
                }
                for e in d.exclusive_share
                if e.closed_families
            ],
        }

    def _tail(self, iris: Sequence[str]) -> dict[str, list[dict[str, str]]]:
        releases, clusters = [], []
        for iri in iris:
            e = self.data.entities[iri]
            row = {"anchor": iri.rsplit("/", 1)[-1], "name": e.name, "country": e.country or ""}
            if e.kind == "ModelRelease":
                row.update(
                    day=day_text(e.released, ""),
                    developer=self.name(e.developer) if e.developer else "",
                    weights=e.weights or "",
                )
                releases.append(row)
            else:
                row["operator"] = self.name(e.operator) if e.operator else ""
                clusters.append(row)
        releases.sort(key=lambda r: (r["day"], r["name"]), reverse=True)
        clusters.sort(key=lambda r: r["name"].casefold())
        return {"releases": releases, "clusters": clusters}

    def entity_page(
        self,
        d: Description,
        resource: Resource,
        *,
        type_label: str,
        graph: Mapping[str, Any],
        views: Sequence[tuple[str, str]],
    ) -> str:
        """Render the page of one entity."""
        attributes = [{"label": k, "value": v} for k, v in d.attributes]
        groups = [
            {"id": g.replace(" ", "-"), "title": _GROUP_TITLES[g], "rows": rows}
            for g in GROUPS
            if (rows := [self._entry(c) for c in reversed(d.groups.get(g, ()))])
        ]
        return self.templates["entity"].render(
            **self.common,
            root="../",
            title=d.name,
            type_label=type_label,
            roles=[kind_words(r) for r in d.roles],
            description=resource.description,
            aliases=[{"text": t, "lang": lang} for t, lang in resource.aliases],
            attributes=attributes,
            iri=d.iri,
            wikidata=resource.wikidata,
            turtle=quote(self.plan.pages[d.iri].rsplit("/", 1)[-1][:-5]) + ".ttl",
            views=[{"label": label, "href": href} for label, href in views],
            metrics=self._metrics(d),
            groups=groups,
            tail=self._tail(self.plan.tail.get(d.iri, ())),
            graph=json_block(graph),
            more=graph.get("more", 0),
        )

    def deal_page(self, claim: Claim, resource: Resource, graph: Mapping[str, Any]) -> str:
        """Render the page of one deal."""
        entry = claim_context(self, claim)
        return self.templates["deal"].render(
            **self.common,
            root="../",
            title=claim.name or kind_words(claim.kind),
            claim=entry,
            description=resource.description,
            iri=claim.iri,
            turtle=quote(self.plan.pages[claim.iri].rsplit("/", 1)[-1][:-5]) + ".ttl",
            graph=json_block(graph),
            more=graph.get("more", 0),
        )

    def render(self, template: str, **context: Any) -> str:
        """Render one of the other templates (``index``, ``others``) with the common context."""
        return self.templates[template].render(**self.common, root="", **context)


def claim_context(r: Renderer, claim: Claim) -> dict[str, Any]:
    """Return what a deal page shows of its claim: facts, parties, parts and sources."""
    parents = r.parents.get(claim.iri, frozenset())
    refs = sorted(claim_sources(r.data, claim, parents), key=lambda s: (row_rank(s.kind), s.url))
    facts = [
        ("kind", kind_words(claim.subkind or claim.kind)),
        ("amount", _money(claim)),
        ("capacity", capacity_text(claim.capacity_gw)),
        ("valuation", amount_text(claim.valuation)),
        ("stake", f"{claim.stake_percent:g}%" if claim.stake_percent is not None else ""),
        ("round", claim.round_name or ""),
        ("announced", day_text(claim.announced, "")),
        ("starts", day_text(claim.start, "")),
        ("ends", day_text(claim.end, "")),
        ("deadline", day_text(claim.deadline, "")),
        ("duration", claim.duration or ""),
        ("stage", claim.stage),
        ("status", claim.status),
    ]
    parties = [
        {"role": role, "who": [r.link(i) for i in who]}
        for role, who in sorted(claim.parties.items())
        if role not in {"tranche", "commitment", "clause"}
    ]
    return {
        "facts": [{"label": k, "value": v} for k, v in facts if v],
        "parties": parties,
        "tranches": [r._part(t) for t in claim.party("tranche")],
        "linked": [r._part(t) for t in (*claim.party("commitment"), *claim.party("clause"))],
        "participations": [
            {**r.link(p.participant), "role": p.role, "amount": amount_text(p.amount)}
            for p in claim.participations
        ],
        "sources": _sources(refs),
    }
