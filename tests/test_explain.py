"""The main queries use indexes: ``EXPLAIN QUERY PLAN`` of the SQL that the
query functions really run shows no full scan of ``visits``.

The statements are captured from ``store.queries`` with a trace callback
(which gives them with their parameters in place), so the test follows the
code as it changes.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest

from visitctl.model import Directive, Extraction, Official, Place, Project, Visit
from visitctl.store import open_db
from visitctl.store import queries
from visitctl.store.write import save_article

COMMUNES = ["Hà Trung", "Tống Sơn", "Bỉm Sơn", "Quang Trung", "Nga Sơn", "Hoằng Hóa"]
OFFICIALS = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Quang Hải"]
# A full scan of the visits table, directly or through an index that does
# not narrow it ("SCAN v USING INDEX ..." reads every row too).
_FULL_SCAN = re.compile(r"^SCAN (v|visits)\b(?! VIRTUAL)")


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    from visitctl.sources import make_article

    path = tmp_path_factory.mktemp("explain") / "v.db"
    database = open_db(path, write=True)
    for n in range(120):
        commune = COMMUNES[n % len(COMMUNES)]
        official = OFFICIALS[n % len(OFFICIALS)]
        date = f"2025-{n % 12 + 1:02d}-{n % 28 + 1:02d}"
        article = make_article(f"Bài {n}: đồng chí {official} thăm xã {commune}, yêu cầu làm đường.", f"/a/{n}.txt")
        visit = Visit(
            date=date, officials=[Official(official, "Bí thư")],
            commune=Place(commune, "xã", None, "Thanh Hóa"),
            projects=[Project(f"Dự án đường giao thông {n}")],
            directives=[Directive(f"Tập trung hoàn thành đường giao thông {n}", ["giao thông"])],
        )
        save_article(database, article, Extraction(title=f"Bài {n}", visits=[visit]))
    # No ANALYZE: users' databases have no statistics either.
    yield database
    database.conn.close()


def _statements(db, call: Callable[[], object]) -> list[str]:
    seen: list[str] = []
    db.conn.set_trace_callback(seen.append)
    try:
        result = call()
        if hasattr(result, "__next__"):  # listings stream rows: run the query to the end
            list(result)
    finally:
        db.conn.set_trace_callback(None)
    return [s for s in seen if re.match(r"\s*(SELECT|WITH)\b", s, re.IGNORECASE)]


def _plan(db, sql: str) -> list[str]:
    return [row[3] for row in db.conn.execute("EXPLAIN QUERY PLAN " + sql)]


def _assert_no_full_scan(db, call: Callable[[], object]) -> None:
    statements = _statements(db, call)
    assert statements, "the query function ran no SELECT"
    for sql in statements:
        if not re.search(r"\bvisits\b", sql):
            continue
        plan = _plan(db, sql)
        scans = [step for step in plan if _FULL_SCAN.match(step)]
        assert not scans, f"full scan of visits:\n{sql}\n" + "\n".join(plan)


def test_visits_by_commune_uses_an_index(db):
    _assert_no_full_scan(db, lambda: queries.visits(db, commune="Hà Trung"))


def test_visits_by_date_range_uses_an_index(db):
    _assert_no_full_scan(db, lambda: queries.visits(db, since="2025-03-01", until="2025-03-31"))


def test_visits_by_official_uses_an_index(db):
    _assert_no_full_scan(db, lambda: queries.visits(db, official="Trần Thị Bình"))


def test_commune_report_and_its_directives_use_indexes(db):
    ids = [r["id"] for r in queries.resolve_communes(db, "Tống Sơn")]
    _assert_no_full_scan(db, lambda: queries.commune_report(db, ids))


def test_projects_search_uses_indexes(db):
    _assert_no_full_scan(db, lambda: queries.projects(db, search="giao thông"))


def test_projects_of_a_commune_use_indexes(db):
    _assert_no_full_scan(db, lambda: queries.projects(db, commune="Bỉm Sơn"))


def test_search_uses_the_full_text_index(db):
    statements = _statements(db, lambda: queries.search(db, "giao thông"))
    fts = [s for s in statements if "MATCH" in s]
    assert fts, statements
    for sql in fts:
        assert any("VIRTUAL TABLE INDEX" in step for step in _plan(db, sql)), sql
    _assert_no_full_scan(db, lambda: queries.search(db, "giao thông"))


def test_directives_by_commune_use_indexes(db):
    """The directives of a commune, and of the communes ``diff`` compares."""
    store_directives = pytest.importorskip("visitctl.store.directives")
    _assert_no_full_scan(db, lambda: store_directives.directives(db, commune="Nga Sơn"))
    _assert_no_full_scan(db, lambda: store_directives.diff_columns(db, ["Nga Sơn", "Hà Trung", "Tống Sơn"]))


def test_directives_by_commune_and_official_use_indexes(db):
    store_directives = pytest.importorskip("visitctl.store.directives")
    _assert_no_full_scan(db, lambda: store_directives.directives(db, commune="Nga Sơn", official="Lê Quang Hải"))
