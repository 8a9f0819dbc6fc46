"""The entity site, ``exports/site/``: a page for every entity and deal, an index with search.

Written by ``aikg export`` and ``aikg build`` (export name ``site``), offline and static:

========================  ====================================================
``site/index.html``       search over names and aliases (any language), lists by class
``site/id/<slug>.html``   one page per company, model family, platform, chip, data
                          centre, government body, programme and deal
``site/id/<slug>.ttl``    the triples of every ``id:`` resource (the pages link them;
                          ``aikg serve`` answers ``/id/<slug>`` with them)
``site/others.html``      imported organisations and unattributed releases and clusters
``site/places.json``      slug -> the page (and anchor) that shows it, for ``aikg serve``
``site/assets/``          the stylesheet, the script and vis-network (no CDN)
========================  ====================================================

The long tail is grouped (see :mod:`graph.export.site_plan`), so the site stays small: about
600 pages and 10 MB with the Epoch AI and LiteLLM data.

Examples
--------
>>> import graph, tempfile
>>> folder = Path(tempfile.mkdtemp()) / "site"
>>> files = write_site(folder, graph.load("memory"))
>>> (folder / "index.html").exists(), (folder / "id" / "anthropic.html").exists()
(True, True)
>>> b"deal-amazon-anthropic-2026" in (folder / "id" / "anthropic.ttl").read_bytes()
True
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

from graph.claim_cells import GraphLike
from graph.claims import ClaimData
from graph.entity import claims_by_party, describe_all
from graph.export.network import node_type
from graph.export.site_data import Resources, read_resources
from graph.export.site_graph import kind_words, neighbourhood
from graph.export.site_page import Renderer, json_block
from graph.export.site_plan import DEAL_KINDS, OTHERS, PAGE_KINDS, SitePlan, page_file, plan_site
from graph.export.staging import write_reusing
from graph.forked import run_beside
from graph.ids import ENTITY_NS
from graph.metrics import data_of
from graph.metrics.poles import closed_weight_companies
from graph.progress import stage

__all__ = ["SITE_INDEX", "write_site"]

#: The file that stands for the whole site in :data:`graph.export.FILES`.
SITE_INDEX = "site/index.html"
_TEMPLATES = Path(__file__).parent / "templates" / "site"
_SECTION_TITLES = {
    "Company": "Companies",
    "ModelFamily": "Model families",
    "CloudPlatform": "Cloud and model platforms",
    "Chip": "Chips",
    "DataCenter": "Data centres",
    "GovernmentBody": "Government bodies",
    "Program": "Programmes",
}
_ASSETS = ("site.css", "site.js", "vis-network.min.js", "vis-network.css")
#: Search ranks: entities with pages first, deals next, the long tail last.
_WEIGHTS = {"page": 0, "deal": 5, "tail": 10}


def _vis_folder() -> Path:
    spec = importlib.util.find_spec("pyvis")
    if spec is None or not spec.submodule_search_locations:  # pragma: no cover
        raise RuntimeError("pyvis is not installed: the site needs its copy of vis-network")
    return Path(next(iter(spec.submodule_search_locations))) / "templates" / "lib" / "vis-9.1.2"


def _names(data: ClaimData, resources: Resources) -> Any:
    def name(iri: str) -> str:
        if iri in data.entities or (iri in data.claims and data.claims[iri].name):
            return data.name(iri)
        claim = data.claims.get(iri)
        if claim is not None:  # an unnamed part of a deal: "upfront tranche"
            sub = kind_words(claim.subkind) + " " if claim.subkind else ""
            return sub + kind_words(claim.kind)
        found = resources.get(iri).name
        return found or iri.rsplit("/", 1)[-1]

    return name


def _views(data: ClaimData, iri: str) -> list[tuple[str, str]]:
    name = quote(data.name(iri), safe="")
    views = [("focused in the ecosystem view", f"../../ecosystem.html#focus={name}")]
    e = data.entities[iri]
    loop_roles = {"CloudProvider", "ModelDeveloper"}
    if e.kind == "ModelFamily" or (e.kind == "Company" and loop_roles & set(e.roles)):
        views.append(("in the tri-polar view", f"../../tri-polar.html#focus={name}"))
    return views


def _search_records(
    data: ClaimData, plan: SitePlan, resources: Resources, closed: set[str]
) -> list[dict[str, Any]]:
    records = []
    for iri, place in sorted(plan.places.items()):
        if iri in data.claims and iri not in plan.pages:
            continue  # offerings, observations, tranches: found through their parties
        res = resources.get(iri)
        if iri in data.claims:
            kind, weight = kind_words(data.claims[iri].kind), _WEIGHTS["deal"]
            name = data.claims[iri].name or kind
        else:
            entity = data.entities.get(iri)
            kind = node_type(entity, closed).lower() if entity else "organisation"
            weight = _WEIGHTS["page" if iri in plan.pages else "tail"]
            name = entity.name if entity else (res.name or iri.rsplit("/", 1)[-1])
        records.append(
            {
                "name": name,
                "aliases": [a for a, _ in res.aliases],
                "kind": kind,
                "href": place.href_from_root(),
                "weight": weight,
            }
        )
    return records


def _index_sections(data: ClaimData, plan: SitePlan) -> list[dict[str, Any]]:
    sections = []
    for kind in PAGE_KINDS:
        items = [
            {
                "name": e.name,
                "href": plan.pages[e.iri],
                "note": ", ".join(e.countries) or (e.country or ""),
            }
            for e in sorted(data.entities.values(), key=lambda e: e.name.casefold())
            if e.kind == kind and e.iri in plan.pages
        ]
        if items:
            sections.append({"id": kind.lower(), "title": _SECTION_TITLES[kind], "entries": items})
    deals = sorted(
        (c for c in data.claims.values() if c.kind in DEAL_KINDS),
        key=lambda c: (c.date or date.min, c.name),
        reverse=True,
    )
    sections.append(
        {
            "id": "deals",
            "title": "Deals, newest first",
            "entries": [
                {
                    "name": c.name or kind_words(c.kind),
                    "href": plan.pages[c.iri],
                    "note": f"{c.date.isoformat() if c.date else 'undated'}, {kind_words(c.kind)}",
                }
                for c in deals
            ],
        }
    )
    return sections


def _others(data: ClaimData, plan: SitePlan, resources: Resources) -> dict[str, Any]:
    def item(iri: str) -> dict[str, str]:
        e = data.entities[iri]
        return {
            "anchor": iri.rsplit("/", 1)[-1],
            "name": e.name,
            "what": "model release" if e.kind == "ModelRelease" else "compute cluster",
            "day": e.released.isoformat() if e.released else "",
            "country": e.country or "",
        }

    orgs: list[dict[str, Any]] = [
        {
            "anchor": iri.rsplit("/", 1)[-1],
            "name": resources.get(iri).name or iri.rsplit("/", 1)[-1],
            "country": resources.get(iri).country,
            "entries": [item(i) for i in plan.tail.get(iri, ())],
        }
        for iri in plan.others
    ]
    orgs.sort(key=lambda o: (o["name"].casefold(), o["anchor"]))
    return {"orgs": orgs, "orphans": [item(i) for i in plan.orphans]}


def _write(folder: Path, name: str, content: bytes, previous: Path | None) -> Path:
    """Write ``folder/name``, linking ``previous/name`` if unchanged (:func:`write_reusing`)."""
    return write_reusing(folder / name, content, previous / name if previous else None)


#: Where the Turtle child creates its files: a folder of its own, not ``id/``, where the
#: pages are being created meanwhile. A directory takes one new file at a time (Linux holds
#: its lock while the file system picks an inode, which can be slow: ext4 without a journal
#: steps over every recently freed inode), so two writers in one folder wait on each other.
#: :func:`_move_triples` renames them into ``id/`` once both are done.
_TRIPLES_AWAY = ".id-triples"


def _write_triples(folder: Path, resources: Resources, previous: Path | None) -> list[str]:
    """Write every ``id:`` resource's triples into :data:`_TRIPLES_AWAY` (run in a child).

    Returns the file names, each to become ``id/<name>`` (:func:`_move_triples`). What an
    interrupted run left in that folder is removed first.

    Examples
    --------
    >>> import tempfile
    >>> from types import SimpleNamespace
    >>> class Two(list):
    ...     def turtle(self, iri): return iri.encode()
    >>> resources = Two([SimpleNamespace(iri=ENTITY_NS + "a", slug="a"),
    ...                  SimpleNamespace(iri="https://example.org/b", slug="b")])
    >>> folder = Path(tempfile.mkdtemp())
    >>> (folder / _TRIPLES_AWAY).mkdir()
    >>> _ = (folder / _TRIPLES_AWAY / "gone.ttl").write_text("left by a killed run")
    >>> _write_triples(folder, resources, None)
    ['a.ttl']
    >>> sorted(p.name for p in (folder / _TRIPLES_AWAY).iterdir())
    ['a.ttl']
    """
    away = folder / _TRIPLES_AWAY
    shutil.rmtree(away, ignore_errors=True)
    away.mkdir()
    reused = previous / "id" if previous else None
    names = []
    for res in resources:
        if res.iri.startswith(ENTITY_NS):
            name = f"{page_file(res.slug)}.ttl"
            write_reusing(away / name, resources.turtle(res.iri), reused / name if reused else None)
            names.append(name)
    return names


def _move_triples(folder: Path, names: list[str]) -> list[Path]:
    """Rename the files :func:`_write_triples` wrote into ``id/`` and remove their folder.

    Examples
    --------
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> (folder / "id").mkdir()
    >>> (folder / _TRIPLES_AWAY).mkdir()
    >>> _ = (folder / _TRIPLES_AWAY / "a.ttl").write_text("x")
    >>> [p.relative_to(folder).as_posix() for p in _move_triples(folder, ["a.ttl"])]
    ['id/a.ttl']
    >>> sorted(p.name for p in folder.iterdir()), (folder / "id" / "a.ttl").read_text()
    (['id'], 'x')
    """
    away, into = folder / _TRIPLES_AWAY, folder / "id"
    # names relative to open folders: about half the time of whole paths (723 files)
    source, target = os.open(away, os.O_RDONLY), os.open(into, os.O_RDONLY)
    try:
        for name in names:
            os.replace(name, name, src_dir_fd=source, dst_dir_fd=target)
    finally:
        os.close(source)
        os.close(target)
    away.rmdir()
    return [into / name for name in names]


@dataclass
class _Site:
    """What the writers of one site share."""

    folder: Path
    data: ClaimData
    plan: SitePlan
    resources: Resources
    renderer: Renderer
    closed: set[str]
    as_of: date | None
    views: Sequence[str]
    previous: Path | None


def _write_pages(site: _Site) -> list[Path]:
    """Write the entity and deal pages, the index and ``others.html``."""
    folder, data, plan, resources = site.folder, site.data, site.plan, site.resources
    renderer, closed, as_of, views = site.renderer, site.closed, site.as_of, site.views
    written = []

    def write(name: str, text: str) -> None:
        written.append(_write(folder, name, text.encode("utf-8"), site.previous))

    by_party = claims_by_party(data, as_of)
    entity_iris = [i for i in plan.pages if i in data.entities]
    descriptions = describe_all(data, entity_iris, as_of)

    def href(iri: str) -> str:
        return plan.href(iri)

    for iri, d in descriptions.items():
        graph = neighbourhood(data, iri, by_party.get(iri, ()), href, closed)
        page = renderer.entity_page(
            d,
            resources.get(iri),
            type_label=node_type(data.entities[iri], closed),
            graph=graph,
            views=_views(data, iri) if views else (),
        )
        write(plan.pages[iri], page)
    for iri in plan.pages:
        if iri in data.claims:
            claim = data.claims[iri]
            graph = neighbourhood(data, iri, [claim], href, closed)
            page = renderer.deal_page(claim, resources.get(iri), graph)
            write(plan.pages[iri], page)
    counts = (
        f"{len(plan.pages)} pages: {len(entity_iris)} entities and "
        f"{len(plan.pages) - len(entity_iris)} deals, with {len(plan.places) - len(plan.pages)} "
        "more resources (releases, clusters, tranches, offerings, imported organisations) "
        "listed on them."
    )
    index = renderer.render(
        "index",
        title="Entities",
        counts=counts,
        search=json_block(_search_records(data, plan, resources, closed)),
        sections=_index_sections(data, plan),
    )
    write("index.html", index)
    others = renderer.render(
        "others", title="Other organisations", **_others(data, plan, resources)
    )
    write(OTHERS, others)
    places = {
        iri[len(ENTITY_NS) :]: place.href_from_root()
        for iri, place in sorted(plan.places.items())
        if iri.startswith(ENTITY_NS)
    }
    write("places.json", json.dumps(places, ensure_ascii=False, indent=0))
    return written


def write_site(
    folder: Path,
    kg: GraphLike,
    data: ClaimData | None = None,
    as_of: date | None = None,
    *,
    notice: str | None = None,
    views: Sequence[str] = ("tri-polar", "ecosystem", "report"),
    previous: Path | None = None,
) -> list[Path]:
    """Write the entity site into ``folder`` (created; existing files are replaced).

    Parameters
    ----------
    folder : Path
        The site folder (``exports/site``).
    kg : rdflib.Graph or pyoxigraph.Store
        The built graph (names, aliases, Wikidata links and each resource's triples), or the
        Oxigraph store whose default graph it is.
    data : ClaimData, optional
        Its claims, when already read.
    as_of : date, optional
        Claims and metrics as of this date (``None``: every claim).
    notice : str, optional
        An attribution line for the footer (Epoch AI's, when its data is in the graph).
    views : sequence of str
        The views written beside the site (the pages link to them).
    previous : Path, optional
        The site folder of the exports being replaced: a file whose bytes did not change
        is hard-linked from there instead of written again
        (:func:`graph.export.staging.write_reusing`).

    Returns
    -------
    list of Path
        The files written.
    """
    data = data if data is not None else data_of(kg)
    stage("reading the site's resources")
    resources = read_resources(kg)
    plan = plan_site(data, resources)
    closed = closed_weight_companies(data, as_of)
    names = _names(data, resources)
    built = datetime.now(UTC).date().isoformat()
    renderer = Renderer(data, plan, names, built=built, as_of=as_of, notice=notice)
    (folder / "id").mkdir(parents=True, exist_ok=True)
    (folder / "assets").mkdir(exist_ok=True)
    for asset in _ASSETS:
        source = _TEMPLATES if asset.startswith("site") else _vis_folder()
        _write(folder, f"assets/{asset}", (source / asset).read_bytes(), previous)
    stage(f"writing {len(plan.pages)} entity and deal pages and the triples of each resource")
    names, pages = run_beside(
        lambda: _write_triples(folder, resources, previous),
        lambda: _write_pages(
            _Site(folder, data, plan, resources, renderer, closed, as_of, views, previous)
        ),
    )
    triples = _move_triples(folder, names)
    assets = [folder / "assets" / a for a in _ASSETS]
    return sorted([*assets, *pages, *triples], key=lambda p: p.parts)  # parts: as Path sorts
