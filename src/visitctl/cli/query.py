"""Read-only commands: visits, show, projects, search.

Each opens the database read-only (a missing file is an error, never
created), calls one function of ``visitctl.store.queries`` and renders the
rows.  In json, jsonl and csv a visit row carries at least: id, date,
commune, commune_type, province, official, official_title, article_title,
source.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Annotated, Any, NamedTuple, Optional

import typer

from visitctl.cli import app
from visitctl.cli.common import (
    CommuneOption, DbOption, FormatOption, LimitOption, OfficialOption, ProvinceOption, SinceOption,
    UntilOption, date_range, examples, list_rows, reading,
)

EvidenceOption = Annotated[
    bool, typer.Option("--evidence", "-e", help="Add the sentence each record came from.")
]

VISIT_FIELDS = ["id", "date", "commune", "commune_type", "province", "district", "official", "official_title",
                "article_title", "source", "article_id", "url", "published", "author"]
EVIDENCE_FIELDS = ["evidence", "ev_start", "ev_end"]
HEADERS = {"commune_type": "type", "official_title": "title", "article_title": "article"}


@app.command(
    epilog=examples(
        "visitctl visits --since 2025-11-01 --province 'Thanh Hóa'",
        "visitctl visits --commune 'ha trung' --format csv",
        "visitctl visits --official 'Hồng Phong' --since 'tháng trước'",
    ),
)
def visits(
    since: SinceOption = None,
    until: UntilOption = None,
    commune: CommuneOption = None,
    official: OfficialOption = None,
    province: ProvinceOption = None,
    evidence: EvidenceOption = False,
    fmt: FormatOption = None,
    limit: LimitOption = None,
    db: DbOption = None,
) -> None:
    """List visits, newest first: date, commune, official and article.

    Rows in json/jsonl/csv carry id, date, commune, commune_type, province,
    district, official, official_title, article_title, source, article_id,
    and the article's url, published date and author.
    """
    from visitctl.store import queries

    start, end = date_range(since, until)
    columns = ["date", "commune", "commune_type", "province", "official", "official_title", "article_title"]
    list_rows(
        db, fmt, limit,
        lambda database, n: queries.iter_visits(database, since=start, until=end, commune=commune,
                                                official=official, province=province, limit=n),
        fields=VISIT_FIELDS + (EVIDENCE_FIELDS if evidence else []),
        table_columns=columns + (["evidence"] if evidence else []), title="Visits", headers=HEADERS,
    )


@app.command(
    epilog=examples(
        "visitctl show --commune 'Hà Trung'",
        "visitctl show --commune 'ha trung' --province 'thanh hoa' --evidence",
        "visitctl show --commune 'Bỉm Sơn' --format json",
    ),
)
def show(
    commune: Annotated[str, typer.Option("--commune", "-c", help="Commune or ward name; case and accents do "
                                         "not matter.", show_default=False)],
    province: ProvinceOption = None,
    evidence: EvidenceOption = False,
    fmt: FormatOption = None,
    db: DbOption = None,
) -> None:
    """Everything known about one commune or ward: its visits, inspected
    projects, figures, directives and the people visited.

    A name that exists in several provinces needs --province.  json prints one
    object (commune, visits, projects, figures, directives, gifts); jsonl and
    csv print one row per record with a "kind" column.
    """
    from visitctl.render import Format, render_rows, resolve_format, to_json
    from visitctl.store import queries

    fmt = resolve_format(fmt)
    with reading(db) as database:
        units = queries.resolve_communes(database, commune, province)
        report = queries.commune_report(database, [u["id"] for u in units])
    if not evidence:
        for section in SECTIONS:
            report[section.key] = [{k: v for k, v in r.items() if k not in EVIDENCE_FIELDS}
                                   for r in report[section.key]]
    for row in report["visits"]:
        for key in ("commune_id", "district", "commune", "commune_type", "province"):
            row.pop(key, None)
    if fmt is Format.json:
        typer.echo(to_json(report))
        return
    if fmt in (Format.jsonl, Format.csv):
        columns = ["kind", "date", "official", "text", "value", "unit", "topic", "article_title", "source"]
        render_rows(_flatten(report), fmt, columns + (["evidence"] if evidence else []))
        return
    _show_table(report, evidence)


class Section(NamedTuple):
    """One kind of record in ``show``: its key in the report, its "kind" in
    jsonl/csv rows and their "text", its table title and columns."""

    key: str
    kind: str
    text: Callable[[dict], Any]
    title: str
    columns: list[str]


SECTIONS = [
    Section("visits", "visit", lambda r: r.get("official_title"), "Visits",
            ["date", "official", "official_title", "article_title"]),
    Section("projects", "project", lambda r: r["project"], "Projects and sites inspected",
            ["date", "project", "official"]),
    Section("figures", "figure", lambda r: f"{r['label']}: {r['text']}" if r.get("label") else r["text"], "Figures",
            ["date", "label", "text", "value", "unit"]),
    Section("directives", "directive", lambda r: r["directive"], "Directives", ["date", "directive", "topic"]),
    Section("gifts", "gift", lambda r: r["gift"], "People visited or given gifts", ["date", "gift"]),
]


def _flatten(report: dict) -> Iterator[dict]:
    """One row per record of a commune report, with a "kind" column."""
    unit = report["commune"] or {}
    for section in SECTIONS:
        for r in report[section.key]:
            yield {
                "kind": section.kind, "commune": unit.get("name"), "province": unit.get("province"),
                "date": r.get("date"), "official": r.get("official"), "text": section.text(r),
                "value": r.get("value"), "unit": r.get("unit"), "topic": r.get("topic"),
                "article_title": r.get("article_title"), "source": r.get("source"),
                "evidence": r.get("evidence"),
            }


def _show_table(report: dict, evidence: bool) -> None:
    from rich.console import Console
    from rich.markup import escape

    from visitctl.render import write_table

    console = Console()
    unit = report["commune"] or {}
    where = ", ".join(p for p in (unit.get("district"), unit.get("province")) if p)
    console.print(f"[bold]{escape(' '.join(p for p in (unit.get('type'), unit.get('name')) if p))}[/bold]"
                  + (f" ({escape(where)})" if where else ""))
    for section in SECTIONS:
        if report[section.key]:
            write_table(report[section.key], section.columns + (["evidence"] if evidence else []),
                        title=section.title, headers=HEADERS, console=console)


@app.command(
    epilog=examples(
        "visitctl projects --search 'cầu Hà Lan'",
        "visitctl projects --commune 'tong son' --format csv",
    ),
)
def projects(
    search: Annotated[Optional[str], typer.Option("--search", "-s", help="Words of the project name; case and "
                                                  "accents do not matter.", show_default=False)] = None,
    commune: CommuneOption = None,
    province: ProvinceOption = None,
    evidence: EvidenceOption = False,
    fmt: FormatOption = None,
    limit: LimitOption = None,
    db: DbOption = None,
) -> None:
    """List inspected projects and sites with commune, date and official."""
    from visitctl.store import queries

    fields = ["id", "project", "date", "commune", "commune_type", "province", "official", "official_title",
              "article_title", "source"]
    list_rows(
        db, fmt, limit,
        lambda database, n: queries.iter_projects(database, search=search, commune=commune, province=province,
                                                  limit=n),
        fields=fields + (EVIDENCE_FIELDS if evidence else []),
        table_columns=["date", "project", "commune", "province", "official"] + (["evidence"] if evidence else []),
        title="Projects and sites", headers=HEADERS,
    )


@app.command(
    epilog=examples(
        "visitctl search 'tam diep'",
        "visitctl search 'chuyển đổi số OR quy hoạch' --format json",
        "visitctl search '\"hành chính công\"'",
    ),
)
def search(
    text: Annotated[str, typer.Argument(help="Words to find (SQLite FTS5 syntax: \"a phrase\", OR, NOT, "
                                        "prefix*); case and accents do not matter.", show_default=False)],
    fmt: FormatOption = None,
    limit: LimitOption = None,
    db: DbOption = None,
) -> None:
    """Full-text search over articles and directives; shows the matching
    visits, best first, with a snippet ([brackets] around the words found).

    Rows carry the visit fields plus "match" (article or directive) and
    "snippet".
    """
    from visitctl.store import queries

    list_rows(
        db, fmt, limit, lambda database, n: queries.iter_search(database, text, limit=n),
        fields=VISIT_FIELDS + ["match", "snippet"], table_columns=["date", "commune", "official", "match", "snippet"],
        title="Search results", headers=HEADERS,
    )
