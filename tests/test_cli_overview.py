"""visitctl timeline / coverage / stats / serve, and the Datasette pages."""

from __future__ import annotations

import asyncio
import csv
import importlib.util
import io
import json
import shutil
import subprocess

import pytest
from typer.testing import CliRunner

from overview_data import build_db
from visitctl.cli import app
from visitctl.cli import overview as cli_overview

runner = CliRunner()
WIDTH = "100"


@pytest.fixture(scope="module")
def db_path(tmp_path_factory):
    return build_db(tmp_path_factory.mktemp("cli_overview") / "visits.db")


def run(*args: str):
    return runner.invoke(app, list(args), env={"COLUMNS": WIDTH, "VISITCTL_DB": ""})


def parse(fmt: str, text: str):
    if fmt == "json":
        return json.loads(text)
    if fmt == "jsonl":
        return [json.loads(line) for line in text.splitlines()]
    return list(csv.DictReader(io.StringIO(text)))


COMMANDS = [
    ["timeline"],
    ["timeline", "--by", "week", "--per", "official"],
    ["timeline", "--per", "commune", "--province", "thanh hoa"],
    ["coverage", "--province", "Thanh Hóa"],
    ["coverage", "--province", "Thanh Hóa", "--unvisited", "--since", "2025-11-01"],
]


@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
@pytest.mark.parametrize("fmt", ["table", "json", "jsonl", "csv"])
def test_every_command_in_every_format(db_path, args, fmt):
    result = run(*args, "--db", str(db_path), "--format", fmt)
    assert result.exit_code == 0, result.output
    if fmt == "table":
        assert result.output.strip()
        assert all(len(line) <= int(WIDTH) for line in result.output.splitlines())
    else:
        rows = parse(fmt, result.output)
        assert rows and all("period" in r or "commune" in r for r in rows)


def test_timeline_draws_bars_and_says_what_it_left_out(db_path):
    result = run("timeline", "--db", str(db_path), "-f", "table", "--since", "2025-11-01", "--by", "week")
    assert result.exit_code == 0
    lines = result.output.splitlines()
    w48 = next(line for line in lines if "2025-W48" in line)
    w45 = next(line for line in lines if "2025-W45" in line)
    assert w48.count("█") == 40 and w45.count("█") == 20  # 2 and 1 visits
    assert "2025-W46" in result.output  # an empty week is still a row
    assert "1 visit(s) without a full date" in result.output


def test_timeline_rows_as_json(db_path):
    result = run("timeline", "--db", str(db_path), "-f", "json", "--since", "2025-10-01")
    assert json.loads(result.output) == [
        {"period": "2025-10", "visits": 2}, {"period": "2025-11", "visits": 3},
    ]


def test_timeline_csv_per_commune_has_a_header(db_path):
    result = run("timeline", "--db", str(db_path), "-f", "csv", "--per", "commune", "--since", "2025-11-01")
    assert result.output.splitlines()[0] == "period,commune,province,visits"
    assert "2025-11,xã Hà Trung,Thanh Hóa,2" in result.output


def test_output_is_json_when_piped(db_path):
    result = run("stats", "--db", str(db_path))
    assert json.loads(result.output)["articles"] == 9


def test_timeline_unknown_official_is_one_line_exit_2(db_path):
    result = run("timeline", "--db", str(db_path), "--official", "Nguyen Van Am")
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [
        "visitctl: no official named 'Nguyen Van Am' in the database; nearest known: Nguyễn Văn An"
    ]


def test_coverage_lists_every_commune_with_visited_ones_marked(db_path):
    result = run("coverage", "--db", str(db_path), "-p", "thanh hoa", "-f", "table")
    assert result.exit_code == 0
    assert result.output.splitlines()[0] == "Thanh Hóa: 5 of 166 communes and wards visited"
    ha_trung = next(line for line in result.output.splitlines() if "xã Hà Trung" in line)
    assert "✓" in ha_trung and "2025-11-25" in ha_trung and "Nguyễn Văn An" in ha_trung
    nga_son = next(line for line in result.output.splitlines() if "xã Nga Sơn" in line)
    assert "✓" not in nga_son


def test_coverage_csv_has_one_row_per_commune(db_path):
    result = run("coverage", "--db", str(db_path), "-p", "Thanh Hóa", "-f", "csv")
    rows = parse("csv", result.output)
    assert len(rows) == 166
    assert list(rows[0]) == ["commune", "type", "province", "visits", "last_visit", "last_official", "last_title"]


def test_coverage_unvisited_in_a_period(db_path):
    result = run("coverage", "--db", str(db_path), "-p", "Thanh Hóa", "--unvisited", "--since", "11/2025",
                 "-f", "json")
    names = {r["commune"] for r in json.loads(result.output)}
    assert len(names) == 164
    assert "Hà Trung" not in names and "Hoằng Hóa" in names


def test_coverage_unknown_province_is_one_line_with_nearest_names(db_path):
    result = run("coverage", "--db", str(db_path), "-p", "Thanh Hao")
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [
        "visitctl: no province named 'Thanh Hao'; nearest: Thanh Hóa, Khánh Hòa, Cần Thơ"
    ]
    assert result.stdout == ""


def test_coverage_needs_a_province(db_path):
    result = run("coverage", "--db", str(db_path))
    assert result.exit_code == 2


def test_stats_screen(db_path):
    result = run("stats", "--db", str(db_path), "-f", "table")
    assert result.exit_code == 0
    text = result.output
    for label in ("Articles", "Visits", "Communes", "Projects", "Directives", "Top directive topics"):
        assert label in text
    assert "2024-05-10 to 2025-11-25" in text
    assert "quy hoạch" in text
    assert len(text.splitlines()) <= 24  # one screen


@pytest.mark.parametrize("fmt", ["json", "jsonl", "csv"])
def test_stats_machine_formats(db_path, fmt):
    result = run("stats", "--db", str(db_path), "-f", fmt)
    assert result.exit_code == 0
    if fmt == "csv":
        values = {r["name"]: r["value"] for r in parse("csv", result.output)}
        assert values["visits"] == "11" and values["topic:quy hoạch"] == "2"
    else:
        data = json.loads(result.output)
        assert data["visits"] == 11 and data["communes"] == 9 and data["directives"] == 4


def test_names_print_as_written_not_as_markup(tmp_path):
    from visitctl.model import Article, Directive, Extraction, Official, Place, Visit
    from visitctl.store import open_db
    from visitctl.store.write import save_article

    path = tmp_path / "markup.db"
    db = open_db(path, write=True)
    save_article(db, Article(text="x", source="x.txt"), Extraction(visits=[Visit(
        "2025-11-25", [Official("Lê [bold]An")], Place("Hà [red]Trung", "xã", None, "Thanh Hóa"),
        directives=[Directive("y", ["[dim]z"])],
    )]))
    db.conn.close()
    official = run("timeline", "--db", str(path), "-f", "table", "--per", "official").output
    commune = run("timeline", "--db", str(path), "-f", "table", "--per", "commune").output
    stats = run("stats", "--db", str(path), "-f", "table").output
    assert "Lê [bold]An" in official and "Hà [red]Trung" in commune and "[dim]z" in stats


def test_missing_database_is_a_clear_error(tmp_path):
    result = run("stats", "--db", str(tmp_path / "none.db"))
    assert result.exit_code == 1
    assert "no database at" in result.stderr


@pytest.mark.parametrize("command", ["timeline", "coverage", "stats", "serve"])
def test_help_has_examples(command):
    result = run(command, "--help")
    assert result.exit_code == 0
    assert "Examples" in result.output and f"visitctl {command}" in result.output


# -- serve ------------------------------------------------------------------


def test_serve_help_gives_the_install_command():
    assert "pip install 'visitctl[serve]'" in run("serve", "--help").output


def test_serve_without_datasette_says_how_to_install(db_path, monkeypatch):
    real_find_spec = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *a: None if name == "datasette" else real_find_spec(name, *a))
    monkeypatch.setattr(shutil, "which", lambda name, *a, **k: None)
    calls = []
    monkeypatch.setattr(subprocess, "Popen", lambda *a, **k: calls.append(a))
    result = run("serve", "--db", str(db_path))
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [
        "visitctl: Datasette is not installed; install it with: pip install 'visitctl[serve]'"
    ]
    assert calls == []


def test_serve_runs_datasette_with_the_metadata(db_path, monkeypatch):
    seen = {}

    class FakeDatasette:
        def __init__(self, args):
            seen["args"] = args
            with open(args[args.index("-m") + 1], encoding="utf-8") as f:
                seen["metadata"] = json.load(f)

        def wait(self, timeout=None):
            return 0

    monkeypatch.setattr(cli_overview, "datasette_command", lambda: ["datasette"])
    monkeypatch.setattr(subprocess, "Popen", FakeDatasette)
    result = run("serve", "--db", str(db_path), "--port", "8123", "--", "--setting", "sql_time_limit_ms", "5000")
    assert result.exit_code == 0, result.output
    args = seen["args"]
    assert args[:3] == ["datasette", "serve", str(db_path)]
    assert args[args.index("--port") + 1] == "8123"
    assert args[-3:] == ["--setting", "sql_time_limit_ms", "5000"]
    assert list(seen["metadata"]["databases"]) == ["visits"]


def test_metadata_follows_the_database_file_name(tmp_path):
    metadata = cli_overview.datasette_metadata(tmp_path / "archive-2025.db")
    assert list(metadata["databases"]) == ["archive-2025"]
    tables = metadata["databases"]["archive-2025"]["tables"]
    for table in ("articles", "officials", "communes", "visits", "projects", "directives",
                  "figures", "gifts", "delegation"):
        assert tables[table]["description"] and tables[table]["columns"]


def test_metadata_describes_every_column_of_the_schema(tmp_path):
    from visitctl.store import open_db

    db = open_db(tmp_path / "visits.db", write=True)
    tables = cli_overview.datasette_metadata(tmp_path / "visits.db")["databases"]["visits"]["tables"]
    fts_parts = ("data", "idx", "content", "docsize", "config")
    shadow = {name for name in db.table_names() if name.split("_")[-1] in fts_parts}
    assert set(db.table_names()) - shadow == set(tables)
    for name in tables:
        assert tables[name]["description"], name
        assert set(db[name].columns_dict) == set(tables[name]["columns"]), name


def test_serve_missing_database(tmp_path, monkeypatch):
    monkeypatch.setattr(cli_overview, "datasette_command", lambda: ["datasette"])
    result = run("serve", "--db", str(tmp_path / "none.db"))
    assert result.exit_code == 1 and "no database at" in result.stderr


# -- the served pages -------------------------------------------------------


def test_datasette_pages(db_path):
    pytest.importorskip("datasette")
    from datasette.app import Datasette

    async def pages():
        ds = Datasette([str(db_path)], metadata=cli_overview.datasette_metadata(db_path))
        await ds.invoke_startup()
        get = ds.client.get
        database = (await get("/visits.json")).json()
        rows = (await get("/visits/visits.json?_labels=on&_shape=objects&commune_id__notblank=1&_sort=id")).json()
        table_page = await get("/visits/communes")
        query = (await get("/visits/visits_by_official.json?official=nguyen van an&_shape=objects")).json()
        search = (await get("/visits/directives.json?_search=quy hoach&_shape=objects")).json()
        topic = (await get("/visits/directives_by_topic.json?topic=quy hoạch&_shape=objects")).json()
        return database, rows, table_page, query, search, topic

    database, rows, table_page, query, search, topic = asyncio.run(pages())
    visible = {t["name"] for t in database["tables"] if not t["hidden"]}
    assert {"articles", "visits", "communes", "officials", "directives"} <= visible
    assert "_sqlite_migrations" not in visible
    first = rows["rows"][0]
    assert first["commune_id"]["label"] == "Hà Trung"  # foreign keys labelled
    assert first["official_id"]["label"] == "Nguyễn Văn An"
    assert first["article_id"]["label"] == "Bài 1: thăm và làm việc"
    assert table_page.status_code == 200 and "Administrative units visited" in table_page.text
    assert [r["commune"] for r in query["rows"]].count("Hà Trung") == 2
    assert {r["text"] for r in search["rows"]} == {
        "Hoàn thành quy hoạch chung xã.", "Rà soát quy hoạch đô thị.",
    }
    assert len(topic["rows"]) == 2


def test_timeline_chart_folds_long_runs_of_empty_months(db_path):
    result = run("timeline", "--db", str(db_path), "-f", "table", "--by", "month")
    assert result.exit_code == 0
    assert "2024-06 … 2025-06" in result.output  # one line for a year with no visit
    assert "2024-09 " not in result.output
    rows = parse("json", run("timeline", "--db", str(db_path), "-f", "json", "--by", "month").output)
    assert "2024-09" in [r["period"] for r in rows]  # machine formats keep every period


def test_coverage_limit_applies_to_machine_formats(db_path):
    result = run("coverage", "--db", str(db_path), "-p", "Thanh Hóa", "-f", "csv", "--limit", "3")
    assert len(parse("csv", result.output)) == 3
