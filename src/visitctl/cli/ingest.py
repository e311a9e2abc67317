"""Commands that read articles: ingest, extract, reindex."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated, Any, Optional

import typer

from visitctl.cli import app
from visitctl.cli.common import DbOption, FormatOption, db_path, examples

GlobOption = Annotated[
    str, typer.Option("--glob", help="Files to read inside folders (shell pattern, matched recursively).")
]
EncodingOption = Annotated[
    Optional[str],
    typer.Option("--encoding", help="Text encoding of the inputs when they are not UTF-8 (e.g. cp1258, utf-16).",
                 show_default=False),
]
JobsOption = Annotated[
    Optional[int],
    typer.Option("--jobs", "-j", min=1, show_default=False,
                 help="Worker processes extracting articles. Default: one per CPU core; 1 extracts in this process."),
]


@app.command(
    epilog=examples(
        "visitctl ingest fixtures/seeds/",
        "visitctl ingest --glob '*.txt' --db visits.db archive/",
        "visitctl ingest --jobs 1 archive/        (extract in this process only)",
        "curl -s https://example.vn/bai-viet.txt | visitctl ingest -",
    ),
)
def ingest(
    paths: Annotated[list[str], typer.Argument(help="Files or folders to read; '-' reads one article from stdin.",
                                               show_default=False)],
    glob: GlobOption = "*",
    encoding: EncodingOption = None,
    jobs: JobsOption = None,
    db: DbOption = None,
    fmt: FormatOption = None,
) -> None:
    """Read articles, extract their visits and store them in the database.

    Re-ingesting an article changes nothing; an article whose text changed at
    the same path replaces its old records.  A bad file is named on stderr and
    the others are still stored; the exit status is then 1.
    """
    from visitctl.ingest import ingest as run_ingest
    from visitctl.render import Format
    from visitctl.store import open_db

    database = open_db(db_path(db), write=True)
    with _progress("Ingesting") as progress:
        report = run_ingest(database, paths, glob=glob, encoding=encoding, progress=progress,
                            jobs=jobs or _cores())
    _finish(report, fmt or Format.table)


@app.command(
    epilog=examples(
        "visitctl reindex",
        "visitctl reindex --db visits.db",
    ),
)
def reindex(jobs: JobsOption = None, db: DbOption = None, fmt: FormatOption = None) -> None:
    """Extract every stored article again from its stored text.

    Run it after upgrading visitctl: the records of every article are rebuilt
    with the current extractor; the articles themselves are kept.
    """
    from visitctl.ingest import reindex as run_reindex
    from visitctl.render import Format
    from visitctl.store import open_db

    database = open_db(db_path(db), write=True)
    with _progress("Re-extracting") as progress:
        report = run_reindex(database, progress=progress, jobs=jobs or _cores())
    _finish(report, fmt or Format.table, reindex=True)


@app.command(
    epilog=examples(
        "visitctl extract fixtures/seeds/ha-trung-tong-son-2025-11-25.txt",
        "visitctl extract --format json --evidence article.txt",
        "cat article.txt | visitctl extract -",
    ),
)
def extract(
    path: Annotated[str, typer.Argument(help="The article file ('-' reads stdin).", show_default=False)],
    fmt: FormatOption = None,
    evidence: Annotated[bool, typer.Option("--evidence", help="Show the sentence each record came from.")] = False,
    encoding: EncodingOption = None,
) -> None:
    """Show what would be extracted from one article, without a database.

    --format json prints the documented extraction shape (one object; an
    array when PATH holds several articles).
    """
    from visitctl import sources
    from visitctl.errors import InputError
    from visitctl.extract import extract as run_extract
    from visitctl.render import Format, resolve_format, to_json

    options: dict[str, Any] = {}
    if encoding:
        options["encoding"] = encoding
    results = []
    for item in sources.iter_articles([path], **options):
        if isinstance(item, InputError):
            raise item
        results.append((item, run_extract(item)))
    fmt = resolve_format(fmt)
    if fmt is Format.json:
        data = [ex.to_dict(evidence=evidence) for _, ex in results]
        typer.echo(to_json(data[0] if len(data) == 1 else data))
    elif fmt is Format.jsonl:
        for _, ex in results:
            typer.echo(to_json(ex.to_dict(evidence=evidence), indent=None))
    elif fmt is Format.csv:
        from visitctl.render import write_csv

        rows = [row for article, ex in results for row in _visit_rows(article.source, ex, evidence)]
        write_csv(rows, sys.stdout, _EXTRACT_COLUMNS + (["evidence"] if evidence else []))
    else:
        for article, ex in results:
            _print_extraction(article.source, ex, evidence)


_EXTRACT_COLUMNS = ["source", "date", "commune", "commune_type", "province", "officials", "projects",
                    "gifts", "figures", "directives"]


def _visit_rows(source: str, extraction: Any, evidence: bool) -> list[dict]:
    """One flat row per extracted visit (csv view)."""
    rows = []
    for visit in extraction.visits:
        place = visit.commune
        rows.append({
            "source": source,
            "date": visit.date,
            "commune": place.name if place else None,
            "commune_type": place.type if place else None,
            "province": (place.province if place else None) or extraction.province,
            "officials": "; ".join(f"{o.name} ({o.title})" if o.title else o.name for o in visit.officials),
            "projects": "; ".join(p.name for p in visit.projects),
            "gifts": "; ".join(g.name for g in visit.gifts),
            "figures": "; ".join(f"{f.label}: {f.text}" if f.label else f.text for f in visit.figures),
            "directives": "\n".join(d.text for d in visit.directives),
            "evidence": place.evidence.sentence if evidence and place and place.evidence else None,
        })
    return rows


def _print_extraction(source: str, extraction: Any, evidence: bool) -> None:
    """A readable view of one extraction for people."""
    from rich.console import Console
    from rich.markup import escape

    console = Console()
    console.print(f"[bold]{escape(extraction.title or source)}[/bold]")
    facts = [("source", source), ("published", extraction.published), ("author", extraction.author),
             ("province", extraction.province), ("delegation", "; ".join(extraction.delegation))]
    for label, value in facts:
        if value:
            console.print(f"  [dim]{label}:[/dim] {escape(value)}")
    if not extraction.visits:
        console.print("  No visits found.")
    for n, visit in enumerate(extraction.visits, 1):
        place = visit.commune
        where = " ".join(p for p in (place.type, place.name) if p) if place else "(no commune)"
        if place and place.province:
            where += f", {place.province}"
        console.print(f"\n[bold]Visit {n}[/bold]: {escape(visit.date or 'no date')} · {escape(where)}")
        if evidence and place and place.evidence:
            console.print(f"    [dim]« {escape(place.evidence.sentence)} »[/dim]")
        sections = [
            ("official", [(f"{o.name}, {o.title}" if o.title else o.name, o.evidence) for o in visit.officials]),
            ("project", [(p.name, p.evidence) for p in visit.projects]),
            ("visited", [(g.name, g.evidence) for g in visit.gifts]),
            ("figure", [(f"{f.label}: {f.text}" if f.label else f.text, f.evidence) for f in visit.figures]),
            ("directive", [(d.text + (f"  [{', '.join(d.topics)}]" if d.topics else ""), d.evidence)
                           for d in visit.directives]),
        ]
        for label, items in sections:
            for text, ev in items:
                console.print(f"  [cyan]{label}[/cyan] {escape(text)}")
                if evidence and ev:
                    console.print(f"    [dim]« {escape(ev.sentence)} »[/dim]")


def _finish(report: Any, fmt: Any, reindex: bool = False) -> None:
    """Name each failed input on stderr, print the summary, set the exit
    status: 0 all good, 1 some input failed, 130 interrupted (Ctrl-C)."""
    for source, reason in report.failures:
        typer.echo(f"visitctl: {source}: {reason}", err=True)
    if report.interrupted:
        typer.echo("visitctl: interrupted; the articles counted below are stored", err=True)
    _summary(report, fmt, reindex=reindex)
    if report.interrupted:
        raise typer.Exit(130)
    if report.failures:
        raise typer.Exit(1)


def _summary(report: Any, fmt: Any, reindex: bool = False) -> None:
    from visitctl.render import Format, to_json

    data = report.to_dict()
    if fmt is Format.json:
        typer.echo(to_json(data))
        return
    if fmt is Format.jsonl:
        typer.echo(to_json(data, indent=None))
        return
    keys = ["read", "replaced", "failed"] if reindex else ["read", "new", "unchanged", "replaced", "failed"]
    if fmt is Format.csv:
        typer.echo(",".join(keys))
        typer.echo(",".join(str(data[k]) for k in keys))
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title="Re-extracted" if reindex else "Ingested", header_style="bold")
    for key in keys:
        table.add_column("re-extracted" if reindex and key == "replaced" else key, justify="right")
    table.add_row(*(str(data[k]) for k in keys))
    Console().print(table)


def _cores() -> int:
    """The CPU cores this process may run on (the default --jobs)."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


class _progress:
    """A Rich progress display on stderr when it is a terminal; otherwise
    nothing.  Yields the callback ``ingest`` calls after each article."""

    def __init__(self, label: str) -> None:
        self.label = label
        self._progress: Any = None

    def __enter__(self) -> Any:
        if not sys.stderr.isatty():
            return None
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn

        self._progress = Progress(
            SpinnerColumn(), TextColumn(f"{self.label}"), BarColumn(), MofNCompleteColumn(),
            TextColumn("{task.fields[current]}", style="dim"),
            console=Console(stderr=True), transient=True,
        )
        self._progress.start()
        task = self._progress.add_task(self.label, total=None, current="")

        def advance(source: str, outcome: str) -> None:
            name = Path(source).name if len(source) > 40 else source
            self._progress.update(task, advance=1, current=f"{name}: {outcome}")

        return advance

    def __exit__(self, *exc: object) -> None:
        if self._progress is not None:
            self._progress.stop()
