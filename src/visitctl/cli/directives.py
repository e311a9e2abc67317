"""Commands over directives: ``directives`` lists them, ``diff`` aligns what
several communes (or one commune's successive visits) were told to do.

The grouping itself is ``visitctl.diff`` (pure); the selection is
``visitctl.store.directives``.  The formatters below are pure functions
(data in, text out) so that tests can call them directly.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Annotated, Any, Optional

import typer

from visitctl.cli import app
from visitctl.cli.common import (
    CommuneOption, DbOption, DiffFormat, DiffFormatOption, FormatOption, LimitOption, OfficialOption,
    ProvinceOption, SinceOption, UntilOption, date_range, examples, list_rows, reading,
)

if TYPE_CHECKING:
    from visitctl.diff import DiffResult
    from visitctl.store.directives import Column


DIRECTIVE_FIELDS = ["id", "date", "commune", "commune_type", "province", "official", "topic", "topics", "text",
                    "article_title", "source"]
HEADERS = {"commune_type": "type", "article_title": "article", "text": "directive"}


@app.command(
    "directives",
    epilog=examples(
        "visitctl directives --commune 'Hà Trung'",
        "visitctl directives --topic 'y tế' --since 2025-11-01 --format csv",
        "visitctl directives --search 'dàn trải' --official 'Hồng Phong'",
    ),
)
def list_directives(
    commune: CommuneOption = None,
    province: ProvinceOption = None,
    official: OfficialOption = None,
    topic: Annotated[Optional[str], typer.Option(
        "--topic", "-t", help="A topic or words of one: 'y tế', 'giao thong'; case and accents do not matter.",
        show_default=False)] = None,
    since: SinceOption = None,
    until: UntilOption = None,
    search: Annotated[Optional[str], typer.Option(
        "--search", "-s", help="Words of the directive (full-text; case and accents do not matter).",
        show_default=False)] = None,
    evidence: Annotated[bool, typer.Option("--evidence", "-e", help="Add the sentence each directive came from.")]
    = False,
    fmt: FormatOption = None,
    limit: LimitOption = None,
    db: DbOption = None,
) -> None:
    """List directives, newest first: date, commune, official, topic and what
    was asked.

    Rows in json/jsonl/csv carry id, date, commune, commune_type, province,
    official, topic, topics, text, article_title and source (and evidence
    with --evidence).
    """
    from visitctl.store.directives import iter_directives

    start, end = date_range(since, until)
    ev = ["evidence"] if evidence else []
    list_rows(
        db, fmt, limit,
        lambda database, n: iter_directives(database, commune=commune, official=official, topic=topic, since=start,
                                            until=end, search=search, limit=n, province=province),
        fields=DIRECTIVE_FIELDS + ev, table_columns=["date", "commune", "official", "topic", "text"] + ev,
        title="Directives", headers=HEADERS, table="directives",
    )


@app.command(
    "diff",
    epilog=examples(
        "visitctl diff 'Hà Trung' 'Tống Sơn'",
        "visitctl diff 'bim son' 'tong son' 'ha trung' --since 2025-11-01 --format json",
        "visitctl diff 'Hà Trung' 'Tống Sơn' --format unified | grep '^+ '",
        "visitctl diff --commune 'Hà Trung' --visits",
    ),
)
def diff(
    communes: Annotated[Optional[list[str]], typer.Argument(
        help="Two or more communes or wards to compare, in the order of the columns.", show_default=False,
        metavar="COMMUNE COMMUNE [COMMUNE...]")] = None,
    visits: Annotated[bool, typer.Option(
        "--visits", help="Compare the successive visits of one commune (--commune) instead: what was "
        "asked again at a later visit comes first.")] = False,
    commune: CommuneOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    official: OfficialOption = None,
    province: ProvinceOption = None,
    fmt: DiffFormatOption = None,
    db: DbOption = None,
) -> None:
    """Align the directives given to several communes: one group per thing
    asked, even in different words.

    Each commune contributes the directives of its latest visit, or of all
    its visits within --since/--until; --official keeps only that
    official's visits; --province chooses among communes of the same name.
    Groups shared by several communes come first (most communes first),
    then what is unique to each commune.  Directives group by the words
    they share once names, common words and the verbs every directive uses
    are set aside, and by topic (method: see visitctl.diff).

    json prints {"communes": [...], "groups": [{"topic": ..., "members":
    {commune: list of texts}}]}; jsonl one group per line; csv one row per
    group with a column per commune; unified prints "  " for a group both
    communes share, "- " for one only the first has, "+ " for one only the
    second has (with more communes, one block per commune after the first).
    """
    import sys

    from visitctl.diff import compare_visits, group_directives
    from visitctl.errors import UsageError
    from visitctl.render import Format, resolve_format
    from visitctl.store.directives import diff_columns, visit_columns

    names = list(communes or [])
    if visits:
        if commune and names or len(names) + bool(commune) != 1:
            raise UsageError("--visits compares the visits of one commune: give it with --commune NAME")
        target = commune or names[0]
    elif commune:
        raise UsageError("--commune goes with --visits; to compare communes, name them: visitctl diff A B")
    elif len(names) < 2:
        raise UsageError("name at least two communes to compare, e.g. visitctl diff 'Hà Trung' 'Tống Sơn'")
    start, end = date_range(since, until)
    with reading(db, "directives") as database:
        if visits:
            target, columns = visit_columns(database, target, province=province, official=official,
                                            since=start, until=end)
        else:
            columns = diff_columns(database, names, province=province, official=official, since=start,
                                   until=end)
    if visits:
        result = compare_visits([(c.label, c.items()) for c in columns], commune=target)
    else:
        result = group_directives([(c.label, c.items()) for c in columns])
    for column in columns:
        if not column.rows:
            typer.echo(f"visitctl: note: no directives recorded for {column.label}", err=True)
    if visits and len(columns) < 2:
        what = "one visit with directives" if columns else "no visit with directives"
        typer.echo(f"visitctl: note: {target} has {what}; nothing to compare", err=True)
    header = {"commune": target} if visits else {}
    if fmt is DiffFormat.unified:
        sys.stdout.write("".join(line + "\n" for line in unified_lines(result, successive=visits)))
        return
    fmt = resolve_format(fmt and Format(fmt.value))
    if fmt is Format.json:
        from visitctl.render import to_json

        typer.echo(to_json(diff_json(result, visits=visits, **header)))
    elif fmt is Format.jsonl:
        from visitctl.render import write_jsonl

        write_jsonl((g.to_dict() for g in result.groups), sys.stdout)
    elif fmt is Format.csv:
        from visitctl.render import write_csv

        write_csv(csv_rows(result), sys.stdout, ["topic", "shared", *result.columns])
    else:
        _table(result, columns, visits=visits)


# ---------------------------------------------------------------- formatters (pure)


def diff_json(result: DiffResult, *, visits: bool = False, commune: str | None = None) -> dict[str, Any]:
    """The json document: {"communes": [...], "groups": [...]}; for visits,
    {"commune": name, "visits": [...], "groups": [...]}."""
    if visits:
        return {"commune": commune, **result.to_dict(key="visits")}
    return result.to_dict()


def csv_rows(result: DiffResult) -> list[dict[str, Any]]:
    """One row per group: topic, number of columns sharing it, and per
    column its directives (one a line)."""
    return [
        {"topic": g.topic, "shared": len(g.members),
         **{c: "\n".join(g.members.get(c, [])) for c in result.columns}}
        for g in result.groups
    ]


def unified_lines(result: DiffResult, *, successive: bool = False) -> list[str]:
    """A diff-style listing: for each pair of columns, a "--- A" / "+++ B"
    header, then each group either has: "  " shared (in A's wording), "- "
    only in A, "+ " only in B.  Pairs are the first column against each
    other one, or with ``successive`` each column against the next."""
    cols = result.columns
    if len(cols) < 2:
        pairs = [(cols[0], None)] if cols else []
    elif successive:
        pairs = list(zip(cols, cols[1:]))
    else:
        pairs = [(cols[0], other) for other in cols[1:]]
    lines: list[str] = []
    for a, b in pairs:
        lines.append(f"--- {a}")
        lines.append(f"+++ {b}" if b else "+++ (nothing to compare)")
        for group in result.groups:
            in_a, in_b = a in group.members, b is not None and b in group.members
            if in_a and in_b:
                lines.extend(f"  {_one_line(t)}" for t in group.members[a])
            elif in_a:
                lines.extend(f"- {_one_line(t)}" for t in group.members[a])
            elif in_b:
                lines.extend(f"+ {_one_line(t)}" for t in group.members[b])
    return lines


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _table(result: DiffResult, columns: Sequence[Column], *, visits: bool) -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    console = Console()
    if not result.groups:
        console.print("No directives to compare.", markup=False)
        return
    title = f"Directives given at each visit of {columns[0].commune}" if visits else "Directives compared"
    table = Table(title=Text(title), header_style="bold", show_lines=True)
    table.add_column("in", justify="right")
    table.add_column("topic", overflow="fold")
    for column in columns:
        dates = ", ".join(d for d in column.dates if d)
        header = column.label if visits or not dates else f"{column.label}\n{dates}"
        table.add_column(Text(header), overflow="fold")
    shared = [g for g in result.groups if g.shared]
    for group in result.groups:
        table.add_row(f"{len(group.members)}/{len(columns)}", Text(group.topic or ""),
                      *(Text("\n".join(group.members.get(c.label, []))) for c in columns))
    console.print(table)
    what = "visits" if visits else "communes"
    console.print(f"{len(shared)} group(s) shared by several {what}, "
                  f"{len(result.groups) - len(shared)} unique to one.", markup=False, highlight=False)
