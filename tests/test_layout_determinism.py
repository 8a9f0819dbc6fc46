"""The network layouts are the same in every process, whatever Python's hash seed."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

pytestmark = pytest.mark.slow

# a small component of a larger graph: networkx iterates such a subgraph view over its node
# set, whose order follows the string hashes, so a layout that takes the view's order varies
SCRIPT = """
import json
import networkx as nx
from graph.export.layout import _spring
big = nx.Graph()
big.add_edges_from((f"hub-{i}", f"leaf-{i}-{j}") for i in range(40) for j in range(5))
part = {"hub-7", *(f"leaf-7-{j}" for j in range(5))}
print(json.dumps(sorted(_spring(big.subgraph(part), 100.0, (0.0, 0.0)).items())))
"""


def _positions(seed: str) -> str:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT], env=env, capture_output=True, text=True, check=True
    )
    return done.stdout


def test_layout_of_a_small_component_does_not_depend_on_the_hash_seed():
    assert len({_positions(seed) for seed in ("1", "2", "3", "4")}) == 1
