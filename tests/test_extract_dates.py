"""Event dates and the year, read from the article alone."""

from __future__ import annotations

import pytest

from visitctl.extract import dates


@pytest.mark.parametrize(
    "text, day_month",
    [
        ("Ngày 8/2, Tổng Bí thư đến thăm", (8, 2)),
        ("Sáng 25/11, đồng chí Phong làm việc", (25, 11)),
        ("Trước đó, chiều 10-2 đoàn đã đến", (10, 2)),
        ("Chiều nay (7/2), Bí thư dẫn đầu đoàn", (7, 2)),
        ("Hôm nay 29-5, Phó Thủ tướng đến", (29, 5)),
        ("Ngày 19.5, ông Bảo đến thăm", (19, 5)),
        ("Ngày 15 – 5, đoàn công tác làm việc", (15, 5)),
        ("Trong 2 ngày 14 -15/5, Tổng Bí thư thăm tỉnh", (14, 5)),
        ("Trong hai ngày 3 và 4/12, đoàn công tác", (3, 12)),
        ("Ngày 27/11/2025, đoàn đến", (27, 11)),
        ("Sáng ngày 8 tháng 2, đoàn đến", (8, 2)),
    ],
)
def test_event_date_forms(text: str, day_month: tuple[int, int]) -> None:
    found = dates.event_dates(text)
    assert (found[0].day, found[0].month) == day_month


@pytest.mark.parametrize("text", ["tăng trưởng đạt 8,5% trong 31 tháng", "mỗi ngày 2-3 tiếng", "Kết luận số 24 ngày 5/6"])
def test_numbers_that_are_not_dates(text: str) -> None:
    assert dates.event_dates(text) == []


def test_explicit_year_is_kept() -> None:
    found = dates.event_dates("Sáng 25/11/2025 lúc 8 giờ, đoàn đến")
    assert (found[0].day, found[0].month, found[0].year) == (25, 11, 2025)


def test_year_from_header_line() -> None:
    text = " date 2025-11-27 Tiêu đề\n\nSáng 27/11, đoàn đến."
    assert dates.article_year(text) == 2025
    assert dates.lead_date(text, 2025) == "2025-11-27"


def test_year_from_trailing_dateline_with_two_digit_year() -> None:
    assert dates.article_year("Tiêu đề\nSáng 28/5, đoàn đến.\n27/05/13 20:45 GMT+7\nXã hội") == 2013


def test_year_from_date_line_under_the_title() -> None:
    assert dates.article_year("Tiêu đề\n07/04/2020\nNgày 6.4, đoàn đến.") == 2020


def test_year_from_published_date() -> None:
    assert dates.article_year("Sáng 3/3, đoàn đến.", published="2019-03-04") == 2019


def test_year_from_body_ignores_plan_horizons() -> None:
    text = "Sáng 25/11, đoàn đến. Từ đầu năm 2025 đến nay xã đạt kết quả tốt, phấn đấu đến năm 2030 trở thành thị xã."
    assert dates.article_year(text) == 2025
    assert dates.body_year("nhiệm kỳ 2025-2030 và tầm nhìn đến năm 2045") is None


def test_unknown_year_gives_month_day_only() -> None:
    assert dates.lead_date("Chiều 21/6, Bộ trưởng đến kiểm tra.", None) == "--06-21"


def test_no_date_at_all() -> None:
    assert dates.lead_date("Bộ trưởng đến kiểm tra điểm thi.", None) is None


def test_a_date_set_for_a_plan_never_gives_the_year() -> None:
    text = ("Ngày 4/3/2025, đoàn đến kiểm tra. Cầu dài 5,4 km; dự kiến khởi công trong quý II năm 2026. "
            "Chủ đầu tư phấn đấu hoàn thành giai đoạn 1 trong năm 2027.")
    assert dates.body_year(text) == 2025


def test_a_target_for_the_current_year_still_gives_the_year() -> None:
    assert dates.body_year("Mục tiêu tăng trưởng của cả nước năm 2017 là 6,7%.") == 2017


def test_figures_from_a_report_are_not_a_document_number() -> None:
    assert dates.body_year("Theo số liệu của thành phố, quý I năm 2023, tăng trưởng đạt 5,2%.") == 2023


def test_a_plan_alone_gives_its_earliest_year() -> None:
    assert dates.body_year("Ngày 8/2, đoàn đến. Phấn đấu thông xe toàn tuyến trong năm 2022.") == 2022


def test_year_of_a_quarter() -> None:
    assert dates.body_year("về tình hình triển khai nhiệm vụ quý I/2024.") == 2024


def test_year_from_a_dateline_glued_to_a_one_line_body() -> None:
    assert dates.article_year("Tiêu đề\nSáng 27-6, đoàn đến kiểm tra điểm thi. 27/06/22 11:05 GMT+7") == 2022


def test_a_trip_from_one_day_to_another() -> None:
    assert dates.lead_date("Từ ngày 10 - 12/4, đoàn giám sát đã làm việc tại huyện.", None) == "--04-10"
    assert dates.lead_date("Từ ngày 22 đến 24/6, đoàn sẽ làm việc tại tỉnh.", None) == "--06-22"
