"""Run work in a forked child while the caller does other work (two cores, one wall).

A build validates the graph with the shapes in a child while it reads the claims and
runs its other checks (:func:`run_beside`). The child shares the parent's memory as it
was at the fork (the parsed files, the in-memory store, the claims), so nothing is
serialised on the way in; on the way out the child's return value, or the exception it
raised, is pickled through a pipe (and the exception raised again in the parent). If the
parent's own work fails, the child is killed and the parent's exception propagates.

:func:`start_beside` starts the child and returns at once (:meth:`Beside.result` waits).
A :class:`Worker` is forked before its input exists: it prepares (loads modules, writes
what needs no input) beside the parent, then runs one job the parent pickles to it later
(``aikg build`` sends the exports child the claims once they are valid;
:mod:`graph.export.staging`).

:func:`thread_beside` runs the work in a thread instead, for work that lets go of the GIL
on data a fork cannot take along (a validation on a store on disk).

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
import tempfile
import threading
from collections.abc import Callable
from concurrent.futures import Future
from typing import Generic, TypeVar

__all__ = [
    "Beside",
    "Worker",
    "can_fork",
    "process_alive",
    "run_beside",
    "start_beside",
    "thread_beside",
]

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


def process_alive(pid: int) -> bool:
    """Tell whether process ``pid`` exists (one of another user counts as alive).

    >>> process_alive(os.getpid())
    True
    """
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


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


class Beside(Generic[T]):
    """Work started by :func:`start_beside`: running in a child, or already done here."""

    def __init__(self, pid: int | None, read_fd: int | None, done: tuple[bool, object]) -> None:
        self._pid = pid
        self._read_fd = read_fd
        self._done: tuple[bool, object] | None = done if pid is None else None

    def result(self) -> T:
        """Wait for the work and return its value, or raise what it raised.

        Raises
        ------
        BaseException
            Whatever the work raised; ``RuntimeError`` if the child died without a word.
        """
        if self._done is None:
            assert self._pid is not None
            assert self._read_fd is not None
            with os.fdopen(self._read_fd, "rb") as pipe:
                payload = pipe.read()
            _, status = os.waitpid(self._pid, 0)
            self._pid = self._read_fd = None
            if not payload:
                self._done = (
                    False,
                    RuntimeError(f"the worker process ended abnormally (wait status {status})"),
                )
            else:
                self._done = pickle.loads(payload)  # our own child's bytes, checked there
        ok, value = self._done
        if not ok:
            assert isinstance(value, BaseException)
            raise value
        return value  # type: ignore[return-value]

    def cancel(self) -> None:
        """Kill the child if it still runs (its result is then never read)."""
        if self._pid is not None:
            os.kill(self._pid, signal.SIGKILL)
            os.waitpid(self._pid, 0)
            assert self._read_fd is not None
            os.close(self._read_fd)
            self._pid = self._read_fd = None
            self._done = (False, RuntimeError("the worker process was cancelled"))


def start_beside(work: Callable[[], T]) -> Beside[T]:
    """Start ``work`` in a forked child and return at once; :meth:`Beside.result` waits.

    Where forking is not possible (see :func:`can_fork`), ``work`` runs here, now,
    and its outcome waits in the handle.

    Examples
    --------
    >>> import os
    >>> running = start_beside(os.getpid)
    >>> isinstance(running.result(), int)
    True
    """
    if not can_fork():
        try:
            return Beside(None, None, (True, work()))
        except Exception as exc:
            return Beside(None, None, (False, exc))
    sys.stdout.flush()
    sys.stderr.flush()
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child ends in os._exit
        os.close(read_fd)
        _child(work, write_fd)
    os.close(write_fd)
    return Beside(pid, read_fd, (False, None))


class Worker:
    """A child forked now that prepares (imports, early files), then runs one job sent later.

    The child starts from the parent's memory as it is now and runs ``prepare``
    beside whatever the parent does next. :meth:`send` pickles a job to it (a
    module-level function or a :func:`functools.partial` of one, with picklable
    arguments); the child runs it after ``prepare`` and the returned
    :class:`Beside` hands its result back. Where forking is not possible (see
    :func:`can_fork`) ``prepare`` runs here at once, and the job when sent.

    Examples
    --------
    >>> import functools, os
    >>> worker = Worker(lambda: None)
    >>> running = worker.send(functools.partial(divmod, 7, 2))
    >>> running.result()
    (3, 1)
    """

    def __init__(self, prepare: Callable[[], object]) -> None:
        self._pid: int | None = None
        self._job_fd: int | None = None
        self._read_fd: int | None = None
        self._failed: BaseException | None = None
        self._sent = False
        if not can_fork():
            try:
                prepare()
            except Exception as exc:
                self._failed = exc
            return
        sys.stdout.flush()
        sys.stderr.flush()
        # the job goes through a file both processes share (a pipe would block the parent
        # while the child still prepares); the pipe only says how long it is
        self._job_file = tempfile.TemporaryFile()  # noqa: SIM115 - closed by send or cancel
        job_read, job_write = os.pipe()
        result_read, result_write = os.pipe()
        pid = os.fork()
        if pid == 0:  # pragma: no cover - the child ends in os._exit
            os.close(job_write)
            os.close(result_read)
            _child(_prepared(prepare, job_read, self._job_file.fileno()), result_write)
        os.close(job_read)
        os.close(result_write)
        self._pid, self._job_fd, self._read_fd = pid, job_write, result_read

    def send(self, job: Callable[[], T]) -> Beside[T]:
        """Run ``job`` in the child once it has prepared; return its handle (once only)."""
        if self._sent:
            raise RuntimeError("this worker already has its job")
        self._sent = True
        if self._pid is None:  # no child: prepare ran here
            if self._failed is not None:
                return Beside(None, None, (False, self._failed))
            try:
                return Beside(None, None, (True, job()))
            except Exception as exc:
                return Beside(None, None, (False, exc))
        assert self._job_fd is not None
        payload = pickle.dumps(job)
        os.pwrite(self._job_file.fileno(), payload, 0)
        try:
            os.write(self._job_fd, len(payload).to_bytes(8, "big"))
        except BrokenPipeError:
            pass  # the child failed while preparing: its handle reports why
        finally:
            os.close(self._job_fd)
            self._job_fd = None
            self._job_file.close()
        running: Beside[T] = Beside(self._pid, self._read_fd, (False, None))
        self._pid = self._read_fd = None  # the handle owns the child now
        return running

    def cancel(self) -> None:
        """Kill the child if no job was sent to it (a sent job is cancelled on its handle)."""
        if self._pid is not None:
            Beside(self._pid, self._read_fd, (False, None)).cancel()
            self._pid = self._read_fd = None
        if self._job_fd is not None:
            os.close(self._job_fd)
            self._job_fd = None
            self._job_file.close()


def _prepared(prepare: Callable[[], object], job_fd: int, file_fd: int) -> Callable[[], object]:
    """In the child: prepare, then wait for the job's length on ``job_fd``, read it, run it."""

    def work() -> object:
        prepare()
        with os.fdopen(job_fd, "rb") as pipe:
            header = pipe.read(8)
        if len(header) < 8:  # the parent closed the pipe without a job
            raise RuntimeError("the worker process got no job")
        size, chunks, got = int.from_bytes(header, "big"), [], 0
        while got < size:
            chunk = os.pread(file_fd, size - got, got)
            if not chunk:
                raise RuntimeError("the worker process got a truncated job")
            chunks.append(chunk)
            got += len(chunk)
        job = pickle.loads(b"".join(chunks))  # from our own parent
        return job()

    return work


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
    running = start_beside(work)
    try:
        mine = meanwhile()
    except BaseException:
        running.cancel()
        raise
    return running.result(), mine


def thread_beside(work: Callable[[], T], meanwhile: Callable[[], U]) -> tuple[T, U]:
    """Run ``work`` in a thread while this thread runs ``meanwhile``.

    For work that spends its time where the GIL is let go (Oxigraph answering a query)
    on data a fork cannot take along (a store on disk). The thread is a daemon: when
    ``meanwhile`` fails (or Ctrl-C stops it), its exception propagates at once and the
    process may exit without waiting for ``work``, which nothing can interrupt. It returns
    and raises as :func:`run_beside` does.

    Examples
    --------
    >>> thread_beside(lambda: threading.current_thread().name, lambda: "here")
    ('aikg-beside', 'here')
    >>> def boom() -> None:
    ...     raise ValueError("broken check")
    >>> thread_beside(boom, lambda: None)
    Traceback (most recent call last):
    ValueError: broken check
    """
    outcome: Future[T] = Future()

    def run() -> None:
        try:
            outcome.set_result(work())
        except BaseException as exc:  # handed to the caller's thread by outcome.result()
            outcome.set_exception(exc)

    threading.Thread(target=run, name="aikg-beside", daemon=True).start()
    mine = meanwhile()  # if this raises, the daemon thread is left to finish or die
    return outcome.result(), mine
