"""Overview queries: timeline buckets, coverage of a province, stats."""

from __future__ import annotations

import pytest

from overview_data import build_db
from visitctl import gazetteer
from visitctl.errors import UnknownName, UsageError
from visitctl.store import open_db
from visitctl.store import overview as ov


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = build_db(tmp_path_factory.mktemp("overview") / "visits.db")
    database = open_db(path)
    yield database
    database.conn.close()


def _by_period(rows):
    return {r["period"]: r["visits"] for r in rows}


# -- timeline ---------------------------------------------------------------


def test_month_buckets_count_visits_not_official_rows(db):
    result = ov.timeline(db, by="month")
    months = _by_period(result.rows)
    # Two officials in two communes on 2025-11-25, and Hà Trung again on 11-03.
    assert months["2025-11"] == 3
    assert months["2025-10"] == 2  # Yên Thành, and a session with the province (no commune)
    assert months["2024-05"] == 1


def test_empty_periods_between_first_and_last_are_listed_with_zero(db):
    result = ov.timeline(db, by="month")
    periods = [r["period"] for r in result.rows]
    assert periods[0] == "2024-05" and periods[-1] == "2025-11"
    assert len(periods) == 19  # May 2024 .. Nov 2025
    assert _by_period(result.rows)["2025-01"] == 0


def test_week_buckets_are_iso_weeks(db):
    weeks = _by_period(ov.timeline(db, by="week", since="2025-11-01").rows)
    # From the week of --since (2025-11-01 is in W44) to the last visit.
    assert weeks == {"2025-W44": 0, "2025-W45": 1, "2025-W46": 0, "2025-W47": 0, "2025-W48": 2}


def test_iso_week_of_early_january_belongs_to_the_previous_year():
    assert ov.period_of("2027-01-01", "week") == "2026-W53"
    assert ov.period_of("2025-12-29", "week") == "2026-W01"


def test_dates_without_a_year_are_left_out_of_buckets_and_counted(db):
    result = ov.timeline(db)
    assert result.undated == 1  # Sầm Sơn on --10-12
    assert sum(r["visits"] for r in result.rows) == 10


def test_since_and_until_bound_the_buckets(db):
    rows = ov.timeline(db, since="2025-09-01", until="2025-10-31").rows
    assert _by_period(rows) == {"2025-09": 1, "2025-10": 2}


def test_per_official_counts_each_officials_visits(db):
    rows = ov.timeline(db, per="official", since="2025-11-01").rows
    assert {(r["official"], r["visits"]) for r in rows} == {("Nguyễn Văn An", 3), ("Lê Thị Bình", 2)}
    assert rows[0]["official"] == "Nguyễn Văn An"  # most visits first within a period


def test_per_commune_merges_spellings_of_the_province_and_keeps_districts_apart(db):
    rows = ov.timeline(db, per="commune").rows
    labels = {(r["period"], r["commune"], r["province"]): r["visits"] for r in rows}
    assert labels[("2025-11", "xã Hà Trung", "Thanh Hóa")] == 2
    assert labels[("2025-11", "phường Bỉm Sơn", "Thanh Hóa")] == 1  # stored as "Tỉnh Thanh Hoá"
    assert labels[("2024-05", "huyện Hà Trung", "Thanh Hóa")] == 1
    # A province merged in 2025 keeps its own name on screen.
    assert labels[("2025-08", "xã Mai Châu", "Hòa Bình")] == 1


def test_province_filter_takes_any_spelling_and_visits_without_commune(db):
    for name in ("Thanh Hóa", "thanh hoa", "Tỉnh Thanh Hoá", "THANH HOÁ"):
        result = ov.timeline(db, province=name)
        assert sum(r["visits"] for r in result.rows) == 6, name
        assert result.undated == 1


def test_official_filter_matches_part_of_a_name_without_accents(db):
    rows = ov.timeline(db, official="van an").rows
    assert sum(r["visits"] for r in rows) == 4


def test_commune_filter_with_a_unit_word_picks_that_unit(db):
    assert _by_period(ov.timeline(db, commune="xã Hà Trung").rows) == {"2025-11": 2}
    assert _by_period(ov.timeline(db, commune="huyen ha trung").rows) == {"2024-05": 1}
    both = ov.timeline(db, commune="Hà Trung", province="Thanh Hóa").rows
    assert sum(r["visits"] for r in both) == 3


def test_unknown_names_say_what_is_nearest(db):
    with pytest.raises(UnknownName, match="Nguyễn Văn An"):
        ov.timeline(db, official="Nguyen Van Am")
    with pytest.raises(UnknownName, match="Hà Trung"):
        ov.timeline(db, commune="Ha Trug")
    with pytest.raises(UsageError, match="nearest: Thanh Hóa"):
        ov.timeline(db, province="Thanh Hao")


def test_bad_bucket_is_a_usage_error(db):
    with pytest.raises(UsageError):
        ov.timeline(db, by="day")


# -- coverage ---------------------------------------------------------------


def test_coverage_lists_every_commune_of_the_province(db):
    result = ov.coverage(db, "Thanh Hóa")
    expected = len(gazetteer.communes_of("Thanh Hóa"))
    assert result.total == expected == len(result.rows) == 166
    visited = {r["commune"]: r for r in result.rows if r["visits"]}
    assert set(visited) == {"Hà Trung", "Bỉm Sơn", "Sầm Sơn", "Hoằng Hóa", "Hoằng Tiến"}
    assert result.visited == 5


def test_coverage_gives_count_last_visit_and_last_official(db):
    rows = {r["commune"]: r for r in ov.coverage(db, "thanh hoa").rows}
    ha_trung = rows["Hà Trung"]
    # The district of 2024 is not the commune of 2025.
    assert ha_trung["visits"] == 2
    assert ha_trung["last_visit"] == "2025-11-25"
    assert ha_trung["last_official"] == "Nguyễn Văn An"  # the lead of the last visit
    assert ha_trung["last_title"] == "Bí thư Tỉnh ủy"
    assert rows["Hoằng Hóa"]["visits"] == 1  # commune stored without a province
    assert rows["Nga Sơn"] == {
        "commune": "Nga Sơn", "type": "xã", "province": "Thanh Hóa", "visits": 0,
        "last_visit": None, "last_official": None, "last_title": None,
    }


def test_coverage_in_a_period_counts_dated_visits_in_it(db):
    result = ov.coverage(db, "Thanh Hóa", since="2025-11-01")
    visited = {r["commune"]: r["visits"] for r in result.rows if r["visits"]}
    assert visited == {"Hà Trung": 2, "Bỉm Sơn": 1}
    result = ov.coverage(db, "Thanh Hóa", until="2025-11-10")
    assert {r["commune"]: r["visits"] for r in result.rows if r["visits"]} == {
        "Hà Trung": 1, "Hoằng Hóa": 1, "Hoằng Tiến": 1,
    }


def test_unvisited_lists_only_communes_never_visited(db):
    result = ov.coverage(db, "Thanh Hóa", unvisited=True)
    names = {r["commune"] for r in result.rows}
    assert len(names) == 166 - 5
    assert "Hà Trung" not in names and "Nga Sơn" in names
    assert all(r["visits"] == 0 for r in result.rows)


def test_a_commune_without_province_counts_only_where_its_name_is_unique(db):
    rows = {(r["type"], r["commune"]): r["visits"] for r in ov.coverage(db, "Thanh Hóa").rows}
    assert rows[("xã", "Hoằng Tiến")] == 1
    assert rows[("phường", "Quang Trung")] == 0


def test_coverage_counts_a_pre_2025_province_under_the_one_it_joined(db):
    rows = {r["commune"]: r for r in ov.coverage(db, "Phú Thọ").rows}
    assert rows["Mai Châu"]["visits"] == 1


def test_coverage_of_an_unknown_province_names_the_nearest(db):
    with pytest.raises(UsageError, match="no province named 'Thanh Hao'; nearest: Thanh Hóa"):
        ov.coverage(db, "Thanh Hao")


# -- stats ------------------------------------------------------------------


def test_stats_counts(db):
    data = ov.stats(db)
    assert {k: data[k] for k in (
        "articles", "visits", "undated_visits", "officials", "communes", "provinces",
        "projects", "directives", "figures", "gifts",
    )} == {
        "articles": 9, "visits": 11, "undated_visits": 1, "officials": 3, "communes": 9,
        "provinces": 3, "projects": 1, "directives": 4, "figures": 1, "gifts": 1,
    }
    assert (data["first_visit"], data["last_visit"]) == ("2024-05-10", "2025-11-25")
    assert data["top_topics"][0] == {"topic": "quy hoạch", "directives": 2}
    assert len(data["top_topics"]) == 4


def test_stats_of_an_empty_database(tmp_path):
    db = open_db(tmp_path / "empty.db", write=True)
    data = ov.stats(db)
    assert data["articles"] == data["visits"] == 0
    assert data["first_visit"] is None and data["top_topics"] == []
    assert ov.timeline(db).rows == []
