"""Read-only queries over directives: the listing, and what ``diff`` compares.

Names users type are matched folded (case, diacritics, đ/d do not matter);
commune names go through ``queries.resolve_communes``, so an ambiguous or
unknown name is a ``UsageError`` naming the candidates or the nearest known
names.  Every value a user gives reaches SQL as a parameter.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from visitctl.errors import UsageError
from visitctl.extract.normalize import fold
from visitctl.store.queries import (
    Rows, all_rows, date_filter, fts_query, iter_rows, limit_sql, official_match, place_filter, prepare,
    record_joins, resolve_communes, where_sql,
)

if TYPE_CHECKING:
    from sqlite_utils import Database

DIRECTIVE_COLUMNS = (
    "id", "date", "commune", "commune_type", "province", "official", "topic", "topics", "text",
    "article_title", "source", "evidence",
)

_SELECT = """
SELECT d.id, v.date, c.name AS commune, c.type AS commune_type,
       COALESCE(c.province, v.province) AS province, o.name AS official,
       d.topic, d.topics, d.text, a.title AS article_title, a.source, d.evidence,
       v.commune_id, d.visit_id, d.article_id
FROM directives d
""" + record_joins("d")


def _rows(db: Database, sql: str, params: Sequence[Any], search: bool = False) -> Rows:
    """Directive rows one at a time, ``topics`` as a list."""
    try:
        return iter_rows(db, sql, params, convert=_topics_list)
    except sqlite3.OperationalError as exc:
        if search:  # the only thing a user can get wrong here is the FTS5 query
            raise UsageError(
                f"cannot search for that: {str(exc).removeprefix('fts5: ')}; "
                "put words in double quotes to search them as they are"
            ) from None
        raise


def _topics_list(row: dict) -> dict:
    row["topics"] = json.loads(row["topics"]) if row.get("topics") else []
    return row


def _commune_ids(db: Database, name: str, province: str | None) -> tuple[str, list[int]]:
    """The stored name and row ids of the unit called ``name``."""
    rows = resolve_communes(db, name, province)
    return rows[0]["name"], [r["id"] for r in rows]


def _commune_ids_for_diff(db: Database, name: str, province: str | None) -> tuple[str, list[int]]:
    """Like ``_commune_ids``, but ``province`` only chooses among homonyms:
    a name that is not in that province but is unique elsewhere is kept."""
    from visitctl.errors import UnknownName

    try:
        return _commune_ids(db, name, province)
    except UnknownName:
        if province is None:
            raise
        return _commune_ids(db, name, None)


def _filters(
    db: Database, *, commune_ids: Sequence[int] | None = None, province: str | None = None,
    official: str | None = None, topic: str | None = None, since: str | None = None,
    until: str | None = None, search: str | None = None,
) -> tuple[list[str], list[Any]]:
    where, params = place_filter(db, None, province, commune_ids)
    if official is not None:
        match, words = official_match("o.key", official)
        where.append(match)
        params.extend(words)
    if topic is not None:
        key = fold(topic)
        if not key:
            raise UsageError("--topic: give a topic, e.g. 'y tế'")
        where.append(
            "EXISTS (SELECT 1 FROM json_each(CASE WHEN json_valid(d.topics) THEN d.topics ELSE '[]' END) j"
            " WHERE (' ' || vc_fold(j.value) || ' ') LIKE ?)"
        )
        params.append(f"% {key} %")
    dates, date_params = date_filter(since, until)
    where += dates
    params += date_params
    if search is not None:
        query, _ = fts_query(search)
        where.append("d.id IN (SELECT rowid FROM directives_fts WHERE directives_fts MATCH ?)")
        params.append(query)
    return where, params


def iter_directives(
    db: Database,
    commune: str | None = None,
    official: str | None = None,
    topic: str | None = None,
    since: str | None = None,
    until: str | None = None,
    search: str | None = None,
    limit: int | None = None,
    province: str | None = None,
) -> Rows:
    """Directives, newest visit first, with the commune, date, official and
    article they come from.  ``topic`` matches whole words of any of a
    directive's topics ("y te" finds "y tế", "giao thong" finds "hạ tầng -
    giao thông"); ``search`` is full-text over the directive (FTS5, folded).
    One row at a time (names are resolved and the search checked before the
    first row); ``directives``: the same as a list."""
    prepare(db)
    ids = _commune_ids(db, commune, province)[1] if commune else None
    where, params = _filters(db, commune_ids=ids, province=province, official=official, topic=topic,
                             since=since, until=until, search=search)
    sql = _SELECT + where_sql(where) + " ORDER BY v.date IS NULL, v.date DESC, d.id" + limit_sql(limit)
    return _rows(db, sql, params, search=search is not None)


directives = all_rows(iter_directives)


# ---------------------------------------------------------------- diff


@dataclass
class Column:
    """What one column of a diff holds: a commune (or one visit of it), the
    visit dates its directives come from, and the directive rows."""

    label: str
    commune: str
    dates: list[str | None] = field(default_factory=list)
    rows: list[dict] = field(default_factory=list)

    def items(self) -> list[dict]:
        """The directives as ``diff.group_directives`` takes them."""
        return [{"text": r["text"], "topics": r["topics"]} for r in self.rows]


# The latest visit date among the directives a filter keeps.
_LATEST = "SELECT max(v.date) FROM directives d " + record_joins("d")


def _chronological(rows: Iterable[dict]) -> list[dict]:
    return sorted(rows, key=lambda r: (r["date"] is None, r["date"] or "", r["id"]))


def diff_columns(
    db: Database,
    communes: Sequence[str],
    *,
    province: str | None = None,
    official: str | None = None,
    since: str | None = None,
    until: str | None = None,
) -> list[Column]:
    """One column per commune named, in that order.

    Without ``since``/``until`` a column holds the directives of the
    commune's latest visit that has any (latest date; every article about
    that day); with them, all its visits in the range.  ``official`` keeps
    only that official's visits (so alone it means that official's latest
    visit).  Raises ``UsageError`` for a name that is unknown, ambiguous, or
    names the same unit as another.
    """
    prepare(db)
    columns: list[Column] = []
    seen: dict[tuple[int, ...], str] = {}
    for name in communes:
        label, ids = _commune_ids_for_diff(db, name, province)
        key = tuple(sorted(ids))
        if key in seen:
            raise UsageError(f"'{name}' and '{seen[key]}' are the same commune; name each commune once")
        seen[key] = name
        if label in {c.label for c in columns}:
            label = f"{label} ({name})"
        where, params = _filters(db, commune_ids=ids, official=official, since=since, until=until)
        if since is None and until is None:
            # only the latest dated visit's directives (all of them when none is dated),
            # chosen in SQL: a commune may have hundreds of visits
            latest = db.execute(_LATEST + where_sql(where), params).fetchone()[0]
            if latest is not None:
                where, params = [*where, "v.date = ?"], [*params, latest]
        rows = _chronological(_rows(db, _SELECT + where_sql(where), params))
        columns.append(Column(label, label, sorted({r["date"] for r in rows}, key=lambda d: (d is None, d or "")),
                              rows))
    return columns


def visit_columns(
    db: Database,
    commune: str,
    *,
    province: str | None = None,
    official: str | None = None,
    since: str | None = None,
    until: str | None = None,
) -> tuple[str, list[Column]]:
    """The stored name of ``commune`` and one column per visit of it that
    has directives, oldest first: the visits of one date (whoever reported
    them) make one column, labelled with the date ("no date" when unknown,
    last)."""
    prepare(db)
    name, ids = _commune_ids(db, commune, province)
    where, params = _filters(db, commune_ids=ids, official=official, since=since, until=until)
    by_date: dict[str | None, list[dict]] = {}
    for row in _chronological(_rows(db, _SELECT + where_sql(where), params)):
        by_date.setdefault(row["date"], []).append(row)
    return name, [Column(date or "no date", name, [date], rows) for date, rows in by_date.items()]
