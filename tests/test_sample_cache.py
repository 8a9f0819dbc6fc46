"""Results kept between processes (graph.diskcache): the randomisations of loop_significance."""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import random
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from graph.claims import Claim, ClaimData
from graph.diskcache import cache_folder, remembered_on_disk
from graph.metrics import significance
from graph.metrics.significance import loop_significance

ROOT = Path(__file__).resolve().parent.parent
Rows = list[tuple[float, ...]]


def _network(seed: int = 3, size: int = 14) -> ClaimData:
    rng = random.Random(seed)
    nodes = [f"n{i:02d}" for i in range(size)]
    claims = {}
    for a in nodes:
        for b in nodes:
            if a != b and rng.random() < 0.2:
                iri = f"{a}-{b}"
                claims[iri] = Claim(iri, "SpendCommitment", "Confirmed",
                                    parties={"customer": (a,), "provider": (b,)})  # fmt: skip
    return ClaimData({}, claims)


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("AIKG_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("AIKG_CACHE", raising=False)
    return tmp_path / "cache" / "null-samples"


@pytest.fixture
def chain_runs(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Count the runs of the edge-swap chain (the cache's misses)."""
    runs: list[int] = []
    real = significance._null_samples

    def counted(*args: object) -> list[tuple[float, ...]]:
        runs.append(1)
        return real(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(significance, "_null_samples", counted)
    return runs


def _uncached(data: ClaimData, **kwargs: object) -> list[significance.Significance]:
    old = os.environ.get("AIKG_CACHE")
    os.environ["AIKG_CACHE"] = "0"
    try:
        return loop_significance(data, **kwargs)  # type: ignore[arg-type]
    finally:
        if old is None:
            del os.environ["AIKG_CACHE"]
        else:
            os.environ["AIKG_CACHE"] = old


def test_a_second_run_reads_the_same_results(folder: Path, chain_runs: list[int]) -> None:
    data = _network()
    plain = _uncached(data, samples=150, seed=5)
    assert len(chain_runs) == 1
    assert not folder.exists()
    first = loop_significance(data, samples=150, seed=5)
    again = loop_significance(data, samples=150, seed=5)
    assert len(chain_runs) == 2  # the first cached call ran the chain, the second read it
    assert first == again == plain
    assert len(list(folder.glob("*.json"))) == 1
    assert oct(folder.stat().st_mode & 0o777) == "0o700"


def test_every_input_of_the_chain_is_part_of_the_key(folder: Path, chain_runs: list[int]) -> None:
    data = _network()
    loop_significance(data, samples=100, seed=1)
    loop_significance(data, samples=100, seed=2)  # another seed
    loop_significance(data, samples=101, seed=1)  # another number of samples
    loop_significance(_network(seed=4), samples=100, seed=1)  # another network
    small = significance.SWAPS_PER_EDGE
    try:  # another number of swap attempts per sample
        significance.SWAPS_PER_EDGE = small + 1
        loop_significance(data, samples=100, seed=1)
    finally:
        significance.SWAPS_PER_EDGE = small
    assert len(chain_runs) == 5
    assert len(list(folder.glob("*.json"))) == 5
    loop_significance(data, samples=100, seed=1)
    assert len(chain_runs) == 5


def test_other_code_never_reads_these_samples(
    folder: Path, chain_runs: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    data = _network()
    loop_significance(data, samples=50)
    monkeypatch.setattr(significance, "_code", lambda: ["edited module", "same numpy"])
    loop_significance(data, samples=50)
    assert len(chain_runs) == 2
    monkeypatch.setattr(significance, "_code", lambda: None)  # the source cannot be read
    loop_significance(data, samples=50)
    assert len(chain_runs) == 3
    assert len(list(folder.glob("*.json"))) == 2


@pytest.mark.parametrize(
    "damage",
    [
        "",  # empty
        "[[0.5, 1, 0, 0",  # cut short
        "[]",  # no samples
        "[[0.5, 1, 0, 0]]",  # a value short
        "[[0.5, 1, 0, 0, true]]",  # not a number
        '[[0.5, 1, 0, 0, "0"]]',
        '{"samples": 1}',
        "[[0.5, 1, 0, 0, NaN]]",
        "[[0.5, 1, 0, 0, 0.5]]",  # well formed, but one sample of the 60
        "\udcff",  # not UTF-8 once written with surrogateescape
    ],
)
def test_a_damaged_file_is_computed_again_and_replaced(
    folder: Path, chain_runs: list[int], damage: str
) -> None:
    data = _network()
    good = loop_significance(data, samples=60)
    [path] = folder.glob("*.json")
    path.write_bytes(damage.encode("utf-8", "surrogateescape"))
    assert loop_significance(data, samples=60) == good
    assert len(chain_runs) == 2
    assert len(json.loads(path.read_text(encoding="utf-8"))) == 60  # written again


def test_a_folder_others_can_write_to_is_not_used(folder: Path, chain_runs: list[int]) -> None:
    folder.mkdir(parents=True)
    folder.chmod(0o777)
    data = _network()
    assert loop_significance(data, samples=40) == loop_significance(data, samples=40)
    assert len(chain_runs) == 2
    assert list(folder.iterdir()) == []


def test_a_folder_that_cannot_be_made_leaves_the_results_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, chain_runs: list[int]
) -> None:
    (tmp_path / "file").write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("AIKG_CACHE_DIR", str(tmp_path / "file"))
    data = _network()
    assert loop_significance(data, samples=40) == _uncached(data, samples=40)
    assert len(chain_runs) == 2


def test_off_writes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AIKG_CACHE_DIR", str(tmp_path))
    monkeypatch.setenv("AIKG_CACHE", "0")
    assert cache_folder() is None
    loop_significance(_network(), samples=20)
    assert list(tmp_path.iterdir()) == []
    monkeypatch.delenv("AIKG_CACHE")
    assert cache_folder() == tmp_path
    monkeypatch.delenv("AIKG_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_folder() == tmp_path / "xdg" / "aikg"


def test_floats_and_large_ints_come_back_exactly(tmp_path: Path) -> None:
    rows = [(0.1 + 0.2, 2**70, 0, 3, 1 / 3), (5e-324, 1, 2, 3, 1.7976931348623157e308)]
    kept = _samples({"k": 0.1 + 0.2}, lambda: rows, tmp_path)
    read = _samples({"k": 0.1 + 0.2}, list, tmp_path)
    assert kept == read == rows
    assert [type(v) for v in read[0]] == [float, int, int, int, float]


def test_keep_removes_the_least_recently_used(tmp_path: Path) -> None:
    computed: list[int] = []

    def get(n: int) -> int:
        def compute() -> int:
            computed.append(n)
            return n

        return remembered_on_disk("few", [n], compute, code=["c"], decode=int, folder=tmp_path,
                                  keep=2)  # fmt: skip

    files = tmp_path / "few"
    for n in (1, 2):
        get(n)
    os.utime(next(p for p in files.iterdir() if json.loads(p.read_text()) == 1), (1, 1))
    get(2)  # read: 2 is the most recently used, 1 the least
    get(3)  # written: 1 goes
    assert sorted(json.loads(p.read_text()) for p in files.glob("*.json")) == [2, 3]
    assert [get(n) for n in (2, 3, 1)] == [2, 3, 1]
    assert computed == [1, 2, 3, 1]
    assert len(list(files.glob("*.json"))) == 2
    # without keep, nothing is removed
    for n in range(5):
        remembered_on_disk("all", [n], lambda n=n: n, code=["c"], decode=int, folder=tmp_path)
    assert len(list((tmp_path / "all").glob("*.json"))) == 5


@pytest.mark.slow
def test_a_second_process_reads_what_the_first_wrote(tmp_path: Path, oxigraph_url: str) -> None:
    """Two ``aikg metrics`` processes: the second finds the samples and prints the same JSON."""
    env = {**os.environ, "AIKG_CACHE_DIR": str(tmp_path / "cache"), "PYTHONPATH": str(ROOT)}
    cmd = [sys.executable, "-m", "graph", "metrics", "--store", oxigraph_url,
           "--metric", "loop_significance", "-f", "json"]  # fmt: skip
    first = subprocess.run(cmd, env=env, capture_output=True, text=True, check=True, timeout=300)
    [path] = (tmp_path / "cache" / "null-samples").glob("*.json")
    written = path.stat().st_mtime_ns
    again = subprocess.run(cmd, env=env, capture_output=True, text=True, check=True, timeout=300)
    assert again.stdout == first.stdout
    assert path.stat().st_mtime_ns == written  # read, not written again
    off = subprocess.run(cmd, env={**env, "AIKG_CACHE": "0"}, capture_output=True, text=True,
                         check=True, timeout=300)  # fmt: skip
    assert off.stdout == first.stdout


def _samples(key: object, compute: Callable[[], Rows], folder: Path) -> Rows:
    """The samples of the significance module kept in ``folder``."""
    return remembered_on_disk(
        "null-samples",
        key,
        compute,
        code=["test"],
        decode=significance._decoded,
        encode=lambda rows: [list(r) for r in rows],
        folder=folder,
    )


def _race(folder: str, start: float) -> list[tuple[float, ...]]:
    def slow() -> list[tuple[float, ...]]:
        time.sleep(0.2)  # every process misses, then all of them write the same file
        return [(float(k), k, 0, 1, 0.5) for k in range(500)]

    time.sleep(max(0.0, start - time.time()))
    return _samples({"race": 1}, slow, Path(folder))


def test_processes_writing_the_same_samples_at_once_leave_one_whole_file(tmp_path: Path) -> None:
    start = time.time() + 0.3
    with multiprocessing.get_context("fork").Pool(6) as pool:
        results = pool.starmap(_race, [(str(tmp_path), start)] * 6)
    assert len(results[0]) == 500
    assert all(r == results[0] for r in results)
    digest = hashlib.sha256(b'{"code":["test"],"key":{"race":1}}').hexdigest()
    assert [p.name for p in (tmp_path / "null-samples").iterdir()] == [f"{digest}.json"]
    assert _samples({"race": 1}, list, tmp_path) == results[0]
