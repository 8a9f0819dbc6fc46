"""The imported datasets of a build, kept between builds: the same inputs, the same quads.

Importing the Epoch AI folder and the LiteLLM catalogue takes most of a second of a build
with both (about 0.45 and 0.37 s of CPU by hand, in one process), and gives the same quads
and reports whenever what it reads is the same. :func:`imported` keeps them in the user's
cache folder (:mod:`graph.diskcache`; ``AIKG_CACHE=0`` turns it off), in a file named by
everything the imports read:

- the resolver's input (:meth:`Resolver.entity_quads`: every triple about an organisation,
  model family, chip or platform). Adding or editing a deal leaves it as it is; renaming
  an organisation or adding an alias does not;
- the path of the Epoch AI folder and the bytes of every file the importer reads there
  (its CSVs and their READMEs), the path and the bytes of the catalogue;
- the snapshot dates as the importers use them (the day of the build when not given);
- the code: every Python module of the ``graph`` package and the importers' tables
  (``ontology/importers/``), and the versions of pyoxigraph and rdflib.

Both datasets are one result, computed one after the other in one resolver (the Epoch AI
import registers the chips it makes there; the LiteLLM import looks up platforms and
organisations only). The quads are kept as N-Quads, the reports in full (every count and
every unresolved name); at most :data:`KEEP` results, the most recently used.

Examples
--------
>>> import tempfile, os
>>> from graph.build import default_paths, load_sources
>>> sources = load_sources(default_paths())
>>> catalogue = Path(tempfile.mkdtemp()) / "catalogue.json"
>>> _ = catalogue.write_text('{"claude-3-haiku": {"litellm_provider": "bedrock", '
...                          '"mode": "chat"}}', encoding="utf-8")
>>> os.environ["AIKG_CACHE_DIR"] = cache = tempfile.mkdtemp()
>>> first = imported(sources.quads, None, catalogue, litellm_date=date(2026, 1, 2))
>>> again = imported(sources.quads, None, catalogue, litellm_date=date(2026, 1, 2))
>>> len(first[0].quads) > 0, first == again
(True, True)
>>> len(list(Path(cache, "imports").iterdir()))  # computed once, read the second time
1
>>> del os.environ["AIKG_CACHE_DIR"]
"""

from __future__ import annotations

import functools
import hashlib
import importlib.metadata
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path, PurePosixPath
from typing import Any

import pyoxigraph as ox

from graph.diskcache import remembered_on_disk
from graph.importers.epoch import EPOCH_FILES, import_epoch
from graph.importers.litellm import import_litellm
from graph.importers.report import FileReport, ImportReport
from graph.importers.resolve import Resolver
from graph.importers.resolve.tables import tables_dir
from graph.progress import stage

__all__ = ["KEEP", "Imported", "imported"]

_PACKAGE = Path(__file__).resolve().parent.parent
#: Imports kept at most (about 5 MB each with the full Epoch AI and LiteLLM data): the most
#: recently used; a new alias makes a new one, and the oldest goes
KEEP = 4


@dataclass(frozen=True)
class Imported:
    """One imported dataset: its path, its quads (default graph) and its report."""

    path: Path
    quads: list[ox.Quad]
    report: ImportReport


def imported(
    quads: Iterable[ox.Quad],
    epoch: Path | None,
    litellm: Path | None,
    *,
    epoch_date: date | None = None,
    litellm_date: date | None = None,
    shown: Callable[[Path], str] = str,
) -> list[Imported]:
    """Import the datasets given, names resolved against ``quads``; or read them back.

    Parameters
    ----------
    quads : iterable of pyoxigraph.Quad
        The curated inputs (the resolver is built from them).
    epoch, litellm : Path, optional
        The Epoch AI folder and the LiteLLM catalogue, as :func:`graph.inputs.add_imports`.
    epoch_date, litellm_date : date, optional
        Snapshot dates (see the importers); the day of the build when not given.
    shown : callable
        How the progress lines name a path.

    Returns
    -------
    list of Imported
        Epoch AI first, then LiteLLM, for those given.
    """
    entities = Resolver.entity_quads(quads)
    today = date.today()
    key = {
        "entities": _digest_quads(entities),
        "epoch": None if epoch is None else [str(epoch.resolve()), _epoch_digest(epoch)],
        "epoch_date": (epoch_date or today).isoformat(),
        "litellm": None if litellm is None else [str(litellm.resolve()), _file_digest(litellm)],
        "litellm_date": None if litellm_date is None else litellm_date.isoformat(),
        "day": today.isoformat(),  # LiteLLM without a date: its release date, else today
    }

    def run() -> list[Imported]:
        resolver = Resolver.from_quads(entities)
        done = []
        if epoch is not None:
            stage(f"importing Epoch AI data from {shown(epoch)}")
            result = import_epoch(epoch, resolver, snapshot=epoch_date or today)
            done.append(Imported(epoch, result.triples.quads(), result.report))
        if litellm is not None:
            stage(f"importing the LiteLLM catalogue {shown(litellm)}")
            result = import_litellm(litellm, resolver, snapshot=litellm_date)
            done.append(Imported(litellm, result.triples.quads(), result.report))
        return done

    paths = [p for p in (epoch, litellm) if p is not None]
    names = " and ".join(shown(p) for p in paths)
    stage(f"reading the imports of {names} (kept from an earlier build if unchanged)")
    # read back, each dataset gets the path of this call (the key holds the resolved one)
    decode = functools.partial(_decoded, paths=paths)
    return remembered_on_disk(
        "imports", key, run, code=_code(), decode=decode, encode=_encoded, keep=KEEP
    )


def _digest_quads(quads: Iterable[ox.Quad]) -> str:
    """SHA-256 of the quads in a fixed order; blank nodes (labels differ per parse) as ``_:``."""

    def text(term: object) -> str:
        return "_:" if isinstance(term, ox.BlankNode) else str(term)

    lines = sorted(f"{text(q.subject)} {text(q.predicate)} {text(q.object)}" for q in quads)
    return hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()


def _file_digest(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:  # the importer reports it; such a result is computed every time
        return None


def _epoch_digest(folder: Path) -> list[list[str | None]]:
    """Each file the Epoch AI importer reads (its CSVs and their READMEs), with its SHA-256.

    A file that is not there has ``None``, as the importer notes it missing.
    """
    names = sorted(
        {spec.path for spec in EPOCH_FILES}
        | {(PurePosixPath(spec.path).parent / "README.md").as_posix() for spec in EPOCH_FILES}
    )
    return [[name, _file_digest(folder / name)] for name in names]


def _code() -> list[str] | None:
    """Identify the code and data of the imports: every module of ``graph``, the tables."""
    digest = hashlib.sha256()
    try:
        tables = [p for p in tables_dir().glob("*") if p.is_file()]
        files = sorted(_PACKAGE.rglob("*.py")) + sorted(tables)
        for path in files:
            digest.update(path.as_posix().encode("utf-8") + b"\0" + path.read_bytes())
        versions = [importlib.metadata.version(p) for p in ("pyoxigraph", "rdflib")]
    except (OSError, importlib.metadata.PackageNotFoundError):
        return None
    return [digest.hexdigest(), *versions]


def _encoded(done: list[Imported]) -> list[dict[str, Any]]:
    return [
        {
            "nquads": _nquads(d.quads),
            "source": d.report.source,
            "files": [
                {
                    "file": f.file,
                    "rows_read": f.rows_read,
                    "rows_mapped": f.rows_mapped,
                    "skipped": dict(f.skipped),
                    "notes": dict(f.notes),
                    "unresolved": dict(f.unresolved),
                    "resolved": f.resolved,
                }
                for f in d.report.files.values()
            ],
        }
        for d in done
    ]


def _nquads(quads: list[ox.Quad]) -> str:
    data = ox.serialize(quads, format=ox.RdfFormat.N_QUADS)
    assert data is not None  # no output file given: the bytes are returned
    return data.decode("utf-8")


def _decoded(doc: object, paths: list[Path]) -> list[Imported] | None:
    """Read the kept imports of ``paths`` back; ``None`` when the file does not have their shape."""
    if not isinstance(doc, list) or len(doc) != len(paths):
        return None
    try:
        done = []
        for item, path in zip(doc, paths, strict=True):
            report = ImportReport(str(item["source"]))
            for f in item["files"]:
                report.files[str(f["file"])] = FileReport(
                    file=str(f["file"]),
                    rows_read=int(f["rows_read"]),
                    rows_mapped=int(f["rows_mapped"]),
                    skipped=Counter({str(k): int(v) for k, v in f["skipped"].items()}),
                    notes=Counter({str(k): int(v) for k, v in f["notes"].items()}),
                    unresolved=Counter({str(k): int(v) for k, v in f["unresolved"].items()}),
                    resolved=int(f["resolved"]),
                )
            text = str(item["nquads"]).encode("utf-8")
            quads = list(ox.parse(text, format=ox.RdfFormat.N_QUADS))
            done.append(Imported(path, quads, report))
    except (KeyError, TypeError, ValueError, AttributeError, SyntaxError):
        return None
    return done
