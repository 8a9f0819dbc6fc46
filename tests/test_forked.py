"""graph.forked: work beside the caller in a forked child, results and errors carried back."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pytest

from graph import forked
from graph.export.formats import publish


class _UnpicklableError(Exception):
    def __init__(self, a: int, b: int) -> None:  # pickling rebuilds with one argument: fails
        super().__init__(f"{a}/{b}")


needs_fork = pytest.mark.skipif(
    not forked.can_fork(), reason="no fork here (one CPU, threads or AIKG_WORKERS=1)"
)


@needs_fork
def test_child_runs_in_another_process(tmp_path: Path):
    forked.run_beside(
        lambda: (tmp_path / "child").write_text(str(os.getpid())),
        lambda: (tmp_path / "parent").write_text(str(os.getpid())),
    )
    assert (tmp_path / "parent").read_text() == str(os.getpid())
    assert (tmp_path / "child").read_text() != str(os.getpid())


@needs_fork
def test_an_exception_the_child_cannot_pickle_comes_back_by_name():
    def work() -> None:
        raise _UnpicklableError(1, 2)

    with pytest.raises(RuntimeError, match="_UnpicklableError: 1/2"):
        forked.run_beside(work, lambda: None)


def test_a_failing_parent_kills_the_child_and_raises_its_own_error(tmp_path: Path):
    def slow_child() -> None:
        time.sleep(5)
        (tmp_path / "late").write_text("should not appear")

    def parent() -> None:
        raise KeyError("parent")

    started = time.monotonic()
    with pytest.raises(KeyError, match="parent"):
        forked.run_beside(slow_child, parent)
    assert time.monotonic() - started < 4
    time.sleep(0.2)
    assert not (tmp_path / "late").exists()


def test_aikg_workers_1_runs_both_here(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    monkeypatch.setenv("AIKG_WORKERS", "1")
    assert not forked.can_fork()
    forked.run_beside(
        lambda: (tmp_path / "a").write_text(str(os.getpid())),
        lambda: (tmp_path / "b").write_text(str(os.getpid())),
    )
    assert (tmp_path / "a").read_text() == (tmp_path / "b").read_text() == str(os.getpid())


def test_publish_keeps_the_old_folder_when_a_writer_beside_fails(tmp_path: Path):
    out = tmp_path / "exports"
    publish(out, {"a.txt": lambda p: p.write_text("old"), "b.txt": lambda p: p.write_text("old")})

    def broken(path: Path) -> None:
        path.write_text("half")
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        publish(
            out,
            {"a.txt": lambda p: p.write_text("new"), "b.txt": broken},
            beside={"b.txt"},
        )
    assert sorted(p.name for p in out.iterdir()) == ["a.txt", "b.txt"]
    assert (out / "a.txt").read_text() == (out / "b.txt").read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["exports"]  # no staging left


def test_publish_writes_the_files_beside_too(tmp_path: Path):
    written = publish(
        tmp_path / "out",
        {"x/a.txt": lambda p: p.write_text("a"), "b.txt": lambda p: p.write_text("b")},
        beside={"x/a.txt"},
    )
    assert [p.read_text() for p in written] == ["b", "a"]


def test_the_child_returns_a_value_through_the_pipe():
    big = list(range(200_000))  # more than a pipe buffer holds, read while the child writes
    child, parent = forked.run_beside(lambda: [x * 2 for x in big], lambda: "mine")
    assert parent == "mine"
    assert child[:3] == [0, 2, 4]
    assert len(child) == 200_000


@needs_fork
def test_a_result_that_cannot_be_pickled_is_an_error():
    with pytest.raises(RuntimeError, match="its result"):
        forked.run_beside(lambda: (lambda: 1), lambda: None)


def test_thread_beside_returns_both_and_runs_work_in_a_daemon_thread():
    seen = []

    def work() -> str:
        seen.append(threading.current_thread().daemon)
        return "work"

    assert forked.thread_beside(work, lambda: "mine") == ("work", "mine")
    assert seen == [True]


def test_thread_beside_does_not_wait_for_its_thread_when_the_caller_fails():
    """A failure (or Ctrl-C) here propagates while the work, which nothing interrupts, runs."""
    release = threading.Event()
    raised: list[str] = []

    def fail() -> None:
        raise ValueError("stopped")

    def call() -> None:
        try:
            forked.thread_beside(release.wait, fail)
        except ValueError as exc:
            raised.append(str(exc))

    caller = threading.Thread(target=call, daemon=True)
    caller.start()
    caller.join(timeout=60)  # a guard against a hang, not a speed target
    waited = caller.is_alive()
    release.set()  # let the work end
    assert not waited
    assert raised == ["stopped"]
