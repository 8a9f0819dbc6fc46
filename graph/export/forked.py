"""Run one piece of work in a forked child while the caller does another (two cores, one wall).

The exports of a build are independent files: :func:`graph.export.formats.publish`
hands the network files to a child process forked here while the parent writes the
rest. The child shares the parent's memory as it was at the fork (the claims, the
in-memory store), so nothing is serialised on the way in; on the way out there is
only success, or the exception the child raised, pickled through a pipe and raised
again in the parent. The parent raises its own exception first, after killing the
child.

Forking is skipped, and both pieces run in this process one after the other, where it
would not pay or not be safe: one CPU, no ``os.fork``, other Python threads running
(a fork copies only the calling thread), or ``AIKG_WORKERS=1`` in the environment.

Examples
--------
>>> import tempfile
>>> from pathlib import Path
>>> out = Path(tempfile.mkdtemp())
>>> run_beside(lambda: (out / "child").write_text("c"), lambda: (out / "parent").write_text("p"))
>>> sorted(p.name for p in out.iterdir())
['child', 'parent']
>>> def boom() -> None:
...     raise ValueError("broken writer")
>>> run_beside(boom, lambda: None)
Traceback (most recent call last):
ValueError: broken writer
"""

from __future__ import annotations

import ctypes
import os
import pickle
import signal
import sys
import threading
from collections.abc import Callable

__all__ = ["can_fork", "run_beside"]

_PR_SET_PDEATHSIG = 1


def can_fork() -> bool:
    """Tell whether :func:`run_beside` will use a child process here.

    >>> isinstance(can_fork(), bool)
    True
    """
    return (
        hasattr(os, "fork")
        and (os.cpu_count() or 1) > 1
        and threading.active_count() == 1
        and os.environ.get("AIKG_WORKERS", "") != "1"
    )


def _die_with_parent() -> None:
    """Ask Linux to kill this child when its parent dies (a killed build leaves no writer)."""
    if not sys.platform.startswith("linux"):
        return
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        pass


def _pickled(exc: BaseException) -> bytes:
    """Pickle ``exc`` if it survives the round trip, else a RuntimeError naming it."""
    try:
        payload = pickle.dumps(exc)
        pickle.loads(payload)  # our own bytes, read back by the parent
    except Exception:
        return pickle.dumps(RuntimeError(f"{type(exc).__name__}: {exc}"))
    return payload


def _child(work: Callable[[], None], write_fd: int) -> None:
    """Run ``work`` and report; never returns (``os._exit`` skips the parent's cleanup)."""
    status = 1
    try:
        _die_with_parent()
        payload = b""
        try:
            work()
            status = 0
        except BaseException as exc:
            payload = _pickled(exc)
        with os.fdopen(write_fd, "wb") as pipe:
            pipe.write(payload)
    finally:
        os._exit(status)


def run_beside(work: Callable[[], None], meanwhile: Callable[[], None]) -> None:
    """Run ``work`` in a forked child while this process runs ``meanwhile``.

    Parameters
    ----------
    work : callable
        Runs in the child; its side effects (files) are what counts: return
        values and changes to memory stay in the child.
    meanwhile : callable
        Runs in this process.

    Raises
    ------
    BaseException
        Whatever ``meanwhile`` raised (the child is then killed), else whatever
        ``work`` raised; ``RuntimeError`` if the child died without a word.
    """
    if not can_fork():
        work()
        meanwhile()
        return
    sys.stdout.flush()
    sys.stderr.flush()
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child ends in os._exit
        os.close(read_fd)
        _child(work, write_fd)
    os.close(write_fd)
    try:
        meanwhile()
    except BaseException:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        os.close(read_fd)
        raise
    with os.fdopen(read_fd, "rb") as pipe:
        payload = pipe.read()
    _, status = os.waitpid(pid, 0)
    if status == 0:
        return
    if payload:
        raise pickle.loads(payload)  # our own child's exception, checked there
    raise RuntimeError(f"the export worker process ended abnormally (wait status {status})")
