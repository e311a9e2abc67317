"""Storage: idempotent writes, replacement, integrity, folded lookups, FTS."""

from __future__ import annotations

import json

import pytest
from helpers_store import PHONG, TEXT_A, article_a, article_b, build_db

from visitctl.errors import AmbiguousName, UnknownName, UsageError
from visitctl.model import Article, Extraction
from visitctl.sources import make_article
from visitctl.store import open_db
from visitctl.store import queries
from visitctl.store.write import delete_article, replace_records, save_article

TABLES = ["articles", "visits", "communes", "officials", "projects", "directives", "figures", "gifts",
          "delegation", "articles_fts", "directives_fts"]


def counts(db) -> dict[str, int]:
    return {t: db.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}


@pytest.fixture
def db(tmp_path):
    return open_db(tmp_path / "v.db", write=True)


@pytest.fixture
def full(tmp_path):
    return open_db(build_db(tmp_path / "v.db"))


def test_save_is_idempotent(db):
    art, ex = article_a()
    assert save_article(db, art, ex) == "new"
    before = counts(db)
    assert save_article(db, art, ex) == "unchanged"
    # same text under another name is the same article
    again = make_article(art.text, "copy-of-a.txt")
    assert save_article(db, again, ex) == "unchanged"
    assert counts(db) == before


def test_one_row_per_official_commune_date_and_records(db):
    art, ex = article_a()
    save_article(db, art, ex)
    c = counts(db)
    assert c["visits"] == 2 and c["communes"] == 2 and c["officials"] == 1
    assert c["projects"] == 1 and c["directives"] == 2 and c["figures"] == 1 and c["gifts"] == 1
    assert c["delegation"] == 2 and c["articles_fts"] == 1 and c["directives_fts"] == 2
    row = db.execute("SELECT official_title, evidence, ev_start, ev_end FROM visits ORDER BY id").fetchone()
    assert row[0] == "Phó Bí thư Thường trực Tỉnh ủy"
    assert art.text[row[2]:row[3]] == row[1]
    topics, topic, value = db.execute(
        "SELECT d.topics, d.topic, f.value FROM directives d, figures f ORDER BY d.id"
    ).fetchone()
    assert json.loads(topics) == ["quy hoạch"] and topic == "quy hoạch" and value == 243609000000


def test_changed_text_replaces_old_records(db):
    art, ex = article_a()
    save_article(db, art, ex)
    b, bex = article_b()
    save_article(db, b, bex)
    changed, cex = article_a(TEXT_A.replace("quý I", "quý II"))
    assert save_article(db, changed, cex) == "replaced"
    c = counts(db)
    assert c["articles"] == 2 and c["visits"] == 3 and c["directives"] == 3 and c["directives_fts"] == 3
    assert db.execute("SELECT count(*) FROM articles WHERE text LIKE '%quý II.%'").fetchone()[0] == 1
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []


def test_stdin_articles_do_not_replace_each_other(db):
    one = make_article("Bài thứ nhất.", "<stdin>")
    two = make_article("Bài thứ hai.", "<stdin>")
    assert save_article(db, one, Extraction()) == "new"
    assert save_article(db, two, Extraction()) == "new"
    assert counts(db)["articles"] == 2


def test_delete_article_leaves_no_orphans(db):
    for art, ex in (article_a(), article_b()):
        save_article(db, art, ex)
    article_id = db.execute("SELECT id FROM articles WHERE source = 'a.txt'").fetchone()[0]
    delete_article(db, article_id)
    c = counts(db)
    assert c["articles"] == 1 and c["visits"] == 1 and c["projects"] == 1 and c["delegation"] == 0
    assert c["communes"] == 1  # Hà Trung and Tống Sơn went with their only article
    assert c["articles_fts"] == 1 and c["directives_fts"] == 1
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []


def test_failed_write_leaves_nothing(db, monkeypatch):
    import visitctl.store.write as write

    def boom(*args):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(write, "_commune_id", boom)
    art, ex = article_a()
    with pytest.raises(RuntimeError):
        save_article(db, art, ex)
    assert set(counts(db).values()) == {0}


def test_replace_records_keeps_article_id(db):
    art, ex = article_a()
    save_article(db, art, ex)
    article_id = db.execute("SELECT id FROM articles").fetchone()[0]
    replace_records(db, article_id, Extraction(title=art.title))
    c = counts(db)
    assert c["articles"] == 1 and c["visits"] == 0 and c["directives_fts"] == 0 and c["communes"] == 0


def test_foreign_keys_are_enforced(db):
    import sqlite3

    with pytest.raises(sqlite3.IntegrityError):
        db.execute("INSERT INTO visits (article_id, date) VALUES (999, '2025-01-01')")


@pytest.mark.parametrize("name", ["ha trung", "Hà Trung", "HÀ TRUNG", "Hà  Trung", "xã Hà Trung"])
def test_commune_names_are_folded(full, name):
    rows = queries.resolve_communes(full, name, province="thanh hoa")
    assert [(r["name"], r["province"]) for r in rows] == [("Hà Trung", "Thanh Hóa")]


def test_ambiguous_commune_lists_candidates(full):
    with pytest.raises(AmbiguousName) as err:
        queries.resolve_communes(full, "ha trung")
    message = str(err.value)
    assert "Hà Trung (xã, Ninh Bình)" in message and "Hà Trung (xã, Thanh Hóa)" in message
    assert "--province" in message


def test_unknown_commune_suggests_nearest(full):
    with pytest.raises(UnknownName) as err:
        queries.resolve_communes(full, "Ha Trug")
    assert "Hà Trung" in str(err.value)
    with pytest.raises(UnknownName):
        queries.resolve_communes(full, "Bỉm Sơn", province="Ninh Bình")


def test_visits_newest_first_and_filters(full):
    rows = queries.visits(full)
    assert [r["date"] for r in rows] == ["2025-11-27", "2025-11-25", "2025-11-25", "2025-10-01"]
    assert {"id", "date", "commune", "commune_type", "province", "official", "official_title",
            "article_title", "source"} <= set(rows[0])
    assert len(queries.visits(full, since="2025-11-26")) == 1
    assert len(queries.visits(full, until="2025-10-31")) == 1
    assert len(queries.visits(full, official="hong phong")) == 3
    assert len(queries.visits(full, province="THANH HOÁ")) == 3
    assert len(queries.visits(full, commune="tong son")) == 1
    assert queries.visits(full, limit=2)[0]["commune"] == "Bỉm Sơn"


@pytest.mark.parametrize("words", ["cầu Hà Lan", "cau ha lan", "TAM DIEP"])
def test_project_search_is_folded(full, words):
    rows = queries.projects(full, search=words)
    assert [r["project"] for r in rows] == ["Dự án nâng cấp cải tạo đê Tam Điệp và cầu Hà Lan"]
    assert rows[0]["commune"] == "Hà Trung" and rows[0]["official"] == PHONG


def test_fts_finds_folded_words_with_accented_snippet(full):
    rows = queries.search(full, "tam diep")
    assert rows and rows[0]["match"] == "article"
    assert "[Tam Điệp]" in rows[0]["snippet"]
    assert {r["commune"] for r in rows} == {"Hà Trung", "Tống Sơn"}


def test_fts_directive_match_points_at_its_visit(full):
    rows = queries.search(full, "chuyen doi so")
    assert rows[0]["match"] == "directive" and rows[0]["commune"] == "Tống Sơn"
    assert rows[0]["snippet"] == "đẩy mạnh [chuyển đổi số] [thí điểm]"


@pytest.mark.parametrize("bad", ['"unclosed', "AND", "(quy hoach", "!!!"])
def test_fts_syntax_errors_are_usage_errors(full, bad):
    with pytest.raises(UsageError):
        queries.search(full, bad)


def test_commune_report_gathers_records(full):
    ids = [r["id"] for r in queries.resolve_communes(full, "ha trung", "Thanh Hóa")]
    report = queries.commune_report(full, ids)
    assert report["commune"]["name"] == "Hà Trung"
    assert [v["date"] for v in report["visits"]] == ["2025-11-25"]
    assert report["projects"][0]["project"].startswith("Dự án nâng cấp")
    assert report["figures"][0]["value"] == 243609000000
    assert report["directives"][0]["topics"] == ["quy hoạch"]
    assert report["gifts"][0]["gift"] == "Mẹ Việt Nam Anh hùng Lê Thị Hoa"
    assert report["directives"][0]["evidence"].startswith("Đồng chí yêu cầu xã Hà Trung")


def test_read_only_open_does_not_create(tmp_path):
    from visitctl.errors import DatabaseError

    with pytest.raises(DatabaseError):
        open_db(tmp_path / "missing.db")
    assert not (tmp_path / "missing.db").exists()


def test_article_without_sha_is_hashed(db):
    art = Article(text="Một bài.", source="x.txt")
    assert save_article(db, art, Extraction()) == "new"
    assert save_article(db, Article(text="Một bài.", source="y.txt"), Extraction()) == "unchanged"


@pytest.mark.parametrize("text", ["Hà Trung, Tống Sơn", "yêu cầu: quy hoạch", "đê Tam Điệp - cầu Hà Lan",
                                  "title: Tống Sơn", 'quy OR "chuyển đổi"', "quy*"])
def test_fts_everyday_punctuation_is_not_syntax(full, text):
    assert queries.search(full, text)


@pytest.mark.parametrize("name", ["Thành phố Hồ Chí Minh", "TP.HCM", "tp hcm", "ho chi minh", "TPHCM"])
def test_province_short_forms(name):
    assert queries.province_key(name) == "ho chi minh"


def test_same_name_two_kinds_of_unit_in_one_province(db):
    from visitctl.model import Official, Place, Visit

    for n, kind in enumerate(["huyện", "thị trấn"]):
        art = make_article(f"Bài {n} về {kind} Cao Phong.", f"cp{n}.txt")
        visit = Visit(date=f"2016-05-1{n}", officials=[Official("Nguyễn Văn A")],
                      commune=Place("Cao Phong", kind, None, "Hòa Bình"))
        save_article(db, art, Extraction(visits=[visit]))
    with pytest.raises(AmbiguousName) as err:
        queries.resolve_communes(db, "cao phong")
    assert "Cao Phong (huyện, Hòa Bình)" in str(err.value) and "unit word" in str(err.value)
    assert [r["type"] for r in queries.resolve_communes(db, "thi tran Cao Phong")] == ["thị trấn"]
    assert [r["type"] for r in queries.resolve_communes(db, "Huyện Cao Phong", "Hoà Bình")] == ["huyện"]


def test_search_article_without_visits_gives_one_row(db):
    art = make_article("Hội nghị bàn về ĐÊ ĐIỀU và thủy lợi.", "hn.txt", title="Hội nghị")
    save_article(db, art, Extraction(title="Hội nghị"))
    rows = queries.search(db, "de dieu")
    assert len(rows) == 1
    assert rows[0]["id"] is None and rows[0]["article_title"] == "Hội nghị" and rows[0]["source"] == "hn.txt"
    assert rows[0]["snippet"] == "Hội nghị bàn về [ĐÊ ĐIỀU] và thủy lợi."


def test_snippet_marks_words_in_original_spelling():
    text = "Đoàn công tác kiểm tra đê Tam Điệp, rồi tới TAM ĐIỆP lần nữa; tam điệp."
    assert queries.make_snippet(text, ["tam", "diep"]) == (
        "Đoàn công tác kiểm tra đê [Tam Điệp], rồi tới [TAM ĐIỆP] lần nữa; [tam điệp].")


def test_any_search_text_is_results_or_a_usage_error(tmp_path):
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    db = open_db(build_db(tmp_path / "h.db"))
    alphabet = st.sampled_from(list('abcđêơưàảãạ ĐÂ"*()^:+-{},.NEAROTD ') + ["AND", "OR", "NOT", "NEAR"])

    @settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
    @given(st.lists(alphabet, max_size=12).map("".join))
    def check(text):
        try:
            rows = queries.search(db, text)
        except UsageError:
            return
        assert all("snippet" in r for r in rows)

    check()


@pytest.mark.parametrize("name", ["", "   ", "%", "_", "'; DROP TABLE visits; --"])
def test_odd_commune_names_are_usage_errors(full, name):
    with pytest.raises(UsageError):
        queries.resolve_communes(full, name)
