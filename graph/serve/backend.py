"""The Oxigraph child processes behind the endpoint.

Each child is started on a private loopback port, replaced after a runaway query, and
stopped with the parent.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from graph.store import (
    StoreError,
    current_version,
    hold_version,
)

_STARTUP_S = 15.0


def free_port(host: str = "127.0.0.1") -> int:
    """Return a TCP port that is free on ``host`` right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((host, 0))
        port: int = s.getsockname()[1]
        return port


@dataclass(frozen=True)
class ServeConfig:
    """Settings of the endpoint.

    Attributes
    ----------
    store_url : str or None
        An ``oxigraph:DIR`` store URL; the default store when ``None``.
    host, port : str, int
        Where to listen (port 0: any free port).
    timeout_s : float
        Longest a query may run.
    max_rows : int
        Most solutions (or triples) returned per query.
    max_request_bytes : int
        Largest request body (and URL) accepted.
    max_concurrent : int
        Queries run at once; more get 503.
    exports : Path or None
        The exports folder whose ``site/`` answers ``/id/<slug>`` and ``/site/``
        (:mod:`graph.serve.linked`); ``None``: those paths are 404.
    """

    store_url: str | None = None
    host: str = "127.0.0.1"
    port: int = 7878
    timeout_s: float = 30.0
    max_rows: int = 10_000
    max_request_bytes: int = 1_000_000
    max_concurrent: int = 8
    exports: Path | None = None


def _oxigraph_binary() -> str:
    override = os.environ.get("AIKG_OXIGRAPH")
    candidates: list[str | None] = [override] if override else []
    candidates += [str(Path(sys.executable).parent / "oxigraph"), shutil.which("oxigraph")]
    for c in candidates:
        if c and Path(c).is_file() and os.access(c, os.X_OK):
            return c
    raise StoreError(
        "the `oxigraph` server is not installed: pip install oxigraph (or set $AIKG_OXIGRAPH)"
    )


def _die_with_parent() -> None:  # runs in the child between fork and exec (Linux only)
    with contextlib.suppress(Exception):
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG


@dataclass
class _Child:
    generation: int
    process: subprocess.Popen[bytes]
    port: int
    version: Path
    #: a shared hold on the version, so that no build prunes it while the child reads it
    hold: IO[bytes] | None = None
    #: requests sent to it and not yet answered (changed under the backend's lock)
    in_flight: int = 0

    def end(self) -> None:
        """Stop the process and give up the hold on its version."""
        _stop(self.process)
        if self.hold is not None:
            self.hold.close()


class _Backend:
    """Oxigraph ``serve-read-only`` children; a stuck or outdated one is replaced.

    Children are started from one long-lived thread: on Linux they are killed
    when the thread that started them ends (``PR_SET_PDEATHSIG``), so a crash of
    this process never leaves them behind.
    """

    def __init__(self, store: Path, timeout_s: float) -> None:
        self.store = store
        self.timeout_s = timeout_s
        self.binary = _oxigraph_binary()
        self._lock = threading.Lock()
        self._current: _Child | None = None
        self._retiring: list[tuple[float, _Child]] = []
        self._generation = 0
        self._closed = threading.Event()
        self._spawner = ThreadPoolExecutor(max_workers=1, thread_name_prefix="aikg-oxigraph")
        self._supervisor = threading.Thread(target=self._supervise, daemon=True)

    def _version(self) -> Path:
        version = current_version(self.store)
        if version is None:
            raise StoreError(f"no store at {self.store}: run `aikg build` first")
        return version

    def _spawn(self, version: Path) -> _Child:
        return self._spawner.submit(self._spawn_here, version).result()

    def _spawn_here(self, version: Path) -> _Child:
        last = ""
        for _ in range(3):
            port = free_port()
            cmd = [
                self.binary,
                "serve-read-only",
                "--location",
                str(version),
                "--bind",
                f"127.0.0.1:{port}",
                "--union-default-graph",  # the data and the metric results, as `aikg query` sees
                "--timeout-s",
                str(int(self.timeout_s) + 2),  # a backstop; our own timeout comes first
            ]
            process = subprocess.Popen(
                cmd,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                preexec_fn=_die_with_parent if sys.platform == "linux" else None,  # noqa: PLW1509
            )
            deadline = time.monotonic() + _STARTUP_S
            while time.monotonic() < deadline and process.poll() is None:
                with (
                    contextlib.suppress(OSError),
                    socket.create_connection(("127.0.0.1", port), timeout=0.5),
                ):
                    self._generation += 1
                    return _Child(self._generation, process, port, version, hold_version(version))
                time.sleep(0.05)
            last = f"exit status {process.poll()}"
            _stop(process)
        raise StoreError(f"the Oxigraph server did not start on {version} ({last})")

    def start(self) -> None:
        """Start the first child on the store's current version, and its supervisor."""
        with self._lock:
            self._current = self._spawn(self._version())
        self._supervisor.start()

    def acquire(self) -> _Child:
        """Return the child to send a query to (a child that died is replaced first).

        Each call counts one request on the child until :meth:`release`.
        """
        with self._lock:
            if self._closed.is_set() or self._current is None:
                raise StoreError("the endpoint is shutting down")
            if self._current.process.poll() is not None:
                self._log(
                    f"the query engine exited ({self._current.process.returncode}); "
                    "starting a new one"
                )
                dead = self._current
                self._current = self._spawn(dead.version)
                dead.end()
            self._current.in_flight += 1
            return self._current

    def release(self, child: _Child) -> None:
        """Count one request sent to ``child`` (by :meth:`acquire`) as answered."""
        with self._lock:
            child.in_flight -= 1

    def _log(self, message: str) -> None:
        sys.stderr.write(f"aikg serve: {message}\n")

    def abandon(self, child: _Child) -> None:
        """Replace ``child`` after one of its queries timed out (once per child)."""
        with self._lock:
            if not self._closed.is_set() and child is self._current:
                self._replace(child.version)

    def _replace(self, version: Path) -> None:
        assert self._current is not None
        fresh = self._spawn(version)
        # Requests already sent to the old child end by their own deadline: it is stopped
        # once none is left (a runaway query's engine at once), or at that deadline.
        self._retiring.append((time.monotonic() + self.timeout_s + 2.0, self._current))
        self._current = fresh

    def _supervise(self) -> None:
        """Stop retired children when idle or due; switch to a new build when one appears."""
        while not self._closed.wait(0.5):
            with self._lock:
                if self._closed.is_set() or self._current is None:
                    return
                now, keep = time.monotonic(), []
                for due, child in self._retiring:
                    if now >= due or child.in_flight <= 0:
                        child.end()
                    else:
                        keep.append((due, child))
                self._retiring = keep
                version = current_version(self.store)
                dead = self._current.process.poll() is not None
                if version is not None and (dead or version != self._current.version):
                    try:
                        self._replace(version)
                    except StoreError as exc:  # keep serving the old one
                        self._log(f"could not switch to {version.name}: {exc}")

    def close(self) -> None:
        """Stop every child."""
        with self._lock:
            self._closed.set()
            children = [c for _, c in self._retiring] + ([self._current] if self._current else [])
            self._retiring, self._current = [], None
        for child in children:
            child.end()
        self._spawner.shutdown(wait=True)


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)
