"""Gifts: who received gifts, one record per recipient."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from visitctl.extract.gifts import find_gifts


def names(text: str) -> list[str]:
    return [g.name for g in find_gifts(text)]


def test_two_heroic_mothers_with_their_hamlets_cut_off() -> None:
    text = (
        "Tại xã Định Hòa, đoàn đã đến thăm, tặng quà Mẹ Việt Nam Anh hùng Lê Thị Mận, ở thôn Đông "
        "và Mẹ Việt Nam Anh hùng Trần Thị Cúc, ở thôn Tây."
    )
    assert names(text) == ["Mẹ Việt Nam Anh hùng Lê Thị Mận", "Mẹ Việt Nam Anh hùng Trần Thị Cúc"]


def test_caption_and_body_and_a_generic_restatement_are_merged() -> None:
    text = (
        "Bí thư thăm xã Định Hòa\n"
        "Đồng chí Bí thư thăm và tặng quà Mẹ Việt Nam Anh hùng Lê Thị Mận, xã Định Hòa.\n"
        "Đoàn đã đến thăm, tặng quà Mẹ Việt Nam Anh hùng Lê Thị Mận, ở thôn Đông.\n"
        "Tặng quà tri ân các Mẹ Việt Nam Anh hùng, đồng chí chúc các Mẹ mạnh khỏe."
    )
    assert names(text) == ["Mẹ Việt Nam Anh hùng Lê Thị Mận"]


def test_a_short_gift_keeps_its_recipient() -> None:
    text = "Chủ tịch nước tặng bức ảnh Bác Hồ cho Đảng bộ, chính quyền và nhân dân tỉnh Lai Châu. Ảnh: TTXVN"
    assert names(text) == ["bức ảnh Bác Hồ cho Đảng bộ, chính quyền và nhân dân tỉnh Lai Châu"]


def test_two_gifts_in_one_sentence() -> None:
    text = "Nhân dịp này, đồng chí trao tặng ngôi nhà đại đoàn kết cho hộ nghèo, tặng 30 chiếc xe đạp cho học sinh của xã."
    assert names(text) == ["ngôi nhà đại đoàn kết cho hộ nghèo", "30 chiếc xe đạp cho học sinh của xã"]


def test_a_long_list_of_equipment_keeps_only_the_recipient() -> None:
    text = (
        "Ông về thăm và trao tặng, bàn giao hệ thống loa truyền thanh không dây và bộ máy tính dựng "
        "hình hiện đại cho Đài Phát thanh - Truyền hình (PT-TH) huyện Kim Sơn."
    )
    assert names(text) == ["Đài Phát thanh - Truyền hình (PT-TH) huyện Kim Sơn"]


def test_gift_to_families_and_to_groups_after_chained_verbs() -> None:
    assert names("Tổng Bí thư tặng quà một số gia đình chính sách của xã.") == ["một số gia đình chính sách của xã"]
    text = "Ông đã đến kiểm tra, tặng quà, động viên lực lượng trực chốt và người dân thôn Đồng Xuân."
    assert names(text) == ["lực lượng trực chốt và người dân thôn Đồng Xuân"]


def test_a_person_described_after_a_dash() -> None:
    text = "Đoàn đến thăm, tặng quà Thượng tá Lê Văn Hòa - một thương binh nặng ở phường 5."
    assert names(text) == ["Thượng tá Lê Văn Hòa"]


def test_visits_without_a_gift_and_other_uses_of_the_verbs() -> None:
    assert names("Đoàn đến thăm, chúc thọ cụ Nguyễn Văn Tư, năm nay 100 tuổi.") == []
    assert names("Hai bên đã trao đổi về hợp tác. Ông được tặng thưởng Huân chương Lao động.") == []


def test_evidence_indexes_the_text() -> None:
    text = "Chiều 1/6, đoàn đến xã.\nBí thư tặng quà các cháu thiếu nhi của thôn."
    (gift,) = find_gifts(text)
    assert gift.name == "các cháu thiếu nhi của thôn"
    ev = gift.evidence
    assert text[ev.start : ev.end] == ev.sentence


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("tặng quà trao cho và Mẹ ông bà, ;.-()Aa\n")), max_size=300))
def test_never_raises_and_evidence_slices_the_input(text: str) -> None:
    for g in find_gifts(text):
        ev = g.evidence
        assert text[ev.start : ev.end] == ev.sentence
        assert g.name


def test_counted_gifts_handed_over_and_new_year_gifts() -> None:
    assert names("Dịp này, Phó Chủ tịch trao 40 suất học bổng cho học sinh giỏi của huyện.") == [
        "40 suất học bổng cho học sinh giỏi của huyện"
    ]
    assert names("Bí thư tặng quà Tết cho các hộ nghèo trên địa bàn.") == ["các hộ nghèo trên địa bàn"]
    assert names("Đoàn đến thăm, tặng quà tại Trung tâm Điều dưỡng người có công tỉnh.") == [
        "Trung tâm Điều dưỡng người có công tỉnh"
    ]


def test_a_counted_gift_after_and_is_a_second_gift() -> None:
    text = "Ông đã tặng quà cán bộ, chiến sĩ của đồn và 40 suất quà cho các hộ ngư dân khó khăn."
    assert names(text) == ["cán bộ, chiến sĩ của đồn", "40 suất quà cho các hộ ngư dân khó khăn"]


def test_gift_details_in_parentheses_and_chained_greetings() -> None:
    text = "Đoàn tặng 200 suất quà (mỗi suất trị giá 500.000 đồng) cho hộ nghèo của xã."
    assert names(text) == ["200 suất quà cho hộ nghèo của xã"]
    assert names("Bí thư đã tặng quà và chúc Tết các gia đình chính sách.") == ["các gia đình chính sách"]


def test_an_award_received_is_not_a_gift() -> None:
    assert find_gifts("Năm 2025, trại giam được Bộ Công an tặng cờ thi đua.") == []
    assert [g.name for g in find_gifts("Các hộ nghèo được đoàn trao tặng 50 suất quà.")] == ["50 suất quà"]
