"""Grouping directives across communes (visitctl.diff): the seed cases of
issue 4, thresholds on pairs written for these tests, determinism, and a
100-commune synthetic case."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from visitctl.diff import (
    THRESHOLD, Item, StopList, compare_visits, content_tokens, features, group_directives, repeated, similarity,
)

# The seed articles' directives, as sentences (what an extractor keeps) ...
HT = {
    "centre": "Qua kiểm tra thực tế, đồng chí yêu cầu chính quyền xã Hà Trung quan tâm bố trí nhân lực, cơ sở vật "
              "chất, tổ chức vận hành tốt Trung tâm; đồng thời động viên cán bộ, công chức phấn đấu, nỗ lực khắc "
              "phục khó khăn, thực hiện tốt nhiệm vụ được giao, góp phần đẩy mạnh cải cách thủ tục hành chính.",
    "unity": "Đồng chí Phó Bí thư Thường trực Tỉnh ủy đề nghị cấp ủy, chính quyền, mỗi cán bộ, đảng viên xã Hà "
             "Trung tiếp tục giữ vững tinh thần đoàn kết thống nhất, đổi mới tư duy, lề lối làm việc.",
    "plan": "Tập trung lãnh đạo, chỉ đạo hoàn thành các quy hoạch, nhất là quy hoạch xã, đảm bảo đồng bộ với quy "
            "hoạch tỉnh và các quy hoạch có liên quan.",
    "projects": "Đồng thời, cần bóc tách các dự án đang triển khai trên địa bàn, từ đó tập trung đầu từ vào những "
                "dự án trọng điểm, tránh dàn trải.",
    "urban": "Tập trung quản lý, chỉnh trang đô thị; hệ thống giao thông kết nối đáp ứng yêu cầu phát triển kinh "
             "tế - xã hội trong giai đoạn mới.",
    "health": "Tập trung đầu tư xây dựng cơ sở vật trạm y tế; triển khai thực hiện có hiệu quả các chương trình "
              "quốc gia về y tế, nhằm đáp ứng tốt việc chăm sóc và nâng cao sức khỏe Nhân dân...",
}
TS = {
    "resolution": "Đề nghị cấp ủy, chính quyền xã Tống Sơn tập trung quán triệt, cụ thể hóa và tổ chức thực hiện "
                  "thắng lợi Nghị quyết Đại hội Đảng bộ tỉnh lần thứ XX.",
    "projects": "Cấp ủy, chính quyền xã cần phải rà soát lại các dự án đang triển khai trên địa bàn, từ đó lựa chọn "
                "đầu tư có trọng tâm, trọng điểm, tránh đầu tư dàn trải; tập trung cải thiện môi trường đầu tư, "
                "xúc tiến thương mại, chuyển dịch cơ cấu lao động.",
    "school": "Tập trung đầu tư xây dựng cơ sở vật chất trường học, trạm y tế; quan tâm nâng cao chất lượng giáo "
              "dục, chăm sóc sức khoẻ của người dân, trong đó chú trọng nâng cao chất lượng nguồn nhân lực.",
    "environment": "Do đó phải tăng cường kiểm tra, giám sát công tác môi trường tại các cơ sở sản xuất kinh "
                   "doanh, xử lý nghiêm các trường hợp vi phạm, đặc biệt tại các cơ sở khai thác đá.",
    "closer": "Phó Bí thư Thường trực Tỉnh ủy cũng đề nghị chính quyền xã Tống Sơn tiếp tục thay đổi phương thức "
              "và thích ứng với mô hình tổ chức mới theo hướng gần dân, sát dân, từ đó có những giải pháp đột phá "
              "trong phát triển kinh tế - xã hội.",
}
BS = {
    "closer": "Phó Bí thư Thường trực Tỉnh ủy Nguyễn Hồng Phong cũng đề nghị chính quyền phường Bỉm Sơn và Quang "
              "Trung tiếp tục thay đổi phương thức và thích ứng với mô hình tổ chức mới theo hướng gần dân, sát "
              "dân, từ đó có những giải pháp đột phá trong phát triển kinh tế - xã hội.",
    "environment": "Chú trọng bảo vệ môi trường và nâng cao chất lượng các hoạt động văn hóa - xã hội, trong đó tăng "
                   "cường công tác quản lý các di tích, phát triển du lịch tâm linh.",
    "plan": "Lãnh đạo, chỉ đạo hoàn thành các quy hoạch, nhất là quy hoạch phường, đảm bảo đồng bộ với quy hoạch "
            "tỉnh và các quy hoạch có liên quan.",
}
# ... and as the shorter clauses of the gold annotations.
HT_CLAUSES = {
    "centre": "quan tâm bố trí nhân lực, cơ sở vật chất, tổ chức vận hành tốt Trung tâm",
    "unity": "tiếp tục giữ vững tinh thần đoàn kết thống nhất, đổi mới tư duy, lề lối làm việc",
    "projects": "bóc tách các dự án đang triển khai trên địa bàn, từ đó tập trung đầu từ vào những dự án trọng "
                "điểm, tránh dàn trải",
    "health": "Tập trung đầu tư xây dựng cơ sở vật trạm y tế",
}
TS_CLAUSES = {
    "projects": "rà soát lại các dự án đang triển khai trên địa bàn, từ đó lựa chọn đầu tư có trọng tâm, trọng "
                "điểm, tránh đầu tư dàn trải",
    "school": "Tập trung đầu tư xây dựng cơ sở vật chất trường học, trạm y tế",
    "environment": "tăng cường kiểm tra, giám sát công tác môi trường tại các cơ sở sản xuất kinh doanh",
    "closer": "tiếp tục thay đổi phương thức và thích ứng với mô hình tổ chức mới theo hướng gần dân, sát dân",
}


def group_of(result, commune, text):
    return next(g for g in result.groups if text in g.members.get(commune, []))


@pytest.mark.parametrize("ht, ts", [(HT, TS), (HT_CLAUSES, TS_CLAUSES)], ids=["sentences", "clauses"])
def test_seed_cases_ha_trung_tong_son(ht, ts):
    result = group_directives([("Hà Trung", list(ht.values())), ("Tống Sơn", list(ts.values()))])
    projects = group_of(result, "Hà Trung", ht["projects"])
    assert projects.members == {"Hà Trung": [ht["projects"]], "Tống Sơn": [ts["projects"]]}
    health = group_of(result, "Hà Trung", ht["health"])
    assert health.members == {"Hà Trung": [ht["health"]], "Tống Sơn": [ts["school"]]}
    assert group_of(result, "Tống Sơn", ts["environment"]).members == {"Tống Sơn": [ts["environment"]]}
    assert group_of(result, "Hà Trung", ht["centre"]).members == {"Hà Trung": [ht["centre"]]}
    # every directive is in exactly one group
    texts = [t for g in result.groups for m in g.members.values() for t in m]
    assert sorted(texts) == sorted([*ht.values(), *ts.values()])


def test_seed_case_bim_son_tong_son_share_closer_to_people():
    result = group_directives([("Bỉm Sơn", list(BS.values())), ("Tống Sơn", list(TS.values()))])
    closer = group_of(result, "Bỉm Sơn", BS["closer"])
    assert closer.members == {"Bỉm Sơn": [BS["closer"]], "Tống Sơn": [TS["closer"]]}
    # protecting the environment and culture is not the stone-quarry inspections
    assert group_of(result, "Tống Sơn", TS["environment"]).members == {"Tống Sơn": [TS["environment"]]}


def test_result_order_shared_first_most_communes_first_then_unique_in_commune_order():
    result = group_directives([
        ("Bỉm Sơn", [BS["plan"], BS["closer"]]),
        ("Hà Trung", [HT["plan"], HT["urban"]]),
        ("Tống Sơn", [TS["closer"], TS["projects"]]),
    ])
    assert result.columns == ["Bỉm Sơn", "Hà Trung", "Tống Sơn"]
    assert [list(g.members) for g in result.groups] == [
        ["Bỉm Sơn", "Hà Trung"], ["Bỉm Sơn", "Tống Sơn"], ["Hà Trung"], ["Tống Sơn"],
    ]
    three = group_directives([
        ("A", ["thu gom rác thải sinh hoạt", "phòng cháy chữa cháy rừng"]),
        ("B", ["phòng cháy chữa cháy rừng mùa khô", "thu gom, xử lý rác thải sinh hoạt"]),
        ("C", ["tăng cường phòng cháy, chữa cháy rừng"]),
    ])
    assert [sorted(g.members) for g in three.groups] == [["A", "B", "C"], ["A", "B"]]


def test_json_shape():
    result = group_directives([("Hà Trung", [Item(HT["projects"], ("đầu tư",))]),
                               ("Tống Sơn", [{"text": TS["projects"], "topics": ["đầu tư", "môi trường"]}])])
    assert result.to_dict() == {
        "communes": ["Hà Trung", "Tống Sơn"],
        "groups": [{"topic": "đầu tư", "members": {"Hà Trung": [HT["projects"]], "Tống Sơn": [TS["projects"]]}}],
    }


def test_group_topic_is_the_one_most_members_carry():
    result = group_directives([
        ("A", [Item("thu gom, xử lý rác thải sinh hoạt", ("hạ tầng", "môi trường"))]),
        ("B", [Item("thu gom rác thải sinh hoạt tại khu dân cư", ("môi trường",))]),
    ])
    assert result.groups[0].topic == "môi trường"
    alone = group_directives([("A", [Item("xây dựng trường học", ("giáo dục", "đầu tư"))]), ("B", [])])
    assert alone.groups[0].topic == "giáo dục"
    assert group_directives([("A", ["xây dựng trường học"]), ("B", [])]).groups[0].topic is None


# Pairs written for these tests: paraphrases that ask for the same thing, and
# near misses that share a word or two but ask for something else.
SAME = [
    ("Đẩy nhanh tiến độ giải phóng mặt bằng dự án đường ven biển",
     "Khẩn trương hoàn thành công tác giải phóng mặt bằng tuyến đường ven biển"),
    ("Làm tốt công tác phòng cháy, chữa cháy rừng trong mùa khô",
     "Tăng cường phòng cháy chữa cháy rừng mùa khô năm nay"),
    ("Chăm lo đời sống người có công, gia đình chính sách",
     "quan tâm chăm lo tốt hơn đời sống của người có công với cách mạng"),
    ("Đẩy mạnh chuyển đổi số trong giải quyết thủ tục hành chính",
     "chuyển đổi số, giải quyết nhanh thủ tục hành chính cho người dân"),
    ("Phát triển nông nghiệp ứng dụng công nghệ cao", "xây dựng vùng nông nghiệp công nghệ cao"),
    ("Giữ vững an ninh chính trị, trật tự an toàn xã hội",
     "bảo đảm an ninh chính trị và trật tự an toàn xã hội trên địa bàn"),
    (HT["projects"], TS["projects"]),
    (HT["health"], TS["school"]),
    (HT_CLAUSES["projects"], TS_CLAUSES["projects"]),
    (HT_CLAUSES["health"], TS_CLAUSES["school"]),
    (BS["closer"], TS["closer"]),
]
DIFFERENT = [
    ("Đẩy nhanh tiến độ giải phóng mặt bằng dự án đường ven biển", "Nâng cấp đường giao thông nông thôn"),
    ("Bảo vệ môi trường tại các cơ sở chăn nuôi", "Cải thiện môi trường đầu tư kinh doanh"),
    ("Xây dựng trường học đạt chuẩn quốc gia", "Xây dựng nông thôn mới nâng cao"),
    ("Phát triển nông nghiệp ứng dụng công nghệ cao", "đào tạo nhân lực có tay nghề cao"),
    ("Làm tốt công tác phòng cháy, chữa cháy rừng trong mùa khô", "bảo vệ và phát triển rừng bền vững"),
    ("Chăm lo đời sống người có công, gia đình chính sách", "nâng cao đời sống vật chất, tinh thần của Nhân dân"),
    ("tăng cường công tác quản lý các di tích", "tăng cường công tác quản lý đất đai"),
    (HT_CLAUSES["centre"], TS_CLAUSES["school"]),
    (HT["centre"], TS["school"]),
    (HT["centre"], TS["environment"]),
    (BS["environment"], TS["environment"]),
    (HT["unity"], TS["resolution"]),
]


def _sim(a: str, b: str) -> float:
    stop = StopList.load().with_names(["Hà Trung", "Tống Sơn", "Bỉm Sơn", "Quang Trung"])
    return similarity(features(a, stop), features(b, stop))


@pytest.mark.parametrize("a, b", SAME)
def test_paraphrases_reach_the_threshold(a, b):
    assert _sim(a, b) >= THRESHOLD + 0.03
    result = group_directives([("A", [a]), ("B", [b])])
    assert len(result.groups) == 1


@pytest.mark.parametrize("a, b", DIFFERENT)
def test_near_misses_stay_below_the_threshold(a, b):
    assert _sim(a, b) <= THRESHOLD - 0.04
    result = group_directives([("A", [a]), ("B", [b])])
    assert len(result.groups) == 2


def test_features_fold_and_ignore_names_stop_words_and_punctuation():
    stop = StopList.load().with_names(["Hà Trung"])
    assert features("tránh đầu từ dàn trải", stop) == features("TRÁNH ĐẦU TƯ DÀN TRẢI", stop)
    tokens = content_tokens("Đề nghị xã Hà Trung tập trung nhân lực, cơ sở vật chất", stop)
    assert [t for t in tokens if t] == ["nhan", "luc", "co", "so", "vat", "chat"]
    feats = features("nhân lực, cơ sở vật chất", stop)
    assert "nhan luc" in feats and "vat chat" in feats and "luc co" not in feats
    # a name is removed as a phrase: "trung" alone stays
    assert "trung tam" in features("vận hành Trung tâm xã Hà Trung", stop)


def test_stop_list_comments_and_phrases():
    stop = StopList.from_text("# comment\ntập trung\nva  # trailing comment\n\n")
    assert stop.phrases == {("tap", "trung"), ("va",)}
    assert stop.longest == 2


def test_repeated_text_in_one_commune_is_kept_once_and_empty_texts_dropped():
    result = group_directives([("A", ["Thu gom rác thải", "thu gom rác thải.", "  "]), ("B", [])])
    assert [g.members for g in result.groups] == [{"A": ["Thu gom rác thải"]}]


def test_directives_of_one_commune_never_group_with_each_other():
    result = group_directives([("A", ["thu gom rác thải sinh hoạt", "thu gom, xử lý rác thải sinh hoạt"]), ("B", [])])
    assert len(result.groups) == 2


def test_duplicate_labels_are_refused():
    with pytest.raises(ValueError):
        group_directives([("A", ["x"]), ("A", ["y"])])


def test_deterministic_whatever_the_run():
    columns = [("Hà Trung", list(HT.values())), ("Tống Sơn", list(TS.values())), ("Bỉm Sơn", list(BS.values()))]
    first = group_directives(columns).to_dict()
    for _ in range(3):
        assert group_directives(columns).to_dict() == first


def test_successive_visits_show_a_repeated_directive():
    visits = [
        ("2025-03-02", ["Đẩy nhanh tiến độ giải phóng mặt bằng dự án đường ven biển", "Xây dựng trường học đạt chuẩn"]),
        ("2025-07-15", ["Chăm lo đời sống người có công"]),
        ("2025-11-25", ["Xã Hà Trung khẩn trương hoàn thành giải phóng mặt bằng tuyến đường ven biển"]),
    ]
    result = compare_visits(visits, commune="Hà Trung")
    assert result.columns == ["2025-03-02", "2025-07-15", "2025-11-25"]
    again = repeated(result)
    assert len(again) == 1 and list(again[0].members) == ["2025-03-02", "2025-11-25"]
    assert result.groups[0] is again[0]


# A synthetic 100-commune case: 30 distinct asks, each commune gets 10 of them
# written with its own name and varying boilerplate; the groups must be the asks.
ASKS = [
    "giải phóng mặt bằng dự án đường ven biển đúng tiến độ", "phòng cháy chữa cháy rừng trong mùa khô",
    "chăm lo đời sống người có công với cách mạng", "chuyển đổi số trong giải quyết thủ tục hành chính",
    "phát triển nông nghiệp ứng dụng công nghệ cao", "giữ vững an ninh chính trị, trật tự an toàn xã hội",
    "xử lý dứt điểm tình trạng lấn chiếm đất công", "nâng cấp hệ thống kênh mương nội đồng phục vụ tưới tiêu",
    "xây dựng trường học đạt chuẩn quốc gia", "thu gom, xử lý rác thải sinh hoạt tại các khu dân cư",
    "đào tạo nghề cho lao động nông thôn, tạo việc làm cho thanh niên",
    "thu hút doanh nghiệp đầu tư vào cụm công nghiệp", "bảo tồn, phát huy giá trị di tích lịch sử văn hóa",
    "phòng, chống thiên tai, ứng phó với mưa lũ", "đẩy nhanh giải ngân vốn đầu tư công",
    "xóa nhà tạm, nhà dột nát cho hộ nghèo", "quản lý chặt chẽ hoạt động khai thác khoáng sản",
    "phát triển du lịch cộng đồng gắn với sản phẩm OCOP", "bảo đảm nước sạch cho người dân vùng cao",
    "kiện toàn đội ngũ cán bộ cấp xã sau sắp xếp", "tiêm chủng đầy đủ cho trẻ em, phòng chống dịch bệnh",
    "cải tạo, mở rộng chợ trung tâm", "trồng rừng gỗ lớn, bảo vệ rừng phòng hộ đầu nguồn",
    "thu ngân sách, chống thất thu thuế", "phát triển chăn nuôi an toàn sinh học, phòng dịch tả lợn châu Phi",
    "đấu tranh phòng chống ma túy trong học đường", "hoàn thiện hồ sơ cấp giấy chứng nhận quyền sử dụng đất",
    "xây dựng nông thôn mới kiểu mẫu", "nâng cao chất lượng khám chữa bệnh ban đầu tại trạm y tế",
    "phát triển kinh tế biển, nuôi trồng thủy sản",
]
PREFIXES = ["", "Đề nghị xã {name} ", "Đồng thời, cần ", "Tập trung ", "Chính quyền xã {name} tiếp tục ",
            "Yêu cầu các cấp, các ngành ", "Cùng với đó, phải "]
SUFFIXES = ["", " trong thời gian tới", " trên địa bàn", " có hiệu quả", " của địa phương"]


def test_hundred_communes_group_by_what_they_ask():
    rng = random.Random(2025)
    names = [f"{a} {b}" for a in ["Tân", "Phú", "Hòa", "Vĩnh", "Đông", "Tây", "Bắc", "Thạch", "Quảng", "Triệu"]
             for b in ["Lập", "Lộc", "Thịnh", "Hưng", "Thọ", "Phong", "Sơn", "Xuân", "Hà", "Tiến"]]
    columns, truth = [], {}
    for name in names:
        texts = []
        for ask in rng.sample(range(len(ASKS)), 10):
            text = (rng.choice(PREFIXES) + ASKS[ask] + rng.choice(SUFFIXES)).format(name=name)
            truth[(name, text)] = ask
            texts.append(text)
        columns.append((name, texts))
    result = group_directives(columns)
    found = [{truth[(c, t)] for c, texts in g.members.items() for t in texts} for g in result.groups]
    assert all(len(asks) == 1 for asks in found)
    assert sorted(next(iter(asks)) for asks in found) == list(range(len(ASKS)))  # one group per ask
    expected_sizes = {ask: sum(1 for v in truth.values() if v == ask) for ask in range(len(ASKS))}
    for group, asks in zip(result.groups, found):
        assert sum(len(t) for t in group.members.values()) == expected_sizes[next(iter(asks))]
    sizes = [len(g.members) for g in result.groups]
    assert sizes == sorted(sizes, reverse=True)


# Any input: the groups partition the directives (each text once, in its own
# column), members follow column order, and shared groups come first.

WORDS = ["dự án", "trạm y tế", "trường học", "dàn trải", "môi trường", "quy hoạch", "đầu tư", "tập trung",
         "nhân lực", "giao thông", "đề nghị", "xã", "các", "rà soát", "nước sạch", "khai thác đá"]
texts = st.lists(st.sampled_from(WORDS), min_size=1, max_size=6).map(" ".join)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(texts, max_size=6), min_size=1, max_size=5))
def test_groups_partition_the_input(columns_texts):
    columns = [(f"C{i}", t) for i, t in enumerate(columns_texts)]
    result = group_directives(columns)
    expected = sorted((f"C{i}", t) for i, ts in enumerate(columns_texts) for t in dict.fromkeys(ts))
    found = sorted((c, t) for g in result.groups for c, ts in g.members.items() for t in ts)
    assert found == expected
    labels = [c for c, _ in columns]
    for group in result.groups:
        assert list(group.members) == [c for c in labels if c in group.members]
    flags = [g.shared for g in result.groups]
    assert flags == sorted(flags, reverse=True)
    assert group_directives(columns).to_dict() == result.to_dict()
