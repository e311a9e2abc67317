"""Directive finding: what an official asks for, and what is not a directive."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from visitctl.extract.directives import addressee, find_directives
from visitctl.extract.normalize import normalize_text

# A made-up article: the report, the locality's request, praise, a caption,
# the concluding speech with its directives, then another activity.
ARTICLE = normalize_text("""Chủ tịch UBND tỉnh Lê Minh Quang làm việc tại xã Yên Hòa

Chiều 12/3, đồng chí Lê Minh Quang, Chủ tịch UBND tỉnh đã làm việc với lãnh đạo xã Yên Hòa về tình hình kinh tế.

Năm qua, Đảng bộ xã đã lãnh đạo, chỉ đạo Nhân dân hoàn thành vượt mức 15 chỉ tiêu, thu nhập bình quân đạt 52 triệu đồng.

Lãnh đạo xã Yên Hòa đề nghị tỉnh hỗ trợ kinh phí nâng cấp tuyến đường liên thôn.

Phát biểu kết luận, Chủ tịch UBND tỉnh ghi nhận, đánh giá cao những kết quả xã đạt được trong năm.

Đồng chí Lê Minh Quang phát biểu chỉ đạo tại buổi làm việc

Đồng chí đề nghị cấp ủy, chính quyền xã Yên Hòa rà soát lại quỹ đất, hoàn thiện quy hoạch khu dân cư mới trước tháng 6.

Xã cần chú trọng đào tạo nghề cho thanh niên, tạo việc làm tại chỗ.

Ưu tiên nguồn lực sửa chữa trường mầm non; nâng cấp trạm y tế xã. Trong đó, chú ý an toàn thực phẩm.

Tại thôn Đông, đoàn đã thăm hỏi, tặng quà các gia đình chính sách.

Tiếp tục giữ gìn phiên chợ quê là nét đẹp mà người dân nơi đây tự hào.
""")


def texts(text: str) -> list[str]:
    return [d.text for d in find_directives(text)]


def test_article_gives_the_conclusions_in_order():
    found = texts(ARTICLE)
    assert len(found) == 3
    assert "rà soát lại quỹ đất" in found[0]
    assert "đào tạo nghề cho thanh niên" in found[1]
    assert found[2].startswith("Ưu tiên nguồn lực")


def test_lead_verb_keeps_what_is_asked_and_drops_the_speaker():
    first = find_directives(ARTICLE)[0]
    assert first.text.startswith("đề nghị cấp ủy, chính quyền xã Yên Hòa rà soát")
    assert "Đồng chí" not in first.text
    assert "quy hoạch" in first.topics


def test_evidence_is_the_sentence_at_its_offsets():
    for d in find_directives(ARTICLE):
        ev = d.evidence
        assert ev is not None
        assert ARTICLE[ev.start:ev.end] == ev.sentence


def test_semicolon_list_stays_one_directive_and_takes_its_elaboration():
    last = find_directives(ARTICLE)[2]
    assert "nâng cấp trạm y tế xã" in last.text
    assert "an toàn thực phẩm" in last.text  # the "Trong đó, ..." sentence is merged


def test_report_request_praise_and_caption_are_not_directives():
    joined = " | ".join(texts(ARTICLE))
    assert "hoàn thành vượt mức" not in joined
    assert "hỗ trợ kinh phí" not in joined
    assert "đánh giá cao" not in joined
    assert "phát biểu chỉ đạo" not in joined


def test_another_activity_ends_the_conclusions():
    assert not any("phiên chợ" in t for t in texts(ARTICLE))


def test_continuations_with_can_phai_and_bare_imperatives():
    text = normalize_text(
        "Kết luận buổi làm việc, Bí thư Huyện ủy Phạm Văn Tài yêu cầu các xã đẩy nhanh tiến độ thu hoạch lúa. "
        "Các hợp tác xã phải chuẩn bị đủ máy gặt cho bà con. "
        "Tăng cường kiểm tra hệ thống kênh mương trước mùa mưa."
    )
    found = texts(text)
    assert len(found) == 3
    assert found[1].startswith("Các hợp tác xã phải")
    assert found[2].startswith("Tăng cường kiểm tra")


def test_bare_sentences_outside_the_conclusions_are_not_directives():
    text = normalize_text("Tăng cường kiểm tra hệ thống kênh mương trước mùa mưa. Xã cần thêm kinh phí.")
    assert texts(text) == []


def test_quotation_with_trailing_speaker():
    text = normalize_text(
        "Thứ trưởng Nguyễn Văn Tâm nhấn mạnh công tác chuẩn bị năm nay chu đáo hơn. "
        "“Phải bố trí đủ nước uống, chỗ nghỉ trưa để các em yên tâm làm bài”, Thứ trưởng nói."
    )
    found = texts(text)
    assert found == ["Phải bố trí đủ nước uống, chỗ nghỉ trưa để các em yên tâm làm bài"]


def test_speaker_then_modal():
    text = normalize_text(
        "Theo Bí thư Huyện ủy Trần Văn Hùng, các trường cần rà soát đội ngũ giáo viên trước năm học mới. "
        "Bộ trưởng Hoàng Văn Nam cho rằng, địa phương phải sớm bàn giao mặt bằng cho nhà thầu."
    )
    found = texts(text)
    assert len(found) == 2
    assert found[0].startswith("các trường cần rà soát")
    assert "bàn giao mặt bằng" in found[1]


def test_locality_proposals_are_not_directives():
    text = normalize_text(
        "Phát biểu kết luận, Phó Chủ tịch tỉnh Đỗ Văn Bình yêu cầu xã giữ vững an ninh trật tự. "
        "Đại diện xã kiến nghị tỉnh cần sớm phân bổ vốn cho công trình. "
        "Huyện có đề nghị thành phố sớm mở rộng tuyến đường trục."
    )
    found = texts(text)
    assert len(found) == 1
    assert "an ninh trật tự" in found[0]


def test_nouns_that_look_like_lead_verbs_are_ignored():
    text = normalize_text(
        "Hạ tầng giao thông chưa đáp ứng yêu cầu phát triển của địa phương. "
        "Nhiệm vụ do Thủ tướng giao cho tỉnh đã hoàn thành 83%."
    )
    assert texts(text) == []


def test_addressee_names_the_unit():
    assert addressee("Đồng chí đề nghị cấp ủy, chính quyền xã Tống Lâm tập trung ôn định sản xuất.") == "xã Tống Lâm"
    assert addressee("Quận 5 phải giảm tai nạn giao thông.") == "Quận 5"
    assert addressee("Huyện cần ưu tiên đầu tư cho giáo dục.") == "huyện"
    assert addressee("Bí thư đề nghị hai phường tiếp tục đổi mới.") == "hai phường"
    assert addressee("đề nghị Tỉnh ủy Hà Giang rà soát công tác cán bộ") == "tỉnh Hà Giang"
    assert addressee("Các địa phương phải bảo đảm đủ nước sinh hoạt.") == "Các địa phương"
    assert addressee("Tập trung đầu tư trường học.") is None
    assert addressee("") is None


def test_empty_text():
    assert find_directives("") == []
    assert find_directives("   \n\n ") == []


_ALPHABET = st.sampled_from(list("aăâbcdđeêghiklmnoôơpqrstuưvxy"
                                 "àáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ"
                                 "AĐHLNPTX0123456789 .,;:!?…“”\"'()-\n"))
_WORDS = st.sampled_from(["đề nghị", "yêu cầu", "cần", "phải", "Tập trung", "Đồng chí", "Bí thư", "xã", "Trong đó,",
                          "Phát biểu kết luận,", "“", "”", ", Thủ tướng nói.", "Tại xã", "ông", "Ông", "giao",
                          "chỉ đạo", "lãnh đạo,", "TP.", "…", ";", "\n\n", ".", "Theo ông A,", "và"])


@settings(max_examples=200, deadline=None)
@given(st.one_of(st.text(_ALPHABET, max_size=400), st.lists(_WORDS, max_size=80).map(" ".join), st.text(max_size=200)))
def test_never_raises_and_offsets_slice_the_input(text):
    for d in find_directives(text):
        assert d.text
        ev = d.evidence
        assert ev is not None and 0 <= ev.start <= ev.end <= len(text)
        assert text[ev.start:ev.end] == ev.sentence
        assert isinstance(d.topics, list)
    addressee(text)


LIST_ARTICLE = normalize_text("""Bí thư Tỉnh ủy kiểm tra nông thôn mới tại huyện Đông Sơn

Sáng 3/4, đồng chí Hoàng Văn Thành, Bí thư Tỉnh ủy đã kiểm tra tiến độ xây dựng nông thôn mới tại huyện Đông Sơn.

Báo cáo với đoàn, Chủ tịch UBND huyện cho biết huyện đã có 12/15 xã đạt chuẩn.
Chủ tịch UBND huyện Lý Văn Lợi đề nghị tỉnh quan tâm bố trí vốn cho giao thông nội đồng.

Kết luận buổi kiểm tra, đồng chí Bí thư Tỉnh ủy yêu cầu thời gian tới huyện thực hiện tốt các nhiệm vụ sau:

- Đẩy nhanh tiến độ các công trình hạ tầng thiết yếu, hoàn thành trước ngày 30/6;
- Rà soát, bổ sung quy hoạch sử dụng đất, không để lấn chiếm đất công.

Về kiến nghị của huyện, đồng chí giao Sở Tài chính nghiên cứu, tham mưu bố trí kinh phí.
""")


def test_list_items_without_full_stop_are_directives_not_captions():
    found = texts(LIST_ARTICLE)
    assert any(t.startswith("Đẩy nhanh tiến độ") for t in found)
    assert any(t.startswith("Rà soát, bổ sung quy hoạch") for t in found)


def test_local_leader_asking_the_province_is_not_a_directive():
    found = texts(LIST_ARTICLE)
    assert not any("giao thông nội đồng" in t for t in found)
    assert any(t.startswith("giao Sở Tài chính") for t in found)


def test_order_without_modal_after_a_reporting_verb():
    text = normalize_text("Thủ tướng Lê Văn Hòa nhấn mạnh, tỉnh tiếp tục đẩy mạnh cải cách thủ tục hành chính.")
    found = find_directives(text)
    assert len(found) == 1
    assert "cải cách hành chính" in found[0].topics


def test_relative_clause_with_can_is_not_an_order():
    text = normalize_text(
        "Phát biểu kết luận, Bí thư Tỉnh ủy ghi nhận kết quả của xã. "
        "Năm nay xã vẫn còn nhiều khó khăn cần tháo gỡ về vốn."
    )
    assert texts(text) == []


def test_sapo_repeating_the_body_gives_one_directive():
    text = normalize_text(
        "Bộ trưởng làm việc với tỉnh Sơn La\n"
        "Bộ trưởng Ngô Văn Tuấn yêu cầu tỉnh đẩy nhanh giải ngân vốn đầu tư công trong quý III.\n"
        "Chiều 2/8, Bộ trưởng Ngô Văn Tuấn làm việc với lãnh đạo tỉnh Sơn La. "
        "Kết luận buổi làm việc, Bộ trưởng Ngô Văn Tuấn yêu cầu tỉnh đẩy nhanh giải ngân vốn đầu tư công "
        "trong quý III, "
        "không để tồn đọng."
    )
    found = find_directives(text)
    assert len(found) == 1
    assert found[0].evidence.start > text.index("Chiều 2/8")


def test_first_person_official_in_a_quotation():
    text = normalize_text("“Tôi đề nghị tỉnh quan tâm hơn nữa đến đời sống đồng bào vùng cao”, Bộ trưởng nói.")
    assert texts(text) == ["đề nghị tỉnh quan tâm hơn nữa đến đời sống đồng bào vùng cao"]
    assert texts(normalize_text("Chúng tôi đề nghị tỉnh hỗ trợ kinh phí làm đường.")) == []


def test_commune_leaders_speaking_are_hosts_not_the_visiting_official():
    text = normalize_text(
        "Phát biểu tại buổi làm việc, Chủ tịch UBND xã Nguyễn Văn An cho rằng, xã cần thêm vốn để làm đường. "
        "Xã cần thêm 5 tỷ đồng. "
        "Chủ tịch UBND xã Lê Văn Bình đề nghị bà con tích cực tham gia hiến đất làm đường."
    )
    assert texts(text) == []
    district = normalize_text(
        "Bí thư Huyện ủy Trần Văn Cường đề nghị xã Yên Lạc tập trung hoàn thành tiêu chí nông thôn mới.")
    assert texts(district) == ["đề nghị xã Yên Lạc tập trung hoàn thành tiêu chí nông thôn mới"]


def test_the_localitys_own_plans_and_requests_in_its_report():
    text = normalize_text(
        "Báo cáo với đoàn công tác, Chủ tịch UBND huyện Lê Văn Nam cho biết năm nay huyện đạt 12/15 chỉ tiêu. "
        "Thời gian tới, huyện sẽ tập trung phát triển du lịch cộng đồng. "
        "Đề nghị tỉnh hỗ trợ kinh phí nâng cấp tuyến đường vào khu du lịch. "
        "Huyện cần thêm nguồn lực để hoàn thành tiêu chí."
    )
    assert texts(text) == []


def test_quoted_order_and_lead_verb_in_one_sentence():
    text = normalize_text(
        "Thủ tướng chia sẻ những mất mát của người dân. "
        "“Tuyệt đối không để người dân nào bị đói, bị rét”, Thủ tướng nói và yêu cầu các bộ khẩn trương hỗ trợ gạo."
    )
    assert texts(text) == ["Tuyệt đối không để người dân nào bị đói, bị rét", "yêu cầu các bộ khẩn trương hỗ trợ gạo"]


def test_asking_the_central_government_is_a_request_not_a_directive():
    text = normalize_text("Chủ tịch UBND tỉnh cho biết tỉnh cần 300 tỷ đồng để khắc phục và đề nghị Chính phủ hỗ trợ.")
    assert texts(text) == []


def test_conclusions_announced_with_a_colon_then_plus_items():
    text = normalize_text(
        "Kết luận buổi kiểm tra, Bí thư Thành ủy nhấn mạnh một số nội dung:\n\n"
        "+ Rà soát, bổ sung đủ giáo viên trước ngày khai giảng;\n\n"
        "+ Kiểm tra an toàn công trình, bếp ăn bán trú.\n"
    )
    assert texts(text) == ["Rà soát, bổ sung đủ giáo viên trước ngày khai giảng",
                           "Kiểm tra an toàn công trình, bếp ăn bán trú"]


def test_official_named_by_a_pronoun():
    text = normalize_text("Tại buổi làm việc, ông yêu cầu huyện sớm hoàn thành việc chi trả tiền bồi thường.")
    assert texts(text) == ["yêu cầu huyện sớm hoàn thành việc chi trả tiền bồi thường"]
    assert texts(normalize_text("Tại buổi làm việc, bà con đề nghị huyện sớm chi trả tiền bồi thường.")) == []


def test_list_announced_with_a_colon_takes_every_item():
    text = normalize_text(
        "Kiểm tra xong, Bộ trưởng yêu cầu:\n"
        "- Khẩn trương sửa chữa tuyến đê bị sạt lở trước mùa mưa bão\n"
        "- Di dời các hộ dân ra khỏi vùng nguy hiểm\n"
        "Cùng ngày, Bộ trưởng đã thăm hỏi người dân.\n"
        "- Tổng kinh phí hỗ trợ là 2 tỷ đồng\n"
    )
    assert texts(text) == ["Khẩn trương sửa chữa tuyến đê bị sạt lở trước mùa mưa bão",
                           "Di dời các hộ dân ra khỏi vùng nguy hiểm"]


def test_nen_meaning_so_is_not_should():
    text = normalize_text(
        "Phát biểu kết luận, Bí thư Tỉnh ủy yêu cầu huyện khắc phục hậu quả mưa lũ. "
        "Do mưa lớn kéo dài nên nhiều tuyến đường bị ngập sâu. "
        "Lãnh đạo huyện nên chủ động sơ tán dân."
    )
    assert texts(text) == ["yêu cầu huyện khắc phục hậu quả mưa lũ", "Lãnh đạo huyện nên chủ động sơ tán dân"]


def test_request_after_the_localitys_report_is_not_a_directive():
    text = normalize_text(
        "Báo cáo với đoàn, Chủ tịch UBND xã Lê Văn Tư cho biết xã đã hoàn thành 17 tiêu chí. "
        "Đề nghị các sở, ngành quan tâm hỗ trợ xã xây dựng nhà văn hóa."
    )
    assert texts(text) == []


def test_a_place_opening_the_sentence_is_not_the_speaker() -> None:
    text = ("Tại thị xã Sa Pa, ông Trịnh Xuân Trường kiểm tra điểm sạt lở trên Quốc lộ 4D và yêu cầu ngành giao "
            "thông khẩn trương khắc phục, bảo đảm thông xe trong ngày 30/5.")
    assert [d.text for d in find_directives(text)] == [
        "yêu cầu ngành giao thông khẩn trương khắc phục, bảo đảm thông xe trong ngày 30/5"]
    text = "Tại buổi làm việc, Chủ tịch UBND xã Nguyễn Văn An báo cáo kết quả và đề nghị tỉnh hỗ trợ kinh phí."
    assert find_directives(text) == []


def test_a_department_head_with_a_lower_case_department_name_speaks() -> None:
    text = "Giám đốc Sở Y tế đề nghị Trạm Y tế xã Nghĩa Lâm đẩy mạnh khám chữa bệnh bảo hiểm y tế."
    assert [d.text for d in find_directives(text)] == [
        "đề nghị Trạm Y tế xã Nghĩa Lâm đẩy mạnh khám chữa bệnh bảo hiểm y tế"]


def test_the_items_of_an_announced_list_not_the_announcement() -> None:
    text = ("Kết luận buổi làm việc, đồng chí đề nghị huyện tập trung các nội dung:\n"
            "- Một là, đẩy nhanh tiến độ giải ngân vốn đầu tư công, phấn đấu đạt trên 95% kế hoạch.\n"
            "- Hai là, phát triển vùng bưởi theo hướng hữu cơ.\n")
    assert [d.text for d in find_directives(text)] == [
        "đẩy nhanh tiến độ giải ngân vốn đầu tư công, phấn đấu đạt trên 95% kế hoạch",
        "phát triển vùng bưởi theo hướng hữu cơ"]


def test_a_quote_followed_by_a_long_request_of_its_speaker() -> None:
    text = ("“Phải bảo đảm an toàn tuyệt đối cho người và phương tiện”, ông Y Thanh Hà Niê Kđăm nói và yêu cầu "
            "phường Lâm Viên - Đà Lạt phối hợp với ngành xây dựng cắm biển cảnh báo, bố trí lực lượng trực 24/24 "
            "giờ tại các điểm sạt lở.")
    assert [d.text[:30] for d in find_directives(text)] == ["Phải bảo đảm an toàn tuyệt đối",
                                                            "yêu cầu phường Lâm Viên - Đà L"]
