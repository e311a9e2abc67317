"""Text on the way in: one Unicode form, one tone-placement convention, clean
spaces.  Also the folding used for every name a user types.

Pure functions, standard library only (this module is imported by query
commands, so it must stay light).
"""

from __future__ import annotations

import codecs
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


# Most texts are written with ASCII and the Vietnamese letters only.  Such a
# text is folded in two C passes instead of a lookup per character: a charmap
# codec gives each of its characters a byte of its own (ASCII punctuation,
# curly quotes, dashes and the like, which all fold to a separator, share the
# byte of "?"), and a byte table then maps every byte to the folded letter or
# digit or to a space.  Any other text is folded the general way.  Both give the
# same key: in such a text every character folds to one ASCII letter or digit,
# or to separators only, on its own (the text is NFC already: none of these
# characters composes with another); checked against the general way on every
# code point, and on random strings.
_VIETNAMESE_VOWELS = "aăâeêioôơuưy"
_TONE_MARKS = ("", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323")
# Separators that are common in articles, let through to the "?" byte.
_COMMON_PUNCT = "\u00a0\u2018\u2019\u201c\u201d\u2026\u2013\u2014\u00ab\u00bb\u00b7\u2022"


@functools.cache
def _quick_fold() -> tuple[object, bytes, re.Pattern[str]]:
    """(charmap encoding table, byte -> folded byte, a character outside the
    quick alphabet)."""
    table = _fold_table()
    letters = [unicodedata.normalize("NFC", v + t) for v in _VIETNAMESE_VOWELS for t in _TONE_MARKS]
    letters = [c for c in letters if not c.isascii()]
    letters += [c.upper() for c in letters] + ["đ", "Đ"]
    # byte 0 must stand for "\x00"; the ASCII control characters left out
    # become "?" like the punctuation
    chars = ["\x00", "\t", "\n", "\r", *map(chr, range(0x20, 0x7F)), *letters]
    assert len(chars) <= 256
    encoding = codecs.charmap_build("".join(chars) + "\ufffe" * (256 - len(chars)))
    folded = [c.translate(table).casefold() for c in chars]
    assert all(len(f) == 1 and f.isascii() for f in folded)
    to_key = bytes(ord(f) if f.isalnum() else 32 for f in folded) + bytes(256 - len(chars))
    other = re.compile("[^\x00-\x7f" + "".join(letters) + _COMMON_PUNCT + "]")
    return encoding, to_key, other


def _fold(text: str) -> str:
    encoding, to_key, other = _quick_fold()
    if not other.search(text):
        key = codecs.charmap_encode(text, "replace", encoding)[0].translate(to_key)
        while b"  " in key:
            key = key.replace(b"  ", b" ")
        return key.strip(b" ").decode("ascii")
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return _NOT_WORD.sub(" ", text.translate(_fold_table()).casefold()).strip()
