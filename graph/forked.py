"""Run one piece of work in a forked child while the caller does another (two cores, one wall).

A build validates the graph with the shapes in a child while it reads the claims and
runs its other checks, and writes the network exports in a child while it writes the
rest (:func:`graph.export.formats.publish`). The child shares the parent's memory as it
was at the fork (the parsed files, the in-memory store, the claims), so nothing is
serialised on the way in; on the way out the child's return value, or the exception it
raised, is pickled through a pipe (and the exception raised again in the parent). If the
parent's own work fails, the child is killed and the parent's exception propagates.

Forking is skipped, and both pieces run in this process one after the other, where it
would not pay or not be safe: one CPU, no ``os.fork``, other Python threads running (a
fork copies only the calling thread), or ``AIKG_WORKERS=1`` in the environment.

Examples
--------
>>> import os
>>> child, parent = run_beside(os.getpid, lambda: "here")
>>> parent, isinstance(child, int)
('here', True)
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
from typing import TypeVar

__all__ = ["can_fork", "run_beside"]

T = TypeVar("T")
U = TypeVar("U")

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


def _pickled(ok: bool, value: object) -> bytes:
    """Pickle ``(ok, value)`` if it survives the round trip, else a RuntimeError naming it."""
    try:
        payload = pickle.dumps((ok, value))
        pickle.loads(payload)  # our own bytes, read back by the parent
    except Exception as exc:
        what = f"{type(value).__name__}: {value}" if not ok else f"its result ({exc})"
        return pickle.dumps((False, RuntimeError(f"the worker process failed: {what}")))
    return payload


def _child(work: Callable[[], object], write_fd: int) -> None:
    """Run ``work`` and report; never returns (``os._exit`` skips the parent's cleanup)."""
    status = 1
    try:
        _die_with_parent()
        try:
            payload = _pickled(True, work())
            status = 0
        except BaseException as exc:
            payload = _pickled(False, exc)
        with os.fdopen(write_fd, "wb") as pipe:
            pipe.write(payload)
    finally:
        os._exit(status)


def run_beside(work: Callable[[], T], meanwhile: Callable[[], U]) -> tuple[T, U]:
    """Run ``work`` in a forked child while this process runs ``meanwhile``.

    Parameters
    ----------
    work : callable
        Runs in the child. Its return value must pickle; its other effects on
        memory stay in the child (files it writes are what it leaves).
    meanwhile : callable
        Runs in this process.

    Returns
    -------
    tuple
        What ``work`` returned, what ``meanwhile`` returned.

    Raises
    ------
    BaseException
        Whatever ``meanwhile`` raised (the child is then killed), else whatever
        ``work`` raised; ``RuntimeError`` if the child died without a word.
    """
    if not can_fork():
        return work(), meanwhile()
    sys.stdout.flush()
    sys.stderr.flush()
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child ends in os._exit
        os.close(read_fd)
        _child(work, write_fd)
    os.close(write_fd)
    try:
        mine = meanwhile()
    except BaseException:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        os.close(read_fd)
        raise
    with os.fdopen(read_fd, "rb") as pipe:
        payload = pipe.read()
    _, status = os.waitpid(pid, 0)
    if not payload:
        raise RuntimeError(f"the worker process ended abnormally (wait status {status})")
    ok, value = pickle.loads(payload)  # our own child's bytes, checked there
    if not ok:
        raise value
    return value, mine
