"""Where imported data came from: the dataset's version and the import as a prov:Activity.

Examples
--------
>>> from datetime import date
>>> import rdflib
>>> g = rdflib.Graph()
>>> src = rdflib.URIRef("https://w3id.org/aikg/id/src-x")
>>> act = import_activity(g, "x", "Import of X", [src], date(2026, 3, 6), version="1.2")
>>> print(act)
https://w3id.org/aikg/id/import-x-2026-03-06
>>> sorted(str(o) for o in g.objects(act, PROV.used))
['https://w3id.org/aikg/id/src-x']
>>> version_date("@misc{x, year = {2025}, month = {09}, url = {u}}")
datetime.date(2025, 9, 1)
>>> version_date("no citation here") is None
True
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from pathlib import Path

from rdflib import Literal, URIRef
from rdflib.namespace import RDF, XSD

from graph.importers.sink import Sink
from graph.vocab import AIKG, ID, PROV, SCHEMA

__all__ = ["add_publication", "import_activity", "readme_version_date", "version_date"]

_YEAR = re.compile(r"\byear\s*=\s*\{\s*(\d{4})\s*\}", re.IGNORECASE)
_MONTH = re.compile(r"\bmonth\s*=\s*\{\s*(\d{1,2})\s*\}", re.IGNORECASE)


def version_date(citation: str) -> date | None:
    """Return the first of the month a BibTeX citation gives as year and month, if any."""
    year, month = _YEAR.search(citation), _MONTH.search(citation)
    if not year or not month or not 1 <= int(month.group(1)) <= 12:
        return None
    return date(int(year.group(1)), int(month.group(1)), 1)


def readme_version_date(folder: Path) -> date | None:
    """Return a dataset folder's version month, from the citation in its README.md."""
    try:
        text = (folder / "README.md").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    return version_date(text)


def add_publication(
    graph: Sink, source: URIRef, published: date | None, *, month_only: bool = False
) -> None:
    """State a source's publication date, with its precision, or that it is unknown."""
    if published is None:
        graph.add((source, AIKG.publicationDateUnknown, Literal(True)))
        return
    graph.add((source, SCHEMA.datePublished, Literal(published.isoformat(), datatype=XSD.date)))
    if month_only:
        graph.add((source, AIKG.datePublishedPrecision, AIKG.MonthPrecision))


def import_activity(
    graph: Sink,
    key: str,
    name: str,
    sources: Iterable[URIRef],
    retrieved: date,
    *,
    version: str | None = None,
) -> URIRef:
    """Add the import as a ``prov:Activity`` that used the dataset sources.

    Parameters
    ----------
    graph : rdflib.Graph
        The import's graph.
    key : str
        Short name of the dataset (``epoch``, ``litellm``).
    name : str
        Human-readable name of the activity.
    sources : iterable of URIRef
        The dataset's ``aikg:Source`` nodes.
    retrieved : date
        The day the files were downloaded (``aikg:retrievedDate``).
    version : str, optional
        The dataset's version string (``schema:version``).
    """
    iri = ID[f"import-{key}-{retrieved.isoformat()}"]
    graph.add((iri, RDF.type, PROV.Activity))
    graph.add((iri, SCHEMA.name, Literal(name)))
    graph.add((iri, AIKG.retrievedDate, Literal(retrieved.isoformat(), datatype=XSD.date)))
    if version:
        graph.add((iri, SCHEMA.version, Literal(version)))
    for source in sources:
        graph.add((iri, PROV.used, source))
    return iri
