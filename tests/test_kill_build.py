"""Builds killed with SIGKILL leave the old or the new store and exports, complete and valid.

Three tests:

- ``aikg build`` (curated facts + a synthetic file) as a real process (forked from one
  interpreter that imported the command line once, ``tests/forked_cli.py``), killed at 24
  moments spread over its measured duration (more of them around the two publish
  steps), from a known old state each time; after every kill the store opens
  read-only and answers a named query with the old or the new answer, and the
  exports folder holds the complete old set or the complete new set (each file
  complete: equal to the old or new bytes, or parsing with the new size);
- ``aikg query`` processes looping while a build runs see the old or the new
  answer, never an error or a mix;
- a kill before each single file-system step of the two publish functions
  (deterministic fault injection in a forked child) never leaves a mix.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import threading
import time
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
import pytest

from graph.queries import find_query, run_query
from graph.store import current_version, open_graph
from graph.synth import write_synthetic

from .forked_cli import Forker

pytestmark = pytest.mark.slow  # real processes, servers, browsers or large data

ROOT = Path(__file__).resolve().parent.parent
#: the new state's extra input: enough for every phase to take a while (the triggers below
#: follow the phases as measured, so a smaller graph reaches each of them, only sooner)
SYNTHETIC_TRIPLES = 1_000
LANES = 2  # kills run two at a time, each lane in its own folder
QUERY = "open_weight_families"
EXPORT_FILES = (
    "ecosystem.gexf",
    "ecosystem.graphml",
    "ecosystem.html",
    "ecosystem.jsonld",
    "ecosystem.ttl",
    "metrics.csv",
    "metrics.json",
    "report.html",
    "stats.json",
    "tri-polar.html",
)
#: the ontology documentation folder: the same bytes before and after a data build; the
#: entity site: one folder, old or new as a whole (its bytes are the same from run to run)
EXPORT_FOLDERS = ("ontology", "site")


def _env(store: Path) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k == "AIKG_CACHE_DIR" or not k.startswith(("AIKG_", "COV_"))
    }
    env["AIKG_STORE"] = f"oxigraph:{store}"
    env["PYTHONPATH"] = str(ROOT)
    return env


def _build_args(synthetic: Path | None) -> list[str]:
    return ["build", "--exports", "exports"] + (["--facts", str(synthetic)] if synthetic else [])


def _build_cmd(synthetic: Path | None) -> list[str]:
    return [sys.executable, "-m", "graph", *_build_args(synthetic)]


def _hashes(folder: Path) -> dict[str, str]:
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.iterdir())
        if p.is_file()
    }


def _folder_digest(folder: Path) -> str:
    """One hash of every file of a folder, names included (the entity site)."""
    digest = hashlib.sha256()
    for p in sorted(folder.rglob("*")):
        if p.is_file():
            digest.update(p.relative_to(folder).as_posix().encode() + b"\0" + p.read_bytes())
    return digest.hexdigest()


def _answer(store: Path) -> list[tuple[str, ...]]:
    kg = open_graph(f"oxigraph:{store}")
    try:
        return sorted(
            tuple(str(x) for x in row)  # type: ignore[union-attr]
            for row in run_query(kg, find_query(QUERY))
        )
    finally:
        kg.close()
        del kg


def _complete(path: Path) -> int:
    """Parse one export file completely; return a size figure to compare with the new one."""
    data = path.read_bytes()
    name = path.name
    if name.endswith(".ttl"):
        return len(list(ox.parse(data, format=ox.RdfFormat.TURTLE)))
    if name.endswith(".jsonld"):  # blank node labels differ from run to run
        doc = json.loads(data)
        return len(doc["@graph"]) if isinstance(doc, dict) and "@graph" in doc else 1
    if name.endswith(".json"):
        return len(json.dumps(json.loads(data)))
    if name.endswith((".graphml", ".gexf")):
        return sum(1 for _ in ET.fromstring(data).iter())
    if name.endswith(".html"):
        assert data.rstrip().endswith(b"</html>"), name
        return data.count(b"<")
    if name.endswith(".csv"):
        return data.count(b"\n")
    raise AssertionError(name)


@dataclass
class Reference:
    """What the old and the new state look like."""

    old_version: str
    old_answer: list[tuple[str, ...]]
    old_hashes: dict[str, str]
    new_answer: list[tuple[str, ...]]
    new_hashes: dict[str, str]
    new_sizes: dict[str, int]
    old_site: str
    new_site: str
    duration: float
    phases: dict[str, float]


@pytest.fixture(scope="module")
def forker() -> Iterator[Forker]:
    """The builds to kill, forked from one warm interpreter (``tests/forked_cli.py``)."""
    with Forker() as running:
        yield running


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory, forker: Forker) -> tuple[Path, Path, Reference]:
    """A snapshot of the old state (curated build), the synthetic input, the new reference."""
    base = tmp_path_factory.mktemp("kill")
    synthetic = write_synthetic(SYNTHETIC_TRIPLES, 1, base / "syn")
    snap = base / "snapshot"
    snap.mkdir()
    subprocess.run(
        _build_cmd(None), cwd=snap, env=_env(snap / "store"), check=True, capture_output=True
    )
    old_version = os.readlink(snap / "store" / "current")
    old_answer = _answer(snap / "store")
    old_hashes = _hashes(snap / "exports")
    assert sorted(old_hashes) == sorted(EXPORT_FILES)
    old_site = _folder_digest(snap / "exports" / "site")

    # the new state, measured: when each phase starts, seen from outside
    work = base / "measure"
    _restore(snap, work)
    phases: dict[str, float] = {}
    started = time.monotonic()
    errors = base / "measure.err"
    proc = forker.spawn(_build_args(synthetic), work, _env(work / "store"), stderr=errors)
    stats_inode = (work / "exports").stat().st_ino
    while proc.poll() is None:
        now = time.monotonic() - started
        if "load" not in phases and len(list((work / "store").glob("v-*"))) > 1:
            phases["load"] = now
        if "publish" not in phases and os.readlink(work / "store" / "current") != old_version:
            phases["publish"] = now
        if "export" not in phases and list(work.glob(".exports.staging-*")):
            phases["export"] = now
        if "swap" not in phases and (work / "exports").stat().st_ino != stats_inode:
            phases["swap"] = now
        time.sleep(0.005)
    duration = time.monotonic() - started
    assert proc.wait() == 0, errors.read_text()
    assert {"load", "publish", "export", "swap"} <= set(phases), phases
    new_answer = _answer(work / "store")
    assert new_answer != old_answer
    new_hashes = _hashes(work / "exports")
    new_sizes = {n: _complete(work / "exports" / n) for n in EXPORT_FILES}
    new_site = _folder_digest(work / "exports" / "site")
    assert new_site != old_site
    ref = Reference(
        old_version, old_answer, old_hashes, new_answer, new_hashes, new_sizes,
        old_site, new_site, duration, phases,
    )  # fmt: skip
    return snap, synthetic, ref


def _restore(snap: Path, work: Path) -> None:
    """Put the old state in ``work``: a copy of the store, the exports as hard links.

    A build never writes into an export file it finds (it writes new files in a staging
    folder, or links the old ones there, and exchanges the folders), so links are safe,
    and any write through one would change the snapshot's bytes, which every later
    classification compares with. Links spare the ~1,500 file creations of a copy per
    kill, which on this machine's disk cost up to a millisecond each after deletions.
    """
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    shutil.copytree(snap / "store", work / "store", symlinks=True)
    shutil.copytree(snap / "exports", work / "exports", copy_function=os.link)


def _classify_store(work: Path, ref: Reference) -> str:
    store = work / "store"
    assert (store / "current").is_symlink(), "the current link is missing"
    version = current_version(store)
    assert version is not None
    assert version.is_dir()
    answer = _answer(store)
    if version.name == ref.old_version:
        assert answer == ref.old_answer
        return "old"
    assert answer == ref.new_answer
    return "new"


def _classify_exports(work: Path, ref: Reference) -> str:
    folder = work / "exports"
    names = sorted(p.name for p in folder.iterdir())
    # nothing missing, no staging inside
    assert names == sorted(EXPORT_FILES + EXPORT_FOLDERS), names
    assert (folder / "ontology" / "index.html").is_file()
    hashes = _hashes(folder)
    site = _folder_digest(folder / "site")
    if hashes == ref.old_hashes:
        assert site == ref.old_site, "the entity site is not the old one in an old set (a mix)"
        return "old"
    assert site == ref.new_site, "the entity site is not the new one in a new set (a mix)"
    for name in EXPORT_FILES:
        assert hashes[name] != ref.old_hashes[name], f"{name} is old in a new set (a mix)"
        if hashes[name] != ref.new_hashes[name]:  # not byte-stable (blank nodes): parse it
            assert _complete(folder / name) == ref.new_sizes[name], name
    return "new"


Trigger = tuple[str, float]  # (event, seconds after it); event "start" is the process start


def _happened(event: str, work: Path, ref: Reference, inode: int) -> bool:
    if event == "start":
        return True
    if event == "load":  # the new version folder exists: loading, validating
        return any(p.name != ref.old_version for p in (work / "store").glob("v-*"))
    if event == "publish":  # the current link was swapped: pruning, then exports begin
        return os.readlink(work / "store" / "current") != ref.old_version
    if event == "export":  # the exports staging folder exists: writing the files
        return bool(list(work.glob(".exports.staging-*")))
    assert event == "swap"  # the exports folder was exchanged: removing the old one
    return (work / "exports").stat().st_ino != inode


def _kill_once(
    forker: Forker, snap: Path, synthetic: Path, work: Path, trigger: Trigger, *, ref: Reference
) -> str:
    _restore(snap, work)
    inode = (work / "exports").stat().st_ino
    event, after = trigger
    proc = forker.spawn(_build_args(synthetic), work, _env(work / "store"))
    while proc.poll() is None and not _happened(event, work, ref, inode):
        time.sleep(0.002)
    time.sleep(after)
    killed = proc.poll() is None
    if killed:
        proc.send_signal(signal.SIGKILL)
    proc.wait()
    store, exports = _classify_store(work, ref), _classify_exports(work, ref)
    return f"{'killed' if killed else 'finished'}: store {store}, exports {exports}"


def _triggers(ref: Reference) -> list[Trigger]:
    """12 moments spread over the measured build, 12 just after each phase begins.

    The exports' staging folder exists from early in the build (the ontology pages are
    written there first) until the swap: two kills fall at a quarter and at three quarters
    of that measured time, whatever the machine's speed.
    """
    even = [("start", ref.duration * (i + 0.5) / 12) for i in range(12)]
    writing = ref.phases["swap"] - ref.phases["export"]
    phases = [
        ("load", 0.0), ("load", 0.15), ("load", 0.4),
        ("publish", 0.0), ("publish", 0.003), ("publish", 0.02),
        ("export", 0.0), ("export", writing / 4), ("export", writing * 3 / 4),
        ("swap", 0.0), ("swap", 0.002), ("swap", 0.02),
    ]  # fmt: skip
    return even + phases


def test_sigkill_at_any_moment_leaves_old_or_new(
    world: tuple[Path, Path, Reference], forker: Forker
) -> None:
    snap, synthetic, ref = world
    triggers = _triggers(ref)
    assert len(triggers) >= 20

    def lane(index: int) -> list[str]:
        work = snap.parent / f"lane-{index}"
        return [
            _kill_once(forker, snap, synthetic, work, t, ref=ref) for t in triggers[index::LANES]
        ]

    with ThreadPoolExecutor(LANES) as pool:
        outcomes = [o for batch in pool.map(lane, range(LANES)) for o in batch]
    counts = Counter(outcomes)
    print(f"build {ref.duration:.1f} s, phases {ref.phases}; outcomes {dict(counts)}")
    killed = sum(n for o, n in counts.items() if o.startswith("killed"))
    assert killed >= 20, counts
    assert any("store old" in o for o in outcomes)
    assert any(o.startswith("killed: store new, exports old") for o in outcomes), counts
    assert any(o.startswith("killed: store new, exports new") for o in outcomes), counts

    # a kill leaves nothing that breaks the next build, and the next build tidies up
    work = snap.parent / "lane-0"
    done = subprocess.run(
        _build_cmd(synthetic), cwd=work, env=_env(work / "store"),
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert _classify_store(work, ref) == "new"
    assert _classify_exports(work, ref) == "new"
    assert not list(work.glob(".exports.staging-*"))
    assert len(list((work / "store").glob("v-*"))) <= 3


def test_concurrent_queries_see_old_or_new(world: tuple[Path, Path, Reference]) -> None:
    snap, synthetic, ref = world
    work = snap.parent / "concurrent"
    _restore(snap, work)
    cmd = [sys.executable, "-m", "graph", "query", QUERY, "-f", "json"]
    build = subprocess.Popen(
        _build_cmd(synthetic), cwd=work, env=_env(work / "store"),
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    seen: list[str] = []
    errors: list[str] = []
    lock = threading.Lock()

    def answer_of(stdout: str) -> list[tuple[str, ...]]:
        doc = json.loads(stdout)
        names = doc["head"]["vars"]
        return sorted(
            tuple(b[n]["value"] if n in b else "None" for n in names)
            for b in doc["results"]["bindings"]
        )

    def loop() -> None:
        after_end = 0
        for _ in range(40):  # bounded
            if build.poll() is not None:
                after_end += 1
                if after_end > 2:
                    return
            run = subprocess.run(
                cmd, cwd=work, env=_env(work / "store"), capture_output=True, text=True, check=False
            )
            with lock:
                if run.returncode != 0 or "Traceback" in run.stderr:
                    errors.append(run.stderr)
                    continue
                got = answer_of(run.stdout)
                if got == ref.old_answer:
                    seen.append("old")
                elif got == ref.new_answer:
                    seen.append("new")
                else:
                    errors.append(f"a mix: {len(got)} rows")

    threads = [threading.Thread(target=loop) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    _, stderr = build.communicate()
    assert build.returncode == 0, stderr
    assert not errors, errors[:3]
    print(f"queries during the build: {Counter(seen)}")
    assert "old" in seen
    assert "new" in seen


# ------------------------------------------------- deterministic fault points ---

_FAULTS = textwrap.dedent(
    r"""
    import json, os, shutil, signal, sys
    from pathlib import Path
    import graph.export.staging as formats
    import graph.store as store

    base = Path(sys.argv[1])
    NAMES = [f"f{i}.txt" for i in range(5)]

    def old_exports(out):
        shutil.rmtree(out, ignore_errors=True)
        out.mkdir()
        for n in NAMES:
            (out / n).write_text("old " + n)
        (out / "README.md").write_text("keep me")
        (out / "sub").mkdir()
        (out / "sub" / "x").write_text("keep me too")

    def old_store(st):
        shutil.rmtree(st, ignore_errors=True)
        st.mkdir()
        for v in ("v-1", "v-2", "v-3"):
            (st / v).mkdir()
            (st / v / "data").write_text(v)
        os.symlink("v-3", st / "current")
        (st / "v-4").mkdir()
        (st / "v-4" / "data").write_text("v-4")

    def writer(name):
        def w(path):
            path.write_text("new " + name)
        return w

    def patch(targets, k):
        count = [0]
        def wrap(fn):
            def inner(*a, **kw):
                count[0] += 1
                if count[0] == k:
                    os.kill(os.getpid(), signal.SIGKILL)
                return fn(*a, **kw)
            return inner
        for module, attr in targets:
            setattr(module, attr, wrap(getattr(module, attr)))
        return count

    def run(kind, k):
        pid = os.fork()
        if pid == 0:
            if kind == "exports":
                count = patch([(os, "link"), (os, "symlink"), (os, "chmod"), (os, "replace"),
                               (formats, "_exchange"), (shutil, "rmtree"), (shutil, "copytree")], k)
                formats.publish(base / "exports", {n: writer(n) for n in NAMES})
            else:
                count = patch([(os, "symlink"), (os, "replace"), (shutil, "rmtree"),
                               (Path, "unlink")], k)
                store.publish_version(base / "store", base / "store" / "v-4")
            os._exit(0 if count[0] < k else 3)
        _, status = os.waitpid(pid, 0)
        return "killed" if os.WIFSIGNALED(status) else "done"

    def exports_state():
        out = base / "exports"
        files = {p.name: p.read_text() for p in out.iterdir() if p.is_file()}
        assert files.pop("README.md") == "keep me", files
        assert (out / "sub" / "x").read_text() == "keep me too"
        values = {files.get(n) for n in NAMES}
        if values == {"old " + n for n in NAMES}:
            return "old"
        assert values == {"new " + n for n in NAMES}, files
        return "new"

    def store_state():
        st = base / "store"
        target = os.readlink(st / "current")
        assert (st / target / "data").read_text() == target
        assert (st / "v-3" / "data").read_text() == "v-3"  # the previous version is kept
        return {"v-3": "old", "v-4": "new"}[target]

    results = []
    for kind, reset, state in (("exports", old_exports, exports_state),
                               ("store", old_store, store_state)):
        k = 1
        while True:
            reset(base / kind)
            outcome = run(kind, k)
            results.append([kind, k, outcome, state()])
            if outcome == "done":
                break
            k += 1
        # what a killed run left behind does not stop the next one
        assert run(kind, 10**6) == "done" and state() == "new"
    if (base / "store").exists():
        assert not list((base / "store").glob(".current-*"))
    assert not list(base.glob(".exports.staging-*"))
    print(json.dumps(results))
    """
)


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_kill_before_every_publish_step(tmp_path: Path) -> None:
    run = subprocess.run(
        [sys.executable, "-c", _FAULTS, str(tmp_path)],
        capture_output=True, text=True, env=_env(tmp_path / "unused"), timeout=120, check=False,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    results = json.loads(run.stdout.strip().splitlines()[-1])
    killed = [r for r in results if r[2] == "killed"]
    print(f"fault points: {len(killed)} kills, states {Counter((r[0], r[3]) for r in results)}")
    for kind in ("exports", "store"):
        states = {r[3] for r in killed if r[0] == kind}
        assert states == {"old", "new"}, (kind, results)
    assert len(killed) >= 8
