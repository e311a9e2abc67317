"""ingest, extract and reindex through the CLI, including bad input."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from visitctl.cli import app

SEEDS = Path(__file__).resolve().parent.parent / "fixtures" / "seeds"
HA_TRUNG = SEEDS / "ha-trung-tong-son-2025-11-25.txt"
BIM_SON = SEEDS / "bim-son-quang-trung-2025-11-27.txt"


@pytest.fixture
def runner():
    return CliRunner(env={"COLUMNS": "120", "VISITCTL_DB": None, "NO_COLOR": "1"})


@pytest.fixture
def seeds(tmp_path):
    folder = tmp_path / "seeds"
    shutil.copytree(SEEDS, folder)
    return folder


def count(db: Path, table: str) -> int:
    with sqlite3.connect(db) as conn:
        return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def summary(result) -> dict:
    return json.loads(result.stdout)


def test_ingest_folder_then_again_changes_nothing(runner, seeds, tmp_path):
    db = tmp_path / "data" / "v.db"  # the folder is created by a write command
    result = runner.invoke(app, ["ingest", str(seeds), "--db", str(db), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert summary(result) | {"failures": []} == {
        "read": 2, "new": 2, "unchanged": 0, "replaced": 0, "failed": 0, "failures": [], "interrupted": False}
    visits = count(db, "visits")
    result = runner.invoke(app, ["ingest", str(seeds), "--db", str(db), "--format", "json"])
    assert summary(result)["unchanged"] == 2 and summary(result)["new"] == 0
    assert count(db, "articles") == 2 and count(db, "visits") == visits


def test_ingest_summary_table(runner, seeds, tmp_path):
    result = runner.invoke(app, ["ingest", str(seeds), "--db", str(tmp_path / "v.db")])
    assert result.exit_code == 0
    header = next(line for line in result.stdout.splitlines() if "read" in line)
    for word in ("read", "new", "unchanged", "replaced", "failed"):
        assert word in header
    assert result.stderr == ""  # no progress bar when stderr is not a terminal


def test_ingest_changed_file_replaces(runner, seeds, tmp_path):
    db = str(tmp_path / "v.db")
    runner.invoke(app, ["ingest", str(seeds), "--db", db])
    file = seeds / HA_TRUNG.name
    file.write_text(file.read_text(encoding="utf-8") + "\n\nĐoạn mới thêm.", encoding="utf-8")
    result = runner.invoke(app, ["ingest", str(seeds), "--db", db, "-f", "json"])
    assert summary(result)["replaced"] == 1 and summary(result)["unchanged"] == 1
    assert count(Path(db), "articles") == 2


def test_ingest_bad_files_among_good_ones(runner, seeds, tmp_path):
    (seeds / "empty.txt").write_bytes(b"")
    (seeds / "picture.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00" * 10)
    db = tmp_path / "v.db"
    result = runner.invoke(app, ["ingest", str(seeds), "--db", str(db), "-f", "json"])
    assert result.exit_code == 1
    report = summary(result)
    assert report["new"] == 2 and report["failed"] == 2
    assert count(db, "articles") == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 2
    assert any(line.startswith(f"visitctl: {seeds / 'empty.txt'}: ") for line in lines)
    assert any(line.startswith(f"visitctl: {seeds / 'picture.txt'}: ") for line in lines)
    assert "Traceback" not in result.output


def test_ingest_missing_path_is_named(runner, seeds, tmp_path):
    result = runner.invoke(app, ["ingest", str(seeds), str(tmp_path / "nope.txt"), "--db", str(tmp_path / "v.db")])
    assert result.exit_code == 1
    assert result.stderr == f"visitctl: {tmp_path / 'nope.txt'}: no such file or folder\n"


def test_ingest_file_not_utf8(runner, tmp_path):
    text = HA_TRUNG.read_text(encoding="utf-8")
    legacy = tmp_path / "legacy.txt"
    legacy.write_bytes(text.encode("utf-16-le"))  # no BOM: not UTF-8, not detectable as text for sure
    db = tmp_path / "v.db"
    result = runner.invoke(app, ["ingest", str(legacy), "--db", str(db), "-f", "json"])
    assert "Traceback" not in result.output
    if result.exit_code == 1:  # refused: the file is named in one line
        assert result.stderr.startswith(f"visitctl: {legacy}: ") and result.stderr.count("\n") == 1
    else:  # read by detection: then the text must be right
        with sqlite3.connect(db) as conn:
            assert "Nguyễn Hồng Phong" in conn.execute("SELECT text FROM articles").fetchone()[0]


def test_ingest_named_encoding(runner, tmp_path):
    legacy = tmp_path / "legacy.txt"
    legacy.write_bytes(HA_TRUNG.read_text(encoding="utf-8").encode("utf-16-le"))
    db = tmp_path / "v.db"
    result = runner.invoke(app, ["ingest", str(legacy), "--encoding", "utf-16-le", "--db", str(db)])
    assert result.exit_code == 0, result.output
    with sqlite3.connect(db) as conn:
        assert "Nguyễn Hồng Phong" in conn.execute("SELECT text FROM articles").fetchone()[0]


def test_ingest_stdin(runner, tmp_path):
    db = tmp_path / "v.db"
    result = runner.invoke(app, ["ingest", "-", "--db", str(db), "-f", "json"],
                           input=HA_TRUNG.read_bytes())
    assert result.exit_code == 0, result.output
    assert summary(result)["new"] == 1
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT source FROM articles").fetchone()[0] == "<stdin>"


def test_reindex_rebuilds_records(runner, seeds, tmp_path):
    db = tmp_path / "v.db"
    runner.invoke(app, ["ingest", str(seeds), "--db", str(db)])
    visits = count(db, "visits")
    result = runner.invoke(app, ["reindex", "--db", str(db), "-f", "json"])
    assert result.exit_code == 0, result.output
    assert summary(result)["replaced"] == 2
    assert count(db, "articles") == 2 and count(db, "visits") == visits
    table = runner.invoke(app, ["reindex", "--db", str(db)])
    assert "re-extracted" in table.stdout


@pytest.mark.parametrize("fmt", ["json", "jsonl"])
def test_extract_contract_shape(runner, fmt):
    result = runner.invoke(app, ["extract", str(HA_TRUNG), "--format", fmt])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert {"title", "published", "author", "delegation", "visits"} <= set(data)
    assert "evidence" not in result.stdout and "\\u" not in result.stdout


def test_extract_evidence_offsets_index_the_text(runner):
    from visitctl.sources import read_file

    text = read_file(HA_TRUNG).text
    data = json.loads(runner.invoke(app, ["extract", str(HA_TRUNG), "-f", "json", "--evidence"]).stdout)
    for visit in data["visits"]:
        for record in visit["officials"] + visit["directives"] + visit["projects"]:
            ev = record.get("evidence")
            if ev:
                assert text[ev["start"]:ev["end"]] == ev["sentence"]


@pytest.mark.parametrize("fmt", ["table", "csv"])
def test_extract_people_formats(runner, fmt):
    result = runner.invoke(app, ["extract", str(BIM_SON), "--format", fmt, "--evidence"])
    assert result.exit_code == 0, result.output
    if fmt == "csv":
        assert result.stdout.splitlines()[0].startswith("source,date,commune")
    else:
        assert result.stdout.strip()


def test_extract_needs_no_database(runner, tmp_path, monkeypatch):
    monkeypatch.setenv("VISITCTL_DB", str(tmp_path / "never.db"))
    runner.invoke(app, ["extract", str(HA_TRUNG), "-f", "json"])
    assert not (tmp_path / "never.db").exists()


@pytest.mark.parametrize("content", [b"", b"\x00\x01\x02binary\x00" * 50])
def test_extract_bad_file_is_one_line(runner, tmp_path, content):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    result = runner.invoke(app, ["extract", str(bad)])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"visitctl: {bad}: ") and result.stderr.count("\n") == 1


@pytest.mark.parametrize("command", ["ingest", "extract", "reindex"])
def test_help_has_examples(runner, command):
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0
    assert f"visitctl {command}" in result.stdout


def test_seeds_end_to_end(runner, seeds, tmp_path):
    """The two seed articles, ingested and queried as a user would."""
    db = str(tmp_path / "v.db")
    assert runner.invoke(app, ["ingest", str(seeds), "--db", db]).exit_code == 0

    rows = json.loads(runner.invoke(app, ["visits", "--db", db, "-f", "json"]).stdout)
    assert [(r["date"], r["commune"], r["commune_type"]) for r in rows] == [
        ("2025-11-27", "Bỉm Sơn", "phường"), ("2025-11-27", "Quang Trung", "phường"),
        ("2025-11-25", "Hà Trung", "xã"), ("2025-11-25", "Tống Sơn", "xã"),
    ]
    assert {(r["official"], r["official_title"], r["province"]) for r in rows} == {
        ("Nguyễn Hồng Phong", "Phó Bí thư Thường trực Tỉnh ủy", "Thanh Hóa")}

    found = json.loads(runner.invoke(app, ["projects", "--search", "cầu Hà Lan", "--db", db, "-f", "json"]).stdout)
    assert [(p["commune"], p["date"]) for p in found] == [("Bỉm Sơn", "2025-11-27")]
    assert "Tam Điệp" in found[0]["project"]

    report = json.loads(runner.invoke(app, ["show", "--commune", "HA TRUNG", "--db", db, "-f", "json"]).stdout)
    assert 243609000000 in [f["value"] for f in report["figures"]]
    assert report["directives"]
    tong_son = json.loads(runner.invoke(app, ["show", "-c", "tống sơn", "--db", db, "-f", "json"]).stdout)
    assert sum("Mẹ Việt Nam Anh hùng" in g["gift"] for g in tong_son["gifts"]) == 2

    hits = json.loads(runner.invoke(app, ["search", "tam diep", "--db", db, "-f", "json"]).stdout)
    assert hits and all(h["commune"] in ("Bỉm Sơn", "Quang Trung") for h in hits)
    assert "[Tam Điệp]" in hits[0]["snippet"]


def test_ctrl_c_keeps_what_was_stored(runner, seeds, tmp_path, monkeypatch):
    import visitctl.extract as extract_module

    real = extract_module.extract
    calls = []

    def extract_then_interrupt(article):
        calls.append(article.source)
        if len(calls) == 2:
            raise KeyboardInterrupt
        return real(article)

    monkeypatch.setattr(extract_module, "extract", extract_then_interrupt)
    db = tmp_path / "v.db"
    # in this process (the stand-in extractor lives here); with workers: test_ingest_jobs.py
    result = runner.invoke(app, ["ingest", str(seeds), "--jobs", "1", "--db", str(db), "-f", "json"])
    assert result.exit_code == 130
    assert summary(result)["interrupted"] is True and summary(result)["new"] == 1
    assert "interrupted" in result.stderr
    assert count(db, "articles") == 1
