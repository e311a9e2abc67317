"""The database schema, built and upgraded only through named migrations.

Never edit a migration that has shipped: add a new one below it.  Tests build
a database at each older step (``Migrations.apply(db, stop_before=...)``) and
check the upgrade keeps every row.

Tables (one row each):
  articles     an article: source, url, sha256 of the normalised text, title,
               published date, author, the NFC text, the visitctl version
               that extracted its records and when (m002)
  officials    a person who visits, keyed by folded name
  communes     an administrative unit (xã, phường, huyện, ...) keyed by
               folded province, type, name and district
  visits       one official x commune x date of one article, with the
               official's title at the time and the evidence sentence
  projects, directives, figures, gifts
               records of a visit (``visit_id`` is the lead official's row)
  delegation   bodies that accompanied the official, per article
  articles_fts, directives_fts
               FTS5 over diacritic-folded text (đ -> d), so "tam diep" finds
               "Tam Điệp"
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlite_utils.migrations import Migrations

if TYPE_CHECKING:
    from sqlite_utils import Database

migrations = Migrations("visitctl")

# Columns of the evidence every record keeps.
EVIDENCE = {"evidence": str, "ev_start": int, "ev_end": int}


@migrations()
def m001_initial(db: Database) -> None:
    db["articles"].create(
        {
            "id": int, "source": str, "url": str, "sha256": str, "title": str,
            "published": str, "author": str, "text": str, "ingested_at": str,
        },
        pk="id",
        not_null={"source", "sha256", "text"},
    )
    db["articles"].create_index(["sha256"], unique=True)
    db["articles"].create_index(["source"])

    db["officials"].create({"id": int, "name": str, "key": str}, pk="id", not_null={"name", "key"})
    db["officials"].create_index(["key"], unique=True)

    db["communes"].create(
        {"id": int, "name": str, "type": str, "district": str, "province": str,
         "key": str, "name_key": str},
        pk="id",
        not_null={"name", "key", "name_key"},
    )
    db["communes"].create_index(["key"], unique=True)
    db["communes"].create_index(["name_key"])

    db["visits"].create(
        {"id": int, "article_id": int, "seq": int, "date": str, "commune_id": int,
         "province": str, "official_id": int, "official_title": str, **EVIDENCE},
        pk="id",
        foreign_keys=[("article_id", "articles", "id"), ("commune_id", "communes", "id"),
                      ("official_id", "officials", "id")],
        not_null={"article_id"},
    )
    db["visits"].create_index(["date"])
    db["visits"].create_index(["commune_id", "date"])
    db["visits"].create_index(["official_id", "date"])
    db["visits"].create_index(["article_id"])

    for table, columns in {
        "projects": {"name": str, "key": str},
        "directives": {"text": str, "topics": str, "topic": str},
        "figures": {"label": str, "text": str, "value": float, "unit": str},
        "gifts": {"name": str},
    }.items():
        db[table].create(
            {"id": int, "article_id": int, "visit_id": int, **columns, **EVIDENCE},
            pk="id",
            foreign_keys=[("article_id", "articles", "id"), ("visit_id", "visits", "id")],
            not_null={"article_id"},
        )
        db[table].create_index(["visit_id"])
        db[table].create_index(["article_id"])
    db["directives"].create_index(["topic"])

    db["delegation"].create(
        {"id": int, "article_id": int, "name": str},
        pk="id",
        foreign_keys=[("article_id", "articles", "id")],
        not_null={"article_id", "name"},
    )
    db["delegation"].create_index(["article_id"])

    tokenize = "unicode61 remove_diacritics 2"
    db.execute(f"CREATE VIRTUAL TABLE articles_fts USING fts5(title, body, tokenize='{tokenize}')")
    db.execute(f"CREATE VIRTUAL TABLE directives_fts USING fts5(text, tokenize='{tokenize}')")


@migrations()
def m002_extracted_with(db: Database) -> None:
    """Which visitctl version extracted an article's records, and when, so an
    archive can tell which articles a newer extractor should reindex.
    Articles stored before this migration keep NULL (unknown)."""
    db["articles"].add_column("extracted_with", str)
    db["articles"].add_column("extracted_at", str)


def migrate(db: Database) -> None:
    """Apply every pending migration.

    The whole run holds the write lock from the start (``BEGIN IMMEDIATE``,
    which waits for the busy timeout), so two processes creating the same new
    database take turns: the second finds nothing pending.  Each migration
    still runs in its own savepoint.
    """
    if not migrations.pending(db):
        return
    conn = db.conn
    conn.execute("BEGIN IMMEDIATE")
    try:
        migrations.apply(db)
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")
