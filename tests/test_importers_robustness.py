"""Bad rows are skipped and counted, never a crash; fuzzed CSV rows and JSON entries too."""

from __future__ import annotations

import copy
import csv
import json
import os
import tempfile
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
import rdflib
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Literal
from rdflib.namespace import RDF

from graph.build import default_paths, load_sources
from graph.importers import ImportReport, Kind, Resolver, import_epoch, import_litellm
from graph.importers.epoch import EPOCH_FILES
from graph.importers.epoch import rows as epoch_rows
from graph.importers.report import FileReport
from graph.shacl_sparql import validate_store
from graph.vocab import AIKG, SCHEMA

pytestmark = pytest.mark.slow  # real processes, servers, browsers or large data

DATA = Path(__file__).resolve().parent / "data" / "importers"
EXTERNAL_EPOCH = Path(__file__).resolve().parents[2] / "shared" / "external" / "epoch-ai"
SOURCES = load_sources(default_paths())
CURATED = SOURCES.graph
#: the alias tables of the curated graph, built once; an import registers what it creates,
#: so each fuzzed example gets a fresh copy (``_resolver``), as if built anew
_RESOLVER = Resolver.from_graph(CURATED)


def _resolver() -> Resolver:
    return copy.deepcopy(_RESOLVER)


NOTABLE_HEADER = [
    "Model",
    "Organization",
    "Publication date",
    "Model accessibility",
    "Country (of organization)",
    "Training compute (FLOP)",
    "Training hardware",
]


def _write_csv(path: Path, header: list[str], rows: list[list[str]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        writer.writerows(rows)


def _accounted(report: ImportReport) -> None:
    for f in report.files.values():
        assert f.rows_read == f.rows_mapped + sum(f.skipped.values()), f


def test_bad_epoch_rows_are_skipped_with_reasons():
    result = import_epoch(DATA / "epoch-bad", Resolver.from_graph(CURATED))
    models = result.report.files["ai_models/notable_ai_models.csv"]
    assert models.rows_read == 7
    assert models.rows_mapped == 2
    assert models.skipped == Counter(
        {
            "empty name": 1,
            "unparsable date in 'Publication date'": 1,
            "invalid number in 'Training compute (FLOP)'": 2,
            "formula-like cell (CSV injection) in 'Model'": 1,
        }
    )
    clusters = result.report.files["gpu_clusters/gpu_clusters.csv"]
    assert clusters.skipped == Counter(
        {
            "certainty 'Unlikely'": 1,
            "invalid number in 'Chip quantity (primary)'": 1,
            "formula-like cell (CSV injection) in 'Owner'": 1,
        }
    )
    assert clusters.rows_mapped == 1
    # missing files are noted, not an error
    assert (
        result.report.files["ml_hardware/ml_hardware.csv"].notes["file missing or unreadable"] == 1
    )
    names = {str(o) for o in result.graph.objects(None, SCHEMA.name)}
    assert not any(n.startswith(("=", "@", "+")) for n in names)
    _accounted(result.report)
    # what was imported validates with the curated data (the build's SHACL engine, which
    # test_shacl_sparql holds to pySHACL's results)
    store = SOURCES.store()
    store.bulk_extend(result.triples.quads())
    report = validate_store(store)
    assert report.conforms, [str(p) for p in report.violations]


def test_bad_litellm_entries_are_skipped_with_reasons():
    result = import_litellm(DATA / "litellm-bad.json", Resolver.from_graph(CURATED))
    f = result.report.files["litellm-bad.json"]
    assert f.skipped == Counter(
        {
            "schema example (sample_spec)": 1,
            "entry is not an object": 2,
            "no litellm_provider": 2,
            "no mode": 1,
            "mode embedding": 1,
            "formula-like model id or provider (CSV injection)": 1,
            "no curated model family": 1,
        }
    )
    assert f.rows_mapped == 2
    offers = set(result.graph.subjects(RDF.type, AIKG.ModelOffering))
    assert len(offers) == 1  # both mapped ids are Claude on Bedrock
    _accounted(result.report)


def test_unreadable_json_is_reported(tmp_path: Path):
    for content in (b"{not json", b"[1, 2, 3]", b"\xff\xfe\x00garbage", b"[" * 100_000):
        path = tmp_path / "x.json"
        path.write_bytes(content)
        result = import_litellm(path, Resolver.from_graph(CURATED))
        assert sum(result.report.files["x.json"].skipped.values()) == 1
        assert len(result.graph) == 0 or not set(
            result.graph.subjects(RDF.type, AIKG.ModelOffering)
        )
    missing = import_litellm(tmp_path / "nope.json", Resolver.from_graph(CURATED))
    assert missing.report.files["nope.json"].notes["file missing or unreadable"] == 1


# ------------------------------------------------------------------ fuzzing ---

_TRICKY = [
    "",
    " ",
    "2024-01-01",
    "2021-07",
    "2024-13-45",
    "ten",
    "1e400",
    "-5",
    "nan",
    "3.5",
    "=cmd|' /C calc'!A0",
    "@SUM(A1)",
    "+1",
    "Google DeepMind, Google",
    "Amazon #confident",
    "OpenAI #likely, Microsoft #speculative",
    "NVIDIA A100",
    "Google TPU v4,NVIDIA H100",
    "Open weights (unrestricted)",
    "API access",
    "United States of America,China",
    "Confirmed",
    "Unlikely",
    "True",
    ",,,",
    "#likely",
    "Claude 3.5 Sonnet",
    "Qwen2.5-72B",
    "\x00",
    '"quoted, cell"',
    "a" * 300,
    "Cloud,Academia",
    "Yearly revenue",
    "Annualized revenue",
]
_cell = st.one_of(st.sampled_from(_TRICKY), st.text(max_size=40))
#: the columns the importers read, per Epoch file (tested below on the real files); only these
#: are fuzzed, since a file's other columns are never read
_COLUMNS: dict[str, tuple[str, ...]] = {
    "ml-hardware": ("Hardware name", "Manufacturer", "Type", "Release date", "Foundry"),
    "notable-ai-models": (
        "Model", "Organization", "Publication date", "Training compute (FLOP)",
        "Country (of organization)", "Training hardware", "Model accessibility",
    ),
    "gpu-clusters": (
        "Name", "Certainty", "Chip type (primary)", "Chip quantity (primary)", "Country",
        "Owner", "First Operational Date", "Power Capacity (MW)", "Location", "Users",
        "Chip type (secondary)", "GPU Supplier (primary)", "Decommissioned Date (if applicable)",
    ),
    "data-centers": ("Handle", "Title", "Address", "Owner", "Users", "Current power (MW)"),
    "funding-rounds": (
        "Id", "Company", "Close date", "Funding (equity)", "Funding (debt)",
        "Valuation (post-money)", "Report date", "Confidence", "Exclude from graph view",
    ),
    "revenue-reports": (
        "Id", "Company", "Date", "Revenue amount (normalize to annual)",
        "Annualized revenue (USD)", "Type", "Confidence", "Report date", "Exclude from graph view",
    ),
    "compute-spend": (
        "Id", "Company", "Amount", "Date", "Report date", "Confidence",
        "Exclude from graph view", "Total compute spend",
    ),
}  # fmt: skip


def _rows(key: str) -> st.SearchStrategy[list[dict[str, str]]]:
    return st.lists(st.fixed_dictionaries(dict.fromkeys(_COLUMNS[key], _cell)), max_size=6)


def test_each_fuzzed_example_gets_a_fresh_resolver():
    # the copy equals the tables built anew, and what an import registers stays in its copy
    fresh = Resolver.from_graph(CURATED)
    used = _resolver()
    assert used == fresh
    chip = rdflib.URIRef("https://w3id.org/aikg/id/fuzz-chip-9")
    used.register(Kind.CHIP, "Fuzz Chip 9", chip)  # as the Epoch import does for new chips
    assert used.lookup("Fuzz Chip 9", Kind.CHIP) == chip
    assert used != fresh
    assert _resolver() == fresh


class _Noted(dict[str, str]):
    """A CSV row that notes in ``read`` which of its columns are asked for."""

    def __init__(self, row: dict[str, str], read: set[str]) -> None:
        super().__init__(row)
        self.read = read

    def __getitem__(self, column: str) -> str:
        self.read.add(column)
        return super().__getitem__(column)

    def get(self, column: str, default: object = None) -> object:  # type: ignore[override]
        self.read.add(column)
        return super().get(column, default)


@pytest.mark.skipif(
    not os.environ.get("CI") and not EXTERNAL_EPOCH.is_dir(),
    reason=f"Epoch AI data not found at {EXTERNAL_EPOCH}",
)
def test_fuzzed_columns_are_the_columns_the_importers_read(monkeypatch):
    # the importers run on the real Epoch files, noting every column each file's rows are
    # asked for: each is a fuzzed column, and each fuzzed column is a column of the real file
    # or one the importer asks for
    per_file: dict[str, set[str]] = {}

    def noted(path: Path, report: FileReport) -> Iterator[tuple[int, _Noted]]:
        spec = next(s for s in EPOCH_FILES if path.as_posix().endswith(s.path))
        read = per_file.setdefault(spec.key, set())
        for n, row in epoch_rows.read_rows(path, report):
            yield n, _Noted(row, read)

    monkeypatch.setattr("graph.importers.epoch.read_rows", noted)
    import_epoch(EXTERNAL_EPOCH, _resolver())
    assert set(per_file) == {spec.key for spec in EPOCH_FILES}
    for spec in EPOCH_FILES:
        with (EXTERNAL_EPOCH / spec.path).open(encoding="utf-8-sig", newline="") as fh:
            header = set(next(csv.reader(fh)))
        # every column read is fuzzed (a column read only on some rows may be missing here)
        assert per_file[spec.key] <= set(_COLUMNS[spec.key]), spec.key
        assert set(_COLUMNS[spec.key]) <= header | per_file[spec.key], spec.key


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    tables=st.tuples(*(_rows(spec.key) for spec in EPOCH_FILES)),
    junk=st.text(max_size=200),
)
def test_fuzzed_epoch_csvs_never_crash(tables: tuple[list[dict[str, str]], ...], junk: str):
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for spec, rows in zip(EPOCH_FILES, tables, strict=True):
            columns = _COLUMNS[spec.key]
            _write_csv(folder / spec.path, list(columns), [[r[c] for c in columns] for r in rows])
        # one file gets raw junk appended (broken quoting, stray delimiters)
        with (folder / EPOCH_FILES[1].path).open("a", encoding="utf-8") as fh:
            fh.write(junk)
        result = import_epoch(folder, _resolver())
    _accounted(result.report)
    _check_graph(result.graph)


_json_leaf = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False),
    st.sampled_from(_TRICKY),
    st.text(max_size=20),
)
_json = st.recursive(
    _json_leaf,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=8,
)
_entry = st.one_of(
    _json,
    st.fixed_dictionaries(
        {
            "litellm_provider": st.one_of(
                st.sampled_from(
                    [
                        "bedrock",
                        "azure",
                        "azure_ai",
                        "vertex_ai-anthropic_models",
                        "oci",
                        "dashscope",
                        "together_ai",
                        "=evil",
                        "",
                        "new_host",
                    ]
                ),
                _json_leaf,
            ),
            "mode": st.one_of(st.sampled_from(["chat", "embedding", "responses"]), _json_leaf),
        }
    ),
)
_keys = st.one_of(
    st.sampled_from(
        [
            "sample_spec",
            "claude-3-haiku",
            "us.anthropic.claude-3-5-sonnet-v2:0",
            "qwen-max",
            "gpt-4o",
            "meta.llama3-1-405b",
            "=cmd|x",
            "",
            "x/y/z",
            "deepseek-v4",
        ]
    ),
    st.text(max_size=30),
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(catalogue=st.dictionaries(_keys, _entry, max_size=12))
def test_fuzzed_litellm_entries_never_crash(catalogue: dict[str, object]):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "catalogue.json"
        path.write_text(json.dumps(catalogue), encoding="utf-8")
        result = import_litellm(path, _resolver())
    _accounted(result.report)
    assert result.report.files["catalogue.json"].rows_read == len(catalogue)
    _check_graph(result.graph)


def _check_graph(g: rdflib.Graph) -> None:
    """Cheap structural checks (full SHACL runs on the fixed bad-row fixtures above)."""
    for s in set(g.subjects(RDF.type, None)):
        if isinstance(s, rdflib.URIRef):
            assert len(set(g.objects(s, SCHEMA.name))) <= 1 or (s, RDF.type, AIKG.Source) in g
    for row in g.objects(None, AIKG.sourceRow):
        assert isinstance(row, Literal)
        assert int(row) >= 1
    for name in g.objects(None, SCHEMA.name):
        assert not str(name).startswith(("=", "@", "+"))
