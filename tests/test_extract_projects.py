"""Projects: sites the official inspected, with sensible name ends."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from visitctl.extract.projects import find_projects, same_name


def names(text: str) -> list[str]:
    return [p.name for p in find_projects(text)]


def test_project_after_an_inspection_verb_ends_at_semicolon_and_keeps_the_next_item() -> None:
    text = (
        "Đoàn đã đi kiểm tra tiến độ Dự án nạo vét kênh Bắc và cầu Tân Phú; "
        "dự án đường nối quốc lộ 1 với khu công nghiệp Đông Nam."
    )
    assert names(text) == [
        "Dự án nạo vét kênh Bắc và cầu Tân Phú",
        "dự án đường nối quốc lộ 1 với khu công nghiệp Đông Nam",
    ]


def test_generic_mentions_in_instructions_are_not_projects() -> None:
    text = "Xã cần rà soát lại các dự án đang triển khai, tránh đầu tư dàn trải. Nhiều công trình đã xong."
    assert names(text) == []


def test_name_stops_before_the_commune_and_a_following_clause() -> None:
    text = "Chiều 3/4, đồng chí đến thăm vườn bưởi Hòa Lạc, một trong những vườn lớn nhất huyện."
    assert names(text) == ["vườn bưởi Hòa Lạc"]
    text = "Bí thư đã tham quan mô hình nuôi tôm sạch ở ấp Bình An, xã Tân Hòa; sau đó làm việc với xã."
    assert names(text) == ["mô hình nuôi tôm sạch ở ấp Bình An"]


def test_comma_inside_a_name_continues_when_no_clause_follows() -> None:
    text = "Ông thăm mô hình tích tụ ruộng đất, cơ giới hóa khâu thu hoạch tại xã Yên Lạc."
    assert names(text) == ["mô hình tích tụ ruộng đất, cơ giới hóa khâu thu hoạch"]


def test_memorials_keep_titles_and_stop_at_a_parenthesis() -> None:
    text = (
        "Đoàn đến dâng hương tại Tượng đài Chủ tịch Hồ Chí Minh (trung tâm thị xã) "
        "và đến thăm Nhà lưu niệm Nguyên Tổng Bí thư Lê Duẩn ở làng Bích La."
    )
    assert names(text) == [
        "Tượng đài Chủ tịch Hồ Chí Minh",
        "Nhà lưu niệm Nguyên Tổng Bí thư Lê Duẩn ở làng Bích La",
    ]


def test_glued_caption_does_not_run_into_the_name() -> None:
    text = "Bộ trưởng kiểm tra điểm thi Trường THPT Lê Lợi Bộ trưởng Nguyễn Văn A đánh giá cao công tác chuẩn bị."
    assert names(text) == ["điểm thi Trường THPT Lê Lợi"]


def test_abbreviation_in_parentheses_is_part_of_the_name() -> None:
    text = "Ông về thăm và trao thiết bị cho Đài Phát thanh - Truyền hình (PT-TH) huyện Kim Sơn."
    assert names(text) == ["Đài Phát thanh - Truyền hình (PT-TH) huyện Kim Sơn"]


def test_several_sluices_in_one_list() -> None:
    text = "Sau đó, ông lên xuồng để kiểm tra các tuyến kè, cống Rạch Tra, cống Bến Nghé."
    assert names(text) == ["cống Rạch Tra", "cống Bến Nghé"]


def test_checkpoint_and_quarantine_site() -> None:
    text = (
        "Đồng chí đến kiểm tra, động viên lực lượng tại chốt kiểm soát và người dân trong thôn. "
        "Sau đó, đồng chí kiểm tra Cơ sở cách ly tập trung của huyện Tiên Du."
    )
    assert names(text) == ["chốt kiểm soát", "Cơ sở cách ly tập trung của huyện Tiên Du"]


def test_vague_site_is_replaced_by_the_formal_project_name() -> None:
    text = (
        "Phó Thủ tướng đi khảo sát vị trí xây dựng cầu Mỹ Hòa bắc qua sông Tiền. "
        "Năm ngoái, Bộ đề nghị đổi hình thức đầu tư Dự án Xây dựng cầu Mỹ Hòa trên Quốc lộ 57 từ BOT sang ODA."
    )
    assert names(text) == ["Dự án Xây dựng cầu Mỹ Hòa trên Quốc lộ 57"]


def test_repeated_site_in_caption_and_body_is_one_project() -> None:
    text = (
        "Phó Bí thư làm việc tại xã Định Tân\n"
        "Đồng chí kiểm tra công tác vận hành Trung tâm Phục vụ hành chính công xã Định Tân.\n"
        "Trước đó, đoàn đã đi kiểm tra công tác vận hành Trung tâm Phục vụ hành chính công xã."
    )
    found = find_projects(text)
    assert [p.name for p in found] == ["Trung tâm Phục vụ hành chính công xã Định Tân"]
    ev = found[0].evidence
    assert text[ev.start : ev.end] == ev.sentence


def test_title_counts_only_when_the_body_names_no_site() -> None:
    text = "Bí thư kiểm tra dự án chống sạt lở\nBí thư đã kiểm tra Dự án kè bờ sông Cái đoạn qua xã."
    assert names(text) == ["Dự án kè bờ sông Cái đoạn qua xã"]
    assert names("Bí thư kiểm tra dự án chống sạt lở bờ biển\nBuổi làm việc diễn ra tốt.") == [
        "dự án chống sạt lở bờ biển"
    ]


def test_same_name_is_loose_but_tells_different_sites_apart() -> None:
    assert same_name("điểm thi THPT Lê Lợi", "điểm thi Trường THPT Lê Lợi")
    assert not same_name("cống Rạch Tra", "cống Bến Nghé")


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("kiểm tra Dự án dự án Trung tâm cống, ;.()-Aa\n")), max_size=300))
def test_never_raises_and_evidence_slices_the_input(text: str) -> None:
    for p in find_projects(text):
        ev = p.evidence
        assert text[ev.start : ev.end] == ev.sentence
        assert p.name


def test_bridge_dyke_heads_need_a_name_and_are_not_read_inside_other_words() -> None:
    assert names("Đồng chí kiểm tra cầu Rạch Miễu và đê Hữu Hồng.") == ["cầu Rạch Miễu và đê Hữu Hồng"]
    assert names("Đồng chí kiểm tra và yêu cầu Sở Xây dựng khẩn trương hoàn thành.") == []


def test_sites_named_in_an_instruction_after_the_visit_are_not_inspected() -> None:
    text = "Thủ tướng kiểm tra Nhà máy Thủy điện Sơn La, sau đó yêu cầu sớm xây dựng Trung tâm Hành chính tỉnh."
    assert names(text) == ["Nhà máy Thủy điện Sơn La"]


def test_a_sentence_set_at_a_site_names_that_site() -> None:
    text = "Tại Đồn Biên phòng Cô Tô, Chủ tịch nước đã tặng quà cán bộ, chiến sĩ."
    assert names(text) == ["Đồn Biên phòng Cô Tô"]


def test_dykes_roads_and_units_visited() -> None:
    assert names("Chủ tịch tỉnh khảo sát tuyến đê biển Giao Thủy và thăm Trạm Ra-đa 44.") == [
        "tuyến đê biển Giao Thủy",
        "Trạm Ra-đa 44",
    ]


def test_a_first_line_that_is_a_sentence_is_body_not_headline() -> None:
    text = "Sáng 2/5, Bí thư kiểm tra Nhà máy nước Đông Hà.\nSau đó, Bí thư thăm Bệnh viện Đa khoa tỉnh."
    assert names(text) == ["Nhà máy nước Đông Hà", "Bệnh viện Đa khoa tỉnh"]


def test_a_following_verb_ends_the_name_but_a_compound_does_not() -> None:
    text = "Thứ trưởng dâng hương tại Khu di tích lịch sử Đền Hùng và trồng cây lưu niệm."
    assert names(text) == ["Khu di tích lịch sử Đền Hùng"]
    assert names("Thủ tướng thị sát Cảng hàng không quốc tế Long Thành.") == ["Cảng hàng không quốc tế Long Thành"]


def test_sites_with_different_proper_names_stay_apart() -> None:
    text = "Đoàn kiểm tra Trường THCS Lê Lợi. Đoàn kiểm tra Trường THPT Lê Lợi."
    assert names(text) == ["Trường THCS Lê Lợi", "Trường THPT Lê Lợi"]


def test_the_site_whose_work_is_inspected() -> None:
    text = "Đồng chí kiểm tra hoạt động của Trung tâm Phục vụ hành chính công phường Hạc Thành."
    assert [p.name for p in find_projects(text)] == ["Trung tâm Phục vụ hành chính công phường Hạc Thành"]
    assert find_projects("Đoàn kiểm tra công tác của các dự án.") == []


def test_canals_and_expressways_surveyed() -> None:
    text = ("Bí thư đi khảo sát tuyến kênh Ruột Ngựa. Thủ tướng kiểm tra Dự án Cảng hàng không quốc tế Long Thành "
            "và tuyến cao tốc Biên Hòa - Vũng Tàu.")
    assert [p.name for p in find_projects(text)] == [
        "tuyến kênh Ruột Ngựa", "Dự án Cảng hàng không quốc tế Long Thành", "tuyến cao tốc Biên Hòa - Vũng Tàu"]


def test_parishes_visited() -> None:
    text = "Bà Hà Thị Nga đến thăm, chúc mừng Giáng sinh tại Giáo xứ Phú Nhai và Giáo xứ Bác Trạch."
    assert [p.name for p in find_projects(text)] == ["Giáo xứ Phú Nhai", "Giáo xứ Bác Trạch"]


def test_a_bridge_name_ends_before_where_it_leads_and_a_board_is_not_a_site() -> None:
    text = ("Đoàn kiểm tra công trình cầu Bạch Đằng 2 nối thị xã Tân Uyên với tỉnh Đồng Nai. Ông kiểm tra hoạt động "
            "tại cửa khẩu quốc tế Hữu Nghị và làm việc với Ban Quản lý Khu kinh tế cửa khẩu Đồng Đăng.")
    assert [p.name for p in find_projects(text)] == ["công trình cầu Bạch Đằng 2", "cửa khẩu quốc tế Hữu Nghị"]


def test_a_survey_asked_for_is_not_a_site_visited() -> None:
    text = "Chủ tịch UBND tỉnh giao Sở Nông nghiệp khẩn trương khảo sát, lập dự án kè khẩn cấp."
    assert find_projects(text) == []
    text = "Kiểm tra các công trình giao thông, Phó Thủ tướng đã đi khảo sát Khu liên hợp xử lý chất thải Nam Sơn."
    assert [p.name for p in find_projects(text)] == ["Khu liên hợp xử lý chất thải Nam Sơn"]


def test_ba_inside_a_place_name_does_not_end_the_site() -> None:
    text = "Đồng chí thăm cán bộ, chiến sĩ Đồn Biên phòng Cát Bà và các hộ nghèo."
    assert [p.name for p in find_projects(text)] == ["Đồn Biên phòng Cát Bà"]


def test_a_commune_named_like_a_school_is_not_a_site() -> None:
    text = "Chủ tịch Quốc hội dâng hương tại Khu di tích Pác Bó, xã Trường Hà, huyện Hà Quảng."
    assert [p.name for p in find_projects(text)] == ["Khu di tích Pác Bó"]
