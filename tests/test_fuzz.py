"""Hypothesis fuzzing, 1,000 examples per test, in-process and cheap.

- the Turtle loading path (``parse_file`` and ``load_sources``) on mangled Turtle:
  only ``TurtleSyntaxError`` / ``BuildError`` escape, with a line inside the file;
- both importers on mangled rows and entries: never an exception, every row mapped
  or skipped-and-counted, no formula-like name imported;
- query-parameter binding: any text for any parameter type either raises
  ``QueryError`` or binds one RDF term; the query keeps its shape (same variables),
  returns a subset of the rows an unbound query returns, and the graph is unchanged.
"""

from __future__ import annotations

import csv
import json
import tempfile
from pathlib import Path

import pytest
import rdflib
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib.term import Identifier

from graph.build import BuildError, load_sources
from graph.importers import ImportReport, Resolver, import_epoch, import_litellm
from graph.queries import QueryError, coerce_value, parse_query_text, run_query
from graph.turtle import TurtleSyntaxError, parse_file
from graph.vocab import PREFIXES, SCHEMA

pytestmark = pytest.mark.slow  # real processes, servers, browsers or large data

DATA = Path(__file__).resolve().parent / "data"
MINI = (DATA / "mini.ttl").read_bytes()
MINI_GRAPH = rdflib.Graph().parse(DATA / "mini.ttl", format="turtle")
FUZZ = settings(
    max_examples=1000,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
HOSTILE = [
    '"} ; DROP ALL ; {"',
    "} DROP ALL {",
    "> } ; INSERT DATA { <a> <b> <c> } ; SELECT * WHERE { <",
    '" . ?s ?p ?o . FILTER("1"="1',
    "'; DELETE WHERE { ?s ?p ?o } #",
    "<https://w3id.org/aikg/id/x> } UNION { ?s ?p ?o",
    "id:test-cloud",
    "test-lab",
    "<https://w3id.org/aikg/id/test-cloud>",
    "https://example.org/test-deal",
    "Test Lab",
    "2025-01-02",
    "2025-02-30",
    "0000-01-01",
    "99999-01-01",
    "1e400",
    "1" + "0" * 60,
    "NaN",
    "-0",
    "true",
    "false",
    "=cmd|' /C calc'!A0",
    "\x00",
    "\u202e",
    "urn:x",
    "",
]

# -------------------------------------------------------------------- Turtle ---

TURTLE_TOKENS = [b"@prefix", b" .", b" ;", b" ,", b"[", b"]", b"(", b")", b'"', b'"""', b"<",
                 b">", b"^^", b"@en", b"_:b", b"a", b"\n", b"\\", b"\\u00", b"#", b"\x00",
                 b"\xff", b"\xc3", b"1e400", b"id:", b"xsd:date", b"{", b"}"]  # fmt: skip


@st.composite
def mangled_turtle(draw: st.DrawFn) -> bytes:
    data = bytearray(MINI)
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(data)))
        kind = draw(st.sampled_from(["delete", "insert", "token", "duplicate"]))
        if kind == "delete":
            del data[at : at + draw(st.integers(1, 40))]
        elif kind == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=8))
        elif kind == "token":
            data[at:at] = draw(st.sampled_from(TURTLE_TOKENS))
        else:
            data[at:at] = data[at : at + draw(st.integers(1, 60))]
    return bytes(data)


@FUZZ
@given(mangled_turtle())
def test_mangled_turtle_gives_a_syntax_error_with_a_line_or_parses(data: bytes) -> None:
    lines = data.count(b"\n") + 1
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "mangled.ttl"
        path.write_bytes(data)
        error: TurtleSyntaxError | None = None
        try:
            parse_file(path)
        except TurtleSyntaxError as exc:
            error = exc
        if error is not None:
            assert error.path == path
            assert 0 <= error.line <= lines, (error.line, lines)
            assert error.reason
            assert str(error).startswith(f"{path}:{error.line}:{error.column}: ")
        build_error: BuildError | None = None
        try:
            load_sources([path])
        except BuildError as exc:
            build_error = exc
        assert (build_error is None) == (error is None)  # the same verdict on both paths
        if build_error is not None:
            assert [e.path for e in build_error.syntax_errors] == [path]


# ----------------------------------------------------------------- importers ---

NOTABLE = [
    "Model", "Organization", "Publication date", "Model accessibility",
    "Country (of organization)", "Training compute (FLOP)", "Training hardware",
]  # fmt: skip
CLUSTERS = [
    "Name", "Certainty", "Owner", "Users", "Chip type (primary)", "Chip quantity (primary)",
    "Power Capacity (MW)", "Country", "First Operational Date",
]  # fmt: skip
CELLS = [
    "Claude 3.5 Sonnet", "Anthropic", "Test Lab", "Google DeepMind, Google", "Amazon #confident",
    "2024-06-20", "2024-13-45", "2025-02-30", "0000-01-01", "99999-01-01", "2021-07",
    "API access", "Open weights (unrestricted)", "Unreleased", "United States of America",
    "3.6e25", "1e400", "ten", "-5", "nan", "NVIDIA H100", "Confirmed", "Unlikely", "Likely",
    "=cmd|' /C calc'!A0", "+SUM(1,2)", "@SUM(A1)", "-2+3", "\x00", "", " ", ",,,", '"',
]  # fmt: skip
cell = st.one_of(st.sampled_from(CELLS), st.text(max_size=30))


def _resolver() -> Resolver:
    return Resolver.from_graph(MINI_GRAPH)


def _accounted(report: ImportReport) -> None:
    for f in report.files.values():
        skipped = sum(f.skipped.values())
        whole_file = f.rows_read == 0 and f.rows_mapped == 0 and skipped == 1  # not JSON at all
        assert f.rows_read == f.rows_mapped + skipped or whole_file, f


def _no_formulas(g: rdflib.Graph) -> None:
    for name in g.objects(None, SCHEMA.name):
        assert not str(name).startswith(("=", "+", "@")), name


@FUZZ
@given(
    notable=st.lists(st.lists(cell, min_size=0, max_size=9), max_size=5),
    clusters=st.lists(st.lists(cell, min_size=0, max_size=11), max_size=4),
    junk=st.binary(max_size=60),
)
def test_mangled_epoch_rows_are_mapped_or_skipped(
    notable: list[list[str]], clusters: list[list[str]], junk: bytes
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for rel, header, rows in (
            ("ai_models/notable_ai_models.csv", NOTABLE, notable),
            ("gpu_clusters/gpu_clusters.csv", CLUSTERS, clusters),
        ):
            path = folder / rel
            path.parent.mkdir(parents=True)
            with path.open("w", newline="", encoding="utf-8", errors="surrogatepass") as fh:
                writer = csv.writer(fh)
                writer.writerow(header)
                writer.writerows(rows)  # short and long rows too
        with (folder / "gpu_clusters/gpu_clusters.csv").open("ab") as fh:
            fh.write(junk)  # broken quoting, stray bytes
        result = import_epoch(folder, _resolver())
    _accounted(result.report)
    _no_formulas(result.graph)
    rows_read = result.report.files["ai_models/notable_ai_models.csv"].rows_read
    assert rows_read <= len(notable)


json_leaf = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), st.sampled_from(CELLS),
    st.text(max_size=15),
)  # fmt: skip
json_value = st.recursive(
    json_leaf,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=6,
)
entry = st.one_of(
    json_value,
    st.fixed_dictionaries(
        {
            "litellm_provider": st.one_of(
                st.sampled_from(["bedrock", "azure", "azure_ai", "vertex_ai", "oci", "=evil", ""]),
                json_leaf,
            ),
            "mode": st.one_of(st.sampled_from(["chat", "completion", "embedding"]), json_leaf),
        },
        optional={"max_tokens": json_leaf, "input_cost_per_token": json_leaf},
    ),
)
model_id = st.one_of(
    st.sampled_from(
        ["claude-3-haiku", "anthropic.claude-3-5-sonnet", "gpt-4o", "llama3", "=cmd|x", "+1", ""]
    ),
    st.text(max_size=20),
)


@FUZZ
@given(catalogue=st.dictionaries(model_id, entry, max_size=8), raw=st.booleans())
def test_mangled_litellm_entries_are_mapped_or_skipped(
    catalogue: dict[str, object], raw: bool
) -> None:
    text = json.dumps(catalogue)  # NaN and Infinity too, as Python writes them
    if raw:  # cut it short: not JSON any more
        text = text[: len(text) // 2]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "catalogue.json"
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
        result = import_litellm(path, _resolver())
    _accounted(result.report)
    _no_formulas(result.graph)
    report = result.report.files["catalogue.json"]
    if not raw:
        assert report.rows_read == len(catalogue)


# -------------------------------------------------------- parameter binding ---

TYPED_DEFAULTS = {
    "iri": "id:test-cloud",
    "date": "2025-01-02",
    "integer": "3",
    "decimal": "1.5",
    "boolean": "true",
    "string": '"Test Lab"',
}
QUERIES = {
    kind: parse_query_text(
        f"# title: fuzz\n# param: x = {default} — the value\nSELECT ?x ?s ?p WHERE {{ ?s ?p ?x }}",
        name=f"fuzz-{kind}",
    )
    for kind, default in TYPED_DEFAULTS.items()
}
ALL_ROWS = {(str(s), str(p), o) for s, p, o in MINI_GRAPH}  # what the query returns with ?x unbound


@FUZZ
@given(
    kind=st.sampled_from(sorted(QUERIES)),
    value=st.one_of(
        st.sampled_from(HOSTILE),
        st.text(max_size=40),
        st.builds(lambda a, b: a + b, st.sampled_from(HOSTILE), st.text(max_size=10)),
    ),
)
def test_any_parameter_text_binds_one_term_or_is_refused(kind: str, value: str) -> None:
    query = QUERIES[kind]
    before = len(MINI_GRAPH)
    try:
        term = coerce_value(query.params[0], value)
    except QueryError:
        return
    assert isinstance(term, Identifier)
    assert isinstance(term, type(query.params[0].default))  # an IRI stays an IRI, etc.
    try:
        result = run_query(MINI_GRAPH, query, {"x": value})
        rows = list(result)
    except QueryError:
        return
    assert [str(v) for v in result.vars or []] == ["x", "s", "p"]  # the same shape
    for row in rows:
        x, s, p = row  # type: ignore[misc]
        assert x == term
        assert (str(s), str(p), x) in ALL_ROWS
    assert len(MINI_GRAPH) == before


def test_hostile_values_never_change_the_graph_or_the_shape() -> None:
    """The classic injection strings, on every parameter type (a fixed companion)."""
    before = set(MINI_GRAPH)
    for query in QUERIES.values():
        for value in HOSTILE:
            try:
                rows = list(run_query(MINI_GRAPH, query, {"x": value}))
            except QueryError:
                continue
            assert len(rows) <= len(ALL_ROWS)
    assert set(MINI_GRAPH) == before
    assert PREFIXES["id"] == "https://w3id.org/aikg/id/"
