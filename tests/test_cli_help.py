"""Every command's help ends with examples that are real commands.

The examples are read back from the help text as a user sees it: each must name
an existing command, use only options that command has, and the ones that read
the store must run (against the curated test store) without an error.
"""

from __future__ import annotations

import re
import shlex

import pytest
import typer
from typer.testing import CliRunner

from graph.cli import app

runner = CliRunner()


def _commands() -> dict[tuple[str, ...], typer.core.TyperCommand]:
    """Every command and group of ``aikg``, by its path (``("sources", "check")``)."""
    root = typer.main.get_command(app)
    found = {}

    def walk(path: tuple[str, ...], cmd: typer.core.TyperCommand) -> None:
        if path:
            found[path] = cmd
        for name, sub in getattr(cmd, "commands", {}).items():
            walk((*path, name), sub)

    walk((), root)
    return found


COMMANDS = _commands()


def _help(path: tuple[str, ...]) -> str:
    result = runner.invoke(app, [*path, "--help"], env={"COLUMNS": "200"}, terminal_width=200)
    assert result.exit_code == 0, result.output
    return result.output


def _examples(path: tuple[str, ...]) -> list[list[str]]:
    text = _help(path)
    assert "Examples:" in text, f"aikg {' '.join(path)} --help has no examples"
    tail = text.split("Examples:", 1)[1]
    return [shlex.split(m) for m in re.findall(r"^\s*\$ (aikg .+?)\s*$", tail, re.MULTILINE)]


def _split(words: list[str]) -> tuple[tuple[str, ...], list[str]]:
    """The command path of an example and the rest of its words."""
    path: tuple[str, ...] = ()
    rest = words[1:]
    while rest and (*path, rest[0]) in COMMANDS:
        path, rest = (*path, rest[0]), rest[1:]
    return path, rest


def test_the_commands_are_found() -> None:
    assert {("build",), ("metrics",), ("timeline",), ("sources", "check"), ("import", "epoch")} <= (
        set(COMMANDS)
    )


@pytest.mark.parametrize("path", sorted(COMMANDS), ids=" ".join)
def test_every_command_has_examples_with_its_own_options(path: tuple[str, ...]) -> None:
    examples = _examples(path)
    assert examples, path
    for words in examples:
        assert words[0] == "aikg"
        where, rest = _split(words)
        assert where, f"{shlex.join(words)}: no such command"
        assert where[: len(path)] == path, f"{shlex.join(words)} is not an example of {path}"
        known = {o for p in COMMANDS[where].params for o in (*p.opts, *p.secondary_opts)}
        for word in rest:
            if word.startswith("-") and not word.startswith("---"):
                assert word in known, f"{shlex.join(words)}: {word} is not an option of {where}"


@pytest.mark.parametrize("path", sorted(COMMANDS), ids=" ".join)
def test_option_types_read_as_words(path: tuple[str, ...]) -> None:
    """No Python type names in the help (``<str>``, ``<bool>``, ``<list[Path]>``)."""
    text = _help(path)
    options = text.split("Options", 1)[1] if "Options" in text else ""
    for word in ("<str>", "<int>", "<float>", "<bool>", "<path>", "list[", "<int range>"):
        assert word not in options, (path, word)


STORE_EXAMPLES = [
    ("metrics",),
    ("timeline",),
    ("whatif",),
    ("query",),
    ("stats",),
    ("sources",),
    ("describe",),
    ("ingest",),
]


@pytest.mark.parametrize("path", STORE_EXAMPLES, ids=" ".join)
def test_the_examples_that_read_the_store_run(path: tuple[str, ...], oxigraph_url: str) -> None:
    ran = 0
    for words in _examples(path):
        where, rest = _split(words)
        if where != path:  # e.g. `aikg sources check`: it goes online
            continue
        result = runner.invoke(app, [*where, *rest, "--store", oxigraph_url])
        assert result.exit_code == 0, (shlex.join(words), result.output[-2000:])
        assert result.output.strip(), shlex.join(words)
        ran += 1
    assert ran, path


def test_every_command_reaches_typer_with_its_annotations_evaluated() -> None:
    """Typer reads each command's parameters on every run; strings would be compiled again."""

    def callbacks(group: typer.Typer) -> list[object]:
        found = [info.callback for info in group.registered_commands]
        found.append(group.registered_callback and group.registered_callback.callback)
        for sub in group.registered_groups:
            found.extend(callbacks(sub.typer_instance) if sub.typer_instance else [])
        return [f for f in found if f is not None]

    found = callbacks(app)
    leaves = [path for path, cmd in COMMANDS.items() if not hasattr(cmd, "commands")]
    assert len(found) >= len(leaves) > 15
    for callback in found:
        hints = callback.__annotations__  # type: ignore[attr-defined]
        assert hints, callback
        assert not [k for k, v in hints.items() if isinstance(v, str)], callback
