"""Progress bars: drawn on a terminal, never in a pipe, never in JSON on standard output.

The commands run as real processes: under a pseudo-terminal (:mod:`pty`) the
build and the timeline show their stages; with pipes they print exactly what
they printed before, with no escape sequence.
"""

from __future__ import annotations

import json
import os
import pty
import select
import subprocess
import sys
from pathlib import Path

import pytest
from rich.console import Console

from graph import progress
from graph.terminal import shows_progress

AIKG = [sys.executable, "-m", "graph"]
HIDE_CURSOR = "\x1b[?25l"  # Rich hides the cursor while a live display runs


def _env(**extra: str) -> dict[str, str]:
    unset = {"AIKG_PROGRESS", "COLUMNS", "FORCE_TERMINAL", "TTY_COMPATIBLE", "TTY_INTERACTIVE"}
    env = {k: v for k, v in os.environ.items() if k not in unset}
    return {**env, "TERM": "xterm-256color", **extra}


def _read_all(fd: int, timeout: float = 300.0) -> str:
    chunks = []
    while True:
        ready, _, _ = select.select([fd], [], [], timeout)
        if not ready:
            break
        try:
            data = os.read(fd, 65536)
        except OSError:  # the child closed the terminal
            break
        if not data:
            break
        chunks.append(data)
    return b"".join(chunks).decode("utf-8", errors="replace")


def _in_terminal(argv: list[str], env: dict[str, str], cwd: Path) -> tuple[int, str]:
    """Run ``argv`` with standard output and error on a pseudo-terminal."""
    pid, fd = pty.fork()
    if pid == 0:  # the child: exec at once
        os.chdir(cwd)
        os.execvpe(argv[0], argv, env)
    text = _read_all(fd)
    os.close(fd)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status), text


@pytest.mark.slow  # a whole build in a real process on a pseudo-terminal
def test_build_shows_its_stages_on_a_terminal(tmp_path: Path) -> None:
    argv = [*AIKG, "build", "--store", f"oxigraph:{tmp_path / 'store'}"]
    code, text = _in_terminal([*argv, "--exports", str(tmp_path / "ex")], _env(), tmp_path)
    assert code == 0, text[-2000:]
    assert HIDE_CURSOR in text
    for stage in (
        "Turtle file(s)",
        "validating: SHACL shapes",
        "publishing the store",
        "export file(s)",
    ):
        assert stage in text, stage
    assert "aikg build" in text  # the summary follows the erased display
    assert (tmp_path / "ex" / "report.html").is_file()


@pytest.mark.slow  # a whole build in a real process
def test_build_in_a_pipe_prints_no_progress(tmp_path: Path) -> None:
    done = subprocess.run(
        [*AIKG, "build", "--store", f"oxigraph:{tmp_path / 'store'}", "--exports", "ex"],
        capture_output=True,
        text=True,
        env=_env(),
        cwd=tmp_path,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    for stream in (done.stdout, done.stderr):
        assert "\x1b" not in stream
        assert "Turtle file(s)" not in stream
        assert "validating" not in stream
    assert "aikg build" in done.stdout


def test_progress_can_be_turned_off_on_a_terminal(tmp_path: Path, oxigraph_url: str) -> None:
    argv = [*AIKG, "timeline", "poles", "--from", "2019-01-01", "--to", "2026-12-31"]
    code, text = _in_terminal([*argv, "--store", oxigraph_url], _env(AIKG_PROGRESS="0"), tmp_path)
    assert code == 0, text[-2000:]
    assert HIDE_CURSOR not in text
    assert "year end(s)" not in text
    assert "poles from 2019-01-01 to 2026-12-31" in text


def test_json_on_stdout_stays_clean_while_stderr_shows_progress(
    tmp_path: Path, oxigraph_url: str
) -> None:
    """A terminal on standard error draws the bar; the JSON in the pipe is untouched."""
    parent, child = os.openpty()
    argv = [*AIKG, "timeline", "poles", "--from", "2019-01-01", "--to", "2026-12-31"]
    with (tmp_path / "out.json").open("wb") as sink:  # a file: not a terminal, never full
        proc = subprocess.Popen(
            [*argv, "--store", oxigraph_url, "-f", "json"],
            stdout=sink,
            stderr=child,
            env=_env(),
            cwd=tmp_path,
        )
        os.close(child)
        shown = _read_all(parent)
        assert proc.wait() == 0, shown[-2000:]
    os.close(parent)
    stdout = (tmp_path / "out.json").read_text(encoding="utf-8")
    assert "computing as of 8 year end(s)" in shown
    assert "8/8" in shown
    doc = json.loads(stdout)  # nothing but the JSON document
    days = sorted({row["as_of"] for row in doc["poles"]})
    assert days[-1] == "2026-12-31"
    assert "\x1b" not in stdout


def test_a_forked_child_reports_nothing() -> None:
    """The build validates and exports in forked children: they must not draw."""
    seen: list[str] = []

    class Log:
        def stage(self, text: str, total: int | None) -> None:
            seen.append(f"{os.getpid()} {text} {total}")

        def advance(self) -> None:
            seen.append(f"{os.getpid()} step")

    read, write = os.pipe()
    with progress.reporting(Log()):
        pid = os.fork()
        if pid == 0:  # the child: tell the parent whether it has a reporter
            os.write(write, b"none" if progress.active() is None else b"some")
            progress.stage("in the child")
            os._exit(0)
        os.waitpid(pid, 0)
        progress.stage("in the parent")
    os.close(write)
    assert os.read(read, 16) == b"none"
    os.close(read)
    assert seen == [f"{os.getpid()} in the parent None"]
    assert progress.active() is None  # the reporter is gone after the block


@pytest.mark.parametrize("value", ["0", "off"])
def test_the_switch_turns_the_display_off(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv("AIKG_PROGRESS", value)
    assert not shows_progress(Console(force_terminal=True))
    monkeypatch.setenv("AIKG_PROGRESS", "1")
    assert shows_progress(Console(force_terminal=False))
    monkeypatch.delenv("AIKG_PROGRESS")
    assert shows_progress(Console(force_terminal=True))
    assert not shows_progress(Console(force_terminal=False))
