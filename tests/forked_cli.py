"""Run many ``aikg`` command lines as processes forked from one warm interpreter.

A test that starts ``python -m graph ARGS`` for each of dozens of command lines pays,
each time, for the interpreter's start and for importing the command line and the
modules its command loads: 0.3 to 1 s of CPU a process, most of what a command that
fails early on bad input costs. :class:`Forker` starts one Python process (this file
as a script) that imports those modules once, then forks one child per request, each
with its own folder and environment. Each child is a process of its own: stdout and
stderr to files (or ``/dev/null``), stdin from ``/dev/null``, ``sys.argv`` set as
``aikg`` would see it; it runs :func:`graph.cli.main`, which ends the process with the
command's exit status. The handle offers the parts of :class:`subprocess.Popen` the
tests use (``pid``, ``poll``, ``wait``, ``send_signal``), for tests that watch a process
while it runs and kill it (``tests/test_kill_build.py``). :func:`run_forked` runs a list
of command lines that way, a few at a time, and returns what each printed and its exit
code; a child that outlives ``timeout`` is killed (its code is then ``-9``).

What a forked child does not show is the start-up itself (a module that fails to
import, or a slow one): the tests that time or start ``aikg`` as a user does
(``tests/test_cli_help.py``, the bench, the packaging tests) still run it from scratch.

Examples
--------
>>> [done] = run_forked([["--help"]], cwd=".", env=None)
>>> done.code, "Usage" in done.stdout
(0, True)
"""

from __future__ import annotations

import contextlib
import importlib
import json
import os
import queue
import select
import signal
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

ROOT = Path(__file__).resolve().parent.parent
#: imported once by the server before it forks: the command line and what its commands load
PRELOAD = (
    "graph.cli",
    "graph.build",
    "graph.validate",
    "graph.store",
    "graph.queries",
    "graph.oxquery",
    "graph.importers.epoch",
    "graph.importers.litellm",
    "graph.export.bundle",
    "graph.metrics",
)


@dataclass(frozen=True)
class Done:
    """What one forked ``aikg`` process did: exit code (``-N``: killed by signal N)."""

    code: int
    stdout: str
    stderr: str


def run_forked(
    commands: Sequence[Sequence[str]],
    cwd: str | os.PathLike[str],
    env: Mapping[str, str] | None,
    parallel: int = 2,
    timeout: float = 300.0,
) -> list[Done]:
    """Run each command line (``aikg``'s arguments) in a forked process; return in order.

    Parameters
    ----------
    commands
        One list of arguments per process, as after ``aikg`` on a shell.
    cwd, env
        Working folder and environment of every process (``None``: this process's).
    parallel
        How many processes run at a time.
    timeout
        Seconds after which a process is killed.
    """
    environ = _server_env(os.environ if env is None else env)
    with tempfile.TemporaryDirectory(prefix="forked-cli-") as scratch, Forker() as forker:

        def one(numbered: tuple[int, Sequence[str]]) -> Done:
            i, argv = numbered
            out, err = Path(scratch, f"{i}.out"), Path(scratch, f"{i}.err")
            proc = forker.spawn(argv, cwd, environ, stdout=out, stderr=err)
            try:
                code = proc.wait(timeout)
            except subprocess.TimeoutExpired:
                proc.send_signal(signal.SIGKILL)
                code = proc.wait()
            return Done(code, _text_of(out), _text_of(err))

        with ThreadPoolExecutor(parallel) as pool:
            return list(pool.map(one, enumerate(commands)))


def _server_env(env: Mapping[str, str]) -> dict[str, str]:
    """``env`` for the server: it imports graph from this checkout, as ``python -m graph`` would."""
    environ = dict(env)
    environ["PYTHONPATH"] = os.pathsep.join(
        p for p in (str(ROOT), environ.get("PYTHONPATH", "")) if p
    )
    return environ


def _child(
    argv: list[str],
    out: str,
    err: str,
    cwd: str | None = None,
    env: Mapping[str, str] | None = None,
) -> NoReturn:
    """Become ``aikg ARGV`` with stdout and stderr in the files ``out`` and ``err``."""
    code: object = 1
    try:
        if cwd is not None:
            os.chdir(cwd)
        if env is not None:
            os.environ.clear()
            os.environ.update(env)
        os.dup2(os.open(os.devnull, os.O_RDONLY), 0)
        os.dup2(os.open(out, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), 1)
        os.dup2(os.open(err, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), 2)
        signal.signal(signal.SIGINT, signal.default_int_handler)
        sys.argv = ["aikg", *argv]
        from graph.cli import main  # noqa: PLC0415 - preloaded by the server

        main()  # ends the process itself, unless AIKG_DEBUG asks for a normal exit
        code = 0
    except SystemExit as exc:
        code = exc.code
    except BaseException:  # what Python would print before exiting with 1
        traceback.print_exc()
    status = code if isinstance(code, int) else (0 if code is None else 1)
    if not isinstance(code, int) and code is not None:
        print(code, file=sys.stderr)
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # a closed or broken stream
            stream.flush()
    os._exit(status)


def _text_of(path: Path) -> str:
    return path.read_bytes().decode("utf-8", errors="replace")


class Forked:
    """One process forked by a :class:`Forker`: what the tests use of ``subprocess.Popen``."""

    def __init__(self, forker: Forker, pid: int) -> None:
        self.pid, self._forker = pid, forker

    @property
    def returncode(self) -> int | None:
        """The exit code (``-N``: killed by signal N), or ``None`` while it runs."""
        return self._forker.exits.get(self.pid)

    def poll(self) -> int | None:
        """Return the exit code, or ``None`` while the process runs."""
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        """Wait until the process has ended; return its exit code."""
        with self._forker.ended:
            if not self._forker.ended.wait_for(lambda: self.returncode is not None, timeout):
                raise subprocess.TimeoutExpired(f"forked {self.pid}", timeout or 0.0)
        code = self.returncode
        assert code is not None
        return code

    def send_signal(self, sig: int) -> None:
        """Send ``sig`` to the process unless it has ended (as ``Popen.send_signal``)."""
        if self.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, sig)


class Forker:
    """A warm server that forks an ``aikg`` process on each request (see the notes).

    Use it as a context manager; :meth:`spawn` is safe to call from several threads.
    """

    def __init__(self) -> None:
        self._server = subprocess.Popen(
            [sys.executable, str(Path(__file__).resolve())],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
            env=_server_env(os.environ),
        )  # fmt: skip
        self._asking = threading.Lock()  # one request (and its answer) at a time
        self._pids: queue.Queue[int] = queue.Queue()
        self.exits: dict[int, int] = {}
        self.ended = threading.Condition()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self._server.stdout is not None
        for line in self._server.stdout:
            said = json.loads(line)
            if "pid" in said:
                with self.ended:  # a pid used again: its earlier exit came before this line
                    self.exits.pop(said["pid"], None)
                self._pids.put(said["pid"])
            else:
                with self.ended:
                    self.exits[said["exit"]] = said["code"]
                    self.ended.notify_all()
        self._pids.put(-1)  # the server is gone: an answer that fails the waiting spawn

    def spawn(
        self,
        argv: Sequence[str],
        cwd: str | os.PathLike[str],
        env: Mapping[str, str],
        stdout: str | os.PathLike[str] | None = None,
        stderr: str | os.PathLike[str] | None = None,
    ) -> Forked:
        """Fork ``aikg ARGV`` in ``cwd`` with ``env``; stdout and stderr to files or /dev/null."""
        request = {
            "argv": list(argv),
            "cwd": str(cwd),
            "env": dict(env),
            "out": os.devnull if stdout is None else str(stdout),
            "err": os.devnull if stderr is None else str(stderr),
        }
        with self._asking:
            assert self._server.stdin is not None
            self._server.stdin.write(json.dumps(request) + "\n")
            self._server.stdin.flush()
            pid = self._pids.get(timeout=60)
        if pid < 0:
            raise RuntimeError("the forked_cli server has stopped")
        return Forked(self, pid)

    def close(self) -> None:
        """End the server once its processes have ended."""
        if self._server.stdin is not None:
            self._server.stdin.close()
        self._server.wait(timeout=300)
        self._reader.join(timeout=10)
        if self._server.stdout is not None:
            self._server.stdout.close()

    def __enter__(self) -> Forker:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _serve_forever() -> None:
    """Fork a child per request line on stdin; say each pid, then each exit, on stdout."""
    for name in PRELOAD:
        importlib.import_module(name)
    pending, running = b"", 0
    closed = False

    def say(message: dict[str, int]) -> None:
        sys.stdout.write(json.dumps(message) + "\n")
        sys.stdout.flush()

    while not closed or running:
        if not closed and select.select([0], [], [], 0.002)[0]:
            chunk = os.read(0, 1 << 16)
            closed = not chunk
            pending += chunk
            *lines, pending = pending.split(b"\n")
            for line in lines:
                request = json.loads(line)
                pid = os.fork()
                if pid == 0:
                    _child(request["argv"], request["out"], request["err"], request["cwd"],
                           request["env"])  # fmt: skip
                running += 1
                say({"pid": pid})
        elif closed:
            time.sleep(0.002)
        while running:
            pid, status = os.waitpid(-1, os.WNOHANG)
            if pid == 0:
                break
            running -= 1
            say({"exit": pid, "code": os.waitstatus_to_exitcode(status)})


if __name__ == "__main__":
    _serve_forever()
