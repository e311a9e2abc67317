"""The whole picture: visits over time, coverage of a province's communes,
and counts of everything in the database.

Read-only queries over an open ``Database``; they return plain rows (dicts)
and raise ``UsageError``/``UnknownName`` for names that match nothing.

A *visit* is one commune (or, without a commune, one province) on one date of
one article; the ``visits`` table holds one row per official of it, so counts
here are of distinct ``(article, date, commune, province)`` and not of rows.
Visits whose date is ``--MM-DD`` (year unknown) or missing cannot be placed in
time: time buckets leave them out and report how many they left out.

Names users type are folded (case, accents, tone placement, đ/d do not
matter) and compared in Python against the small ``officials`` and
``communes`` tables; the ids found reach SQL as one JSON parameter.  Province
names stored from articles vary ("Thanh Hóa", "tỉnh Thanh Hoá", or a
pre-2025 province such as "Hòa Bình"), so they are compared on the folded
name of today's province they belong to.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from visitctl.errors import UnknownName, UsageError
from visitctl.extract.normalize import fold

if TYPE_CHECKING:
    from sqlite_utils import Database

# The identity of one visit across the rows of its officials.
VISIT_KEY = (
    "v.article_id || '|' || ifnull(v.date, '') || '|' || ifnull(v.commune_id, '') || '|' || ifnull(v.province, '')"
)
# A full ISO date (not "--MM-DD", not NULL).
FULL_DATE = "v.date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'"
# Today's commune-level units; a stored unit of another type (huyện, thị
# trấn, ...) is not one of them even when the names coincide.
COMMUNE_TYPES = {"xa", "phuong", "dac khu"}  # folded

# Leading unit words, compared folded ("Tỉnh", "tinh", "Thành phố", "TP.").
_PROVINCE_WORDS = ("tinh ", "thanh pho ", "tp ")
# Compared with their accents: "Quan Sơn" is a name, "Quận Sơn" is not.
_COMMUNE_WORD = re.compile(r"^\s*(?:xã|phường|đặc khu|thị trấn)\s+", re.IGNORECASE)


# --------------------------------------------------------------------------
# Name keys


def commune_key(name: str | None) -> str:
    """Folded commune name without a leading unit word: "Phường Bỉm Sơn" -> "bim son"."""
    return fold(_COMMUNE_WORD.sub("", name or "", count=1) or name)


def _bare_province(name: str) -> str:
    """Folded province name without "Tỉnh"/"Thành phố"/"TP."."""
    folded = fold(name)
    for word in _PROVINCE_WORDS:
        if folded.startswith(word) and len(folded) > len(word):
            return folded[len(word):]
    return folded


@lru_cache(maxsize=4096)
def _province_name(name: str | None) -> str | None:
    """Today's province for a province as written (a province merged in 2025
    gives the one it joined), else the name as written."""
    if not name:
        return None
    from visitctl.gazetteer import find_province

    return find_province(name) or find_province(_bare_province(name)) or name


@lru_cache(maxsize=4096)
def province_label(name: str | None) -> str | None:
    """A province as written, in one spelling: today's name ("tỉnh Thanh Hoá"
    -> "Thanh Hóa"), or the pre-2025 province it names ("nam dinh" -> "Nam
    Định"), so that an old article keeps its own province on screen."""
    if not name:
        return None
    from visitctl.gazetteer import old_province

    today = _province_name(name)
    if today and _bare_province(name) == fold(today):
        return today
    return old_province(name) or old_province(_bare_province(name)) or today


def province_key(name: str | None) -> str:
    """Folded name of today's province for a province as written: "Tỉnh Thanh
    Hoá", "thanh hoa" and "Thanh Hóa" give "thanh hoa"; an unknown name gives
    its folded form without "Tỉnh"/"Thành phố"."""
    if not name:
        return ""
    return _bare_province(_province_name(name) or name)


def commune_label(unit_type: str | None, name: str) -> str:
    """"xã Hà Trung"; the type keeps a commune apart from a district of the same name."""
    return f"{unit_type} {name}" if unit_type else name


def nearest(name: str, candidates: list[str], n: int = 3) -> list[str]:
    """Up to ``n`` candidates closest to ``name`` (compared folded)."""
    import difflib

    folded = {fold(c): c for c in candidates}
    target = fold(name)
    hits = [folded[k] for k in difflib.get_close_matches(target, list(folded), n=n, cutoff=0.5)]
    if not hits:  # a part of a name: "thanh" -> Thanh Hóa
        hits = [c for k, c in folded.items() if target and target in k][:n]
    return hits


def resolve_province(name: str) -> str:
    """Today's province for ``name``, or an error naming the nearest ones."""
    from visitctl.gazetteer import provinces

    found = _province_name(name)
    if not found or fold(found) not in {fold(p) for p in provinces()}:
        near = nearest(name, provinces())
        hint = f"; nearest: {', '.join(near)}" if near else ""
        raise UsageError(f"no province named '{name}'{hint}")
    return found


def _official_ids(db: Database, name: str) -> list[int]:
    """Officials whose folded name contains the folded ``name`` (as whole words)."""
    target = f" {fold(name)} "
    rows = db.execute("SELECT id, name FROM officials").fetchall()
    ids = [oid for oid, oname in rows if target.strip() and target in f" {fold(oname)} "]
    if not ids:
        raise UnknownName("official", name, nearest(name, [r[1] for r in rows]))
    return ids


# Unit words a user may put before a commune name, folded -> stored type.
_UNIT_WORDS = {
    "xa": "xã", "phuong": "phường", "dac khu": "đặc khu", "thi tran": "thị trấn",
    "huyen": "huyện", "quan": "quận", "thi xa": "thị xã", "thanh pho": "thành phố",
}


def _commune_ids(db: Database, name: str, province: str | None) -> list[int]:
    """Communes named ``name`` in ``province`` if given (folded).

    A leading unit word ("xã Hà Trung", "huyen ha trung") picks that type, so
    the commune and the former district of the same name stay apart; a name
    that itself starts with such a word still matches as a whole."""
    rows = db.execute("SELECT id, name, type, province FROM communes").fetchall()
    prov = province_key(province) if province else None
    folded = fold(name)

    def matching(target: str, unit_type: str | None) -> list[int]:
        return [
            cid for cid, cname, ctype, cprov in rows
            if fold(cname) == target and (unit_type is None or fold(ctype) == fold(unit_type))
            and (prov is None or cprov is None or province_key(cprov) == prov)
        ]

    ids = matching(folded, None)
    if not ids:
        for word, unit_type in _UNIT_WORDS.items():
            if folded.startswith(word + " "):
                ids = matching(folded[len(word) + 1:], unit_type)
                if ids:
                    break
    if not ids:
        raise UnknownName("commune", name, nearest(name, sorted({r[1] for r in rows})))
    return ids


def _province_spellings(db: Database, province: str) -> list[str]:
    """Every province as stored (communes and visits) that means ``province``."""
    target = province_key(province)
    stored = {
        r[0] for r in db.execute(
            "SELECT province FROM communes WHERE province IS NOT NULL "
            "UNION SELECT province FROM visits WHERE province IS NOT NULL"
        ).fetchall()
    }
    return sorted(p for p in stored if province_key(p) == target)


# --------------------------------------------------------------------------
# Filters


@dataclass
class _Where:
    clauses: list[str] = field(default_factory=list)
    params: list[Any] = field(default_factory=list)

    def add(self, clause: str, *params: Any) -> None:
        self.clauses.append(clause)
        self.params.extend(params)

    @property
    def sql(self) -> str:
        return (" WHERE " + " AND ".join(self.clauses)) if self.clauses else ""


def _filters(
    db: Database,
    *,
    official: str | None,
    province: str | None,
    commune: str | None,
) -> _Where:
    where = _Where()
    if province:
        spellings = _province_spellings(db, province)
        if not spellings:
            resolve_province(province)  # an unknown name raises, naming the nearest
        where.add(
            "coalesce(c.province, v.province) IN (SELECT value FROM json_each(?))",
            json.dumps(spellings, ensure_ascii=False),
        )
    if commune:
        where.add("v.commune_id IN (SELECT value FROM json_each(?))", json.dumps(_commune_ids(db, commune, province)))
    if official:
        where.add("v.official_id IN (SELECT value FROM json_each(?))", json.dumps(_official_ids(db, official)))
    return where


# --------------------------------------------------------------------------
# Timeline


@dataclass
class Timeline:
    """Visits per period; ``undated`` counts matching visits with no full date."""

    by: str
    per: str | None
    rows: list[dict[str, Any]]
    undated: int

    @property
    def columns(self) -> list[str]:
        if self.per == "official":
            return ["period", "official", "visits"]
        if self.per == "commune":
            return ["period", "commune", "province", "visits"]
        return ["period", "visits"]


def period_of(day: str, by: str) -> str:
    """"2025-11-25" -> "2025-11" (month) or "2025-W48" (ISO week)."""
    if by == "month":
        return day[:7]
    year, week, _ = date.fromisoformat(day).isocalendar()
    return f"{year}-W{week:02d}"


def _periods(first: str, last: str, by: str) -> list[str]:
    """Every period from the one holding ``first`` to the one holding ``last``."""
    out: list[str] = []
    if by == "month":
        y, m = int(first[:4]), int(first[5:7])
        while f"{y:04d}-{m:02d}" <= last[:7]:
            out.append(f"{y:04d}-{m:02d}")
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
        return out
    start = date.fromisoformat(first)
    day = start - timedelta(days=start.weekday())
    end = date.fromisoformat(last)
    while day <= end:
        out.append(period_of(day.isoformat(), "week"))
        day += timedelta(days=7)
    return out


def timeline(
    db: Database,
    *,
    by: str = "month",
    per: str | None = None,
    official: str | None = None,
    province: str | None = None,
    commune: str | None = None,
    since: str | None = None,
    until: str | None = None,
) -> Timeline:
    """Visits per ISO week or month, optionally split per official or per commune.

    Without ``per`` every period between the first and the last visit is
    listed, empty ones with 0.  ``since``/``until`` are ISO dates."""
    if by not in ("week", "month"):
        raise UsageError(f"--by must be week or month, not '{by}'")
    if per not in (None, "official", "commune"):
        raise UsageError(f"--per must be official or commune, not '{per}'")
    where = _filters(db, official=official, province=province, commune=commune)
    base = (
        "FROM visits v LEFT JOIN communes c ON c.id = v.commune_id "
        "LEFT JOIN officials o ON o.id = v.official_id"
    )
    undated_where = _Where(list(where.clauses), list(where.params))
    undated_where.add(f"NOT ({FULL_DATE} AND v.date IS NOT NULL)")
    undated = db.execute(
        f"SELECT count(DISTINCT {VISIT_KEY}) {base}{undated_where.sql}", undated_where.params
    ).fetchone()[0]

    where.add(FULL_DATE)
    if since:
        where.add("v.date >= ?", since)
    if until:
        where.add("v.date <= ?", until)
    if per == "official":
        group = "o.name"
        where.add("v.official_id IS NOT NULL")
    elif per == "commune":
        group = "c.type, c.name, coalesce(c.province, v.province)"
        where.add("v.commune_id IS NOT NULL")
    else:
        group = None
    # Count per day (and group) in SQL, then add the days up into periods:
    # a visit lasts one day, so no visit is counted twice.
    select = (
        f"SELECT v.date, {group + ', ' if group else ''}count(DISTINCT {VISIT_KEY}) {base}{where.sql} "
        f"GROUP BY v.date{', ' + group if group else ''}"
    )
    totals: dict[tuple, int] = {}
    days: list[str] = []
    for row in db.execute(select, where.params).fetchall():
        day, *keys, n = row
        days.append(day)
        if per == "commune":  # one unit whatever the spelling of its province
            keys = [commune_label(keys[0], keys[1]), province_label(keys[2])]
        bucket = (period_of(day, by), *keys)
        totals[bucket] = totals.get(bucket, 0) + n

    rows: list[dict[str, Any]] = []
    if per is None:
        if days:  # from --since (or the first visit) to the last visit
            for period in _periods(min(since or min(days), min(days)), max(days), by):
                rows.append({"period": period, "visits": totals.get((period,), 0)})
    else:
        ordered = sorted(totals.items(), key=lambda kv: (kv[0][0], -kv[1], fold(kv[0][1] or "")))
        for (period, *keys), n in ordered:
            if per == "official":
                rows.append({"period": period, "official": keys[0], "visits": n})
            else:
                rows.append({"period": period, "commune": keys[0], "province": keys[1], "visits": n})
    return Timeline(by=by, per=per, rows=rows, undated=undated)


# --------------------------------------------------------------------------
# Coverage


@dataclass
class Coverage:
    """Every commune of ``province`` with its visits in the period."""

    province: str
    rows: list[dict[str, Any]]
    total: int  # communes and wards of the province in the gazetteer
    visited: int

    columns = ["commune", "type", "province", "visits", "last_visit", "last_official", "last_title"]


def coverage(
    db: Database,
    province: str,
    *,
    since: str | None = None,
    until: str | None = None,
    unvisited: bool = False,
) -> Coverage:
    """Each commune and ward of ``province`` (from the 2025 gazetteer) with its
    number of visits, last visit date and last visiting official.

    With ``since``/``until`` only visits with a full date in that range count;
    without them every visit counts, dated or not.  ``unvisited`` keeps the
    communes with no visit."""
    from visitctl.gazetteer import communes_of

    prov = resolve_province(province)
    units = communes_of(prov)
    target = fold(prov)
    by_name: dict[str, list[int]] = {}
    for i, unit in enumerate(units):
        by_name.setdefault(commune_key(unit["name"]), []).append(i)

    # Stored communes that may be one of these units: same name, a commune
    # type (or none), and this province (or none: then the visit's own decides).
    candidates: dict[int, list[int]] = {}  # commune id -> unit indexes
    maybe_province: dict[int, bool] = {}  # commune id -> needs the visit's province
    for cid, cname, ctype, cprov in db.execute("SELECT id, name, type, province FROM communes").fetchall():
        idxs = by_name.get(commune_key(cname))
        if not idxs or (ctype and fold(ctype) not in COMMUNE_TYPES):
            continue
        if cprov and province_key(cprov) != target:
            continue
        if len(idxs) > 1:  # the same name twice in a province: the type decides
            idxs = [i for i in idxs if fold(units[i]["type"]) == fold(ctype)]
            if len(idxs) != 1:
                continue
        candidates[cid] = idxs
        maybe_province[cid] = not cprov

    where = _Where()
    where.add("v.commune_id IN (SELECT value FROM json_each(?))", json.dumps(sorted(candidates)))
    if since or until:
        where.add(FULL_DATE)
    if since:
        where.add("v.date >= ?", since)
    if until:
        where.add("v.date <= ?", until)
    sql = (
        f"SELECT v.id, v.commune_id, v.province, v.date, {VISIT_KEY} AS visit, o.name, v.official_title "
        "FROM visits v LEFT JOIN officials o ON o.id = v.official_id"
        f"{where.sql} ORDER BY v.id"
    )
    seen: dict[int, set[str]] = {}
    last: dict[int, tuple] = {}
    unique: dict[int, bool] = {}
    for vid, cid, vprov, vdate, visit, oname, otitle in db.execute(sql, where.params).fetchall():
        if maybe_province[cid]:
            if vprov and province_key(vprov) != target:
                continue
            if not vprov and not unique.setdefault(cid, _only_in(units[candidates[cid][0]]["name"], prov)):
                continue  # no province anywhere: only a name found in no other province counts
        idx = candidates[cid][0]
        seen.setdefault(idx, set()).add(visit)
        full = bool(vdate) and not vdate.startswith("--")
        rank = (full, vdate if full else "", -vid)  # latest full date; its first (lead) row
        if idx not in last or rank > last[idx][0]:
            last[idx] = (rank, vdate, oname, otitle)

    rows: list[dict[str, Any]] = []
    for i, unit in enumerate(units):
        count = len(seen.get(i, ()))
        if unvisited and count:
            continue
        _, vdate, oname, otitle = last.get(i, (None, None, None, None))
        rows.append({
            "commune": unit["name"], "type": unit["type"], "province": unit["province"],
            "visits": count, "last_visit": vdate, "last_official": oname, "last_title": otitle,
        })
    rows.sort(key=lambda r: (fold(r["commune"]), r["type"]))
    return Coverage(province=prov, rows=rows, total=len(units), visited=len(seen))


def _only_in(name: str, province: str) -> bool:
    """Whether no other province has a commune or ward of this name."""
    from visitctl.gazetteer import communes_of, provinces

    target = commune_key(name)
    return not any(
        commune_key(unit["name"]) == target
        for other in provinces() if other != province
        for unit in communes_of(other)
    )


# --------------------------------------------------------------------------
# Stats


def stats(db: Database, *, top: int = 10) -> dict[str, Any]:
    """Counts of everything, the date range of the visits, the most frequent
    directive topics."""
    one = lambda sql: db.execute(sql).fetchone()  # noqa: E731
    first, last = one(f"SELECT min(v.date), max(v.date) FROM visits v WHERE {FULL_DATE}")
    published = one("SELECT min(published), max(published) FROM articles WHERE published IS NOT NULL")
    topics = db.execute(
        "SELECT t.value, count(*) FROM directives d, "
        "json_each(CASE WHEN json_valid(d.topics) AND json_type(d.topics) = 'array' "
        "THEN d.topics ELSE json_array(d.topic) END) t "
        "WHERE t.value IS NOT NULL AND t.value != '' "
        "GROUP BY t.value ORDER BY count(*) DESC, t.value LIMIT ?",
        [top],
    ).fetchall()
    return {
        "articles": one("SELECT count(*) FROM articles")[0],
        "visits": one(f"SELECT count(DISTINCT {VISIT_KEY}) FROM visits v")[0],
        "undated_visits": one(
            f"SELECT count(DISTINCT {VISIT_KEY}) FROM visits v WHERE v.date IS NULL OR NOT {FULL_DATE}"
        )[0],
        "officials": one("SELECT count(DISTINCT official_id) FROM visits")[0],
        "communes": one("SELECT count(DISTINCT commune_id) FROM visits")[0],
        "provinces": len({
            province_key(r[0]) for r in db.execute(
                "SELECT DISTINCT coalesce(c.province, v.province) FROM visits v "
                "LEFT JOIN communes c ON c.id = v.commune_id"
            ).fetchall() if r[0]
        }),
        "projects": one("SELECT count(*) FROM projects")[0],
        "directives": one("SELECT count(*) FROM directives")[0],
        "figures": one("SELECT count(*) FROM figures")[0],
        "gifts": one("SELECT count(*) FROM gifts")[0],
        "first_visit": first,
        "last_visit": last,
        "first_published": published[0],
        "last_published": published[1],
        "top_topics": [{"topic": t, "directives": n} for t, n in topics],
    }
