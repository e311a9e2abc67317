"""The visitctl command line.

Each module below registers a group of thin commands on ``app``: a command
parses its options, calls one library function and renders the result.
Modules import only what their commands need, inside the commands, so that
``visitctl --help`` and the query commands start fast.
"""

from __future__ import annotations

import sys

import typer
from typer.core import TyperGroup

from visitctl.errors import VisitctlError


class _Group(TyperGroup):
    """Turns a ``VisitctlError`` from any command into one line on stderr."""

    def invoke(self, ctx):  # type: ignore[no-untyped-def]
        try:
            return super().invoke(ctx)
        except VisitctlError as err:
            typer.echo(f"visitctl: {err}", err=True)
            raise typer.Exit(int(err.exit_status)) from None
        except BrokenPipeError:  # `visitctl visits | head`: the reader has all it wanted
            _quiet_stdout()
            raise typer.Exit(0) from None


def _quiet_stdout() -> None:
    """Send what is left of stdout to /dev/null, so that flushing it at exit
    does not fail again on the closed pipe."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # not a real file (tests)
        pass


app = typer.Typer(
    name="visitctl",
    cls=_Group,
    help="Officials' working visits from Vietnamese news articles, in a SQLite database.\n\n"
    "Ingest articles, then ask who visited which commune when, what projects they "
    "inspected and what they directed each commune to do.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,  # plain help, as fast as sqlite-utils' (Rich help costs ~50 ms a call)
    pretty_exceptions_show_locals=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        from visitctl import __version__

        typer.echo(f"visitctl {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", "-V", callback=_version, is_eager=True, help="Show the version and exit."
    ),
) -> None:
    """Officials' working visits from Vietnamese news articles, in a SQLite database."""


# Command modules register themselves on ``app`` when imported.
from visitctl.cli import ingest as _ingest  # noqa: E402,F401
from visitctl.cli import query as _query  # noqa: E402,F401
from visitctl.cli import directives as _directives  # noqa: E402,F401
from visitctl.cli import overview as _overview  # noqa: E402,F401


def main() -> None:
    """Console entry point."""
    try:
        app(prog_name="visitctl")
    except BrokenPipeError:  # `visitctl visits | head`
        sys.stderr.close()
        sys.exit(0)
