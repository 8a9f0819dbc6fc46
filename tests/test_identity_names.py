"""Same-name warnings: one per shared name, however many entities share it."""

from __future__ import annotations

import pyoxigraph as ox

from graph.identity import identity_problems

COMPANY = "a <https://w3id.org/aikg/ontology#Company> ; <https://schema.org/name>"


def _store(names: dict[str, str]) -> ox.Store:
    store = ox.Store()
    ttl = "".join(f'<https://w3id.org/aikg/id/{k}> {COMPANY} "{v}" .\n' for k, v in names.items())
    store.load(ttl.encode(), format=ox.RdfFormat.TURTLE)
    return store


def _same_name(store: ox.Store) -> list[tuple[str, str]]:
    return [(p.focus, p.message) for p in identity_problems(store) if "same name" in p.message]


def test_two_entities_give_one_warning_naming_the_other():
    found = _same_name(_store({"b": "Acme", "a": "ACME", "c": "Other"}))
    assert [f for f, _ in found] == ["id:a"]
    assert found[0][1].startswith("id:a has the same name as id:b: ")


def test_many_entities_with_one_name_give_one_warning_not_one_per_pair():
    names = {f"cluster-{i:03d}": "Anonymized system" for i in range(250)}
    found = _same_name(_store(names))
    assert len(found) == 1  # 31,125 pairs before
    focus, message = found[0]
    assert focus == "id:cluster-000"
    assert "id:cluster-001, id:cluster-002, id:cluster-003 and 246 more" in message


def test_each_shared_name_gets_its_own_warning():
    found = _same_name(_store({"a": "X", "b": "x", "c": "Y", "d": "Y", "e": "Z"}))
    assert sorted(f for f, _ in found) == ["id:a", "id:c"]
