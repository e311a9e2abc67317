"""Options shared by every command, and where the database lives."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated, Optional

import typer

from visitctl.render import Format

DB_ENV = "VISITCTL_DB"

DbOption = Annotated[
    Optional[Path],
    typer.Option(
        "--db",
        help=f"SQLite database file. Default: ${DB_ENV}, else visits.db in the user data directory.",
        show_default=False,
        dir_okay=False,
    ),
]
FormatOption = Annotated[
    Optional[Format],
    typer.Option(
        "--format", "-f",
        help="Output format. Default: table on a terminal, json when piped.",
        show_default=False,
        case_sensitive=False,
    ),
]
LimitOption = Annotated[
    Optional[int],
    typer.Option(
        "--limit", "-n",
        help="Show at most this many rows (0: all). Default: 50 in a table, all in json/jsonl/csv.",
        show_default=False,
        min=0,
    ),
]
SinceOption = Annotated[
    Optional[str],
    typer.Option("--since", help="From this date: 2025-11-01, 25/11/2025, 11/2025, 2025, 'tháng trước'.",
                 show_default=False),
]
UntilOption = Annotated[
    Optional[str],
    typer.Option("--until", help="Up to this date (inclusive), same forms as --since.", show_default=False),
]
CommuneOption = Annotated[
    Optional[str],
    typer.Option("--commune", "-c", help="Commune or ward name; case and accents do not matter.",
                 show_default=False),
]
ProvinceOption = Annotated[
    Optional[str],
    typer.Option("--province", "-p", help="Province name; case and accents do not matter.", show_default=False),
]
OfficialOption = Annotated[
    Optional[str],
    typer.Option("--official", "-o", help="Official's name (or part of it); case and accents do not matter.",
                 show_default=False),
]

TABLE_LIMIT = 50


def default_db_path() -> Path:
    """$VISITCTL_DB, else visits.db in the platform's user data directory."""
    env = os.environ.get(DB_ENV)
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("visitctl", appauthor=False)) / "visits.db"


def db_path(option: Path | None) -> Path:
    return option.expanduser() if option else default_db_path()


def table_limit(fmt: Format, limit: int | None) -> int | None:
    """Rows to show: tables default to a screenful, machine formats to all."""
    if limit == 0:
        return None
    if limit is None:
        return TABLE_LIMIT if fmt is Format.table else None
    return limit


def date_range(since: str | None, until: str | None) -> tuple[str | None, str | None]:
    """ISO bounds for --since/--until (an error names the bad option)."""
    from visitctl.errors import UsageError
    from visitctl.userdates import parse_user_date

    try:
        start = parse_user_date(since) if since else None
    except UsageError as err:
        raise UsageError(f"--since: {err}") from None
    try:
        end = parse_user_date(until, end=True) if until else None
    except UsageError as err:
        raise UsageError(f"--until: {err}") from None
    return start, end
