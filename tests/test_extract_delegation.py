"""Delegation: agencies that went along with the official, not the hosts."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from visitctl.extract.delegation import find_delegation


def test_each_agency_of_a_companion_list() -> None:
    text = (
        "Sáng 2/3, Phó Chủ tịch tỉnh làm việc tại xã Yên Phú. "
        "Cùng tham gia có đại diện Ban Dân vận Tỉnh ủy, Ban Pháp chế HĐND tỉnh; "
        "Văn phòng UBND tỉnh, Sở Nội vụ, Sở Văn hóa, Thể thao và Du lịch."
    )
    assert find_delegation(text) == [
        "Ban Dân vận Tỉnh ủy",
        "Ban Pháp chế HĐND tỉnh",
        "Văn phòng UBND tỉnh",
        "Sở Nội vụ",
        "Sở Văn hóa, Thể thao và Du lịch",
    ]


def test_leaders_are_reduced_to_their_agencies_without_personal_names() -> None:
    text = (
        "Cùng đi với Thủ tướng có Bộ trưởng Bộ Xây dựng Trần Văn Sơn; Bộ trưởng, "
        "Chủ nhiệm Ủy ban Dân tộc Hầu A Lềnh; đại diện lãnh đạo Ban Chỉ đạo Tây Nguyên "
        "cùng nhiều ban, bộ, ngành Trung ương."
    )
    assert find_delegation(text) == ["Bộ Xây dựng", "Ủy ban Dân tộc", "Ban Chỉ đạo Tây Nguyên"]


def test_heads_of_party_commissions_and_offices() -> None:
    text = (
        "Cùng dự có các đồng chí: Lê Văn Bình, Ủy viên Bộ Chính trị, Trưởng ban Kinh tế Trung ương; "
        "Trần Thị Hoa, Bí thư Trung ương Đảng, Chánh Văn phòng Trung ương Đảng."
    )
    assert find_delegation(text) == ["Ban Kinh tế Trung ương", "Văn phòng Trung ương Đảng"]


def test_hosts_and_memberships_are_not_delegation() -> None:
    text = (
        "Cùng đi có đồng chí Phạm Văn Cường, Ủy viên Ban Thường vụ Tỉnh ủy, Bí thư Huyện ủy Kim Bảng. "
        "Cùng đi với đoàn còn có lãnh đạo tỉnh Bạc Liêu và Cà Mau."
    )
    assert find_delegation(text) == []


def test_ministry_and_steering_committee_among_local_leaders() -> None:
    text = (
        "Cùng đi với đoàn của Phó Thủ tướng còn có lãnh đạo Bộ Công Thương, các bộ, ngành liên quan, "
        "đại diện Ban Chỉ đạo Tây Nam bộ, lãnh đạo tỉnh Hậu Giang."
    )
    assert find_delegation(text) == ["Bộ Công Thương", "Ban Chỉ đạo Tây Nam bộ"]


def test_named_task_force_led_by_the_official() -> None:
    text = "Ngày 4/5, Tổ công tác của Thủ tướng Chính phủ do ông Lê Văn A làm tổ trưởng đã làm việc với tỉnh."
    assert find_delegation(text) == ["Tổ công tác của Thủ tướng Chính phủ"]


def test_no_companion_sentence() -> None:
    assert find_delegation("Bí thư làm việc với lãnh đạo huyện. Tham dự có Chủ tịch UBND huyện.") == []
    assert find_delegation("") == []


def test_repeated_list_gives_each_agency_once() -> None:
    text = "Cùng đi có đại diện Sở Y tế. Cùng tham gia có đại diện Sở Y tế, Sở Tư pháp."
    assert find_delegation(text) == ["Sở Y tế", "Sở Tư pháp"]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("Cùng đi có Sở Bộ Ban Ủy ban đại diện trưởng,;.:Nguyễn Văn A\n")), max_size=300))
def test_never_raises(text: str) -> None:
    for name in find_delegation(text):
        assert name and name in text or name.startswith("Ban")


def test_bare_names_after_a_list_of_departments_or_ministries() -> None:
    text = "Cùng đi có lãnh đạo các sở, ngành: Tư pháp, Y tế, Giáo dục và Đào tạo; đại diện Ban Nội chính Tỉnh ủy."
    assert find_delegation(text) == ["Sở Tư pháp", "Sở Y tế", "Sở Giáo dục và Đào tạo", "Ban Nội chính Tỉnh ủy"]
    text = "Cùng đi công tác với Phó Thủ tướng có lãnh đạo các Bộ: Công an, Quốc phòng."
    assert find_delegation(text) == ["Bộ Công an", "Bộ Quốc phòng"]


def test_a_lower_case_team_named_by_its_body() -> None:
    text = "Ngày 3/7, đoàn công tác của Bộ Chính trị do đồng chí Trương Thị Mai làm trưởng đoàn đã làm việc."
    assert find_delegation(text) == ["đoàn công tác của Bộ Chính trị"]
    assert find_delegation("Ngày 3/7, đoàn công tác do ông Lê Văn An dẫn đầu đã làm việc.") == []
