"""Writing articles and their records.

``save_article`` stores one article and everything extracted from it in one
transaction, and is idempotent: the same normalised text (same sha256) is
never stored twice, and an article whose text changed at the same source
replaces the old one with all its records.  Everything goes through SQL
parameters; nothing the user or an article says is pasted into SQL.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

from visitctl.extract.normalize import fold
from visitctl.model import Article, Evidence, Extraction, Place

if TYPE_CHECKING:
    from sqlite_utils import Database

# Sources that do not identify an article: two texts read from stdin are two
# articles, not one article that changed.
_ANONYMOUS_SOURCES = {"<stdin>", "-", ""}

# Record tables that hang off an article (children first, for deletion).
_RECORD_TABLES = ("projects", "directives", "figures", "gifts")


@contextmanager
def transaction(db: Database) -> Iterator[None]:
    """``BEGIN IMMEDIATE`` ... ``COMMIT`` (rolled back on any error).

    IMMEDIATE takes the write lock up front, so two writers wait for each
    other (busy timeout) instead of failing halfway through.  Inside an open
    transaction this nests as a savepoint.
    """
    conn = db.conn
    if conn.in_transaction:
        with db.atomic():
            yield
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    else:
        conn.execute("COMMIT")


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _version() -> str:
    from visitctl import __version__

    return __version__


def article_sha256(article: Article) -> str:
    return article.sha256 or hashlib.sha256(article.text.encode("utf-8")).hexdigest()


def save_article(db: Database, article: Article, extraction: Extraction, *,
                 folded: Mapping[str, str] | None = None) -> str:
    """Store ``article`` and its ``extraction``; returns "new", "unchanged"
    (same text already stored: nothing written) or "replaced" (same source,
    different text: the old article and its records were deleted first).
    ``folded`` is ``fold_all(article, extraction)`` when the caller has it
    already (a worker process computed it beside the extraction)."""
    sha = article_sha256(article)
    with transaction(db):
        if db.execute("SELECT 1 FROM articles WHERE sha256 = ?", [sha]).fetchone():
            return "unchanged"
        old: list[int] = []
        if article.source not in _ANONYMOUS_SOURCES:
            old = [r[0] for r in db.execute("SELECT id FROM articles WHERE source = ?", [article.source])]
        for article_id in old:
            delete_article(db, article_id)
        cursor = db.execute(
            "INSERT INTO articles (source, url, sha256, title, published, author, text, ingested_at,"
            " extracted_with, extracted_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                article.source, article.url, sha,
                extraction.title or article.title,
                extraction.published or article.published,
                extraction.author or article.author,
                article.text,
                _now(),
                _version(),
                _now(),
            ],
        )
        article_id = cursor.lastrowid
        title = extraction.title or article.title
        key = _folder(folded)
        db.execute("INSERT INTO articles_fts (rowid, title, body) VALUES (?, ?, ?)",
                   [article_id, key(title), key(article.text)])
        write_records(db, article_id, extraction, folded=folded)
    return "replaced" if old else "new"


def replace_records(db: Database, article_id: int, extraction: Extraction, *,
                    folded: Mapping[str, str] | None = None) -> None:
    """Swap the records of a stored article for a fresh ``extraction`` of the
    same text (``visitctl reindex``); the article row keeps its id.
    ``folded`` as for ``save_article``."""
    with transaction(db):
        _delete_records(db, article_id)
        row = db.execute("SELECT title, published, author FROM articles WHERE id = ?", [article_id]).fetchone()
        title = extraction.title or row[0]
        db.execute(
            "UPDATE articles SET title = ?, published = ?, author = ?, extracted_with = ?, extracted_at = ?"
            " WHERE id = ?",
            [title, extraction.published or row[1], extraction.author or row[2], _version(), _now(), article_id],
        )
        db.execute("UPDATE articles_fts SET title = ? WHERE rowid = ?", [_folder(folded)(title), article_id])
        write_records(db, article_id, extraction, folded=folded)
        _delete_orphans(db)


def delete_article(db: Database, article_id: int) -> None:
    """Delete an article with every record that came from it."""
    with transaction(db):
        _delete_records(db, article_id)
        db.execute("DELETE FROM articles_fts WHERE rowid = ?", [article_id])
        db.execute("DELETE FROM articles WHERE id = ?", [article_id])
        _delete_orphans(db)


def _delete_records(db: Database, article_id: int) -> None:
    db.execute(
        "DELETE FROM directives_fts WHERE rowid IN (SELECT id FROM directives WHERE article_id = ?)",
        [article_id],
    )
    for table in _RECORD_TABLES:
        db.execute(f"DELETE FROM {table} WHERE article_id = ?", [article_id])
    db.execute("DELETE FROM delegation WHERE article_id = ?", [article_id])
    db.execute("DELETE FROM visits WHERE article_id = ?", [article_id])


def _delete_orphans(db: Database) -> None:
    """Communes and officials no visit refers to any more."""
    db.execute(
        "DELETE FROM communes WHERE NOT EXISTS (SELECT 1 FROM visits v WHERE v.commune_id = communes.id)"
    )
    db.execute(
        "DELETE FROM officials WHERE NOT EXISTS (SELECT 1 FROM visits v WHERE v.official_id = officials.id)"
    )


def fold_all(article: Article, extraction: Extraction) -> dict[str, str]:
    """Every text ``save_article`` stores folded (for keys and full-text
    search), folded: the costly part of writing, done ahead (``ingest
    --jobs`` does it in the worker that extracted the article)."""
    texts = {article.text, extraction.title or article.title, *extraction.delegation}
    for visit in extraction.visits:
        if visit.commune:
            place = visit.commune
            texts.update((place.province, place.type, place.name, place.district))
        texts.update(o.name for o in visit.officials)
        texts.update(p.name for p in visit.projects)
        texts.update(d.text for d in visit.directives)
    return {text: fold(text) for text in texts if text}


def _folder(folded: Mapping[str, str] | None) -> Callable[[str | None], str]:
    """``fold``, looking in ``folded`` first."""
    if not folded:
        return fold
    return lambda text: folded.get(text) if text in folded else fold(text)  # type: ignore[return-value]


def write_records(db: Database, article_id: int, extraction: Extraction, *,
                  folded: Mapping[str, str] | None = None) -> None:
    """Insert the visits, records and delegation of one article (no commit)."""
    key = _folder(folded)
    conn = db.conn
    rows: dict[tuple[Any, ...], int] = {}
    projects: list[tuple[Any, ...]] = []
    directives: list[tuple[Any, ...]] = []
    figures: list[tuple[Any, ...]] = []
    gifts: list[tuple[Any, ...]] = []
    for seq, visit in enumerate(extraction.visits):
        commune_id = _commune_id(conn, visit.commune, key) if visit.commune else None
        province = (visit.commune.province if visit.commune else None) or extraction.province
        place_ev = visit.commune.evidence if visit.commune else None
        lead_id: int | None = None
        officials = visit.officials or [None]
        for official in officials:
            official_id = _official_id(conn, official.name, key) if official and official.name else None
            row_key = (official_id, commune_id, visit.date, province if commune_id is None else None)
            visit_id = rows.get(row_key)
            if visit_id is None:
                ev = place_ev or (official.evidence if official else None)
                visit_id = conn.execute(
                    "INSERT INTO visits (article_id, seq, date, commune_id, province, official_id,"
                    " official_title, evidence, ev_start, ev_end) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [article_id, seq, visit.date, commune_id, province, official_id,
                     official.title if official else None, *_ev(ev)],
                ).lastrowid
                rows[row_key] = visit_id
            if lead_id is None:
                lead_id = visit_id
        projects += [(article_id, lead_id, p.name, key(p.name), *_ev(p.evidence)) for p in visit.projects]
        for d in visit.directives:
            topics = list(d.topics or [])
            directives.append((article_id, lead_id, d.text, json.dumps(topics, ensure_ascii=False),
                               topics[0] if topics else None, *_ev(d.evidence)))
        figures += [
            (article_id, lead_id, f.label, f.text, None if f.value is None else float(f.value), f.unit, *_ev(f.evidence))
            for f in visit.figures
        ]
        gifts += [(article_id, lead_id, g.name, *_ev(g.evidence)) for g in visit.gifts]
    conn.executemany(
        "INSERT INTO projects (article_id, visit_id, name, key, evidence, ev_start, ev_end) VALUES (?, ?, ?, ?, ?, ?, ?)",
        projects,
    )
    conn.executemany(
        "INSERT INTO directives (article_id, visit_id, text, topics, topic, evidence, ev_start, ev_end)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        directives,
    )
    if directives:  # indexed folded, under the ids they were just given
        stored = conn.execute("SELECT id, text FROM directives WHERE article_id = ? ORDER BY id", [article_id])
        conn.executemany("INSERT INTO directives_fts (rowid, text) VALUES (?, ?)",
                         [(directive_id, key(text)) for directive_id, text in stored])
    conn.executemany(
        "INSERT INTO figures (article_id, visit_id, label, text, value, unit, evidence, ev_start, ev_end)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        figures,
    )
    conn.executemany(
        "INSERT INTO gifts (article_id, visit_id, name, evidence, ev_start, ev_end) VALUES (?, ?, ?, ?, ?, ?)", gifts
    )
    delegation: dict[str, str] = {}
    for name in extraction.delegation:
        if name:
            delegation.setdefault(key(name), name)
    conn.executemany("INSERT INTO delegation (article_id, name) VALUES (?, ?)",
                     [(article_id, name) for name in delegation.values()])


def commune_key(place: Place, key: Callable[[str | None], str] = fold) -> str:
    """The identity of a unit: folded province | type | name | district."""
    return "|".join(key(part) for part in (place.province, place.type, place.name, place.district))


def _commune_id(conn: sqlite3.Connection, place: Place, key: Callable[[str | None], str]) -> int:
    unit = commune_key(place, key)
    row = conn.execute("SELECT id FROM communes WHERE key = ?", [unit]).fetchone()
    if row:
        return row[0]
    return conn.execute(
        "INSERT INTO communes (name, type, district, province, key, name_key) VALUES (?, ?, ?, ?, ?, ?)",
        [place.name, place.type, place.district, place.province, unit, key(place.name)],
    ).lastrowid


def _official_id(conn: sqlite3.Connection, name: str, key: Callable[[str | None], str]) -> int:
    person = key(name)
    row = conn.execute("SELECT id FROM officials WHERE key = ?", [person]).fetchone()
    if row:
        return row[0]
    return conn.execute("INSERT INTO officials (name, key) VALUES (?, ?)", [name, person]).lastrowid


def _ev(evidence: Evidence | None) -> list[Any]:
    if evidence is None:
        return [None, None, None]
    return [evidence.sentence, evidence.start, evidence.end]


def has_article(db: Database, sha256: str) -> bool:
    """Is an article with this text (sha256 of the normalised text) stored?"""
    return db.execute("SELECT 1 FROM articles WHERE sha256 = ?", [sha256]).fetchone() is not None
