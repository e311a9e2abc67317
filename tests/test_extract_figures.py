"""Figures: Vietnamese number writing, units, and the numbers that are not figures."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from visitctl.extract.figures import find_figures, parse_number


def values(text: str) -> list[float]:
    return [f.value for f in find_figures(text)]


def one(text: str):
    found = find_figures(text)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(
    ("token", "value"),
    [
        ("125.000", 125000),
        ("8.295", 8295),
        ("36,5", 36.5),
        ("7,62", 7.62),
        ("1.234.567", 1234567),
        ("1.234,5", 1234.5),
        ("1,234.5", 1234.5),
        ("6.4", 6.4),
        ("42", 42),
    ],
)
def test_parse_number_reads_thousands_dots_and_decimal_commas(token: str, value: float) -> None:
    assert parse_number(token) == pytest.approx(value)


@pytest.mark.parametrize("token", ["5.6.2012", "3,4,6", "12.34.5"])
def test_parse_number_refuses_things_that_are_not_one_number(token: str) -> None:
    assert parse_number(token) is None


def test_compound_amount_in_billions_and_millions() -> None:
    fig = one("Năm nay tổng thu ngân sách của xã ước đạt 243 tỷ 609 triệu đồng.")
    assert fig.value == 243_609_000_000
    assert fig.unit == "VND"
    assert fig.text == "243 tỷ 609 triệu đồng"
    assert "tổng thu ngân sách" in fig.label


def test_decimal_billions() -> None:
    assert one("Tỉnh hỗ trợ 1,5 tỷ đồng để sửa trường.").value == 1_500_000_000


def test_amount_per_person_per_year_keeps_the_rate_in_the_unit() -> None:
    fig = one("Thu nhập bình quân đạt 36,5 triệu đồng/người/năm.")
    assert fig.value == 36_500_000
    assert fig.unit == "VND/người/năm"


def test_percent_with_decimal_comma() -> None:
    fig = one("Tăng trưởng kinh tế năm qua đạt 7,62%.")
    assert fig.value == pytest.approx(7.62)
    assert fig.unit == "%"


def test_qualifier_is_kept_in_the_text_and_thousands_dot_is_read() -> None:
    fig = one("Diện tích cây ăn quả của huyện đạt trên 125.000 ha.")
    assert fig.value == 125000
    assert fig.unit == "ha"
    assert fig.text == "trên 125.000 ha"


def test_ten_thousands_word_van() -> None:
    fig = one("Sản lượng thóc cả vụ đạt 37,7 vạn tấn.")
    assert fig.value == 377000
    assert fig.unit == "tấn"


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("Tổng vốn của cây cầu khoảng 8.295 tỷ đồng.", 8_295_000_000_000, "VND"),
        ("Giá trị hàng xuất đi đạt trên 3 tỷ USD.", 3_000_000_000, "USD"),
        ("Hàng hóa thông qua bến cảng đạt 43 triệu tấn.", 43_000_000, "tấn"),
        ("Tuyến đường mới dài 15,2 km.", 15.2, "km"),
        ("Máy phát có công suất 500W.", 500, "W"),
        ("Năm nay có 7.068 thí sinh dự thi.", 7068, "thí sinh"),
        ("Khu vực này có gần 300.000 người sinh sống.", 300000, "người"),
    ],
)
def test_measured_quantities(text: str, value: float, unit: str) -> None:
    fig = one(text)
    assert fig.value == pytest.approx(value)
    assert fig.unit == unit


def test_part_of_a_whole_keeps_the_numerator() -> None:
    assert values("Hiện có 5/21 xã đạt chuẩn nông thôn mới.") == [5]
    fig = one("Có 8/9 khu dân cư đạt danh hiệu văn hóa.")
    assert fig.value == 8
    assert fig.unit == "khu dân cư"


def test_counted_communes_are_figures() -> None:
    assert values("Toàn tỉnh đã có 39 xã đạt chuẩn nông thôn mới.") == [39]


@pytest.mark.parametrize(
    "text",
    [
        "Xã phấn đấu tăng trưởng ở mức 2 con số.",  # idiom
        "Sáng 25/11, đoàn công tác đến xã.",  # date
        "Ngày 6.4, Bí thư đến kiểm tra.",  # date with a dot
        "Từ đầu năm 2025 đến nay, xã đã làm tốt.",  # year
        "Vào tháng 8/2016, Bộ đã có văn bản.",  # month/year
        "Tỉnh ban hành Văn bản số 331/UBND-TH về việc này.",  # document number
        "Đại hội lần thứ XX, nhiệm kỳ 2025-2030 thành công.",  # ordinal, term
        "Mô hình chính quyền địa phương 2 cấp vận hành ổn định.",  # levels
        "Dự án giai đoạn 1 sắp xong.",  # phase
        "Quận 9 có nhiều tiến bộ.",  # numbered district
        "Cụ năm nay 95 tuổi, vừa kỷ niệm 72 năm ngày cưới.",  # age, anniversary
        "Liên hệ số 0912.345.678 để biết thêm.",  # phone number
        "Đoàn đã làm việc với 2 phường Bỉm Sơn, Quang Trung.",  # a list of names
        "Sau gần 5 tháng vận hành, bộ máy đã ổn định.",  # elapsed time
        "Đoàn đã xử lý 9 đảng viên vi phạm.",  # a small count that measures nothing
        "Các điểm cách nhau từ 5 – 7km.",  # a range
        "Kế hoạch đặt ra (12,5-13%) là cao.",  # a range of percentages
        "Khoảng cách không quá 3km.",  # a limit
    ],
)
def test_numbers_that_are_not_figures(text: str) -> None:
    assert find_figures(text) == []


def test_numbers_in_quoted_speech_or_instructions_are_left_out() -> None:
    assert find_figures("“Phủ sóng đến 100% thôn bản là việc khó”, ông nói.") == []
    assert find_figures("Ông yêu cầu huyện phải quy hoạch cho 2 triệu người.") == []


def test_shortened_time_is_a_figure_but_elapsed_time_is_not() -> None:
    assert values("Nhà thầu cố gắng rút ngắn thời gian thi công 12 tháng.") == [12]


def test_evidence_is_the_sentence_and_indexes_the_text() -> None:
    text = "Sáng 3/4, đoàn đến xã.\nDân số xã là 4.560 người. Diện tích 1.360 ha."
    found = find_figures(text)
    assert [f.value for f in found] == [4560, 1360]
    for fig in found:
        ev = fig.evidence
        assert text[ev.start : ev.end] == ev.sentence
        assert fig.text in ev.sentence


def test_empty_text() -> None:
    assert find_figures("") == []


_ALPHABET = st.sampled_from(list("0123456789.,/%-–  \n“”\"xãhatỷtriệuđồngngườiUSDkmvạn")) | st.characters()


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=_ALPHABET, max_size=300))
def test_never_raises_and_evidence_slices_the_input(text: str) -> None:
    for fig in find_figures(text):
        assert fig.value is not None and fig.value >= 0
        ev = fig.evidence
        assert ev is not None
        assert 0 <= ev.start <= ev.end <= len(text)
        assert text[ev.start : ev.end] == ev.sentence


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(min_value=0, max_value=999_999),
            st.sampled_from(["tỷ đồng", "triệu đồng", "ha", "%", "tấn", "km"]),
        ),
        min_size=1,
        max_size=5,
    )
)
def test_generated_amounts_are_read_back(items: list[tuple[int, str]]) -> None:
    def vn(n: int) -> str:
        return f"{n:,}".replace(",", ".")

    scale = {"tỷ đồng": 10**9, "triệu đồng": 10**6}
    text = " ".join(f"Chỉ số thứ {chr(97 + i)} đạt {vn(n)} {u}." for i, (n, u) in enumerate(items))
    got = {f.value for f in find_figures(text)}
    for n, u in items:
        assert n * scale.get(u, 1) in got


def test_short_currency_mark_and_counted_gifts() -> None:
    found = find_figures("Mỗi suất quà trị giá 500.000 đ, tổng cộng 120 suất quà.")
    assert [(f.value, f.unit) for f in found] == [(500000, "VND"), (120, "suất")]


def test_counts_of_boats_and_livestock() -> None:
    assert values("Huyện có 1.200 tàu cá và đàn bò 3.500 con.") == [1200, 3500]


def test_national_figures_quoted_for_comparison_are_left_out() -> None:
    text = "Mục tiêu tăng trưởng của cả nước năm nay là 6,5%. Tăng trưởng của tỉnh đạt 8,1%."
    assert values(text) == [8.1]


def test_a_year_followed_by_a_counted_noun_is_not_a_count() -> None:
    assert find_figures("Trong năm 2024 người dân đã góp đất làm đường.") == []


def test_labels_name_what_is_measured() -> None:
    found = find_figures("Xã có hơn 4.560 nhân khẩu, trong đó 80% dân số là đồng bào Mường.")
    assert [(f.value, f.label) for f in found] == [(4560, "nhân khẩu"), (80, "dân số là đồng bào Mường")]
    found = find_figures("Thu ngân sách đạt 4.215 tỷ đồng, bằng 38,2% dự toán.")
    assert [f.label for f in found] == ["Thu ngân sách", "Thu ngân sách"]


def test_counts_of_schools_files_cases_and_children() -> None:
    text = ("Quận có 52.000 học sinh, tăng gần 3.000 em; còn thiếu 16 trường công lập. "
            "Trung tâm tiếp nhận 6.842 hồ sơ. Bệnh viện điều trị 182 bệnh nhân, trong đó 14 ca nặng.")
    assert values(text) == [52000, 3000, 16, 6842, 182, 14]


def test_a_small_count_of_casualties_is_kept() -> None:
    assert values("Mưa lớn làm 2 người chết, 45 ngôi nhà bị hư hỏng; 3 đồng chí dự họp.") == [2, 45]


def test_must_after_a_figure_does_not_drop_it() -> None:
    assert values("Trong đó 14 ca nặng phải thở máy.") == [14]
    assert values("Huyện phải đạt 100% kế hoạch.") == []


def test_depth_in_centimetres() -> None:
    assert values("Nước ngập sâu khoảng 40 cm.") == [40]


def test_units_referred_back_to_are_not_counted() -> None:
    assert values("Bí thư biểu dương những kết quả mà 3 phường đạt được.") == []
    assert values("Toàn tỉnh có 39 xã đạt chuẩn nông thôn mới.") == [39]


def test_people_counted_as_residents_members_and_inmates() -> None:
    assert values("Huyện có 23.000 dân; hợp tác xã có 45 thành viên; trại quản lý hơn 6.500 phạm nhân.") == [
        23000, 45, 6500]
