"""How nodes and edges look in the exported views: colours, shapes and widths by type and kind."""

from __future__ import annotations

import math
from dataclasses import dataclass

__all__ = ["DASH", "EDGE_STYLES", "NODE_STYLES", "EdgeStyle", "NodeStyle", "money_line_width"]


#: The dash (U+2013) between the two names of a pair, as in "Amazon-Anthropic".
DASH = "\u2013"


@dataclass(frozen=True)
class NodeStyle:
    """How a node type is drawn: vis-network shape and colour."""

    color: str
    shape: str


@dataclass(frozen=True)
class EdgeStyle:
    """How an edge kind is drawn: colour, dashes, arrow, and a legend label."""

    color: str
    dashes: bool
    arrow: bool
    label: str


#: Node type -> style (the type is shown in the legend and filters).
NODE_STYLES: dict[str, NodeStyle] = {
    "Cloud provider": NodeStyle("#1f6fd1", "box"),
    "Model developer (closed weights)": NodeStyle("#d1361f", "diamond"),
    "Model developer": NodeStyle("#e0822a", "diamond"),
    "Chip designer": NodeStyle("#7a4fc4", "hexagon"),
    "Company": NodeStyle("#6b7280", "dot"),
    "Government body": NodeStyle("#374151", "square"),
    "Program": NodeStyle("#374151", "square"),
    "Model family (open weights)": NodeStyle("#1d9a55", "triangle"),
    "Model family (closed weights)": NodeStyle("#b4232a", "triangleDown"),
    "Model family": NodeStyle("#9ca3af", "triangle"),
    "Model release": NodeStyle("#86c9a0", "dot"),
    "Cloud platform": NodeStyle("#5aa9e6", "ellipse"),
    "Chip": NodeStyle("#b39ddb", "star"),
    "Data center": NodeStyle("#8d6e63", "square"),
    "Compute cluster": NodeStyle("#a1887f", "square"),
}


#: Edge kind -> style.
EDGE_STYLES: dict[str, EdgeStyle] = {
    "equity": EdgeStyle("#1f6fd1", False, True, "equity investment (investor → investee)"),
    "spend": EdgeStyle("#e8590c", False, True, "spend commitment (customer → provider)"),
    "capacity": EdgeStyle("#f59f00", False, True, "capacity commitment (customer → provider)"),
    "purchase": EdgeStyle("#c2255c", False, True, "compute or chip purchase (buyer → supplier)"),
    "acquisition": EdgeStyle("#495057", False, True, "acquisition (acquirer → target)"),
    "venture": EdgeStyle("#5c7cfa", False, True, "joint-venture contribution (partner → venture)"),
    "money": EdgeStyle("#e8590c", False, True, "money flow (payer → payee), width ~ USD"),
    "binding": EdgeStyle("#868e96", True, False, f"binding (model company {DASH} provider), depth"),
    "availability": EdgeStyle(
        "#2f9e44", True, False, f"offered on (family {DASH} platform or cloud)"
    ),
    "develops": EdgeStyle("#adb5bd", False, True, "develops (developer → family)"),
    "operates": EdgeStyle("#ced4da", False, True, "operates (company → platform, facility)"),
    "designs": EdgeStyle("#d0bfff", False, True, "designs (designer → chip)"),
    "release": EdgeStyle("#c3e6cb", False, True, "release of (family → release)"),
}


def money_line_width(usd: float) -> float:
    """Edge width from an amount in USD: 1 (unknown or small) to 12 ($1T), log scale."""
    if usd <= 1e8:
        return 1.0
    return round(min(12.0, 1.0 + 2.75 * math.log10(usd / 1e8)), 1)
