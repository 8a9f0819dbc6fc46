"""The export templates are compiled once and read back by later processes."""

from __future__ import annotations

import subprocess
import sys

import jinja2
import pytest

from graph.export.templating import environment


def test_a_later_environment_reads_the_compiled_template_instead_of_compiling(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    first = environment("templates/site")
    first.get_template("deal.html.j2")  # compiled now, or read from an earlier run

    def compile_again(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("the template was compiled again")

    monkeypatch.setattr(jinja2.Environment, "compile", compile_again)
    second = environment("templates/site")
    assert second.get_template("deal.html.j2").name == "deal.html.j2"  # not compiled: read
    with pytest.raises(AssertionError, match="compiled again"):
        second.from_string("{{ 1 }}")  # a string template has no cache entry: it compiles


def test_the_cache_can_be_turned_off() -> None:
    code = "from graph.export.templating import environment; print(environment().bytecode_cache)"
    for setting, expected in (("0", "None"), ("1", "SafeBytecodeCache")):
        out = subprocess.run(
            [sys.executable, "-c", code],
            env={"AIKG_TEMPLATE_CACHE": setting, "PATH": "/usr/bin:/bin"},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        assert expected in out
