"""The README and the help texts say what the commands do: every command is
documented in both, and the README's first screen gives the two commands a
newcomer runs."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from visitctl.cli import app

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
COMMANDS = sorted(c.name or c.callback.__name__ for c in app.registered_commands)
runner = CliRunner()


def test_there_are_commands():
    assert {"ingest", "extract", "visits", "show", "projects", "search", "directives", "diff",
            "timeline", "coverage", "stats", "serve", "reindex"} <= set(COMMANDS)


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_has_help_with_an_example(name):
    result = runner.invoke(app, [name, "--help"], env={"COLUMNS": "100"})
    assert result.exit_code == 0, result.output
    assert f"visitctl {name}" in result.output  # an example of its own use


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_is_in_the_readme(name):
    assert re.search(rf"`visitctl {name}\b", README), name


def test_first_screen_installs_and_runs_the_main_job_and_the_tests():
    first_screen = "\n".join(README.splitlines()[:30])
    assert "pip install -e . && visitctl ingest fixtures/" in first_screen
    assert "pip install -e '.[test]' && python -m pytest" in first_screen


def test_ci_runs_the_readme_test_command():
    ci = (Path(__file__).resolve().parent.parent / ".ci" / "run").read_text(encoding="utf-8")
    assert "pip install -q -e '.[test]'" in ci and "python -m pytest" in ci
