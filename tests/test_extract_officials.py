"""Visiting officials and their titles, kept apart from hosts and companions."""

from __future__ import annotations

from visitctl.extract import officials, segment
from visitctl.extract.normalize import normalize_text


def _leads(text: str) -> list[tuple[str, str | None]]:
    text = normalize_text(text)
    title = segment.title(text)
    body_start = text.find("\n") + 1
    return [(o.name, o.title) for o in officials.leading_officials(text, title, body_start, len(text))]


def test_name_first_with_title_after_comma() -> None:
    text = "Tiêu đề\nSáng 25/11, đồng chí Nguyễn Hồng Phong, Phó Bí thư Thường trực Tỉnh ủy đã đi thăm xã A."
    assert _leads(text) == [("Nguyễn Hồng Phong", "Phó Bí thư Thường trực Tỉnh ủy")]


def test_title_first_with_a_body_name_in_between() -> None:
    text = "Tiêu đề\nChiều 2/3, Bộ trưởng Bộ Nông nghiệp và Phát triển nông thôn Lê Minh Hoan đến kiểm tra đê."
    assert _leads(text) == [("Lê Minh Hoan", "Bộ trưởng Bộ Nông nghiệp và Phát triển nông thôn")]


def test_several_titles_and_a_dash() -> None:
    text = ("Tiêu đề\nNgày 6.4, đồng chí Đỗ Tiến Sỹ, Ủy viên BCH Trung ương Đảng, Bí thư Tỉnh ủy, "
            "Trưởng đoàn Đại biểu Quốc hội tỉnh đã đến kiểm tra.")
    assert _leads(text) == [("Đỗ Tiến Sỹ", "Ủy viên BCH Trung ương Đảng, Bí thư Tỉnh ủy, Trưởng đoàn Đại biểu Quốc hội tỉnh")]
    text = "Tiêu đề\nChiều nay, Bí thư Thành ủy Thành phố Hồ Chí Minh - ông Đinh La Thăng dẫn đầu đoàn công tác."
    assert _leads(text) == [("Đinh La Thăng", "Bí thư Thành ủy Thành phố Hồ Chí Minh")]


def test_title_line_names_the_visitor_and_hosts_are_left_out() -> None:
    text = ("Tổng Bí thư Nguyễn Phú Trọng thăm tỉnh Nam Định\n"
            "Ngày 8/2, Tổng Bí thư làm việc với tỉnh. Báo cáo với đoàn, đồng chí Đoàn Hồng Phong, Bí thư Tỉnh ủy "
            "Nam Định cho biết tỉnh đạt nhiều kết quả. Cùng đi có Bộ trưởng Bộ Tài chính Đinh Tiến Dũng.")
    assert _leads(text) == [("Nguyễn Phú Trọng", "Tổng Bí thư")]


def test_a_second_official_shown_inspecting_on_their_own() -> None:
    text = ("Phó Thủ tướng Vũ Đức Đam thị sát kỳ thi\nChiều 21/6, Phó Thủ tướng Vũ Đức Đam kiểm tra điểm thi. "
            "Cùng ngày, ông Phạm Mạnh Hùng - Thứ trưởng Bộ GD-ĐT kiểm tra công tác chuẩn bị tại Khánh Hòa.")
    assert _leads(text) == [("Vũ Đức Đam", "Phó Thủ tướng"), ("Phạm Mạnh Hùng", "Thứ trưởng Bộ GD-ĐT")]


def test_abbreviated_title_is_expanded_and_places_are_not_people() -> None:
    text = "PTT Trịnh Đình Dũng khảo sát cầu\nBí thư Thành ủy Hà Nội Hoàng Trung Hải làm việc."
    names = dict(_leads(text))
    assert names["Trịnh Đình Dũng"] == "Phó Thủ tướng" and "Hà Nội" not in names


def test_the_host_who_welcomes_is_not_the_visitor() -> None:
    text = ("Thứ trưởng Bộ Y tế kiểm tra tại Tây Ninh\nSáng 3/4, Chủ tịch UBND tỉnh Tây Ninh Nguyễn Thanh Ngọc "
            "đón tiếp đoàn công tác của Bộ Y tế do Thứ trưởng Trần Văn Thuấn dẫn đầu.")
    assert _leads(text) == [("Trần Văn Thuấn", "Thứ trưởng")]


def test_courtesy_word_before_a_title() -> None:
    text = "Tiêu đề\nSáng 3/4, đồng chí Bí thư Tỉnh ủy Nguyễn Văn An đã đến thăm xã Yên Bình."
    assert _leads(text) == [("Nguyễn Văn An", "Bí thư Tỉnh ủy")]


def test_titles_after_a_title_first_name_and_the_title_kept() -> None:
    text = ("Tiêu đề\nNgày 26/5, ông Vương Đình Huệ, Ủy viên Bộ Chính trị, Phó Thủ tướng Chính phủ đã đến làm việc. "
            "Ủy viên Bộ Chính trị, Phó Thủ tướng Vương Đình Huệ, Trưởng đoàn kiểm tra nêu rõ.")
    assert _leads(text) == [("Vương Đình Huệ", "Ủy viên Bộ Chính trị, Phó Thủ tướng Chính phủ")]
    text = "Tiêu đề\nChiều 2/9, Thượng tướng Lương Tam Quang, Thứ trưởng Bộ Công an kiểm tra cửa khẩu."
    assert _leads(text) == [("Lương Tam Quang", "Thượng tướng, Thứ trưởng Bộ Công an")]


def test_two_officials_joined_by_and_are_two_people() -> None:
    text = ("Tiêu đề\nChiều 14/5, Phó Thủ tướng Vũ Đức Đam và Bộ trưởng Bộ Y tế Nguyễn Thanh Long đã kiểm tra "
            "bệnh viện.")
    assert _leads(text) == [("Vũ Đức Đam", "Phó Thủ tướng"), ("Nguyễn Thanh Long", "Bộ trưởng Bộ Y tế")]


def test_and_inside_a_title_still_joins_it() -> None:
    text = "Tiêu đề\nChiều 14/5, Bí thư Tỉnh ủy và Chủ tịch HĐND tỉnh Nguyễn Văn An đã kiểm tra bệnh viện."
    assert _leads(text) == [("Nguyễn Văn An", "Bí thư Tỉnh ủy và Chủ tịch HĐND tỉnh")]


def test_a_five_word_ede_name_written_name_first() -> None:
    text = "Tiêu đề\nNgày 25/7, đồng chí Y Thanh Hà Niê Kđăm, Phó Chủ tịch Quốc hội đã đến thăm xã Ea Kao."
    assert _leads(text) == [("Y Thanh Hà Niê Kđăm", "Phó Chủ tịch Quốc hội")]


def test_the_lead_is_two_paragraphs_even_when_they_end_with_a_full_stop() -> None:
    text = "Tiêu đề\nMột câu. Hai câu.\nBa câu.\nBốn câu.\nNăm câu.\n"
    assert officials._lead_end(text, 8) == text.index("Bốn")
