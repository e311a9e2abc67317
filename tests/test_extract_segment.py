"""Sentences, captions, credits and bylines."""

from __future__ import annotations

import pytest

from visitctl.extract import segment


def test_offsets_index_the_text() -> None:
    text = "Câu một thiết thực.Trên địa bàn. Ảnh: Trí Dũng/TTXVN Sáng 15/5, câu ba"
    for s in segment.sentences(text):
        assert text[s.start:s.end] == s.sentence
    assert [s.sentence for s in segment.sentences(text)] == [
        "Câu một thiết thực.", "Trên địa bàn.", "Ảnh: Trí Dũng/TTXVN", "Sáng 15/5, câu ba"]


def test_decimals_and_abbreviations_do_not_split() -> None:
    assert len(segment.sentences("Tăng 8.5% tại TP.HCM và TP.Trà Vinh hôm nay.")) == 1


def test_inline_caption_before_a_credit() -> None:
    text = "Thân bài đầu. Tổng Bí thư thăm vườn cam. Ảnh: Trí Dũng/TTXVN Sáng 15/5, đoàn làm việc."
    spans = segment.caption_spans(text)
    assert [text[a:b] for a, b in spans] == ["Tổng Bí thư thăm vườn cam. Ảnh: Trí Dũng/TTXVN"]


def test_short_standalone_lines_are_captions() -> None:
    text = ("Tiêu đề\n\nĐoạn mở đầu dài với nhiều chữ.\n\nQuang cảnh buổi làm việc tại phường Bỉm Sơn.\n\n"
            "Đồng chí đề nghị phường tập trung làm tốt.\n\nQuốc Hương")
    captured = [text[a:b] for a, b in segment.caption_spans(text)]
    assert captured == ["Quang cảnh buổi làm việc tại phường Bỉm Sơn."]


def test_title_without_date_header_and_byline() -> None:
    text = " date 2025-11-27 Tiêu đề bài\n\nThân bài.\n\nQuốc Hương"
    assert segment.title(text).sentence == "Tiêu đề bài"
    assert segment.byline(text) == "Quốc Hương"


def test_byline_glued_to_a_one_line_body_and_source_lines() -> None:
    assert segment.byline("Tiêu đề\nThân bài dài. Kết thúc tại đây. Nguyễn Sự (TTXVN)") == "Nguyễn Sự (TTXVN)"
    assert segment.byline("Tiêu đề\nThân bài./. Nguồn: dangcongsan.vn") is None
    text = "Tiêu đề\nThân bài.\nHỒNG HIỆP\n28/05/13 07:56 GMT+7\nXã hội"
    assert segment.byline(text) == "HỒNG HIỆP"
    assert segment.body_end(text) == text.index("HỒNG")


def test_caption_glued_without_a_stop_is_its_own_sentence() -> None:
    text = "kiểm tra điểm thi Trường PTTH TP.Trà Vinh Phó Thủ tướng Vũ Đức Đam đánh giá cao"
    assert [s.sentence for s in segment.sentences(text)] == [
        "kiểm tra điểm thi Trường PTTH TP.Trà Vinh", "Phó Thủ tướng Vũ Đức Đam đánh giá cao"]
    text = "với người dân xã Xuân Hồng (Xuân Trường, Nam Định) Tổng Bí thư đề nghị đội ngũ"
    assert len(segment.sentences(text)) == 2
    for kept in ("Cùng đi với Tổng Bí thư có", "đồng chí Phó Bí thư Thường trực Tỉnh ủy Nguyễn Hồng Phong"):
        assert len(segment.sentences(kept)) == 1


def test_a_short_instruction_paragraph_is_not_a_caption() -> None:
    text = "Tiêu đề\n\nĐoạn mở đầu.\n\nTập trung đầu tư trường học, trạm y tế.\n\nĐoạn cuối dài.\n\nTác giả"
    captured = [text[a:b] for a, b in segment.caption_spans(text)]
    assert not any(c.startswith("Tập trung") for c in captured)


@pytest.mark.parametrize("credit", ["Theo Báo Chính phủ", "Nguồn: Báo Nhân Dân", "(Chinhphu.vn)", "TTXVN",
                                    "Báo Thanh Hóa", "baochinhphu.vn"])
def test_a_source_credit_is_not_an_author(credit: str) -> None:
    text = f"Tiêu đề\nSáng 3/4, đoàn đến thăm xã Yên Bình.\n{credit}\n"
    assert segment.byline(text) is None


def test_a_personal_byline_is_the_author() -> None:
    assert segment.byline("Tiêu đề\nSáng 3/4, đoàn đến thăm xã Yên Bình.\nMinh Anh\n") == "Minh Anh"
    assert segment.byline("Tiêu đề\nSáng 3/4, đoàn đến thăm xã Yên Bình.\nVăn Điệp (TTXVN)\n") == "Văn Điệp (TTXVN)"


def test_list_items_are_not_captions() -> None:
    text = ("Tiêu đề\nNgày 14/6, Bí thư Tỉnh ủy làm việc với huyện.\nĐồng chí đề nghị huyện tập trung các nội dung:\n"
            "- Một là, đẩy nhanh giải ngân vốn đầu tư công.\n- Hai là, phát triển vùng bưởi hữu cơ.\nHết.\n")
    assert segment.caption_spans(text) == []
