"""Text on the way in: every article is stored in one form, whatever its
spaces, invisible characters and tone placement were."""

from __future__ import annotations

import re
import unicodedata

from hypothesis import given, settings, strategies as st

from visitctl.extract.normalize import normalize_text, tone_old_style

# Characters that exercise every step: vowels that take a moved tone mark,
# "q" (whose "u" belongs to the consonant), odd spaces, invisible characters,
# combining marks, line ends.
_ALPHABET = "aoOuUqQyYhkntàÀáÁạẠẻẺỳỲýÝỷ \t\u00a0\u2003\u3000\u200b\u00ad\ufeff\n\r\u0301\u0300.-1"


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=_ALPHABET, max_size=40))
def test_normalized_text_has_one_form(raw: str) -> None:
    text = normalize_text(raw)
    assert normalize_text(text) == text  # a second pass changes nothing
    assert unicodedata.is_normalized("NFC", text)
    assert not re.search(r"[\t\u00a0\u2003\u3000\u200b\u00ad\ufeff\r]|  | \n|\n |\n\n\n", text)
    assert text == text.strip()
    assert tone_old_style(text) == text


def test_examples() -> None:
    assert normalize_text("Thanh Hoá\u00a0 ,  hoà\u200b bình \r\n\r\n\r\n thuỷ lợi  \n") == \
        "Thanh Hóa , hòa bình\n\nthủy lợi"
    assert normalize_text("quý IV, Quý") == "quý IV, Quý"  # the u of "qu" takes no mark
    assert normalize_text("khoẻ") == "khỏe"
    assert normalize_text("Ho\u0300a Bi\u0300nh") == "Hòa Bình"  # decomposed input
