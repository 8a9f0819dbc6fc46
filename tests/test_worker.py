"""graph.forked.Worker and Staging.write_later: a child forked early, its job sent later."""

from __future__ import annotations

import functools
import os
import subprocess
import sys
from pathlib import Path

import pytest

from graph import forked
from graph.export.staging import Staging

needs_fork = pytest.mark.skipif(
    not forked.can_fork(), reason="no fork here (one CPU, threads or AIKG_WORKERS=1)"
)
ROOT = Path(__file__).resolve().parents[1]


def _write(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")


def _length(blob: bytes) -> tuple[int, int]:
    return len(blob), os.getpid()


def _fail() -> None:
    raise ValueError("prepare broke")


@needs_fork
def test_the_job_runs_in_the_child_after_prepare(tmp_path: Path) -> None:
    worker = forked.Worker(functools.partial(_write, tmp_path / "prepared", "yes"))
    blob = os.urandom(3 * 65536)  # more than a pipe holds: the parent must not block
    running = worker.send(functools.partial(_length, blob))
    size, pid = running.result()
    assert size == len(blob)
    assert pid != os.getpid()
    assert (tmp_path / "prepared").read_text() == "yes"


@needs_fork
def test_a_failed_prepare_is_reported_when_the_job_is_sent() -> None:
    worker = forked.Worker(_fail)
    running = worker.send(functools.partial(_length, b"x"))
    with pytest.raises(ValueError, match="prepare broke"):
        running.result()


@needs_fork
def test_a_job_is_sent_once() -> None:
    worker = forked.Worker(lambda: None)
    worker.send(functools.partial(_length, b"")).result()
    with pytest.raises(RuntimeError, match="already has its job"):
        worker.send(functools.partial(_length, b""))


def test_without_fork_prepare_runs_at_once_and_the_job_when_sent(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("AIKG_WORKERS", "1")
    worker = forked.Worker(functools.partial(_write, tmp_path / "prepared", "here"))
    assert (tmp_path / "prepared").read_text() == "here"
    assert worker.send(functools.partial(_length, b"ab")).result() == (2, os.getpid())
    failed = forked.Worker(_fail)
    with pytest.raises(ValueError, match="prepare broke"):
        failed.send(functools.partial(_length, b"")).result()


@needs_fork
def test_a_worker_without_a_job_is_stopped_by_cancel() -> None:
    probe = subprocess.run(
        [
            sys.executable,
            "-c",
            "import os, time; from graph import forked\n"
            "w = forked.Worker(lambda: time.sleep(60))\n"
            "pid = w._pid\n"
            "w.cancel()\n"
            "try:\n"
            "    os.kill(pid, 0)\n"
            "    print('alive')\n"
            "except ProcessLookupError:\n"
            "    print('gone')\n",
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
        check=True,
    )
    assert probe.stdout.strip() == "gone"


def test_write_later_then_send_later_commits_every_file(tmp_path: Path) -> None:
    out = tmp_path / "exports"
    with Staging(out) as staging:
        staging.write_later({"early.txt": lambda p: p.write_text("early")}, lambda: None)
        staging.write({"here.txt": lambda p: p.write_text("here")})
        staging.send_later(["late.txt"], functools.partial(_write_named, name="late.txt"))
        written = staging.commit()
    assert [p.name for p in written] == ["early.txt", "here.txt", "late.txt"]
    assert {p.name: p.read_text() for p in out.iterdir()} == {
        "early.txt": "early",
        "here.txt": "here",
        "late.txt": "late.txt",
    }
    assert sorted(p.name for p in tmp_path.iterdir()) == ["exports"]  # no staging folder left


def _write_named(folder: Path, name: str) -> None:
    (folder / name).write_text(name)


def _broken(folder: Path) -> None:
    raise OSError(f"disk full in {folder.name}")


def test_a_failed_late_job_changes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "exports"
    out.mkdir()
    (out / "early.txt").write_text("old")
    with Staging(out) as staging:
        staging.write_later({"early.txt": lambda p: p.write_text("new")}, lambda: None)
        staging.send_later(["late.txt"], _broken)
        with pytest.raises(OSError, match="disk full"):
            staging.commit()
    assert [p.name for p in tmp_path.iterdir()] == ["exports"]
    assert {p.name: p.read_text() for p in out.iterdir()} == {"early.txt": "old"}


def test_a_discarded_staging_leaves_no_folder_it_made(tmp_path: Path) -> None:
    out = tmp_path / "a" / "b" / "exports"
    staging = Staging(out)
    staging.write_later({"early.txt": lambda p: p.write_text("x")}, lambda: None)
    staging.discard()
    staging.discard()  # idempotent
    assert list(tmp_path.iterdir()) == []


def test_a_file_staged_twice_is_refused(tmp_path: Path) -> None:
    with Staging(tmp_path / "out") as staging:
        staging.write({"a.txt": lambda p: p.write_text("a")})
        with pytest.raises(ValueError, match="already staged"):
            staging.write_beside({"a.txt": lambda p: p.write_text("b")})
