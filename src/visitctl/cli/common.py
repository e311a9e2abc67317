"""Options shared by every command, and where the database lives."""

from __future__ import annotations

import itertools
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from visitctl.render import Format

if TYPE_CHECKING:
    from visitctl.store import Reader

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
_FORMAT_HELP = "Output format. Default: table on a terminal, json when piped."
FormatOption = Annotated[
    Optional[Format],
    typer.Option("--format", "-f", help=_FORMAT_HELP, show_default=False, case_sensitive=False),
]
# diff also prints a plain diff-style listing.
DiffFormat = Enum("DiffFormat", [(f.name, f.value) for f in Format] + [("unified", "unified")], type=str)
DiffFormatOption = Annotated[
    Optional[DiffFormat],
    typer.Option("--format", "-f", help=_FORMAT_HELP + " unified: a plain diff-style listing.",
                 show_default=False, case_sensitive=False),
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


def examples(*commands: str) -> str:
    """A command's epilog: its example commands, one a line, printed as written."""
    return "Examples:\n\n\b\n" + "\n".join(f"  {command}" for command in commands)


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


@contextmanager
def reading(db: Path | None, table: str = "visits") -> Iterator[Reader]:
    """The database of ``--db``, read-only, for the length of a command
    (rows are read while they are printed).  A missing file, a file that is
    not a visitctl database (no ``table``) and any SQLite error while
    reading it end as a one-line ``DatabaseError``."""
    import sqlite3

    from visitctl.errors import DatabaseError
    from visitctl.store import open_reader

    path = db_path(db)
    database = open_reader(path)
    try:
        if not database.has_table(table):
            raise DatabaseError(f"{path} is not a visitctl database (no {table} table)")
        yield database
    except sqlite3.DatabaseError as exc:
        raise DatabaseError(f"{path}: {exc}") from None
    finally:
        database.close()


def list_rows(
    db: Path | None,
    fmt: Format | None,
    limit: int | None,
    query: Callable[[Reader, int | None], Iterable[dict]],
    *,
    fields: Sequence[str],
    table_columns: Sequence[str],
    title: str,
    headers: dict[str, str] | None = None,
    table: str = "visits",
) -> None:
    """A listing command: ``query(database, limit)`` rendered in ``fmt``.

    json, jsonl and csv stream every row (or ``--limit`` rows) with the keys
    ``fields``, as SQLite returns them; a table shows the first ``--limit``
    (default 50) rows of ``table_columns`` and says when there are more."""
    from visitctl.render import render_rows, resolve_format, write_table

    fmt = resolve_format(fmt)
    n = table_limit(fmt, limit)
    with reading(db, table) as database:
        if fmt is not Format.table:
            rows = query(database, n)
            render_rows(({k: row.get(k) for k in fields} for row in rows), fmt, fields)
            return
        # One row past the limit says whether there are more, without reading
        # (or counting) every match: a table over 100,000 visits stays fast.
        rows = query(database, n + 1 if n else None)
        shown = [{k: row.get(k) for k in table_columns} for row in itertools.islice(rows, n + 1 if n else None)]
    more = n is not None and len(shown) > n
    write_table(shown[:n] if n else shown, table_columns, title=title, headers=headers, more=more)
