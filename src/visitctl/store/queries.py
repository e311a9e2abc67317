"""Read-only queries: plain functions that return lists of dicts.

Names users type are matched folded (``normalize.fold``: case, diacritics,
tone placement and đ/d do not matter).  Every value a user gives reaches SQL
as a parameter.

A visit row (``visits``, ``search``) always carries these keys, which scripts
rely on: ``id``, ``date``, ``commune``, ``commune_type``, ``province``,
``official``, ``official_title``, ``article_title``, ``source``.
"""

from __future__ import annotations

import difflib
import functools
import itertools
import json
import re
import sqlite3
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

from visitctl.errors import AmbiguousName, UnknownName, UsageError
from visitctl.extract.normalize import fold

if TYPE_CHECKING:
    from sqlite_utils import Database

VISIT_COLUMNS = (
    "id", "date", "commune", "commune_type", "province", "official", "official_title",
    "article_title", "source",
)

# Unit words a user may type before a name ("xã Hà Trung"), folded, longest first.
_UNIT_WORDS = {
    "thanh pho": "thành phố", "thi tran": "thị trấn", "thi xa": "thị xã", "dac khu": "đặc khu",
    "phuong": "phường", "huyen": "huyện", "quan": "quận", "xa": "xã", "tp": "thành phố",
}
_PROVINCE_PREFIX = re.compile(r"^(?:tinh|thanh pho|tp)\s+")

# SQL over visits v, articles a, communes c and officials o: a visit row's columns.
_VISIT_COLUMNS_SQL = """
       v.id, v.date, c.name AS commune, c.type AS commune_type,
       COALESCE(c.province, v.province) AS province, c.district AS district,
       o.name AS official, v.official_title, a.title AS article_title, a.source,
       a.id AS article_id, a.url, a.published, a.author,
       v.commune_id, v.evidence, v.ev_start, v.ev_end
"""
_PLACE_JOINS = """
LEFT JOIN communes c ON c.id = v.commune_id
LEFT JOIN officials o ON o.id = v.official_id
"""
_VISIT_SELECT = f"SELECT {_VISIT_COLUMNS_SQL} FROM visits v JOIN articles a ON a.id = v.article_id {_PLACE_JOINS}"


def record_joins(alias: str) -> str:
    """From a record table (projects, directives, ...) aliased ``alias`` to
    its article ``a``, visit ``v``, commune ``c`` and official ``o``."""
    return f"JOIN articles a ON a.id = {alias}.article_id LEFT JOIN visits v ON v.id = {alias}.visit_id {_PLACE_JOINS}"


def all_rows(iterate: Callable[..., Iterator[dict]]) -> Callable[..., list[dict]]:
    """The form of a row-iterating query that returns all the rows as a list."""

    @functools.wraps(iterate)
    def listed(*args: Any, **kwargs: Any) -> list[dict]:
        return list(iterate(*args, **kwargs))

    listed.__name__ = listed.__qualname__ = iterate.__name__.removeprefix("iter_")
    return listed


# Short forms of province names that people and articles use.
_PROVINCE_ALIASES = {"hcm": "ho chi minh", "tphcm": "ho chi minh", "sai gon": "ho chi minh",
                     "hn": "ha noi", "brvt": "ba ria vung tau"}


def province_key(name: str | None) -> str:
    """Folded province name without a leading "tỉnh" / "thành phố"
    ("TP.HCM", "Thành phố Hồ Chí Minh" and "ho chi minh" give one key)."""
    key = _PROVINCE_PREFIX.sub("", fold(name))
    return _PROVINCE_ALIASES.get(key, key)


def prepare(db: Database) -> None:
    """The SQL functions the queries use: folded names and province keys."""
    db.conn.create_function("vc_fold", 1, fold, deterministic=True)
    db.conn.create_function("vc_province_key", 1, province_key, deterministic=True)


def _rows(db: Database, sql: str, params: Sequence[Any] = ()) -> list[dict]:
    return list(iter_rows(db, sql, params))


class Rows:
    """The rows of a query as dicts, one at a time as SQLite produces them;
    ``convert`` (if any) finishes each row."""

    def __init__(self, cursor: sqlite3.Cursor, convert: Callable[[dict], dict] | None = None) -> None:
        self.cursor = cursor
        self.names = [d[0] for d in cursor.description]
        self.convert = convert

    def __iter__(self) -> Rows:
        return self

    def __next__(self) -> dict:
        row = dict(zip(self.names, next(self.cursor)))
        return self.convert(row) if self.convert else row


def iter_rows(db: Database, sql: str, params: Sequence[Any] = (),
              convert: Callable[[dict], dict] | None = None) -> Rows:
    """The rows of ``sql`` (the statement starts at once, so a bad one fails
    before any row is read)."""
    return Rows(db.execute(sql, list(params)), convert)


def limit_sql(limit: int | None) -> str:
    return f" LIMIT {int(limit)}" if limit else ""


# ---------------------------------------------------------------- communes


def _split_unit(name: str) -> tuple[str, str | None]:
    """("xa ha trung") -> ("ha trung", "xã"); names without a unit word pass."""
    key = fold(name)
    for word in sorted(_UNIT_WORDS, key=len, reverse=True):
        if key.startswith(word + " ") and len(key) > len(word) + 1:
            return key[len(word) + 1:], _UNIT_WORDS[word]
    return key, None


def _label(row: dict) -> str:
    parts = [p for p in (row.get("type"), row.get("district"), row.get("province")) if p]
    return f"{row['name']} ({', '.join(parts)})" if parts else row["name"]


def resolve_communes(db: Database, name: str, province: str | None = None) -> list[dict]:
    """The stored units called ``name`` (and in ``province`` when given).

    Raises ``AmbiguousName`` (listing "Name (type, province)") when the name
    belongs to units of different provinces or types and nothing chooses one,
    and ``UnknownName`` with the nearest known names when there is none.
    The rows returned are variants of one unit (e.g. with and without a
    district) and are meant to be reported together.
    """
    if not fold(name):
        raise UsageError("--commune: give a commune or ward name")
    prepare(db)
    key = fold(name)
    rows = _rows(db, "SELECT id, name, type, district, province FROM communes WHERE name_key = ?", [key])
    if not rows:  # "xã Hà Trung": the unit word chooses the kind of unit
        bare, unit = _split_unit(name)
        if unit:
            rows = [r for r in _rows(db, "SELECT id, name, type, district, province FROM communes"
                                         " WHERE name_key = ?", [bare]) if fold(r["type"]) == fold(unit)]
    if province is not None:
        pkey = province_key(province)
        in_province = [r for r in rows if province_key(r["province"]) == pkey]
        if not in_province:
            nearest = [_label(r) for r in rows] or _nearest(db, key)
            raise UnknownName("commune", name, nearest, scope=f"province '{province}'")
        rows = in_province
    if not rows:
        raise UnknownName("commune", name, _nearest(db, key))
    provinces = {province_key(r["province"]) for r in rows if r["province"]}
    types = {fold(r["type"]) for r in rows if r["type"]}
    if len(provinces) > 1 or len(types) > 1:
        labels = sorted({_label(r) for r in rows})
        hint = "add --province to choose one" if len(provinces) > 1 else "write the unit word, e.g. 'xã NAME'"
        raise AmbiguousName(name, labels, hint=hint)
    return rows


def _nearest(db: Database, key: str, n: int = 5) -> list[str]:
    names: dict[str, str] = {}
    for name_key, name in db.execute("SELECT name_key, name FROM communes ORDER BY id"):
        names.setdefault(name_key, name)
    bare, _ = _split_unit(key)
    close = difflib.get_close_matches(bare, list(names), n=n, cutoff=0.6)
    return [names[k] for k in close]


# ---------------------------------------------------------------- visits


def iter_visits(
    db: Database,
    since: str | None = None,
    until: str | None = None,
    commune: str | None = None,
    official: str | None = None,
    province: str | None = None,
    limit: int | None = None,
) -> Iterator[dict]:
    """Visits, newest first, filtered by ISO date bounds (inclusive), commune
    name, part of an official's name and province; one row at a time (names
    are resolved before the first row).  ``visits``: the same as a list."""
    prepare(db)
    where, params = _visit_filters(db, since, until, commune, official, province)
    sql = _VISIT_SELECT + where_sql(where)
    sql += " ORDER BY v.date DESC, a.published DESC, v.id" + limit_sql(limit)
    return iter_rows(db, sql, params)


visits = all_rows(iter_visits)


def _visit_filters(
    db: Database, since: str | None, until: str | None, commune: str | None,
    official: str | None, province: str | None,
) -> tuple[list[str], list[Any]]:
    where, params = date_filter(since, until)
    place, place_params = place_filter(db, commune, province)
    where += place
    params += place_params
    if official:
        # officials first, then their visits through the (official_id, date) index
        match, words = official_match("key", official)
        where.append(f"v.official_id IN (SELECT id FROM officials WHERE {match})")
        params.extend(words)
    return where, params


# Filters shared by the listings (``v`` visits, ``c`` communes): SQL conditions and their parameters.


def where_sql(conditions: Sequence[str]) -> str:
    return " WHERE " + " AND ".join(conditions) if conditions else ""


def date_filter(since: str | None, until: str | None) -> tuple[list[str], list[Any]]:
    """Visit dates within ISO bounds (inclusive)."""
    where: list[str] = []
    params: list[Any] = []
    if since:
        where.append("v.date >= ?")
        params.append(since)
    if until:
        where.append("v.date <= ?")
        params.append(until)
    return where, params


def place_filter(db: Database, commune: str | None, province: str | None,
                 commune_ids: Sequence[int] | None = None) -> tuple[list[str], list[Any]]:
    """Visits to the commune named (``province`` chooses among homonyms) or
    with the ids given, else to any unit of ``province``."""
    if commune and commune_ids is None:
        commune_ids = [r["id"] for r in resolve_communes(db, commune, province)]
    if commune_ids is not None:
        return [f"v.commune_id IN ({', '.join('?' * len(commune_ids))})"], list(commune_ids)
    if province:
        return ["vc_province_key(COALESCE(c.province, v.province)) = ?"], [province_key(province)]
    return [], []


def official_match(column: str, official: str) -> tuple[str, list[str]]:
    """A condition on a folded-name ``column`` matching every word of
    ``official`` at the start of a word, and its parameters."""
    words = fold(official).split()
    if not words:
        raise UsageError("--official: give a name")
    match = " AND ".join([f"(' ' || {column} || ' ') LIKE ?"] * len(words))
    return f"({match})", [f"% {word}%" for word in words]


# ---------------------------------------------------------------- one commune


def commune_report(db: Database, commune_id: int | Iterable[int]) -> dict[str, Any]:
    """Everything known about one unit: the unit, its visits, and the
    projects, figures, directives and gifts of those visits (with evidence)."""
    ids = [commune_id] if isinstance(commune_id, int) else list(commune_id)
    marks = ", ".join("?" * len(ids))
    communes = _rows(db, f"SELECT id, name, type, district, province FROM communes WHERE id IN ({marks})", ids)
    visit_rows = _rows(
        db, _VISIT_SELECT + f" WHERE v.commune_id IN ({marks}) ORDER BY v.date DESC, v.id", ids
    )
    report: dict[str, Any] = {"commune": communes[0] if communes else None, "visits": visit_rows}
    context = """
        JOIN visits v ON v.id = r.visit_id
        JOIN articles a ON a.id = r.article_id
        LEFT JOIN officials o ON o.id = v.official_id
        WHERE v.commune_id IN ({marks})
        ORDER BY v.date DESC, r.id
    """.format(marks=marks)
    common = "v.date, o.name AS official, a.title AS article_title, a.source, r.evidence, r.ev_start, r.ev_end"
    report["projects"] = _rows(db, f"SELECT r.id, r.name AS project, {common} FROM projects r {context}", ids)
    report["figures"] = _rows(
        db, f"SELECT r.id, r.label, r.text, r.value, r.unit, {common} FROM figures r {context}", ids
    )
    directives = _rows(
        db, f"SELECT r.id, r.text AS directive, r.topics, r.topic, {common} FROM directives r {context}", ids
    )
    for row in directives:
        row["topics"] = json.loads(row["topics"]) if row["topics"] else []
    report["directives"] = directives
    report["gifts"] = _rows(db, f"SELECT r.id, r.name AS gift, {common} FROM gifts r {context}", ids)
    return report


# ---------------------------------------------------------------- projects


def iter_projects(
    db: Database,
    search: str | None = None,
    commune: str | None = None,
    limit: int | None = None,
    province: str | None = None,
) -> Iterator[dict]:
    """Inspected projects and sites with commune, date and official, newest
    first; ``search`` matches every word of it (folded) in the project name.
    One row at a time (names are resolved before the first row); ``projects``:
    the same as a list."""
    prepare(db)
    where: list[str] = []
    params: list[Any] = []
    if search is not None:
        words = fold(search).split()
        if not words:
            raise UsageError("--search: give some words to look for")
        for word in words:
            where.append("p.key LIKE ?")
            params.append(f"%{word}%")
    place, place_params = place_filter(db, commune, province)
    where += place
    params += place_params
    sql = """
        SELECT p.id, p.name AS project, v.date, c.name AS commune, c.type AS commune_type,
               COALESCE(c.province, v.province) AS province, o.name AS official,
               v.official_title, a.title AS article_title, a.source, p.evidence, p.ev_start, p.ev_end
        FROM projects p
    """ + record_joins("p")
    sql += where_sql(where) + " ORDER BY v.date DESC, p.id" + limit_sql(limit)
    return iter_rows(db, sql, params)


projects = all_rows(iter_projects)


# ---------------------------------------------------------------- full text

_OPERATORS = {"AND", "OR", "NOT", "NEAR"}
_FTS_COLUMNS = {"title", "body", "text"}
_QUERY_TOKEN = re.compile(r'"[^"]*"?|\w+|[()*^:+{},]|\S', re.UNICODE)


def fts_query(text: str) -> tuple[str, list[str]]:
    """The FTS5 query for what a user typed, folded like the indexed text,
    and the folded terms (for snippets).  FTS5 syntax (quotes, AND/OR/NOT,
    NEAR, parentheses, prefix ``*``) is kept; other punctuation is a space."""
    out: list[str] = []
    terms: list[str] = []
    for token in _QUERY_TOKEN.findall(text):
        if token.startswith('"'):
            closed = len(token) > 1 and token.endswith('"')
            inner = fold(token[1:-1] if closed else token[1:])
            terms.extend(inner.split())
            out.append(f'"{inner}"' if closed else f'"{inner}')
        elif token in _OPERATORS:
            out.append(token)
        elif re.fullmatch(r"\w+", token):
            folded = fold(token)
            terms.extend(folded.split())
            out.append(folded)
        elif token == ":":
            # a column filter ("title: ...") only after a column name or {...}
            if out and (out[-1] in _FTS_COLUMNS or out[-1] == "}"):
                if terms and terms[-1] == out[-1]:
                    terms.pop()  # a column name, not a word to find
                out.append(token)
        elif token == ",":
            if "NEAR" in out:  # NEAR(a b, 5)
                out.append(token)
        elif token in "()*^+{}":
            out.append(token)
        # anything else (-, ., /, ...) separates words
    query = " ".join(out).replace(" *", "*")
    if not terms:
        raise UsageError(f"nothing to search for in '{text}'")
    return query, terms


def _fts_rows(db: Database, sql: str, params: list[Any], original: str) -> list[tuple]:
    """Run an FTS5 query; a query the user wrote wrong is a ``UsageError``."""
    try:
        return db.execute(sql, params).fetchall()
    except sqlite3.OperationalError as exc:
        message = str(exc)
        if "no such column" in message:  # a column filter for the other table
            return []
        reason = message.removeprefix("fts5: ")
        if reason.endswith('near ""'):
            reason = "the query stops too early (an unclosed parenthesis or a trailing operator?)"
        raise UsageError(
            f"'{original}' is not a valid full-text query: {reason}; check quotes and parentheses, "
            "or put the words in double quotes to search them as they are"
        ) from None


def iter_search(db: Database, text: str, limit: int | None = None) -> Iterator[dict]:
    """Visits whose article or directive matches ``text`` (SQLite FTS5 over
    folded text, so "tam diep" finds "Tam Điệp"), best match first, each with
    a ``match`` ("directive" or "article") and a ``snippet`` of the original
    text with the words found in [brackets].  An article in which no visit
    was found still gives one row, with empty visit fields.

    The full-text queries run at once (a query the user wrote wrong fails
    before any row); the rows and texts behind the hits are read a few
    hundred at a time, as the rows are used.  ``search``: the same as a list."""
    query, terms = fts_query(text)
    hits: list[tuple[float, int, str, int]] = []
    for kind, table in (("directive", "directives_fts"), ("article", "articles_fts")):
        found = _fts_rows(db, f"SELECT bm25({table}), rowid FROM {table} WHERE {table} MATCH ?"
                              " ORDER BY 1, rowid" + limit_sql(limit), [query], text)
        hits += [(score, n, kind, rowid) for n, (score, rowid) in enumerate(found)]
    hits.sort(key=lambda h: (h[0], h[1]))
    return _SearchRows(db, hits, term_pattern(terms), limit)


search = all_rows(iter_search)

# Hits whose rows and texts are read together.
_HITS_AT_ONCE = 200


class _SearchRows:
    """The rows of the ``hits`` of a search, in order, read a few hundred
    hits at a time."""

    def __init__(self, db: Database, hits: list[tuple[float, int, str, int]], pattern: re.Pattern[str],
                 limit: int | None) -> None:
        self._rows = self._generate(db, hits, pattern, limit)

    def __iter__(self) -> _SearchRows:
        return self

    def __next__(self) -> dict:
        return next(self._rows)

    def _generate(self, db: Database, hits: list[tuple[float, int, str, int]], pattern: re.Pattern[str],
                  limit: int | None) -> Iterator[dict]:
        seen: set[Any] = set()
        count = 0
        for start in range(0, len(hits), _HITS_AT_ONCE):
            chunk = hits[start:start + _HITS_AT_ONCE]
            directives = _directive_hits(db, [h[3] for h in chunk if h[2] == "directive"])
            visits_of = _visits_of_articles(db, [h[3] for h in chunk if h[2] == "article"])
            for _, _, kind, rowid in chunk:
                if kind == "directive":
                    if rowid not in directives:  # deleted meanwhile
                        continue
                    matched, row = directives[rowid]
                    rows = [row]
                else:
                    title, body, rows = visits_of.get(rowid, (None, "", []))
                snippet = None
                for row in rows:
                    key = row["id"] if row["id"] is not None else ("article", row["article_id"])
                    if key in seen:
                        continue
                    seen.add(key)
                    if snippet is None:
                        if kind == "directive":
                            snippet = make_snippet(matched, pattern)
                        elif pattern.search(body) or not title:
                            snippet = make_snippet(body, pattern)
                        else:
                            snippet = make_snippet(title, pattern)
                    yield row | {"match": kind, "snippet": snippet}
                    count += 1
                    if limit and count >= limit:
                        return


def _directive_hits(db: Database, directive_ids: list[int]) -> dict[int, tuple[str, dict]]:
    """directive id -> (its text, the visit row it belongs to)."""
    if not directive_ids:
        return {}
    marks = ", ".join("?" * len(directive_ids))
    found = {}
    for row in iter_rows(db, f"SELECT d.id AS directive_id, d.text AS matched, {_VISIT_COLUMNS_SQL}"
                             f" FROM directives d {record_joins('d')} WHERE d.id IN ({marks})", directive_ids):
        found[row.pop("directive_id")] = (row.pop("matched"), row)
    return found


def _visits_of_articles(db: Database, article_ids: list[int]) -> dict[int, tuple[str | None, str, list[dict]]]:
    """article id -> (title, text, visit rows in article order); an article
    without visits gets one visit-shaped row with empty visit fields."""
    found: dict[int, tuple[str | None, str, list[dict]]] = {}
    for chunk in range(0, len(article_ids), 500):
        ids = article_ids[chunk:chunk + 500]
        marks = ", ".join("?" * len(ids))
        for r in _rows(db, f"SELECT id, title, text, source FROM articles WHERE id IN ({marks})", ids):
            blank = dict.fromkeys(VISIT_COLUMNS) | {"article_title": r["title"], "source": r["source"],
                                                   "article_id": r["id"]}
            found[r["id"]] = (r["title"], r["text"], [blank])
        rows = _rows(db, _VISIT_SELECT + f" WHERE v.article_id IN ({marks}) ORDER BY v.article_id, v.seq, v.id",
                     ids)
        by_article: dict[int, list[dict]] = {}
        for row in rows:
            by_article.setdefault(row["article_id"], []).append(row)
        for article_id, visit_rows in by_article.items():
            title, body, _ = found[article_id]
            found[article_id] = (title, body, visit_rows)
    return found


# ---------------------------------------------------------------- snippets


def _fold_char(ch: str) -> str:
    if ch in "đĐ":
        return "d"
    base = "".join(c for c in unicodedata.normalize("NFD", ch) if not unicodedata.combining(c)).casefold()
    return base if base.isalnum() else " "


@functools.lru_cache(maxsize=1)
def _letter_classes() -> dict[str, str]:
    """For each folded letter, a regex class of the letters that fold to it
    ("a" -> "[aàáảãạăằ...AÀÁ...]"), so folded words are found in accented
    text by the regex engine itself."""
    groups: dict[str, list[str]] = {}
    ranges = (range(0x41, 0x5B), range(0x61, 0x7B), range(0xC0, 0x250), range(0x1E00, 0x1F00))
    for code in itertools.chain(*ranges):
        ch = chr(code)
        folded = _fold_char(ch)
        if len(folded) == 1 and folded.isascii() and folded.isalpha():
            groups.setdefault(folded, []).append(ch)
    return {letter: "[" + "".join(re.escape(c) for c in chars) + "]" for letter, chars in groups.items()}


def term_pattern(terms: Sequence[str]) -> re.Pattern[str]:
    """A regex finding any of the folded ``terms`` at the start of a word of
    the original (accented, any case) text."""
    classes = _letter_classes()
    words = sorted({t for t in terms if t}, key=len, reverse=True)
    alternatives = ["".join(classes.get(c, re.escape(c)) for c in word) for word in words]
    return re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + ")" if alternatives else r"(?!x)x")


def _term_spans(text: str, pattern: re.Pattern[str], start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Matches of ``pattern`` in ``text[start:end]``; neighbours separated
    only by spaces are merged into one span."""
    merged: list[tuple[int, int]] = []
    for m in pattern.finditer(text, start, len(text) if end is None else end):
        s, e = m.span()
        if merged and not text[merged[-1][1]:s].strip():
            merged[-1] = (merged[-1][0], e)
        else:
            merged.append((s, e))
    return merged


def make_snippet(text: str, terms: Sequence[str] | re.Pattern[str], width: int = 160) -> str:
    """A window of the original (accented) ``text`` around the first match,
    matched words in [brackets], "…" where text was cut."""
    pattern = terms if isinstance(terms, re.Pattern) else term_pattern(terms)
    first_match = pattern.search(text)
    if first_match is None:
        short = " ".join(text[:width].split())
        return short + ("…" if len(text) > width else "")
    first = first_match.start()
    start = max(0, first - width // 3)
    if start:
        space = text.find(" ", start, first)
        start = space + 1 if space != -1 else start
    end = min(len(text), start + width)
    if end < len(text):
        space = text.rfind(" ", max(first, start), end)
        end = space if space > first_match.end() else end
    pieces: list[str] = []
    pos = start
    for s, e in _term_spans(text, pattern, start, end):
        pieces.append(text[pos:s])
        pieces.append(f"[{text[s:e]}]")
        pos = e
    pieces.append(text[pos:end])
    snippet = " ".join("".join(pieces).split())
    return ("…" if start else "") + snippet + ("…" if end < len(text) else "")
