"""One thing, one node: warnings for the slips that make an entity appear twice or oddly.

Run by ``aikg build`` and ``aikg validate`` beside the shapes:

- **same name** (warning): two or more entities of the same kind (company, model family,
  chip...) with the same name once case, width and accents are folded: probably one entity
  written twice (one warning per name, naming the others);
- **look-alike id** (warning): an id whose letters mix scripts (a Cyrillic ``a``, U+0430,
  among Latin letters), or that turns into another entity's id when such letters are read as
  their Latin twins;
- **two kinds** (violation): an entity typed with two classes the ontology declares
  disjoint (``owl:AllDisjointClasses``), say a company that is also a chip;
- **negative duration** (violation): ``aikg:duration`` must be a positive ISO 8601 span.

Examples
--------
>>> import pyoxigraph as ox
>>> store = ox.Store()
>>> twin = chr(0x430) + "mazon"  # a Cyrillic first letter
>>> company = "a <https://w3id.org/aikg/ontology#Company> ; <https://schema.org/name> 'Amazon' ."
>>> ttl = f"<https://w3id.org/aikg/id/amazon> {company} <https://w3id.org/aikg/id/{twin}> {company}"
>>> store.load(ttl.encode(), format=ox.RdfFormat.TURTLE)
>>> [(p.severity, p.focus == "id:amazon", p.message[:17]) for p in identity_problems(store)]
[('Warning', True, 'id:amazon has the'), ('Warning', False, 'look-alike id: it')]
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from collections.abc import Callable, Mapping

import pyoxigraph as ox
import rdflib
from rdflib.term import Node

from graph.validate import Problem, short_name

__all__ = ["identity_problems", "skeleton"]

_ID = "https://w3id.org/aikg/id/"
_A = "https://w3id.org/aikg/ontology#"
_RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")

#: Letters of other scripts that look like Latin ones (the common confusables).
_TWINS = str.maketrans(
    dict(
        zip(
            map(chr, [0x430, 0x435, 0x43E, 0x440, 0x441, 0x443, 0x445, 0x456, 0x458, 0x455,
                      0x501, 0x4CF, 0x410, 0x412, 0x415, 0x41A, 0x41C, 0x41D, 0x41E, 0x420,
                      0x421, 0x422, 0x425, 0x406, 0x408, 0x405, 0x3B1, 0x3BF, 0x3C1, 0x3C4,
                      0x3C5, 0x3BD, 0x3BA, 0x391, 0x392, 0x395, 0x396, 0x397, 0x399, 0x39A,
                      0x39C, 0x39D, 0x39F, 0x3A1, 0x3A4, 0x3A5, 0x3A7]),
            "aeopcyxijsdlABEKMHOPCTXIJSaoptuvkABEZHIKMNOPTYX",
            strict=True,
        )
    )
)  # fmt: skip


def skeleton(text: str) -> str:
    """Fold case, width and accents, and read look-alike letters as their Latin twins.

    Examples
    --------
    >>> skeleton(chr(0xFF2D) + "istral AI") == skeleton("mistral ai")  # a full-width M
    True
    >>> skeleton(chr(0x41C) + "istral AI") == skeleton("Mistral AI")  # a Cyrillic M
    True
    """
    folded = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", text).translate(_TWINS))
    return "".join(c for c in folded if not unicodedata.combining(c)).casefold().strip()


def _scripts(text: str) -> set[str]:
    found = set()
    for c in text:
        if c.isalpha():
            name = unicodedata.name(c, "")
            found.add(name.split(" ", 1)[0] if name else "?")
    return found


_ENTITIES = """
SELECT ?e ?type ?name WHERE {
  ?e a ?type .
  OPTIONAL { ?e <https://schema.org/name> ?name }
  FILTER(STRSTARTS(STR(?e), "https://w3id.org/aikg/id/"))
  FILTER NOT EXISTS { ?e <https://w3id.org/aikg/ontology#claimStatus> ?status }
}"""
_DISJOINT = """
SELECT ?set ?member WHERE {
  ?set a <http://www.w3.org/2002/07/owl#AllDisjointClasses> ;
       <http://www.w3.org/2002/07/owl#members>/<http://www.w3.org/1999/02/22-rdf-syntax-ns#rest>*/<http://www.w3.org/1999/02/22-rdf-syntax-ns#first> ?member .
}"""  # noqa: E501
_SUPER = """
SELECT ?c ?super WHERE {
  ?c <http://www.w3.org/2000/01/rdf-schema#subClassOf>+ ?super .
  FILTER(isIRI(?c) && isIRI(?super))
}"""
_DURATIONS = """
SELECT ?s ?d WHERE { ?s <https://w3id.org/aikg/ontology#duration> ?d . FILTER(STRSTARTS(STR(?d), "-")) }
"""  # noqa: E501


def _rows(store: ox.Store, query: str) -> list[tuple[str | None, ...]]:
    solutions = store.query(query)
    assert isinstance(solutions, ox.QuerySolutions)
    return [tuple(None if v is None else v.value for v in row) for row in solutions]


def _kinds(schema: ox.Store) -> dict[str, str]:
    """Map each class to the disjoint class (``owl:AllDisjointClasses``) it falls under."""
    supers: dict[str, set[str]] = defaultdict(set)
    for c, sup in _rows(schema, _SUPER):
        if c is not None and sup is not None:
            supers[c].add(sup)
    disjoint: dict[str, set[str]] = defaultdict(set)
    for group, member in _rows(schema, _DISJOINT):
        if group is not None and member is not None:
            disjoint[group].add(member)
    top: dict[str, str] = {}
    for members in disjoint.values():
        for cls in list(supers) + list(members):
            for m in members:
                if cls == m or m in supers.get(cls, ()):
                    top.setdefault(cls, m)
    return top


def _look_alikes(
    types: Mapping[str, set[str]],
    name: Callable[[str], str],
    files: Callable[[str], tuple[str, ...]],
) -> list[Problem]:
    problems = []
    slugs = {e[len(_ID) :]: e for e in types if e.startswith(_ID)}
    for slug, e in sorted(slugs.items()):
        scripts = _scripts(slug)
        twin = slug.translate(_TWINS)
        if len(scripts) > 1 or (twin != slug and twin in slugs):
            target = f"; it reads as id:{twin}" if twin != slug else ""
            problems.append(Problem(
                "Warning", name(e), "",
                f"look-alike id: its letters mix scripts ({', '.join(sorted(scripts))}){target}",
                files=files(e),
            ))  # fmt: skip
    return problems


def _listed(names: list[str], shown: int = 3) -> str:
    """Name the first few of ``names`` and count the rest.

    >>> _listed(["id:b"]), _listed(["id:b", "id:c", "id:d", "id:e", "id:f"])
    ('id:b', 'id:b, id:c, id:d and 2 more')
    """
    if len(names) <= shown:
        return ", ".join(names[:-1]) + (" and " if len(names) > 1 else "") + names[-1]
    return f"{', '.join(names[:shown])} and {len(names) - shown} more"


def identity_problems(
    store: ox.Store,
    origins: Mapping[Node, frozenset[str]] | None = None,
    *,
    ontology: ox.Store | None = None,
) -> list[Problem]:
    """Return the same-name, look-alike-id, two-kinds and negative-duration problems.

    Parameters
    ----------
    store : pyoxigraph.Store
        The data (the ontology's own triples included when ``ontology`` is not given).
    origins : mapping, optional
        Subject node -> files that state it, to name files in the report.
    ontology : pyoxigraph.Store, optional
        Where the class hierarchy and the disjoint classes are read (default: ``store``).
    """
    origins = origins or {}
    schema = ontology if ontology is not None else store

    def files(iri: str) -> tuple[str, ...]:
        return tuple(sorted(origins.get(rdflib.URIRef(iri), frozenset())))

    def name(iri: str) -> str:
        return short_name(rdflib.URIRef(iri))

    top = _kinds(schema)
    types: dict[str, set[str]] = defaultdict(set)
    names: dict[str, set[str]] = defaultdict(set)
    for e, t, n in _rows(store, _ENTITIES):
        if e is None or t is None:
            continue
        types[e].add(t)
        if n:
            names[e].add(n)

    problems: list[Problem] = []
    by_name: dict[tuple[str, str], set[str]] = defaultdict(set)
    for e, ts in sorted(types.items()):
        kinds = sorted({top[t] for t in ts if t in top})
        if len(kinds) > 1:
            problems.append(Problem(
                "Violation", name(e), "rdf:type",
                f"typed as {' and '.join(name(k) for k in kinds)}, which the ontology declares "
                "disjoint: one of them is wrong (or these are two entities)",
                files=files(e),
            ))  # fmt: skip
        kind = kinds[0] if kinds else "?"
        for n in names.get(e, ()):
            by_name[(kind, skeleton(n))].add(e)
    for (_, _), same in sorted(by_name.items()):
        if len(same) < 2:
            continue
        first, *others = sorted(same)  # one warning per name, not one per pair
        problems.append(Problem(
            "Warning", name(first), "schema:name",
            f"{name(first)} has the same name as {_listed([name(o) for o in others])}: "
            "the same entity twice? merge them, or give each a distinguishing name",
            files=files(first),
        ))  # fmt: skip
    problems.extend(_look_alikes(types, name, files))
    for s, d in _rows(store, _DURATIONS):
        if s is None:
            continue
        problems.append(Problem(
            "Violation", name(s), "aikg:duration",
            "a duration is a positive ISO 8601 span (P5Y, P18M, P90D), never negative",
            value=str(d), files=files(s),
        ))  # fmt: skip
    return problems
