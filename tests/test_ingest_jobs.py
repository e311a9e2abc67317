"""``visitctl ingest --jobs N``: extraction in worker processes gives the
same database as one process, names every failure, and Ctrl-C keeps what
was stored."""

from __future__ import annotations

import json
import multiprocessing
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from visitctl.cli import app

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"

needs_fork = pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(),
                                reason="the stand-in extractor reaches workers only when they fork")


@pytest.fixture
def runner():
    return CliRunner(env={"COLUMNS": "120", "VISITCTL_DB": None, "NO_COLOR": "1"})


TIMES = {"ingested_at", "extracted_at"}


def content(db: Path) -> dict[str, list[tuple]]:
    """Every row of every table, in rowid order (ids included), except the
    times of ingestion and extraction."""
    conn = sqlite3.connect(db)
    try:
        tables = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%'"
            " AND name NOT LIKE '%fts\\_%' ESCAPE '\\' AND name != '_sqlite_migrations' ORDER BY name")]
        out = {}
        for table in tables:
            columns = [r[1] for r in conn.execute(f"PRAGMA table_info({table})") if r[1] not in TIMES]
            select = ", ".join(["rowid", *columns]) if "fts" in table else ", ".join(columns)
            out[table] = conn.execute(f"SELECT {select} FROM {table} ORDER BY rowid").fetchall()
        return out
    finally:
        conn.close()


def ingest(runner, *args: str) -> tuple[int, dict]:
    result = runner.invoke(app, ["ingest", *args, "-f", "json"])
    return result.exit_code, json.loads(result.stdout)


def test_two_workers_store_what_one_process_stores(runner, tmp_path):
    one, two = tmp_path / "one.db", tmp_path / "two.db"
    code1, report1 = ingest(runner, str(FIXTURES), "--jobs", "1", "--db", str(one))
    code2, report2 = ingest(runner, str(FIXTURES), "--jobs", "2", "--db", str(two))
    assert code1 == code2 == 0
    assert report1 == report2 and report1["new"] > 10
    first = content(one)
    assert first["visits"] and first["directives"] and first["articles_fts"]
    assert content(two) == first


def test_reindex_with_two_workers_rebuilds_what_one_process_rebuilds(runner, tmp_path):
    one, two = tmp_path / "one.db", tmp_path / "two.db"
    for db in (one, two):
        ingest(runner, str(FIXTURES), "--jobs", "1", "--db", str(db))
        with sqlite3.connect(db) as conn:  # as if an older extractor had found less
            conn.execute("DELETE FROM directives_fts")
            conn.execute("DELETE FROM directives")
        conn.close()
    result1 = runner.invoke(app, ["reindex", "--jobs", "1", "--db", str(one), "-f", "json"])
    result2 = runner.invoke(app, ["reindex", "--jobs", "2", "--db", str(two), "-f", "json"])
    assert result1.exit_code == result2.exit_code == 0
    assert json.loads(result1.stdout) == json.loads(result2.stdout)
    rebuilt = content(one)
    assert rebuilt["directives"] and len(rebuilt["directives_fts"]) == len(rebuilt["directives"])
    assert content(two) == rebuilt


def test_two_workers_again_change_nothing(runner, tmp_path):
    db = str(tmp_path / "v.db")
    ingest(runner, str(FIXTURES / "seeds"), "--jobs", "2", "--db", db)
    before = content(Path(db))
    code, report = ingest(runner, str(FIXTURES / "seeds"), "--jobs", "2", "--db", db)
    assert code == 0 and report["unchanged"] == report["read"] == 2 and report["new"] == 0
    assert content(Path(db)) == before


def test_bad_files_are_named_with_two_workers(runner, tmp_path):
    folder = tmp_path / "in"
    shutil.copytree(FIXTURES / "seeds", folder)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 8)
    db = tmp_path / "v.db"
    result = runner.invoke(app, ["ingest", str(folder), "--jobs", "2", "--db", str(db), "-f", "json"])
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert report["new"] == 2 and report["failed"] == 2
    assert sorted(Path(f["source"]).name for f in report["failures"]) == ["binary.txt", "empty.txt"]
    assert "empty.txt" in result.stderr and "binary.txt" in result.stderr


@needs_fork
def test_extractor_failure_in_a_worker_is_named(runner, tmp_path, monkeypatch):
    import visitctl.extract as extract_module

    real = extract_module.extract

    def fails_on_bim_son(article):
        if "bim-son" in article.source:
            raise ValueError("stand-in extractor bug")
        return real(article)

    monkeypatch.setattr(extract_module, "extract", fails_on_bim_son)
    db = tmp_path / "v.db"
    result = runner.invoke(app, ["ingest", str(FIXTURES / "seeds"), "--jobs", "2", "--db", str(db), "-f", "json"])
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert report["new"] == 1 and report["failed"] == 1
    assert "bim-son" in report["failures"][0]["source"]
    assert "stand-in extractor bug" in report["failures"][0]["reason"]
    assert "bim-son" in result.stderr


@needs_fork
def test_a_worker_that_dies_fails_only_its_article(runner, tmp_path, monkeypatch):
    import visitctl.extract as extract_module

    real = extract_module.extract

    def dies_on_one(article):
        if "no-date" in article.source:
            os._exit(9)  # as if killed, or out of memory
        return real(article)

    monkeypatch.setattr(extract_module, "extract", dies_on_one)
    db = tmp_path / "v.db"
    result = runner.invoke(app, ["ingest", str(FIXTURES), "--jobs", "2", "--db", str(db), "-f", "json"])
    assert result.exit_code == 1, (result.stdout, result.stderr, result.exception)
    report = json.loads(result.stdout)
    assert [Path(f["source"]).name for f in report["failures"]] == ["no-date.txt"]
    assert report["new"] == report["read"] - 1


def _generated_corpus(folder: Path, count: int) -> None:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        import make_corpus
    finally:
        sys.path.pop(0)
    make_corpus.write_folder(folder, count, seed=3)


def test_ctrl_c_with_workers_keeps_what_was_stored(tmp_path):
    """SIGINT to the whole process group, as a terminal sends it: the
    workers stop quietly, the main process reports and exits 130, and every
    article it counted as new is stored with its records."""
    folder = tmp_path / "corpus"
    _generated_corpus(folder, 400)
    db = tmp_path / "v.db"
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")
    env.pop("VISITCTL_DB", None)
    proc = subprocess.Popen(
        [sys.executable, "-m", "visitctl", "ingest", "--jobs", "2", "--db", str(db), "-f", "json", str(folder)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True, env=env,
    )
    try:
        stored = 0
        while proc.poll() is None and stored < 5:
            time.sleep(0.05)
            if db.exists():
                try:
                    with sqlite3.connect(db) as conn:
                        stored = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
                except sqlite3.OperationalError:  # the schema is still being created
                    pass
        if proc.poll() is not None:
            pytest.skip("the ingest finished before it could be interrupted")
        os.killpg(proc.pid, signal.SIGINT)
        out, err = proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    assert proc.returncode == 130, err[-2000:]
    report = json.loads(out)
    assert report["interrupted"] is True
    assert "interrupted" in err and "Traceback" not in err
    with sqlite3.connect(db) as conn:
        articles = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
        bare = conn.execute(
            "SELECT count(*) FROM articles a WHERE NOT EXISTS (SELECT 1 FROM visits v WHERE v.article_id = a.id)"
        ).fetchone()[0]
        fts = conn.execute("SELECT count(*) FROM articles_fts").fetchone()[0]
    assert 0 < articles == report["new"] < 400
    assert bare == 0 and fts == articles
