"""The vocabulary module, the ontology and the shapes agree with each other."""

from __future__ import annotations

import pytest
import rdflib
from rdflib.namespace import OWL, RDF, RDFS

from graph.resources import ontology_file, shapes_file
from graph.vocab import AIKG, SH

AIKG_NS = "https://w3id.org/aikg/ontology#"


def _ontology() -> rdflib.Graph:
    return rdflib.Graph().parse(ontology_file())


def _shapes() -> rdflib.Graph:
    return rdflib.Graph().parse(shapes_file())


def test_vocab_lists_exactly_the_ontology_terms():
    declared = {
        str(s)[len(AIKG_NS) :] for s in _ontology().subjects() if str(s).startswith(AIKG_NS)
    }
    in_module = set(AIKG.__annotations__)
    assert declared == in_module


def test_vocab_rejects_typos():
    with pytest.raises(AttributeError, match="EquityInvestmnet"):
        _ = AIKG.EquityInvestmnet


def test_every_class_has_a_shape_or_inherits_one():
    onto, shapes = _ontology(), _shapes()
    targeted = set(shapes.objects(None, SH.targetClass))
    # enumerations (statuses, roles, kinds) are closed lists of individuals declared in the ontology
    enumerations = {c for c in onto.subjects(RDF.type, OWL.Class) if (None, RDF.type, c) in onto}
    for cls in onto.subjects(RDF.type, OWL.Class):
        if not str(cls).startswith(AIKG_NS) or cls in enumerations:
            continue
        ancestors = set(onto.transitive_objects(cls, RDFS.subClassOf))
        assert ancestors & targeted, f"{cls} has no SHACL shape"


def test_every_constraint_has_a_message():
    shapes = _shapes()
    for shape in shapes.subjects(RDF.type, SH.NodeShape):
        for prop in shapes.objects(shape, SH.property):
            assert (prop, SH.message, None) in shapes, f"property shape of {shape} lacks sh:message"
        has_node_constraint = any(
            (shape, p, None) in shapes for p in (SH["or"], SH["class"], SH["not"])
        )
        if has_node_constraint:
            assert (shape, SH.message, None) in shapes, f"{shape} lacks sh:message"


def test_binding_layer_weights_sum_to_one():
    onto = _ontology()
    weights = [float(w) for w in onto.objects(None, AIKG.layerWeight)]
    numbers = sorted(int(n) for n in onto.objects(None, AIKG.layerNumber))
    assert numbers == [1, 2, 3, 4, 5, 6]
    assert abs(sum(weights) - 1.0) < 1e-9
