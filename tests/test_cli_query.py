"""The read commands through the CLI: visits, show, projects, search."""

from __future__ import annotations

import csv
import io
import json

import pytest
from helpers_store import PHONG, build_db
from typer.testing import CliRunner

from visitctl.cli import app

VISIT_KEYS = {"id", "date", "commune", "commune_type", "province", "official", "official_title",
              "article_title", "source"}


@pytest.fixture(scope="module")
def dbfile(tmp_path_factory):
    return str(build_db(tmp_path_factory.mktemp("q") / "v.db"))


@pytest.fixture
def run(dbfile):
    runner = CliRunner(env={"COLUMNS": "120", "VISITCTL_DB": None, "NO_COLOR": "1"})

    def invoke(*args: str, db: bool = True):
        return runner.invoke(app, [*args, *(["--db", dbfile] if db else [])])

    return invoke


def parse(fmt: str, text: str) -> list[dict]:
    if fmt == "json":
        return json.loads(text)
    if fmt == "jsonl":
        return [json.loads(line) for line in text.splitlines()]
    return list(csv.DictReader(io.StringIO(text)))


@pytest.mark.parametrize("fmt", ["json", "jsonl", "csv"])
def test_visits_machine_formats_carry_contract_keys(run, fmt):
    result = run("visits", "--format", fmt)
    assert result.exit_code == 0, result.output
    rows = parse(fmt, result.stdout)
    assert len(rows) == 4
    assert VISIT_KEYS <= set(rows[0])
    assert rows[0]["commune"] == "Bỉm Sơn" and rows[0]["official"] == PHONG


def test_visits_json_is_default_when_piped_and_readable(run):
    result = run("visits")
    assert result.exit_code == 0
    assert "Hà Trung" in result.stdout and "\\u" not in result.stdout
    assert isinstance(json.loads(result.stdout), list)


def test_visits_table(run):
    result = run("visits", "--format", "table")
    assert result.exit_code == 0
    assert "Bỉm Sơn" in result.stdout and "Tống Sơn" in result.stdout
    assert max(len(line) for line in result.stdout.splitlines()) <= 120


def test_visits_table_limit_says_what_it_left_out(run):
    result = run("visits", "--format", "table", "--limit", "2")
    assert "first 2 rows shown, more match" in result.stdout


@pytest.mark.parametrize("name", ["tong son", "Tống Sơn", "TỐNG SƠN"])
def test_visits_commune_any_spelling(run, name):
    rows = json.loads(run("visits", "--commune", name, "--format", "json").stdout)
    assert [(r["commune"], r["date"]) for r in rows] == [("Tống Sơn", "2025-11-25")]


def test_visits_dates_and_official(run):
    rows = json.loads(run("visits", "--since", "26/11/2025", "-f", "json").stdout)
    assert [r["commune"] for r in rows] == ["Bỉm Sơn"]
    rows = json.loads(run("visits", "--until", "10/2025", "-f", "json").stdout)
    assert [r["province"] for r in rows] == ["Ninh Bình"]
    rows = json.loads(run("visits", "--official", "hong phong", "--province", "thanh hoa", "-f", "json").stdout)
    assert len(rows) == 3


def test_visits_evidence_on_request(run):
    rows = json.loads(run("visits", "--commune", "bim son", "-f", "json").stdout)
    assert "evidence" not in rows[0]
    rows = json.loads(run("visits", "--commune", "bim son", "-f", "json", "--evidence").stdout)
    assert rows[0]["evidence"].startswith("Đồng chí Nguyễn Hồng Phong làm việc tại phường Bỉm Sơn")


def test_bad_since_is_a_usage_error(run):
    result = run("visits", "--since", "31/02/2025")
    assert result.exit_code == 2
    assert result.stderr.startswith("visitctl: --since:") and len(result.stderr.splitlines()) == 1


def test_missing_database_is_one_line_and_not_created(run, tmp_path):
    missing = tmp_path / "nope.db"
    for command in (["visits"], ["show", "--commune", "x"], ["projects"], ["search", "x"]):
        result = run(*command, "--db", str(missing), db=False)
        assert result.exit_code == 1
        assert result.stderr.count("\n") == 1 and "no database" in result.stderr
    assert not missing.exists()


def test_ambiguous_commune_lists_candidates(run):
    result = run("show", "--commune", "ha trung")
    assert result.exit_code == 2
    assert "Hà Trung (xã, Ninh Bình)" in result.stderr and "Hà Trung (xã, Thanh Hóa)" in result.stderr
    assert len(result.stderr.splitlines()) == 1


def test_unknown_commune_names_nearest(run):
    result = run("visits", "--commune", "Bim Sen")
    assert result.exit_code == 2
    assert "Bỉm Sơn" in result.stderr and len(result.stderr.splitlines()) == 1


def test_show_table(run):
    result = run("show", "--commune", "HÀ TRUNG", "--province", "Thanh Hoá", "--format", "table")
    assert result.exit_code == 0, result.output
    out = result.stdout
    for part in ("xã Hà Trung", "Visits", "2025-11-25", PHONG, "cầu Hà Lan", "243.609.000.000",
                 "quy hoạch chung", "Lê Thị Hoa"):
        assert part in out, part


def test_show_json(run):
    result = run("show", "--commune", "ha trung", "--province", "thanh hoa", "--format", "json")
    report = json.loads(result.stdout)
    assert report["commune"]["province"] == "Thanh Hóa"
    assert report["figures"][0]["value"] == 243609000000
    assert report["directives"][0]["topics"] == ["quy hoạch"]
    assert "evidence" not in report["directives"][0]


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_show_flat_formats(run, fmt):
    result = run("show", "--commune", "tong son", "--format", fmt, "--evidence")
    rows = parse(fmt, result.stdout)
    assert [r["kind"] for r in rows] == ["visit", "directive"]
    assert rows[1]["text"] == "đẩy mạnh chuyển đổi số [thí điểm]"
    assert "chuyển đổi số" in rows[1]["evidence"]


@pytest.mark.parametrize("words", ["cầu Hà Lan", "cau ha lan"])
def test_projects_search(run, words):
    rows = json.loads(run("projects", "--search", words, "-f", "json").stdout)
    assert [r["project"] for r in rows] == ["Dự án nâng cấp cải tạo đê Tam Điệp và cầu Hà Lan"]
    assert rows[0]["commune"] == "Hà Trung" and rows[0]["date"] == "2025-11-25"


@pytest.mark.parametrize("fmt", ["table", "jsonl", "csv"])
def test_projects_formats(run, fmt):
    result = run("projects", "--commune", "bim son", "--format", fmt)
    assert result.exit_code == 0
    assert "Trung tâm Phục vụ hành chính công phường Bỉm Sơn" in result.stdout


@pytest.mark.parametrize("fmt", ["json", "jsonl", "csv"])
def test_search_folded_with_snippet(run, fmt):
    result = run("search", "tam diep", "--format", fmt)
    assert result.exit_code == 0, result.output
    rows = parse(fmt, result.stdout)
    assert VISIT_KEYS <= set(rows[0])
    assert "[Tam Điệp]" in rows[0]["snippet"]


def test_search_table_prints_brackets_literally(run):
    result = run("search", "chuyển đổi số", "--format", "table")
    assert result.exit_code == 0
    assert "[chuyển đổi số]" in result.stdout and "[thí điểm]" in result.stdout


def test_search_syntax_error_is_one_line(run):
    result = run("search", '"tam diep')
    assert result.exit_code == 2
    assert result.stderr.startswith("visitctl: ") and len(result.stderr.splitlines()) == 1


def test_search_no_results(run):
    assert run("search", "khong co gi", "-f", "table").stdout.strip() == "No results."
    assert json.loads(run("search", "khong co gi", "-f", "json").stdout) == []


@pytest.mark.parametrize("command", ["visits", "show", "projects", "search"])
def test_help_has_examples(run, command):
    result = run(command, "--help", db=False)
    assert result.exit_code == 0
    assert f"visitctl {command} " in result.stdout


@pytest.mark.parametrize("content", [b"", b"this is not a database at all" * 100])
def test_file_that_is_not_a_visitctl_database(run, tmp_path, content):
    other = tmp_path / "other.db"
    other.write_bytes(content)
    result = run("visits", "--db", str(other), db=False)
    assert result.exit_code == 1
    assert result.stderr.startswith("visitctl: ") and result.stderr.count("\n") == 1
    assert other.read_bytes() == content


def test_a_reader_that_stops_early_is_not_an_error(tmp_path):
    """`visitctl visits | head -1` in a script with pipefail: the listing
    streams, and a closed pipe ends it quietly with status 0."""
    import os
    import subprocess
    import sys

    from visitctl.model import Article, Directive, Extraction, Official, Place, Visit
    from visitctl.store import open_db
    from visitctl.store.write import save_article

    path = tmp_path / "many.db"
    db = open_db(path, write=True)
    for n in range(400):  # a few hundred kB of jsonl: more than a pipe holds
        visits = [Visit(f"2025-10-{1 + k:02d}", [Official("Nguyễn Văn An", "Chủ tịch UBND tỉnh")],
                        Place(f"Xã {n}-{k}", "xã", None, "Thanh Hóa"), directives=[Directive("làm đường " * 20)])
                  for k in range(5)]
        save_article(db, Article(text=f"Bài {n}.", source=f"{n}.txt", title=f"Bài số {n} " * 10),
                     Extraction(title=f"Bài số {n} " * 10, visits=visits))
    db.conn.close()
    env = dict(os.environ, VISITCTL_DB=str(path))
    proc = subprocess.Popen([sys.executable, "-m", "visitctl", "visits", "--format", "jsonl"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    first = proc.stdout.readline()
    proc.stdout.close()
    err = proc.stderr.read()
    assert proc.wait(timeout=60) == 0, err
    assert json.loads(first)["commune"].startswith("Xã") and err == b""
