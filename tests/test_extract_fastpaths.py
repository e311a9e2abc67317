"""The quick forms of patterns and folding find what the plain forms find.

Some patterns exist twice: the plain one, which says what is matched, and a
quick one arranged so the regex engine can skip ahead (``pipeline._VISIT_AT``
beside ``pipeline._VISIT_VERB``); ``normalize.fold`` takes a quick path for
text in the Vietnamese alphabet.  A verb added to one pattern and not the
other, or an alphabet that lets through a character the quick fold gets
wrong, changes what users see; these tests catch it."""

from __future__ import annotations

import re
import unicodedata

from hypothesis import given, settings, strategies as st

from visitctl.extract import normalize, pipeline

# Words and pieces of words of the visit verbs, as written in the plain
# pattern, plus a few that come before and after them in sentences.
_VERB_WORDS = sorted(set(re.findall(r"[^\W\d_]+", pipeline._VISIT_VERB.pattern)) - {"w", "i", "Nn", "Ll", "Tt"})
_OTHER = ["đồng", "chí", "xã", "Hà", "Trung", "yêu", "cầu", "ngày", "lề", "lối", "giờ", "dò", "án", "quà", "3", ","]
_WORD = st.sampled_from(_VERB_WORDS + _OTHER).map(lambda w: w.upper() if len(w) % 3 == 0 else w)


def _first_start(pattern: re.Pattern[str], text: str) -> int | None:
    m = pattern.search(text)
    return m.start() if m else None


@settings(max_examples=3000, deadline=None)
@given(st.lists(_WORD, min_size=1, max_size=8).map(" ".join))
def test_quick_visit_pattern_finds_the_first_visit_verb(sentence: str) -> None:
    assert _first_start(pipeline._VISIT_AT, sentence) == _first_start(pipeline._VISIT_VERB, sentence)


def test_every_visit_verb_form_is_found_by_both() -> None:
    for verb in ("thăm", "làm việc", "kiểm tra", "khảo sát", "thị sát", "dâng hương", "trao tặng",
                 "tặng 100 suất quà", "đến với", "về chúc mừng", "động viên", "tham quan", "có mặt",
                 "về dự", "dự lễ", "đối thoại", "tiếp xúc cử tri", "thắp hương", "viếng", "thanh tra",
                 "giám sát", "chung vui", "dự Ngày hội", "tới xã", "đến thị xã"):
        sentence = f"Đồng chí Nguyễn Văn An {verb} Hà Trung"
        assert _first_start(pipeline._VISIT_VERB, sentence) == 23, verb
        assert _first_start(pipeline._VISIT_AT, sentence) == 23, verb


def _plain_fold(text: str) -> str:
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return re.sub(r"[\W_]+", " ", text.translate(normalize._fold_table()).casefold()).strip()


# Letters of the quick path, and characters that must take the plain one.
_QUICK = "aAđĐăÂêÔơƯyYàÁảÃạẶềỂễỘờỞữỰỳÝỷỸỵ0_9 -,.?\n\t\x00\x7f\u00a0\u201c\u201d\u2026\u2013"
_ODD = "ßİıſ\u0301\u212aéñ"


@settings(max_examples=3000, deadline=None)
@given(st.one_of(st.text(alphabet=_QUICK, max_size=300), st.text(alphabet=_QUICK + _ODD, max_size=12)))
def test_quick_fold_folds_as_the_plain_way(text: str) -> None:
    assert normalize._fold(text) == _plain_fold(text)
