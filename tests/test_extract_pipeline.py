"""Visit assembly: which units are visits, and where each directive, figure
and gift is filed.  The record finders are replaced by simple ones here so
that these tests pin down the assembly alone."""

from __future__ import annotations

import re

import pytest

from visitctl.extract import pipeline
from visitctl.extract.normalize import normalize_text
from visitctl.model import Article, Directive, Evidence, Figure, Gift


def _clauses(text: str, pattern: str):
    for m in re.finditer(r"[^.\n]+", text):
        if re.search(pattern, m.group(0)):
            yield Evidence(m.group(0).strip(), m.start(), m.end())


def _fake_extractors():
    return {
        "directives": lambda text, home_speaker=False: [
            Directive(e.sentence, [], e) for e in _clauses(text, r"đề nghị|yêu cầu|phát biểu")
        ],
        "figures": lambda text: [Figure(None, "5 tỷ đồng", 5e9, "VND", e) for e in _clauses(text, r"5 tỷ đồng")],
        "projects": lambda text: [],
        "delegation": lambda text: [],
        "gifts": lambda text: [Gift("hộ nghèo", e) for e in _clauses(text, r"tặng quà")],
    }


@pytest.fixture(autouse=True)
def fake_finders(monkeypatch):
    monkeypatch.setattr(pipeline, "_extractors", _fake_extractors)


def _run(text: str):
    return pipeline.run(Article(text=normalize_text(text), source="test"))


def _filed(result) -> dict:
    return {(v.commune.name if v.commune else None): [d.text for d in v.directives] for v in result.visits}


def test_sequential_communes_keep_their_own_directives() -> None:
    result = _run(
        "Bí thư Tỉnh ủy thăm hai xã An Bình, Tân Hòa\n"
        "Sáng 3/4, Bí thư Tỉnh ủy Trần Văn Nam đã làm việc với lãnh đạo hai xã An Bình, Tân Hòa.\n"
        "Làm việc với xã An Bình, Bí thư Tỉnh ủy đề nghị xã An Bình làm tốt quy hoạch.\n"
        "Ông yêu cầu chú trọng giáo dục.\n"
        "Tại xã Tân Hòa, Bí thư Tỉnh ủy Trần Văn Nam đã thăm, tặng quà hộ nghèo.\n"
        "Ông đề nghị giữ gìn môi trường.\n"
    )
    filed = _filed(result)
    assert set(filed) == {"An Bình", "Tân Hòa"}
    assert any("giáo dục" in d for d in filed["An Bình"]) and not any("giáo dục" in d for d in filed["Tân Hòa"])
    assert any("môi trường" in d for d in filed["Tân Hòa"]) and not any("môi trường" in d for d in filed["An Bình"])
    gifts = {v.commune.name: [g.name for g in v.gifts] for v in result.visits}
    assert gifts == {"An Bình": [], "Tân Hòa": ["hộ nghèo"]}


def test_units_addressed_together_get_every_directive() -> None:
    result = _run(
        "Phó Bí thư làm việc tại 2 phường Đông Sơn, Tây Sơn\n"
        "Sáng 5/6, đồng chí Lê Minh, Phó Bí thư Tỉnh ủy đã làm việc với lãnh đạo hai phường Đông Sơn, Tây Sơn.\n"
        "Phát biểu kết luận, đồng chí đề nghị hai phường tập trung cải cách hành chính.\n"
    )
    filed = _filed(result)
    assert filed["Đông Sơn"] == filed["Tây Sơn"] != []


def test_province_session_before_the_communes_has_no_commune() -> None:
    result = _run(
        "Phó Thủ tướng thăm tỉnh Lạng Sơn\n"
        "Sáng 8/2, Phó Thủ tướng Nguyễn Hòa Bình làm việc với lãnh đạo tỉnh Lạng Sơn. Tỉnh đạt nhiều kết quả.\n"
        "Phó Thủ tướng đề nghị tỉnh phát triển kinh tế cửa khẩu.\n"
        "Chiều cùng ngày, Phó Thủ tướng đến thăm xã Tân Thanh. Tại đây, Phó Thủ tướng yêu cầu xã chăm lo đời sống.\n"
    )
    filed = _filed(result)
    assert any("cửa khẩu" in d for d in filed[None])
    assert any("đời sống" in d for d in filed["Tân Thanh"])
    assert result.province == "Lạng Sơn"


def test_captions_are_never_directives() -> None:
    result = _run(
        "Bí thư thăm xã Kim Liên\n\n"
        "Sáng 1/3, Bí thư Tỉnh ủy Hồ Văn Tâm đã đến thăm, làm việc tại xã Kim Liên, tỉnh Nghệ An về phát triển du lịch.\n\n"
        "Bí thư Tỉnh ủy Hồ Văn Tâm phát biểu tại buổi làm việc.\n\n"
        "Phát biểu kết luận, Bí thư Tỉnh ủy đề nghị xã Kim Liên nâng cao chất lượng dịch vụ du lịch và giữ gìn cảnh quan di tích.\n\n"
        "Hà An"
    )
    texts = _filed(result)["Kim Liên"]
    assert len(texts) == 1 and "cảnh quan" in texts[0]


def test_non_visits_have_no_visits() -> None:
    assert _run("Thủ tướng chủ trì phiên họp\nSáng 2/5, Thủ tướng Lê Văn Ba chủ trì phiên họp Chính phủ "
                "và yêu cầu Bộ Công an kiểm tra vụ việc ở xã Hòa Lạc.").visits == []
    assert _run("UBND tỉnh yêu cầu xử lý ô nhiễm\nTheo văn bản, UBND tỉnh yêu cầu các sở kiểm tra xã Hòa Lạc.").visits == []


def test_figures_before_any_unit_go_to_the_first_visit_when_there_is_no_province_session() -> None:
    result = _run(
        "Bộ trưởng thăm xã Mường Lát\n"
        "Ngày 9/9, Bộ trưởng Bộ Tài chính Hồ Đức Phớc đã đến thăm xã Mường Lát. Xã được hỗ trợ 5 tỷ đồng.\n"
    )
    assert [v.commune.name for v in result.visits] == ["Mường Lát"]
    assert [f.value for f in result.visits[0].figures] == [5e9]


def test_a_city_named_like_its_province_is_addressed_only_with_its_unit_word() -> None:
    result = _run(
        "Tổng Bí thư thăm tỉnh Nam Định\n"
        "Sáng 8/2, Tổng Bí thư Lê Minh Tâm làm việc với cán bộ chủ chốt tỉnh Nam Định.\n"
        "Tổng Bí thư đề nghị Nam Định làm tốt công tác cán bộ.\n"
        "Chiều cùng ngày, Tổng Bí thư đến thăm Trường Chính trị (TP Nam Định) và xã Xuân Hồng.\n"
        "Tại xã Xuân Hồng, Tổng Bí thư yêu cầu bà con xã Xuân Hồng và các địa phương khác giữ gìn di tích.\n"
    )
    filed = _filed(result)
    assert any("công tác cán bộ" in d for d in filed[None])
    assert not any("công tác cán bộ" in d for d in filed["Nam Định"])
    assert any("di tích" in d for d in filed["Xuân Hồng"]) and not any("di tích" in d for d in filed["Nam Định"])


def test_a_site_inspection_naming_no_place_is_one_visit_to_no_unit() -> None:
    out = _run("Phó Thủ tướng kiểm tra cao tốc\nNgày 8/2, Phó Thủ tướng Lê Văn An đã đi kiểm tra tiến độ "
               "Dự án đường cao tốc Bắc - Nam.\nPhó Thủ tướng yêu cầu nhà thầu tăng ca.")
    assert len(out.visits) == 1
    visit = out.visits[0]
    assert visit.commune is None and visit.date == "--02-08"
    assert [o.name for o in visit.officials] == ["Lê Văn An"]
    assert visit.directives


def test_a_working_session_naming_no_place_is_not_a_visit() -> None:
    out = _run("Bộ trưởng làm việc với Tổng cục Thuế\nNgày 8/2, Bộ trưởng Bộ Tài chính Lê Văn An đã làm việc "
               "với Tổng cục Thuế.\nBộ trưởng yêu cầu tăng thu.")
    assert out.visits == []


def test_receiving_a_delegation_is_not_a_visit() -> None:
    out = _run("Chủ tịch UBND tỉnh tiếp và làm việc với đoàn Ngân hàng Thế giới\nNgày 16/11, tại trụ sở UBND tỉnh, "
               "ông Lê Văn An, Chủ tịch UBND tỉnh Quảng Ngãi đã tiếp và làm việc với đoàn công tác của Ngân hàng "
               "Thế giới.\nChủ tịch UBND tỉnh đề nghị đoàn hỗ trợ tỉnh.")
    assert out.visits == []


def test_the_district_in_the_title_of_wards_visited_is_not_a_visit_of_its_own() -> None:
    out = _run("Bí thư Thành ủy thị sát vùng ngập ở quận 7\nSáng 5-10, Bí thư Thành ủy TPHCM Nguyễn Văn Nên đã "
               "thị sát tại phường Tân Phong và phường Phú Mỹ (quận 7).\nĐồng chí yêu cầu hai phường rà soát.")
    assert sorted(v.commune.name for v in out.visits) == ["Phú Mỹ", "Tân Phong"]


def test_a_place_name_like_can_tho_is_not_an_instruction() -> None:
    out = _run("Phó Chủ tịch UBND TP Cần Thơ kiểm tra phòng dịch\nChiều 18-8, ông Dương Tấn Hiển, Phó Chủ tịch UBND "
               "TP Cần Thơ, đã đi kiểm tra phòng dịch tại phường An Khánh.\nÔng yêu cầu phường diệt lăng quăng.")
    assert [v.commune.name for v in out.visits] == ["An Khánh"]


def test_an_online_meeting_on_a_project_is_not_a_visit() -> None:
    out = _run("Lãnh đạo tỉnh nghe báo cáo về dự án cao tốc\nSáng 14/8, UBND tỉnh Lâm Đồng tổ chức họp trực tuyến "
               "với các địa phương. Phó Chủ tịch UBND tỉnh Nguyễn Ngọc Phúc chủ trì.\nPhó Chủ tịch yêu cầu các "
               "huyện bàn giao mặt bằng.")
    assert out.visits == []


def test_the_ends_of_a_road_are_not_units_visited() -> None:
    out = _run("Bí thư kiểm tra dự án\nSáng 7/3, Bí thư Tỉnh ủy Quảng Ninh Vũ Đại Thắng kiểm tra tại TP Hạ Long "
               "Dự án tuyến đường bao biển nối TP Hạ Long với TP Cẩm Phả.\nĐồng chí yêu cầu đẩy nhanh tiến độ.")
    assert [v.commune.name for v in out.visits] == ["Hạ Long"]


def test_a_commune_s_own_leader_at_home_is_not_a_visit() -> None:
    out = _run("Chủ tịch UBND xã đối thoại với nông dân\nSáng 9/4, ông Lê Văn Kha, Chủ tịch UBND xã Tân Hội tổ "
               "chức đối thoại với nông dân xã Tân Hội.\nÔng đề nghị bà con chuyển đổi cây trồng.")
    assert out.visits == []


def test_a_commune_s_own_leader_out_at_a_site_is_a_visit_there() -> None:
    out = _run("Bí thư Đảng ủy xã kiểm tra công trình\nSáng 3/9/2025, đồng chí Trần Văn Nam, Bí thư Đảng ủy xã Thanh "
               "Ba, tỉnh Phú Thọ kiểm tra tiến độ xây dựng Trường Mầm non Thanh Ba.\nĐồng chí Bí thư Đảng ủy xã "
               "yêu cầu nhà thầu bảo đảm chất lượng công trình.")
    assert [v.commune.name for v in out.visits] == ["Thanh Ba"]
    assert [d.text for v in out.visits for d in v.directives] != []


def test_a_dateline_above_the_title_dates_the_visit() -> None:
    out = _run("Thứ Ba, 14/10/2025 - 09:15\nPhó Bí thư Tỉnh ủy làm việc tại phường Hạc Thành\nPhó Bí thư Tỉnh ủy "
               "Thanh Hóa Lại Thế Nguyên đã làm việc với Đảng ủy phường Hạc Thành.")
    assert out.title.startswith("Phó Bí thư")
    assert [v.date for v in out.visits] == ["2025-10-14"]


def test_a_foreign_leader_s_state_visit_is_not_a_visit() -> None:
    out = _run("Tổng thống Hàn Quốc thăm Việt Nam\nTừ ngày 22 đến 24/6, Tổng thống Hàn Quốc sẽ sang thăm cấp Nhà nước "
               "tới Việt Nam theo lời mời của Chủ tịch nước Võ Văn Thưởng.")
    assert out.visits == []


def test_a_letter_of_new_year_wishes_is_not_a_visit() -> None:
    out = _run("Bộ trưởng gửi thư chúc Tết\nNhân dịp Tết, Đại tướng Phan Văn Giang, Bộ trưởng Bộ Quốc phòng đã gửi thư "
               "chúc Tết cán bộ, chiến sĩ toàn quân.\nBộ trưởng yêu cầu các đơn vị kiểm tra chặt chẽ.")
    assert out.visits == []


def test_an_urban_district_before_2025_gives_the_city() -> None:
    out = _run("Bí thư Quận ủy thăm hộ nghèo\nTối 30/4, đồng chí Nguyễn Thị Thu Hà, Bí thư Quận ủy Gò Vấp đã đến "
               "thăm, tặng quà hộ nghèo tại phường 5, quận Gò Vấp.")
    assert out.province == "Hồ Chí Minh"


def test_a_product_named_after_a_commune_does_not_address_it() -> None:
    out = _run("Bí thư làm việc tại huyện Hương Khê\nNgày 14/6, Bí thư Tỉnh ủy Hà Tĩnh Hoàng Trung Dũng kiểm tra mô "
               "hình trồng bưởi tại xã Phúc Trạch.\nChiều cùng ngày, Bí thư Tỉnh ủy Hoàng Trung Dũng làm việc với "
               "huyện Hương Khê và đề nghị phát triển vùng bưởi Phúc Trạch theo hướng hữu cơ.")
    where = {v.commune.name: [d.text for d in v.directives] for v in out.visits}
    assert where["Phúc Trạch"] == []


def test_the_visitor_s_own_district_in_the_title_is_not_visited() -> None:
    out = _run("Chủ tịch huyện kiểm tra nhà cho hộ nghèo\nChiều qua (8/2), ông Đỗ Văn Hải, Chủ tịch UBND huyện Mộc "
               "Châu đã đến kiểm tra tiến độ xây nhà cho hộ nghèo tại xã Chiềng Sơn.")
    assert [v.commune.name for v in out.visits] == ["Chiềng Sơn"]


def test_a_province_a_bridge_leads_to_is_not_the_province_visited() -> None:
    out = _run("Bí thư kiểm tra cầu\nNgày 8-2, ông Nguyễn Văn Lợi, Bí thư Tỉnh ủy Bình Dương đã kiểm tra công trình "
               "cầu Bạch Đằng 2 nối thị xã Tân Uyên với tỉnh Đồng Nai.\nBí thư yêu cầu chủ đầu tư tăng ca.")
    assert out.province == "Bình Dương"


def test_an_undated_session_with_the_province_takes_the_article_s_date() -> None:
    out = _run("Thủ tướng thăm Nam Định\nNgày 21/1, Thủ tướng Phạm Minh Chính thăm khu công nghiệp tại huyện Mỹ Lộc, "
               "tỉnh Nam Định.\nNgày 22/1, Thủ tướng Phạm Minh Chính đến thăm xã Hải Đông.\nLàm việc với lãnh đạo "
               "tỉnh, Thủ tướng yêu cầu Nam Định phát triển công nghiệp.")
    session = [v for v in out.visits if v.commune is None]
    assert session and session[0].date == "--01-21"


def test_a_district_chairman_in_the_title_line_is_not_his_district_visited() -> None:
    out = _run("Chủ tịch UBND huyện Mộc Châu kiểm tra nhà cho hộ nghèo\nChiều 8/2, ông Đỗ Văn Hải đã đến kiểm tra "
               "tiến độ xây nhà tại xã Chiềng Sơn.")
    assert [v.commune.name for v in out.visits] == ["Chiềng Sơn"]


def test_the_conclusions_of_a_working_session_go_back_to_its_unit() -> None:
    out = _run("Bí thư làm việc với huyện Hương Khê\nNgày 14/6, Bí thư Tỉnh ủy Hoàng Trung Dũng làm việc với Ban "
               "Thường vụ Huyện ủy Hương Khê. Trước buổi làm việc, Bí thư Tỉnh ủy Hoàng Trung Dũng kiểm tra mô hình "
               "trồng bưởi tại xã Phúc Trạch.\nKết luận buổi làm việc, Bí thư Tỉnh ủy đề nghị đẩy nhanh giải ngân.")
    where = {v.commune.name: [d.text for d in v.directives] for v in out.visits}
    assert where["Phúc Trạch"] == [] and where["Hương Khê"]
