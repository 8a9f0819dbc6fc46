"""Run one command in a fresh process and measure it from start to exit.

Wall clock, the CPU of the process and the children it waited for, and its peak
resident set (from ``wait4``); a timeout kills its whole process group.

Examples
--------
>>> run_process([sys.executable, "-c", "pass"])["returncode"]
0
"""

from __future__ import annotations

import contextlib
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any


def aikg_command() -> list[str]:
    """Return the ``aikg`` command as the user types it: the console script next to Python.

    Falls back to ``python -c "from graph.cli import main; main()"`` when the
    script is not installed beside the interpreter.
    """
    script = Path(sys.executable).parent / "aikg"
    if script.is_file():
        return [str(script)]
    return [sys.executable, "-c", "from graph.cli import main; main()"]


class ProcessTimeoutError(RuntimeError):
    """A measured process ran past its time limit and was killed."""

    def __init__(self, message: str, seconds: float) -> None:
        super().__init__(message)
        self.seconds = seconds


def _tail(fh: Any, limit: int = 2000) -> str:
    fh.seek(0)
    text: str = fh.read().decode("utf-8", errors="replace")
    return text.strip()[-limit:]


def run_process(
    argv: Sequence[str],
    env: dict[str, str] | None = None,
    cwd: Path | None = None,
    timeout: float = 1800.0,
) -> dict[str, Any]:
    """Run one command in a fresh process and measure it from start to exit.

    Parameters
    ----------
    argv : sequence of str
        The command and its arguments.
    env : dict, optional
        The environment (default: this process's).
    cwd : Path, optional
        The working directory.
    timeout : float
        Seconds before the process (and its process group) is killed.

    Returns
    -------
    dict
        ``wall`` (seconds, start to exit), ``cpu`` (user + system seconds of the
        process and the children it waited for), ``peak_rss_mb`` (its peak
        resident set, from ``wait4``) and ``returncode``.

    Raises
    ------
    RuntimeError
        When the command exits non-zero (with the tail of its stderr).
    ProcessTimeoutError
        When it ran past ``timeout`` (a ``RuntimeError``; its process group is killed).

    Examples
    --------
    >>> run_process([sys.executable, "-c", "pass"])["returncode"]
    0
    """
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        lock = threading.Lock()
        state = {"reaped": False, "killed": False}
        start = time.perf_counter()
        proc = subprocess.Popen(
            list(argv), stdout=out, stderr=err, env=env, cwd=cwd, start_new_session=True
        )

        def kill() -> None:
            with lock:  # never signal a pid once it is reaped (it may be reused)
                if not state["reaped"]:
                    state["killed"] = True
                    with contextlib.suppress(ProcessLookupError):
                        os.killpg(proc.pid, signal.SIGKILL)

        timer = threading.Timer(timeout, kill)
        timer.daemon = True
        timer.start()
        try:
            if hasattr(os, "waitid"):  # wait without reaping, so kill() cannot race the reap
                os.waitid(os.P_PID, proc.pid, os.WEXITED | os.WNOWAIT)
                with lock:
                    _, status, usage = os.wait4(proc.pid, 0)
                    state["reaped"] = True
            else:  # no waitid (macOS): a kill in the instant after the reap is possible
                _, status, usage = os.wait4(proc.pid, 0)
                with lock:
                    state["reaped"] = True
        except BaseException:  # interrupted: do not leave the child running
            kill()
            proc.wait()
            raise
        finally:
            timer.cancel()
        wall = time.perf_counter() - start
        proc.returncode = code = os.waitstatus_to_exitcode(status)
        command = " ".join(argv)
        if state["killed"]:
            raise ProcessTimeoutError(
                f"{command} timed out after {timeout:.0f} s: {_tail(err)}", timeout
            )
        if code != 0:
            raise RuntimeError(f"{command} exited with {code}: {_tail(err)}")
    scale = 1024 * 1024 if sys.platform == "darwin" else 1024  # bytes on macOS, KiB on Linux
    return {
        "wall": wall,
        "cpu": usage.ru_utime + usage.ru_stime,
        "peak_rss_mb": usage.ru_maxrss / scale,
        "returncode": code,
    }


def output_sizes(folder: Path) -> dict[str, int]:
    """Files under ``folder`` (relative names) and their sizes in bytes."""
    if not folder.is_dir():
        return {}
    return {
        p.relative_to(folder).as_posix(): p.stat().st_size
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def medians(samples: list[dict[str, Any]]) -> dict[str, Any]:
    """Return the medians of wall, CPU and peak RSS over runs of one command."""
    return {
        "wall": statistics.median(s["wall"] for s in samples),
        "cpu": statistics.median(s["cpu"] for s in samples),
        "peak_rss_mb": statistics.median(s["peak_rss_mb"] for s in samples),
        "runs": len(samples),
        "samples": samples,
    }
