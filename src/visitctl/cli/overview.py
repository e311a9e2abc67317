"""Overview commands: timeline, coverage, stats, serve."""

from __future__ import annotations

from enum import Enum
from typing import Annotated, Any, Optional

import typer

from visitctl.cli import app
from visitctl.cli.common import (
    CommuneOption,
    DbOption,
    FormatOption,
    LimitOption,
    OfficialOption,
    ProvinceOption,
    SinceOption,
    UntilOption,
    date_range,
    db_path,
    examples,
    reading,
)

INSTALL_SERVE = "pip install 'visitctl[serve]'"
BAR_WIDTH = 40
_EIGHTHS = " ▏▎▍▌▋▊▉"


class By(str, Enum):
    week = "week"
    month = "month"


class Per(str, Enum):
    official = "official"
    commune = "commune"


def bar(value: int, largest: int, width: int = BAR_WIDTH) -> str:
    """A horizontal bar of block characters, ``width`` long for ``largest``."""
    if value <= 0 or largest <= 0:
        return ""
    eighths = max(1, round(value / largest * width * 8))
    full, part = divmod(eighths, 8)
    return "█" * full + (_EIGHTHS[part] if part else "")


def _period_text(since: str | None, until: str | None) -> str:
    if since and until:
        return f" from {since} to {until}"
    if since:
        return f" since {since}"
    if until:
        return f" until {until}"
    return ""


@app.command(
    epilog=examples(
        "visitctl timeline --by week",
        "visitctl timeline --province 'Thanh Hóa' --since 2025-07-01 --per official",
        "visitctl timeline --official 'Nguyễn Văn A' --by month --format csv",
    ),
)
def timeline(
    by: Annotated[
        By, typer.Option("--by", help="Bucket size: ISO week or calendar month.", case_sensitive=False)
    ] = By.month,
    per: Annotated[
        Optional[Per],
        typer.Option("--per", help="One bar per official or per commune within each period.",
                     case_sensitive=False, show_default=False),
    ] = None,
    official: OfficialOption = None,
    province: ProvinceOption = None,
    commune: CommuneOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    fmt: FormatOption = None,
    db: DbOption = None,
) -> None:
    """Visits per week or month, as a bar chart (or rows with --format).

    Visits whose date has no year ('--MM-DD') or no date at all cannot be
    placed in time; the chart says how many were left out.
    """
    from visitctl.render import Format, render_rows, resolve_format
    from visitctl.store.overview import timeline as query

    start, end = date_range(since, until)
    with reading(db) as database:
        result = query(database, by=by.value, per=per.value if per else None, official=official,
                       province=province, commune=commune, since=start, until=end)
    out = resolve_format(fmt)
    if out is not Format.table:
        render_rows(result.rows, out, result.columns)
        return
    _timeline_chart(result, _period_text(start, end))


EMPTY_RUN = 3  # this many empty periods in a row are shown as one line


def _fold_empty_runs(rows: list[dict]) -> list[dict]:
    """Rows for the chart: a run of EMPTY_RUN or more periods without visits
    becomes one row "2013-06 … 2016-01" (json/csv keep every period)."""
    out: list[dict] = []
    run: list[dict] = []
    for row in [*rows, None]:
        if row is not None and row["visits"] == 0:
            run.append(row)
            continue
        if len(run) >= EMPTY_RUN:
            out.append({**run[0], "period": f"{run[0]['period']} … {run[-1]['period']}"})
        else:
            out.extend(run)
        run = []
        if row is not None:
            out.append(row)
    return out


def _timeline_chart(result: Any, period: str) -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    console = Console()
    if not result.rows:
        console.print(f"No dated visits{period}.")
    else:
        largest = max(r["visits"] for r in result.rows)
        if result.per:  # a visit of two officials is in two rows: no total
            title = f"Visits per {result.by} and {result.per}{period}"
        else:
            title = f"Visits per {result.by}{period}: {sum(r['visits'] for r in result.rows)}"
        table = Table(title=title, header_style="bold", show_edge=False)
        table.add_column("Week" if result.by == "week" else "Month", no_wrap=True)
        if result.per == "official":
            table.add_column("Official", overflow="fold")
        elif result.per == "commune":
            table.add_column("Commune", overflow="fold")
        table.add_column("Visits", justify="right")
        table.add_column("", no_wrap=True, style="cyan")
        previous = None
        for row in _fold_empty_runs(result.rows):
            cells = [row["period"] if row["period"] != previous else ""]
            previous = row["period"]
            if result.per == "official":
                cells.append(row["official"] or "")
            elif result.per == "commune":
                cells.append(f"{row['commune']} ({row['province']})" if row["province"] else row["commune"])
            cells += [str(row["visits"]), bar(row["visits"], largest)]
            table.add_row(*map(Text, cells))  # text, not markup: names may hold "[...]"
        console.print(table)
    if result.undated:
        console.print(f"[dim]{result.undated} visit(s) without a full date (no year, or no date) are not shown.[/dim]")


@app.command(
    epilog=examples(
        "visitctl coverage --province 'Thanh Hóa'",
        "visitctl coverage -p 'thanh hoa' --unvisited --since 2025-07-01",
        "visitctl coverage -p 'Nghệ An' --format csv > nghe_an.csv",
    ),
)
def coverage(
    province: Annotated[
        str, typer.Option("--province", "-p", help="Province (2025 names; case and accents do not matter).",
                          show_default=False)
    ],
    unvisited: Annotated[
        bool, typer.Option("--unvisited", help="Only the communes with no visit in the period.")
    ] = False,
    since: SinceOption = None,
    until: UntilOption = None,
    fmt: FormatOption = None,
    limit: LimitOption = None,
    db: DbOption = None,
) -> None:
    """Every commune and ward of a province with its visits, last visit and last
    visiting official.

    The list comes from the 2025 gazetteer, so communes no article mentions are
    listed too.  With --since/--until only visits with a full date in the
    period count; without them every visit counts.
    """
    from visitctl.render import Format, render_rows, resolve_format, write_table
    from visitctl.store.overview import Coverage, coverage as query

    start, end = date_range(since, until)
    with reading(db) as database:
        result = query(database, province, since=start, until=end, unvisited=unvisited)
    out = resolve_format(fmt)
    n = limit or None  # a province has at most a few hundred communes: all by default
    if out is not Format.table:
        render_rows(result.rows[:n] if n else result.rows, out, Coverage.columns)
        return
    period = _period_text(start, end)
    title = f"{result.province}: {result.visited} of {result.total} communes and wards visited{period}"
    if unvisited:
        title = f"{result.province}: {len(result.rows)} of {result.total} communes and wards not visited{period}"
    rows = (
        {**r, "mark": "✓" if r["visits"] else "", "commune": f"{r['type']} {r['commune']}".strip()}
        for r in result.rows
    )
    columns = ["commune"] if unvisited else ["mark", "commune", "visits", "last_visit", "last_official"]
    typer.echo(title)
    if result.rows:
        write_table(
            rows, columns, limit=n,
            headers={"mark": "", "commune": "Commune", "visits": "Visits", "last_visit": "Last visit",
                     "last_official": "Last official"},
        )


@app.command(
    epilog=examples(
        "visitctl stats",
        "visitctl stats --format json",
    ),
)
def stats(
    fmt: FormatOption = None,
    db: DbOption = None,
) -> None:
    """Counts of articles, visits, communes, projects and directives, the date
    range and the most frequent directive topics, on one screen."""
    from visitctl.render import Format, resolve_format, to_json
    from visitctl.store.overview import stats as query

    with reading(db) as database:
        data = query(database)
    out = resolve_format(fmt)
    if out is Format.json:
        typer.echo(to_json(data))
    elif out is Format.jsonl:
        typer.echo(to_json(data, indent=None))
    elif out is Format.csv:
        from visitctl.render import write_csv
        import sys

        rows = [{"name": k, "value": v} for k, v in data.items() if k != "top_topics"]
        rows += [{"name": f"topic:{t['topic']}", "value": t["directives"]} for t in data["top_topics"]]
        write_csv(rows, sys.stdout, ["name", "value"])
    else:
        _stats_screen(data)


def _number(value: int) -> str:
    """12345 -> "12.345" (Vietnamese thousands separator, as in the tables)."""
    return f"{value:,}".replace(",", ".")


def _stats_screen(data: dict[str, Any]) -> None:
    from rich.console import Console, Group
    from rich.table import Table
    from rich.text import Text

    counts = Table.grid(padding=(0, 2))
    counts.add_column(style="bold")
    counts.add_column(justify="right")
    for label, key in (
        ("Articles", "articles"), ("Visits", "visits"), ("  without a full date", "undated_visits"),
        ("Officials", "officials"), ("Communes", "communes"), ("Provinces", "provinces"),
        ("Projects", "projects"), ("Directives", "directives"), ("Figures", "figures"), ("Gifts", "gifts"),
    ):
        counts.add_row(label, _number(data[key]))
    dates = Table.grid(padding=(0, 2))
    dates.add_column(style="bold")
    dates.add_column()
    dates.add_row("Visits", f"{data['first_visit']} to {data['last_visit']}" if data["first_visit"] else "-")
    if data["first_published"]:
        dates.add_row("Published", f"{data['first_published']} to {data['last_published']}")

    topics = Table(title="Top directive topics", header_style="bold", show_edge=False)
    topics.add_column("Topic")
    topics.add_column("Directives", justify="right")
    for t in data["top_topics"]:
        topics.add_row(Text(t["topic"]), _number(t["directives"]))

    layout = Table.grid(padding=(0, 4))
    layout.add_row(Group(counts, "", dates), topics if data["top_topics"] else "No directives yet.")
    Console().print(layout)


@app.command(
    context_settings={"allow_extra_args": True, "ignore_unknown_options": True},
    epilog=examples(
        "visitctl serve",
        "visitctl serve --port 8080 --db archive.db",
        "visitctl serve -- --setting sql_time_limit_ms 5000   (anything after -- goes to Datasette)",
    ) + "\n\nNeeds Datasette: " + INSTALL_SERVE,
)
def serve(
    ctx: typer.Context,
    host: Annotated[str, typer.Option("--host", help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port to listen on.")] = 8001,
    open_browser: Annotated[bool, typer.Option("--open", help="Open a browser on the site.")] = False,
    db: DbOption = None,
) -> None:
    """Browse the database in Datasette, with table descriptions and canned
    queries (read-only; keeps running until Ctrl-C)."""
    import json
    import tempfile

    from visitctl.errors import VisitctlError
    command = datasette_command()
    if command is None:
        raise VisitctlError(f"Datasette is not installed; install it with: {INSTALL_SERVE}")
    path = db_path(db)
    with reading(db):  # the same clear error as other commands when missing, corrupt or not visitctl's
        pass
    with tempfile.TemporaryDirectory(prefix="visitctl-") as tmp:
        metadata = f"{tmp}/metadata.json"
        with open(metadata, "w", encoding="utf-8") as f:
            json.dump(datasette_metadata(path), f, ensure_ascii=False)
        args = [*command, "serve", str(path), "-m", metadata, "--host", host, "--port", str(port)]
        if open_browser:
            args.append("--open")
        args += ctx.args
        status = _run_until_stopped(args)
    raise typer.Exit(status)


def _run_until_stopped(args: list[str]) -> int:
    """Run ``args``; Ctrl-C or a termination signal stops the child too."""
    import signal
    import subprocess

    proc = subprocess.Popen(args)
    previous = signal.signal(signal.SIGTERM, lambda *_: proc.terminate())
    try:
        return proc.wait()
    except KeyboardInterrupt:  # the child got the same Ctrl-C
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        return 0
    finally:
        signal.signal(signal.SIGTERM, previous)


def datasette_metadata(path: Any) -> dict[str, Any]:
    """The shipped Datasette metadata, with its database section named after
    the database file (Datasette names a database by its file's stem)."""
    import json
    from importlib import resources
    from pathlib import Path

    text = (resources.files("visitctl") / "data" / "datasette.json").read_text(encoding="utf-8")
    metadata = json.loads(text)
    databases = metadata.get("databases", {})
    if databases:
        section = next(iter(databases.values()))
        metadata["databases"] = {Path(path).stem: section}
    return metadata


def datasette_command() -> list[str] | None:
    """How to start Datasette: this Python's module if importable, else the
    ``datasette`` program on PATH, else None."""
    import importlib.util
    import shutil
    import sys

    if importlib.util.find_spec("datasette") is not None:
        return [sys.executable, "-m", "datasette"]
    program = shutil.which("datasette")
    return [program] if program else None
