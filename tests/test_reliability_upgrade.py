"""Upgrades and safety of the database: read commands never write, older
schemas are migrated in place by the next writing command, ``reindex``
works from the stored texts alone, and what users type never reaches SQL
or FTS unparameterised.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from reliability_util import (
    article_records, connect, has_command, integrity, one_line_messages, require_command, run_cli,
    write_corpus,
)
from visitctl.model import Article, Directive, Evidence, Extraction, Official, Place, Project, Visit

NOBODY = 65534


def _ev(text: str, sentence: str) -> Evidence:
    start = text.index(sentence)
    return Evidence(sentence, start, start + len(sentence))


def _article(n: int, commune: str, official: str) -> tuple[Article, Extraction]:
    """An article with known records (independent of the extractor)."""
    from visitctl.sources import make_article

    lead = f"Sáng 25/11, đồng chí {official}, Chủ tịch UBND tỉnh đã đến thăm, làm việc tại xã {commune}."
    ask = f"Đồng chí đề nghị xã {commune} tập trung hoàn thành dự án đường giao thông số {n}."
    article = make_article(f"Thăm xã {commune} (bài {n})\n\n{lead}\n\n{ask}\n", f"/archive/{n}.txt")
    text = article.text
    visit = Visit(
        date="2025-11-25",
        officials=[Official(official, "Chủ tịch UBND tỉnh", _ev(text, lead))],
        commune=Place(commune, "xã", None, "Thanh Hóa", _ev(text, lead)),
        projects=[Project(f"dự án đường giao thông số {n}", _ev(text, ask))],
        directives=[Directive(ask, ["giao thông"], _ev(text, ask))],
    )
    return article, Extraction(title=f"Thăm xã {commune} (bài {n})", visits=[visit])


def _build(path: Path, n: int = 6) -> None:
    from visitctl.store import open_db
    from visitctl.store.write import save_article

    db = open_db(path, write=True)
    for i in range(n):
        commune = ("Hà Trung", "Tống Sơn", "Bỉm Sơn")[i % 3]
        official = ("Nguyễn Văn An", "Trần Thị Bình")[i % 2]
        assert save_article(db, *_article(i, commune, official)) == "new"
    db.conn.close()


def read_commands() -> list[list[str]]:
    """Every read command, with the options that take user text."""
    commands = [
        ["visits"], ["visits", "--commune", "Hà Trung"], ["visits", "--official", "nguyen van an"],
        ["visits", "--since", "2025-01-01", "--until", "2025-12-31"], ["visits", "--province", "Thanh Hóa"],
        ["show", "--commune", "ha trung"], ["projects"], ["projects", "--search", "giao thong"],
        ["search", "tập trung"], ["stats"], ["timeline"], ["coverage", "--province", "Thanh Hóa"],
    ]
    if has_command("diff"):
        commands += [["diff", "Hà Trung", "Tống Sơn"], ["diff", "--commune", "Hà Trung", "--visits"]]
    if has_command("directives"):
        commands.append(["directives"])
    return commands


def _snapshot(folder: Path) -> dict[str, tuple[str, int]]:
    """name -> (sha256 of the bytes, mtime) of every file in ``folder``."""
    return {
        p.name: (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns)
        for p in sorted(folder.iterdir())
    }


def _other_user() -> int | None:
    """A user other than root to read as, when running as root and that user
    can run visitctl from here (the checkout may sit in a private folder)."""
    if os.geteuid() != 0 or not shutil.which("setpriv"):
        return None
    check = subprocess.run(
        ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups", sys.executable, "-c",
         "import visitctl.cli"], capture_output=True, timeout=60,
    )
    return NOBODY if check.returncode == 0 else None


@pytest.fixture
def shared_dir():
    """A folder other users can enter (pytest's tmp_path is private to root)."""
    folder = Path(tempfile.mkdtemp(prefix="visitctl-ro-"))
    folder.chmod(0o755)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


# ---------------------------------------------------------------- read commands never write


def test_read_commands_change_nothing(tmp_path):
    """Opened read-only: the database's bytes and mtime stay as they were and
    no write-ahead log is written."""
    db = tmp_path / "v.db"
    _build(db)
    before = _snapshot(tmp_path)
    for command in read_commands():
        result = run_cli(*command, "--db", db, "--format", "json")
        assert result.returncode == 0, (command, result.stderr)
        one_line_messages(result.stderr)
    after = _snapshot(tmp_path)
    assert after["v.db"] == before["v.db"]
    for name, (digest, _) in after.items():
        if name.endswith("-wal"):
            assert digest == hashlib.sha256(b"").hexdigest(), "a read command wrote to the WAL"


def test_read_commands_work_on_a_read_only_file(shared_dir):
    """A database another user owns (or on read-only media): every read
    command works and leaves it untouched."""
    db = shared_dir / "v.db"
    _build(db)
    if os.geteuid() == 0:
        user = _other_user()
        if user is None:
            pytest.skip("running as root, and no other user can run visitctl from this checkout")
    else:
        user = None
        db.chmod(0o444)
        shared_dir.chmod(0o555)
    before = _snapshot(shared_dir)
    try:
        for command in read_commands():
            result = run_cli(*command, "--db", db, "--format", "json", user=user)
            assert result.returncode == 0, (command, result.stderr)
            one_line_messages(result.stderr)
            json.loads(result.stdout)
    finally:
        shared_dir.chmod(0o755)
    assert _snapshot(shared_dir) == before


def test_read_commands_work_while_a_writer_holds_the_log(shared_dir):
    """With the -wal and -shm files present (a writer is open), a reader
    that cannot write still reads, and sees committed rows."""
    db = shared_dir / "v.db"
    _build(db)
    writer = sqlite3.connect(str(db))
    writer.execute("PRAGMA journal_mode = wal")
    writer.execute("UPDATE articles SET title = title")
    writer.commit()
    for suffix in ("-wal", "-shm"):
        if Path(f"{db}{suffix}").exists():
            Path(f"{db}{suffix}").chmod(0o644)
    user = _other_user()
    try:
        result = run_cli("visits", "--db", db, "--format", "json", user=user)
        assert result.returncode == 0, result.stderr
        assert len(json.loads(result.stdout)) == 6
    finally:
        writer.close()


# ---------------------------------------------------------------- migrations


def _migration_names() -> list[str]:
    from visitctl.store.schema import migrations

    return [m.name for m in migrations._migrations]


@pytest.mark.parametrize("stop_before", _migration_names())
def test_an_older_database_is_migrated_by_the_next_write(tmp_path, stop_before):
    """A database made before migration ``stop_before`` (with any rows it
    could hold) is brought up to date in place by the next ingest."""
    from sqlite_utils import Database

    from visitctl.store.schema import migrations

    path = tmp_path / "old.db"
    old = Database(path)
    migrations.apply(old, stop_before=stop_before)
    rows_before = {}
    if old["articles"].exists():
        # Rows as that version wrote them: only columns every version has.
        with old.conn:
            article_id = old.execute(
                "INSERT INTO articles (source, sha256, text) VALUES ('/old/1.txt', 'old-sha', 'Bài cũ.')"
            ).lastrowid
            old.execute("INSERT INTO visits (article_id, date) VALUES (?, '2024-05-01')", [article_id])
        rows_before = {t: old[t].count for t in old.table_names() if not t.startswith("_")}
    applied = [m.name for m in migrations.applied(old)]
    assert stop_before not in applied
    old.conn.close()

    write_corpus(tmp_path / "in", 2, seed=41)
    result = run_cli("ingest", "--db", path, tmp_path / "in")
    assert result.returncode == 0, result.stderr
    assert integrity(path) == []
    new = Database(path)
    assert [m.name for m in migrations.applied(new)] == _migration_names()
    assert migrations.pending(new) == []
    if rows_before:
        assert new.execute(
            "SELECT v.date FROM visits v JOIN articles a ON a.id = v.article_id WHERE a.sha256 = 'old-sha'"
        ).fetchall() == [("2024-05-01",)]
    for table, count in rows_before.items():
        if table == "articles":
            assert new[table].count == count + 2
        elif new[table].exists():
            assert new[table].count >= count, table
    new.conn.close()


def test_an_up_to_date_database_is_not_migrated_again(tmp_path):
    db = tmp_path / "v.db"
    _build(db)
    with connect(db) as conn:
        before = conn.execute("SELECT * FROM _sqlite_migrations ORDER BY id").fetchall()
        counts = {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("articles", "visits")}
    conn.close()
    write_corpus(tmp_path / "in", 1, seed=42)
    assert run_cli("ingest", "--db", db, tmp_path / "in").returncode == 0
    with connect(db) as conn:
        assert conn.execute("SELECT * FROM _sqlite_migrations ORDER BY id").fetchall() == before
        assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == counts["articles"] + 1
        assert conn.execute("SELECT count(*) FROM visits").fetchone()[0] >= counts["visits"]
    conn.close()


def test_a_failing_migration_leaves_the_database_as_it_was(tmp_path):
    """Migrations run in a transaction: one that fails changes nothing, and
    the user gets one line, not a traceback."""
    path = tmp_path / "clash.db"
    conn = sqlite3.connect(str(path))
    conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
    conn.execute("INSERT INTO notes (body) VALUES ('keep me')")
    # A table the first migration wants to create, already there: it fails.
    conn.execute("CREATE TABLE communes (x)")
    conn.commit()
    conn.close()
    write_corpus(tmp_path / "in", 1, seed=43)
    result = run_cli("ingest", "--db", path, tmp_path / "in")
    assert result.returncode != 0
    assert len(one_line_messages(result.stderr)) == 1, result.stderr
    conn = sqlite3.connect(str(path))
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert "articles" not in tables and "visits" not in tables  # the migration was rolled back
    assert conn.execute("SELECT body FROM notes").fetchall() == [("keep me",)]
    conn.close()


# ---------------------------------------------------------------- reindex


def test_reindex_rebuilds_records_from_stored_texts_without_sources(tmp_path):
    require_command("reindex")
    folder = tmp_path / "sources"
    write_corpus(folder, 12, seed=44)
    db = tmp_path / "v.db"
    assert run_cli("ingest", "--db", db, folder).returncode == 0
    expected = article_records(db)
    with connect(db) as conn:
        texts = dict(conn.execute("SELECT id, text FROM articles"))
        # Records an old extractor made and the current one does not: stale rows.
        conn.execute("DELETE FROM directives_fts")
        conn.execute("DELETE FROM directives")
        conn.execute("DELETE FROM projects")
        conn.execute(
            "INSERT INTO visits (article_id, seq, date, province) SELECT id, 99, '1999-01-01', 'Cũ' FROM articles"
        )
    conn.close()
    shutil.rmtree(folder)  # reindex must not need the files

    result = run_cli("reindex", "--db", db, "--format", "json")
    assert result.returncode == 0, result.stderr
    one_line_messages(result.stderr)
    assert integrity(db) == []
    assert article_records(db) == expected
    with connect(db) as conn:
        assert dict(conn.execute("SELECT id, text FROM articles")) == texts
        assert conn.execute("SELECT count(*) FROM visits WHERE date = '1999-01-01'").fetchone()[0] == 0
    conn.close()


# ---------------------------------------------------------------- injection and FTS syntax

INJECTIONS = [
    "x' OR '1'='1", "'; DROP TABLE visits; --", '" OR 1=1 --', "%", "_", "%' --", "Hà Trung'); DELETE FROM articles; --",
    "\\", "' UNION SELECT name, sql, 1, 1, 1, 1, 1, 1, 1 FROM sqlite_master --", "a" * 5000,
]


def _tables(db: Path) -> tuple[list, dict]:
    with connect(db) as conn:
        schema = conn.execute("SELECT type, name, sql FROM sqlite_master ORDER BY name").fetchall()
        counts = {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                  for t in ("articles", "visits", "communes", "officials", "projects", "directives")}
    conn.close()
    return schema, counts


@pytest.mark.parametrize("text", INJECTIONS, ids=range(len(INJECTIONS)))
def test_user_text_never_reaches_sql(tmp_path, text):
    db = tmp_path / "v.db"
    _build(db)
    before = _tables(db)
    for command in (
        ["visits", "--commune", text], ["visits", "--official", text], ["visits", "--province", text],
        ["show", "--commune", text], ["projects", "--search", text], ["search", text],
    ):
        result = run_cli(*command, "--db", db, "--format", "json")
        assert result.returncode in (0, 2), (command, result.stderr)
        messages = one_line_messages(result.stderr)
        assert len(messages) <= 1, messages
        if result.returncode == 0:
            rows = json.loads(result.stdout)
            assert isinstance(rows, (list, dict))
            if command[1] in ("--commune", "--official") and isinstance(rows, list):
                assert rows == [], (command, "an injected name matched rows")
    assert _tables(db) == before


@pytest.mark.parametrize("query", ['"unbalanced', "AND OR", "*", '"', "(((", "NEAR(", "AND", "^", ")"])
def test_fts_syntax_errors_are_one_line_usage_errors(tmp_path, query):
    db = tmp_path / "v.db"
    _build(db)
    result = run_cli("search", query, "--db", db, "--format", "json")
    messages = one_line_messages(result.stderr)
    assert result.returncode == 2, (query, result.returncode, result.stderr)
    assert len(messages) == 1 and messages[0].startswith("visitctl: "), messages


@pytest.mark.parametrize("query", ["title:tập", "tap*", '"tập trung" OR giao', "NOT", "a:b:c", "{title}: x"])
def test_odd_but_valid_search_text_never_traces(tmp_path, query):
    db = tmp_path / "v.db"
    _build(db)
    result = run_cli("search", query, "--db", db, "--format", "json")
    assert result.returncode in (0, 2), result.stderr
    assert len(one_line_messages(result.stderr)) <= 1


# ---------------------------------------------------------------- not a visitctl database


@pytest.mark.parametrize("kind", ["other sqlite", "empty file", "garbage"])
def test_read_commands_on_a_file_that_is_not_a_visitctl_database(tmp_path, kind):
    """--db pointing at the wrong file: one line naming it, never a traceback."""
    db = tmp_path / "other.db"
    if kind == "other sqlite":
        conn = sqlite3.connect(str(db))
        conn.execute("CREATE TABLE notes (body TEXT)")
        conn.commit()
        conn.close()
    elif kind == "empty file":
        db.write_bytes(b"")
    else:
        db.write_bytes(bytes(range(256)) * 64)
    before = db.read_bytes()
    failures = []
    for command in read_commands():
        result = run_cli(*command, "--db", db, "--format", "json")
        lines = [line for line in result.stderr.splitlines() if line.strip()]
        if result.returncode == 0 or "Traceback" in result.stderr or len(lines) != 1:
            failures.append(f"{' '.join(command)}: exit {result.returncode}: {result.stderr.strip()[-200:]}")
    assert db.read_bytes() == before
    assert not failures, "\n".join(failures)
