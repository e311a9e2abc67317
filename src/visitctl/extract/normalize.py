"""Text on the way in: one Unicode form, one tone-placement convention, clean
spaces.  Also the folding used for every name a user types.

Pure functions, standard library only (this module is imported by query
commands, so it must stay light).
"""

from __future__ import annotations

import functools
import re
import unicodedata

# Zero-width characters and the byte-order mark: invisible, and they break
# names apart ("Hà\u200bTrung").
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_ANY_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
# Every kind of horizontal space becomes a plain space.
_SPACES = re.compile(r"[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")
_ODD_SPACE = re.compile(r"[\t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")
_MANY_BLANK = re.compile(r"\n{3,}")

# Tone placement.  Vietnamese is written both "hoà / khoẻ / thuỷ" (mark on the
# main vowel) and "hòa / khỏe / thủy" (mark on the first vowel of an open oa,
# oe, uy syllable).  visitctl stores the second, which is what official names
# use ("Thanh Hóa", "Hòa Bình").  Only open syllables change: "hoàng",
# "quyết" are written the same in both conventions, and the "u" of "qu" is part
# of the consonant ("quý" stays as it is).
_MARKED = {  # vowel with a tone mark -> (bare vowel, mark index)
    ch: (base, i)
    for base, marked in {"a": "àáảãạ", "e": "èéẻẽẹ", "y": "ỳýỷỹỵ", "o": "òóỏõọ", "u": "ùúủũụ"}.items()
    for i, ch in enumerate(marked)
}
_WITH_MARK = {"o": "òóỏõọ", "u": "ùúủũụ"}
_OLD_STYLE = re.compile(r"([oO](?<![qQ].)[àáảãạèéẻẽẹÀÁẢÃẠÈÉẺẼẸ]|[uU](?<![qQ].)[ỳýỷỹỵỲÝỶỸỴ])(?![\w\u0300-\u036f])")


def _old_style(match: re.Match[str]) -> str:
    first, second = match.group(0)
    base, mark = _MARKED[second.lower()]
    moved = _WITH_MARK[first.lower()][mark]
    return (moved.upper() if first.isupper() else moved) + (base.upper() if second.isupper() else base)


def tone_old_style(text: str) -> str:
    """Move tone marks of open oa/oe/uy syllables to the first vowel:
    "hoà" -> "hòa", "khoẻ" -> "khỏe", "thuỷ" -> "thủy" ("quý" unchanged)."""
    # most texts have nothing to move: looking is quicker than substituting
    return _OLD_STYLE.sub(_old_style, text) if _OLD_STYLE.search(text) else text


def normalize_text(text: str) -> str:
    """NFC, one tone convention, no invisible characters, single spaces,
    Unix newlines, at most one blank line between paragraphs."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    # each step only when there is something for it to do: articles are
    # mostly clean, and looking is much quicker than rewriting
    if _ANY_INVISIBLE.search(text):
        text = text.translate(_INVISIBLE)
    text = unicodedata.normalize("NFC", text)  # after: "O\u200b\u0300" is "Ò" too
    text = tone_old_style(text)
    if "  " in text or _ODD_SPACE.search(text):
        text = _SPACES.sub(" ", text)
    text = "\n".join(line.strip() for line in text.split("\n"))  # also drops spaces before a newline
    if "\n\n\n" in text:
        text = _MANY_BLANK.sub("\n\n", text)
    return text.strip()


@functools.cache
def _fold_table() -> dict[int, str | None]:
    """Precomposed Latin letters -> their bare letter; combining marks -> nothing."""
    table: dict[int, str | None] = {}
    for code in range(0xC0, 0x1EFA):
        char = chr(code)
        bare = "".join(c for c in unicodedata.normalize("NFD", char) if not unicodedata.combining(c))
        if bare != char and bare.isascii():
            table[code] = bare
    table.update({ord("đ"): "d", ord("Đ"): "D", ord("ð"): "d"})
    for code in range(0x300, 0x370):
        table[code] = None
    return table


_NOT_WORD = re.compile(r"[\W_]+")


def fold(text: str | None) -> str:
    """Case-, tone-placement- and diacritic-insensitive key: "Hà Trung",
    "HÀ TRUNG", "ha trung" and "Hà  Trung" all give "ha trung"; đ becomes d."""
    if not text:
        return ""
    if len(text) <= 200:
        return _fold_short(text)  # names and titles recur: remembered
    return _fold(text)


@functools.lru_cache(maxsize=8192)
def _fold_short(text: str) -> str:
    return _fold(text)


def _fold(text: str) -> str:
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return _NOT_WORD.sub(" ", text.translate(_fold_table()).casefold()).strip()
