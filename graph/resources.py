"""Where the shipped ontology, shapes, curated facts and named queries live.

Installed from a wheel they sit inside the package (``graph/_data``); in a
source checkout or an editable install they are the top-level ``ontology/`` and
``queries/`` folders of the repository. A command run inside an aikg checkout
(the working folder or one of its parents holds ``ontology/aikg.ttl`` and a
``pyproject.toml`` of the ``aikg`` project) reads that checkout's files, even
when the package was installed from a wheel: a fact added to the checkout is
what the next build loads. ``$AIKG_DATA`` names another such folder.

Examples
--------
>>> ontology_file().name
'aikg.ttl'
>>> sorted(p.name for p in fact_files())[:1] != []
True
"""

from __future__ import annotations

import os
import re
from pathlib import Path

__all__ = [
    "checkout_of",
    "data_root",
    "fact_files",
    "ontology_file",
    "publishers_file",
    "queries_dir",
    "shapes_file",
]

_PACKAGE = Path(__file__).resolve().parent
_PROJECT = re.compile(r'^name\s*=\s*"aikg"\s*$', re.MULTILINE)


def _is_checkout(folder: Path) -> bool:
    """Tell whether ``folder`` is an aikg source checkout (ontology and project file)."""
    if not (folder / "ontology" / "aikg.ttl").is_file():
        return False
    try:
        text = (folder / "pyproject.toml").read_text(encoding="utf-8")
    except OSError:
        return False
    return bool(_PROJECT.search(text))


def checkout_of(start: Path) -> Path | None:
    """Return the aikg checkout ``start`` lies in (itself or a parent), if any.

    Examples
    --------
    >>> checkout_of(Path("/")) is None
    True
    >>> checkout_of(_PACKAGE) == _PACKAGE.parent or checkout_of(_PACKAGE) is None
    True
    """
    for folder in (start, *start.parents):
        if _is_checkout(folder):
            return folder
    return None


def data_root() -> Path:
    """Return the folder that holds ``ontology/`` and ``queries/``.

    Returns
    -------
    Path
        ``$AIKG_DATA`` when set; else the aikg checkout the working folder lies in;
        else ``graph/_data`` when installed from a wheel; else the repository root.
    """
    named = os.environ.get("AIKG_DATA")
    if named:
        return Path(named).expanduser().resolve()
    try:
        here = checkout_of(Path.cwd())
    except OSError:  # the working folder was removed
        here = None
    if here is not None:
        return here
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
