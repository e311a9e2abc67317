"""The schema is built and upgraded only through named migrations."""

from __future__ import annotations

import sqlite3

import pytest
from helpers_store import article_a

from visitctl.store import open_db
from visitctl.store.schema import migrations
from visitctl.store.write import save_article

EXPECTED_TABLES = {"articles", "officials", "communes", "visits", "projects", "directives", "figures", "gifts",
                   "delegation", "articles_fts", "directives_fts"}
NAMES = [m.name for m in migrations._migrations]


def test_blank_database_gets_every_migration(tmp_path):
    db = open_db(tmp_path / "new.db", write=True)
    assert EXPECTED_TABLES <= set(db.table_names())
    assert [m.name for m in migrations.applied(db)] == NAMES
    assert migrations.pending(db) == []
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_opening_again_changes_nothing(tmp_path):
    path = tmp_path / "v.db"
    db = open_db(path, write=True)
    art, ex = article_a()
    save_article(db, art, ex)
    schema = db.execute("SELECT sql FROM sqlite_master ORDER BY name").fetchall()
    db.conn.close()
    db = open_db(path, write=True)
    assert db.execute("SELECT sql FROM sqlite_master ORDER BY name").fetchall() == schema
    assert db.execute("SELECT count(*) FROM visits").fetchone()[0] == 2


def test_read_only_open_never_migrates(tmp_path):
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE unrelated (x)")
    conn.commit()
    conn.close()
    db = open_db(path)
    assert migrations.pending(db)  # nothing was applied
    with pytest.raises(sqlite3.OperationalError):
        db.execute("CREATE TABLE t (x)")


@pytest.mark.parametrize("stop", NAMES[1:] or [pytest.param(None, marks=pytest.mark.skip("one migration"))])
def test_upgrade_from_each_older_schema_keeps_rows(tmp_path, stop):
    """Build the schema as it was before ``stop``, store rows by hand, then
    upgrade and check every row survived."""
    from sqlite_utils import Database

    path = tmp_path / "older.db"
    db = Database(path)
    migrations.apply(db, stop_before=stop)
    db.execute("INSERT INTO articles (source, sha256, text) VALUES ('old.txt', 'x', 'Bài cũ.')")
    db.execute("INSERT INTO officials (name, key) VALUES ('Nguyễn Văn A', 'nguyen van a')")
    db.execute("INSERT INTO visits (article_id, date, official_id) VALUES (1, '2025-01-02', 1)")
    db.conn.commit()
    db.conn.close()
    db = open_db(path, write=True)
    assert migrations.pending(db) == []
    assert db.execute("SELECT source FROM articles").fetchall() == [("old.txt",)]
    assert db.execute("SELECT date FROM visits").fetchall() == [("2025-01-02",)]


def test_articles_record_which_version_extracted_them(tmp_path):
    from visitctl import __version__

    db = open_db(tmp_path / "v.db", write=True)
    art, ex = article_a()
    save_article(db, art, ex)
    assert db.execute("SELECT extracted_with FROM articles").fetchall() == [(__version__,)]


def test_upgrade_to_m002_leaves_the_version_of_old_articles_unknown(tmp_path):
    from sqlite_utils import Database

    path = tmp_path / "older.db"
    db = Database(path)
    migrations.apply(db, stop_before="m002_extracted_with")
    db.execute("INSERT INTO articles (source, sha256, text) VALUES ('old.txt', 'x', 'Bài cũ.')")
    db.conn.commit()
    db.conn.close()
    db = open_db(path, write=True)
    assert db.execute("SELECT source, extracted_with FROM articles").fetchall() == [("old.txt", None)]
