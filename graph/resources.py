"""Where the shipped ontology, shapes, curated facts and named queries live.

Installed from a wheel they sit inside the package (``graph/_data``); in a
source checkout or an editable install they are the top-level ``ontology/`` and
``queries/`` folders of the repository.

Examples
--------
>>> ontology_file().name
'aikg.ttl'
>>> sorted(p.name for p in fact_files())[:1] != []
True
"""

from __future__ import annotations

from pathlib import Path

__all__ = [
    "data_root",
    "fact_files",
    "ontology_file",
    "publishers_file",
    "queries_dir",
    "shapes_file",
]

_PACKAGE = Path(__file__).resolve().parent


def data_root() -> Path:
    """Return the folder that holds ``ontology/`` and ``queries/``.

    Returns
    -------
    Path
        ``graph/_data`` when installed from a wheel, else the repository root.
    """
    packaged = _PACKAGE / "_data"
    if (packaged / "ontology" / "aikg.ttl").is_file():
        return packaged
    return _PACKAGE.parent


def ontology_file() -> Path:
    """Return the path of ``ontology/aikg.ttl``."""
    return data_root() / "ontology" / "aikg.ttl"


def shapes_file() -> Path:
    """Return the path of ``ontology/shapes.ttl``."""
    return data_root() / "ontology" / "shapes.ttl"


def publishers_file() -> Path:
    """Return the path of ``ontology/publishers.ttl``, the registry of source publishers."""
    return data_root() / "ontology" / "publishers.ttl"


def fact_files() -> list[Path]:
    """Return the curated facts files, ``ontology/facts/*.ttl``, sorted by name."""
    return sorted((data_root() / "ontology" / "facts").glob("*.ttl"))


def queries_dir() -> Path:
    """Return the folder of named queries, ``queries/``."""
    return data_root() / "queries"
