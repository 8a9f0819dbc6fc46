"""Run one command in a fresh process and measure it from start to exit.

Wall clock, the CPU of the process and the children it waited for, and its peak
resident set (from ``wait4``); a timeout kills its whole process group.

The command is started by a small launcher (a Python without ``site``, about
9 MB, the floor of what it can measure), which forks it, waits for it and
reports what ``wait4`` said. Forked
straight from the measuring process, the command's peak resident set would start
at that process's own size: Linux counts the pages a forked child shares with its
parent until ``exec`` (a bench that holds 300 MB measured ``python -c pass`` at
313 MB). The launcher's own start is in neither the wall time nor the CPU time.

Examples
--------
>>> run_process([sys.executable, "-c", "pass"])["returncode"]
0
"""

from __future__ import annotations

import ast
import contextlib
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

# Run as ``python -I -S -c _LAUNCHER RESULT_FILE COMMAND...``: it imports only os, sys and
# time before the fork, so the command starts from a small process.
_LAUNCHER = """
import os, sys, time
result, argv = sys.argv[1], sys.argv[2:]
start = time.perf_counter()
pid = os.fork()
if pid == 0:
    try:
        os.execvp(argv[0], argv)
    except OSError as exc:
        os.write(2, ("cannot run " + argv[0] + ": " + str(exc) + "\\n").encode())
    os._exit(127)
_, status, usage = os.wait4(pid, 0)
wall = time.perf_counter() - start
with open(result, "w") as fh:
    fh.write(repr((wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss, status, usage.ru_stime)))
"""


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
    *,
    keep_stdout: bool = False,
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
    keep_stdout : bool
        Also return what the command wrote on standard output (``stdout``).

    Returns
    -------
    dict
        ``wall`` (seconds, start to exit), ``cpu`` (user + system seconds of the
        process and the children it waited for), ``system`` (the system part of
        ``cpu``: on this project's disk, creating many files can take seconds of it),
        ``peak_rss_mb`` (its peak resident set, from ``wait4``) and ``returncode``;
        ``stdout`` (text) with ``keep_stdout``.

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
    with (
        tempfile.TemporaryFile() as out,
        tempfile.TemporaryFile() as err,
        tempfile.TemporaryDirectory(prefix="aikg-run-") as scratch,
    ):
        lock = threading.Lock()
        state = {"reaped": False, "killed": False}
        result = Path(scratch) / "wait4"
        launcher = [sys.executable, "-I", "-S", "-c", _LAUNCHER, str(result), *argv]
        proc = subprocess.Popen(
            launcher, stdout=out, stderr=err, env=env, cwd=cwd, start_new_session=True
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
                    _, status, _ = os.wait4(proc.pid, 0)
                    state["reaped"] = True
            else:  # no waitid (macOS): a kill in the instant after the reap is possible
                _, status, _ = os.wait4(proc.pid, 0)
                with lock:
                    state["reaped"] = True
        except BaseException:  # interrupted: do not leave the child running
            kill()
            proc.wait()
            raise
        finally:
            timer.cancel()
        proc.returncode = os.waitstatus_to_exitcode(status)
        command = " ".join(argv)
        if state["killed"]:
            raise ProcessTimeoutError(
                f"{command} timed out after {timeout:.0f} s: {_tail(err)}", timeout
            )
        measured = _measured(result)
        if measured is None:
            raise RuntimeError(
                f"{command}: the launcher exited with {proc.returncode} "
                f"without a measurement: {_tail(err)}"
            )
        wall, cpu, maxrss, code, system = measured
        if code != 0:
            raise RuntimeError(f"{command} exited with {code}: {_tail(err)}")
        scale = 1024 * 1024 if sys.platform == "darwin" else 1024  # bytes on macOS, KiB on Linux
        done: dict[str, Any] = {
            "wall": wall,
            "cpu": cpu,
            "system": system,
            "peak_rss_mb": maxrss / scale,
            "returncode": code,
        }
        if keep_stdout:
            out.seek(0)
            done["stdout"] = out.read().decode("utf-8", errors="replace")
    return done


def _measured(path: Path) -> tuple[float, float, int, int, float] | None:
    """Read the launcher's report: wall, CPU, peak RSS (``wait4`` units), exit code, system CPU."""
    try:
        wall, cpu, maxrss, status, system = ast.literal_eval(path.read_text(encoding="ascii"))
    except (OSError, ValueError, SyntaxError, TypeError):
        return None
    code = os.waitstatus_to_exitcode(int(status))
    return float(wall), float(cpu), int(maxrss), code, float(system)


#: A fixed amount of pure-Python work (no import), timed before every build the bench
#: measures: the machine's speed at that moment, so that runs made in a fast or a slow
#: spell of a shared machine can be told apart.
YARDSTICK = "t = 0\nfor i in range(1_000_000):\n    t += i * i % 7\n"


def yardstick() -> dict[str, Any]:
    """Time :data:`YARDSTICK` in a fresh Python (``-I -S``), as :func:`run_process` does.

    Examples
    --------
    >>> yardstick()["wall"] > 0
    True
    """
    return run_process([sys.executable, "-I", "-S", "-c", YARDSTICK])


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
    """Return the medians of wall, CPU, its system part and peak RSS over runs of one command."""
    return {
        "wall": statistics.median(s["wall"] for s in samples),
        "cpu": statistics.median(s["cpu"] for s in samples),
        "system": statistics.median(s["system"] for s in samples),
        "peak_rss_mb": statistics.median(s["peak_rss_mb"] for s in samples),
        "runs": len(samples),
        "samples": samples,
    }
