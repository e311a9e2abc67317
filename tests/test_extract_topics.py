"""Topics of a directive, from the keyword lexicon in data/topics.json."""

from __future__ import annotations

from visitctl.extract.topics import topic_names, topics_of


def test_lexicon_has_the_topics_users_filter_on():
    names = set(topic_names())
    for wanted in ["quy hoạch", "đầu tư", "hạ tầng - giao thông", "giáo dục", "y tế", "nhân lực - việc làm",
                   "môi trường", "văn hóa - du lịch", "an sinh xã hội", "cải cách hành chính", "xây dựng Đảng",
                   "quốc phòng - an ninh", "nông nghiệp", "kinh tế - sản xuất", "đất đai - giải phóng mặt bằng",
                   "phòng chống dịch", "chính quyền - tổ chức"]:
        assert wanted in names


def test_every_matching_topic_most_specific_first():
    found = topics_of("Ưu tiên vốn đầu tư nâng cấp trạm y tế và sửa chữa trường học")
    assert {"y tế", "giáo dục", "đầu tư"} <= set(found)
    assert found.index("y tế") < found.index("đầu tư")


def test_matching_ignores_diacritics_and_case():
    assert "phòng chống dịch" in topics_of("TANG CUONG PHONG CHONG DICH BENH O CAC THON")
    assert "quy hoạch" in topics_of("hoàn thiện Quy Hoạch chung của xã")


def test_whole_words_only():
    # "yêu cầu" holds the syllable of a bridge ("cầu"), "đề nghị" that of a dyke ("đê")
    assert topics_of("đề nghị xã thực hiện theo yêu cầu") == []


def test_exclusions_keep_investment_climate_out_of_environment():
    found = topics_of("cải thiện môi trường đầu tư, kinh doanh")
    assert "môi trường" not in found
    assert "đầu tư" in found
    assert "môi trường" in topics_of("xử lý nghiêm cơ sở gây ô nhiễm môi trường")


def test_no_topic_for_empty_or_unrelated_text():
    assert topics_of("") == []
    assert topics_of("   ") == []
    assert topics_of("chúc các cụ mạnh khỏe, sống lâu") == []
