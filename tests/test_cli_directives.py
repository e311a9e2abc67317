"""`visitctl directives` and `visitctl diff` on a database built from
hand-made extractions (independent of the extractor), plus the issue's seed
outcomes on the seed articles ingested for real."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from visitctl.cli import app
from visitctl.model import Directive, Extraction, Official, Place, Visit
from visitctl.sources import make_article
from visitctl.store import open_db
from visitctl.store.write import save_article

ROOT = Path(__file__).resolve().parent.parent
PHONG = "Nguyễn Hồng Phong"
BINH = "Trần Văn Bình"

HT_PROJECTS = ("bóc tách các dự án đang triển khai trên địa bàn, từ đó tập trung đầu từ vào những dự án trọng "
               "điểm, tránh dàn trải")
HT_HEALTH = "Tập trung đầu tư xây dựng cơ sở vật trạm y tế"
HT_CENTRE = "quan tâm bố trí nhân lực, cơ sở vật chất, tổ chức vận hành tốt Trung tâm"
TS_PROJECTS = ("rà soát lại các dự án đang triển khai trên địa bàn, từ đó lựa chọn đầu tư có trọng tâm, trọng "
               "điểm, tránh đầu tư dàn trải")
TS_SCHOOL = "Tập trung đầu tư xây dựng cơ sở vật chất trường học, trạm y tế"
TS_ENVIRONMENT = "tăng cường kiểm tra, giám sát công tác môi trường tại các cơ sở sản xuất kinh doanh"
TS_CLOSER = "tiếp tục thay đổi phương thức và thích ứng với mô hình tổ chức mới theo hướng gần dân, sát dân"
BS_CLOSER = TS_CLOSER
BS_PLAN = "hoàn thành các quy hoạch, nhất là quy hoạch phường, đảm bảo đồng bộ với quy hoạch tỉnh"
HT_MARCH = ["Khẩn trương hoàn thành giải phóng mặt bằng tuyến đường ven biển",
            "bóc tách các dự án đang triển khai, tránh đầu tư dàn trải"]


def _save(db, source: str, date: str, official: str, visits: dict[tuple[str, str, str], list[tuple[str, list]]]):
    text = "\n\n".join(t for ds in visits.values() for t, _ in ds)
    article = make_article(text, source, title=f"Làm việc ngày {date}")
    extraction = Extraction(title=article.title, published=date, visits=[
        Visit(date=date, officials=[Official(official, "Phó Bí thư")], commune=Place(name, kind, None, province),
              directives=[Directive(t, topics) for t, topics in ds])
        for (name, kind, province), ds in visits.items()
    ])
    save_article(db, article, extraction)


@pytest.fixture(scope="module")
def db_path(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("directives") / "visits.db"
    db = open_db(path, write=True)
    _save(db, "a.txt", "2025-11-25", PHONG, {
        ("Hà Trung", "xã", "Thanh Hóa"): [(HT_PROJECTS, ["đầu tư"]), (HT_HEALTH, ["y tế", "đầu tư"]),
                                          (HT_CENTRE, ["cải cách hành chính"])],
        ("Tống Sơn", "xã", "Thanh Hóa"): [(TS_PROJECTS, ["đầu tư"]), (TS_SCHOOL, ["giáo dục", "y tế"]),
                                          (TS_ENVIRONMENT, ["môi trường"]), (TS_CLOSER, ["chính quyền"])],
    })
    _save(db, "b.txt", "2025-11-27", PHONG, {
        ("Bỉm Sơn", "phường", "Thanh Hóa"): [(BS_CLOSER, ["chính quyền"]), (BS_PLAN, ["quy hoạch"])],
    })
    _save(db, "c.txt", "2025-03-10", BINH, {
        ("Hà Trung", "xã", "Thanh Hóa"): [(t, ["hạ tầng - giao thông"]) for t in HT_MARCH],
    })
    _save(db, "d.txt", "2025-10-01", BINH, {
        ("Tân Lập", "xã", "Phú Thọ"): [("Phát triển chè chất lượng cao", ["nông nghiệp"])],
        ("Tân Lập", "xã", "Đồng Nai"): [("Phát triển cây điều gắn với chế biến", ["nông nghiệp"])],
    })
    db.conn.close()
    return path


def run(db_path: Path, *args: str):
    runner = CliRunner()
    return runner.invoke(app, [*args, "--db", str(db_path)], env={"COLUMNS": "200", "NO_COLOR": "1"})


# ---------------------------------------------------------------- directives


def test_directives_json_rows_newest_first(db_path):
    result = run(db_path, "directives", "--format", "json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert len(rows) == 13
    assert [r["date"] for r in rows] == sorted((r["date"] for r in rows), reverse=True)
    first = rows[0]
    assert set(first) == {"id", "date", "commune", "commune_type", "province", "official", "topic", "topics",
                          "text", "article_title", "source"}
    assert first["commune"] == "Bỉm Sơn" and first["topics"] == ["chính quyền"]


def test_directives_filters_are_folded(db_path):
    def texts(*args):
        result = run(db_path, "directives", "--format", "json", *args)
        assert result.exit_code == 0, result.output
        return [r["text"] for r in json.loads(result.stdout)]

    assert texts("--commune", "HA TRUNG", "--since", "2025-11-01") == [HT_PROJECTS, HT_HEALTH, HT_CENTRE]
    assert texts("--commune", "xã hà trung", "--until", "2025-06-30") == HT_MARCH
    assert texts("--official", "van binh", "--commune", "ha trung") == HT_MARCH
    assert texts("--topic", "y te") == [HT_HEALTH, TS_SCHOOL]
    assert texts("--topic", "giao thong") == HT_MARCH  # a word of "hạ tầng - giao thông"
    assert sorted(texts("--search", "dan trai")) == sorted([HT_PROJECTS, TS_PROJECTS, HT_MARCH[1]])
    assert texts("--commune", "Tân Lập", "--province", "dong nai") == ["Phát triển cây điều gắn với chế biến"]
    assert len(texts("--limit", "2")) == 2


def test_directives_jsonl_csv_and_table(db_path):
    jsonl = run(db_path, "directives", "-c", "tong son", "-f", "jsonl")
    assert [json.loads(line)["text"] for line in jsonl.stdout.splitlines()] == [
        TS_PROJECTS, TS_SCHOOL, TS_ENVIRONMENT, TS_CLOSER]
    out = run(db_path, "directives", "-c", "tong son", "-f", "csv").stdout
    rows = list(csv.DictReader(io.StringIO(out)))
    assert rows[1]["text"] == TS_SCHOOL and json.loads(rows[1]["topics"]) == ["giáo dục", "y tế"]
    table = run(db_path, "directives", "-c", "bim son", "-f", "table", "--evidence")
    assert table.exit_code == 0
    assert "Directives" in table.stdout and "gần dân, sát dân" in table.stdout and "evidence" in table.stdout


def test_directives_unknown_and_ambiguous_commune(db_path):
    result = run(db_path, "directives", "--commune", "Tong Sonn")
    assert result.exit_code == 2
    assert result.stderr == "visitctl: no commune named 'Tong Sonn' in the database; nearest known: Tống Sơn\n"
    result = run(db_path, "directives", "--commune", "tan lap")
    assert result.exit_code == 2
    assert "Phú Thọ" in result.stderr and "Đồng Nai" in result.stderr and "--province" in result.stderr
    assert result.stderr.count("\n") == 1


def test_directives_bad_search_is_a_usage_error(db_path):
    result = run(db_path, "directives", "--search", '"unclosed')
    assert result.exit_code == 2 and result.stderr.startswith("visitctl: cannot search for that")


# ---------------------------------------------------------------- diff


def test_diff_json_is_exactly_communes_and_groups(db_path):
    result = run(db_path, "diff", "Hà Trung", "Tống Sơn", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data == {
        "communes": ["Hà Trung", "Tống Sơn"],
        "groups": [
            {"topic": "đầu tư", "members": {"Hà Trung": [HT_PROJECTS], "Tống Sơn": [TS_PROJECTS]}},
            {"topic": "y tế", "members": {"Hà Trung": [HT_HEALTH], "Tống Sơn": [TS_SCHOOL]}},
            {"topic": "cải cách hành chính", "members": {"Hà Trung": [HT_CENTRE]}},
            {"topic": "môi trường", "members": {"Tống Sơn": [TS_ENVIRONMENT]}},
            {"topic": "chính quyền", "members": {"Tống Sơn": [TS_CLOSER]}},
        ],
    }


def test_diff_names_in_any_case_and_accents_keep_stored_spelling(db_path):
    data = json.loads(run(db_path, "diff", "bim son", "TONG SON", "-f", "json").stdout)
    assert data["communes"] == ["Bỉm Sơn", "Tống Sơn"]
    assert data["groups"][0] == {"topic": "chính quyền", "members": {"Bỉm Sơn": [BS_CLOSER], "Tống Sơn": [TS_CLOSER]}}


def test_diff_unified(db_path):
    result = run(db_path, "diff", "Hà Trung", "Tống Sơn", "--format", "unified")
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        "--- Hà Trung",
        "+++ Tống Sơn",
        f"  {HT_PROJECTS}",
        f"  {HT_HEALTH}",
        f"- {HT_CENTRE}",
        f"+ {TS_ENVIRONMENT}",
        f"+ {TS_CLOSER}",
    ]


def test_diff_unified_with_three_communes_compares_the_first_with_each(db_path):
    lines = run(db_path, "diff", "Tống Sơn", "Hà Trung", "Bỉm Sơn", "-f", "unified").stdout.splitlines()
    assert lines.index("--- Tống Sơn") == 0 and lines[1] == "+++ Hà Trung"
    second = lines.index("+++ Bỉm Sơn")
    assert lines[second - 1] == "--- Tống Sơn"
    block = lines[second + 1:]
    assert f"  {TS_CLOSER}" in block and f"+ {BS_PLAN}" in block and f"- {TS_SCHOOL}" in block
    assert not any(HT_CENTRE in line for line in block)


def test_diff_table_one_row_per_group_one_column_per_commune(db_path):
    result = run(db_path, "diff", "Hà Trung", "Tống Sơn", "-f", "table")
    assert result.exit_code == 0
    out = result.stdout
    header = next(line for line in out.splitlines() if "Hà Trung" in line)
    assert header.index("Hà Trung") < header.index("Tống Sơn")
    assert "2025-11-25" in out
    rows = [line for line in out.splitlines() if line.startswith("│") and ("/2" in line.split("│")[1])]
    assert [r.split("│")[1].strip() for r in rows] == ["2/2", "2/2", "1/2", "1/2", "1/2"]
    assert "2 group(s) shared by several communes, 3 unique to one." in out


def test_diff_csv_and_jsonl(db_path):
    out = run(db_path, "diff", "Hà Trung", "Tống Sơn", "-f", "csv").stdout
    rows = list(csv.DictReader(io.StringIO(out)))
    assert list(rows[0]) == ["topic", "shared", "Hà Trung", "Tống Sơn"]
    assert rows[0]["shared"] == "2" and rows[0]["Tống Sơn"] == TS_PROJECTS
    assert rows[-1] == {"topic": "chính quyền", "shared": "1", "Hà Trung": "", "Tống Sơn": TS_CLOSER}
    lines = run(db_path, "diff", "Hà Trung", "Tống Sơn", "-f", "jsonl").stdout.splitlines()
    assert len(lines) == 5 and json.loads(lines[0])["members"]["Hà Trung"] == [HT_PROJECTS]


def test_diff_selection_latest_visit_range_and_official(db_path):
    def members(*args):
        data = json.loads(run(db_path, "diff", "Hà Trung", "Tống Sơn", "-f", "json", *args).stdout)
        return sorted(t for g in data["groups"] for t in g["members"].get("Hà Trung", []))

    assert members() == sorted([HT_PROJECTS, HT_HEALTH, HT_CENTRE])  # latest visit only
    assert members("--since", "2025-01-01") == sorted([HT_PROJECTS, HT_HEALTH, HT_CENTRE, *HT_MARCH])
    assert members("--until", "2025-06-30") == sorted(HT_MARCH)
    result = run(db_path, "diff", "Hà Trung", "Tống Sơn", "-f", "json", "--official", "Trần Văn Bình")
    assert sorted(t for g in json.loads(result.stdout)["groups"] for t in g["members"].get("Hà Trung", [])) == \
        sorted(HT_MARCH)
    assert "no directives recorded for Tống Sơn" in result.stderr


def test_diff_successive_visits_put_the_repeated_directive_first(db_path):
    result = run(db_path, "diff", "--commune", "ha trung", "--visits", "-f", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["commune"] == "Hà Trung" and data["visits"] == ["2025-03-10", "2025-11-25"]
    assert data["groups"][0]["members"] == {"2025-03-10": [HT_MARCH[1]], "2025-11-25": [HT_PROJECTS]}
    assert all(len(g["members"]) == 1 for g in data["groups"][1:])
    lines = run(db_path, "diff", "--commune", "ha trung", "--visits", "-f", "unified").stdout.splitlines()
    assert lines[:3] == ["--- 2025-03-10", "+++ 2025-11-25", f"  {HT_MARCH[1]}"]
    assert f"- {HT_MARCH[0]}" in lines and f"+ {HT_CENTRE}" in lines
    table = run(db_path, "diff", "--commune", "ha trung", "--visits", "-f", "table").stdout
    assert "each visit of Hà Trung" in table and "1 group(s) shared by several visits" in table


def test_diff_visits_of_a_commune_seen_once_says_so(db_path):
    result = run(db_path, "diff", "--visits", "tong son", "-f", "json")
    assert result.exit_code == 0
    assert result.stderr == "visitctl: note: Tống Sơn has one visit with directives; nothing to compare\n"
    assert json.loads(result.stdout)["visits"] == ["2025-11-25"]


@pytest.mark.parametrize("args, message", [
    (["Hà Trung"], "name at least two communes"),
    (["--visits"], "--visits compares the visits of one commune"),
    (["Hà Trung", "Tống Sơn", "--visits"], "--visits compares the visits of one commune"),
    (["--commune", "Hà Trung"], "--commune goes with --visits"),
    (["Hà Trung", "xã hà trung"], "are the same commune"),
    (["Hà Trung", "Tong Sonn"], "no commune named 'Tong Sonn' in the database; nearest known: Tống Sơn"),
    (["Hà Trung", "Tân Lập"], "add --province to choose one"),
])
def test_diff_usage_errors_are_one_line_exit_2(db_path, args, message):
    result = run(db_path, "diff", *args)
    assert result.exit_code == 2
    assert message in result.stderr and result.stderr.count("\n") == 1
    assert "Traceback" not in result.output


def test_diff_province_chooses_between_homonyms(db_path):
    result = run(db_path, "diff", "Tân Lập", "Hà Trung", "--province", "phu tho", "-f", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["communes"] == ["Tân Lập", "Hà Trung"]
    assert data["groups"][0]["members"] == {"Tân Lập": ["Phát triển chè chất lượng cao"]}
    # a name unique elsewhere is kept; one absent everywhere is still an error
    result = run(db_path, "diff", "Tân Lập", "Tong Sonn", "--province", "phu tho")
    assert result.exit_code == 2 and "nearest known: Tống Sơn" in result.stderr


def test_diff_missing_database(tmp_path):
    result = run(tmp_path / "none.db", "diff", "Hà Trung", "Tống Sơn")
    assert result.exit_code == 1 and "no database at" in result.stderr


def test_help_has_examples():
    runner = CliRunner()
    for command in ("directives", "diff"):
        result = runner.invoke(app, [command, "--help"], env={"COLUMNS": "200"})
        assert result.exit_code == 0 and "Examples:" in result.stdout and "visitctl " + command in result.stdout


# ---------------------------------------------------------------- the seed articles, ingested


@pytest.fixture(scope="module")
def seed_db(tmp_path_factory) -> Path:
    from visitctl.ingest import ingest

    path = tmp_path_factory.mktemp("seeds") / "visits.db"
    db = open_db(path, write=True)
    report = ingest(db, [str(ROOT / "fixtures" / "seeds")])
    db.conn.close()
    assert report.new == 2
    return path


def _group_with(data: dict, commune: str, words: str) -> dict:
    return next(g for g in data["groups"] if any(words in t for t in g["members"].get(commune, [])))


def test_seed_articles_ha_trung_and_tong_son(seed_db):
    result = run(seed_db, "diff", "Hà Trung", "Tống Sơn", "-f", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    projects = _group_with(data, "Hà Trung", "bóc tách các dự án")
    assert any("rà soát lại các dự án" in t for t in projects["members"].get("Tống Sơn", []))
    health = _group_with(data, "Hà Trung", "trạm y tế")
    assert any("trường học, trạm y tế" in t for t in health["members"].get("Tống Sơn", []))
    assert list(_group_with(data, "Tống Sơn", "khai thác đá")["members"]) == ["Tống Sơn"]
    assert list(_group_with(data, "Hà Trung", "vận hành tốt Trung tâm")["members"]) == ["Hà Trung"]


def test_seed_articles_bim_son_and_tong_son_share_closer_to_people(seed_db):
    data = json.loads(run(seed_db, "diff", "Bỉm Sơn", "Tống Sơn", "-f", "json").stdout)
    closer = _group_with(data, "Bỉm Sơn", "gần dân, sát dân")
    assert any("gần dân, sát dân" in t for t in closer["members"].get("Tống Sơn", []))
