"""Splitting normalised article text into sentences and paragraphs with offsets,
and telling the body apart from what surrounds it: the title line, photo
captions and credits ("Ảnh: Trí Dũng/TTXVN"), the byline and trailing page
furniture (a dateline "28/05/13 17:25 GMT+7", a category, a tag list).

Every record keeps the sentence it came from as ``Evidence`` whose offsets
index the normalised text, so ``text[e.start:e.end] == e.sentence``.  All
scanning is linear in the length of the text.
"""

from __future__ import annotations

import bisect
import re
from functools import lru_cache
from itertools import starmap

from visitctl.extract import dates
from visitctl.model import Evidence

# A sentence ends at . ! ? … or a newline.  A full stop glued to the next
# capitalised word ("thiết thực.Trên") also ends one; decimals ("8.5") and
# abbreviations such as "TP.HCM" do not (the next letter must start a word of
# two or more lower-case letters).
#
# Every such end starts with one of [.!?…\n], so the pattern opens with that
# character and then tells the three cases apart by looking back at it: the
# regex engine can then skip ahead to the next candidate character.  (Same
# matches as "[.!?…]+[\"”’)]*(?=\s|$)|\n+|(?<=[a-zà-ỹđ])\.(?=[A-ZÀ-ỸĐ][a-zà-ỹđ])".)
_END = re.compile(
    r"[.!?…\n](?:(?<=[.!?…])[.!?…]*[\"”’)]*(?=\s|$)|(?<=\n)\n*|(?<=[a-zà-ỹđ]\.)(?=[A-ZÀ-ỸĐ][a-zà-ỹđ]))"
)

# A photo credit: "Ảnh: Trí Dũng/TTXVN", "Ảnh: VGP/Quang Hiếu", "Ảnh: Thắng Quang.",
# "- ảnh tư liệu."  The credit closes the caption before it.
_CREDIT = re.compile(r"(?:^|(?<=\s)|(?<=[-–.(]))[Ảả]nh\s*:\s*|(?<=[-–])\s*ảnh tư liệu\.?|-\s*[Ảả]nh tư liệu\.?")
_UPPER = "A-ZÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬĐÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴ"
# Every credit holds "ảnh"/"Ảnh": right at its start, or after a dash and spaces.
_CREDIT_WORD = re.compile(r"[Ảả]nh")
_CAP_WORD = re.compile(rf"[{_UPPER}]")
# A dateline at the foot of a page: "28/05/13 17:25 GMT+7".
_DATELINE = re.compile(r"^\d{1,2}/\d{1,2}/\d{2,4}\s+\d{1,2}:\d{2}")
_DATE_ONLY = re.compile(r"^(?:\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|\d{4}-\d{2}-\d{2}(?:[T ][\d:.]+Z?)?)$")
_HEADER = re.compile(r"^\s*date\s+\d{4}-\d{2}-\d{2}\s+")
# Words that make a short line a statement rather than a caption.
_NOT_CAPTION = re.compile(r"\b(?:đề nghị|yêu cầu|cần|phải|lưu ý|nhấn mạnh|chỉ đạo:)\b", re.IGNORECASE)
_CAPTION_WORDS = 25
_TITLE_CHARS = 400
# A short paragraph opening with a bare verb is an instruction, not a caption.
_IMPERATIVE = re.compile(
    r"^(?:Tập trung|Tiếp tục|Đẩy mạnh|Chú trọng|Quan tâm|Tăng cường|Nâng cao|Triển khai|Thực hiện|Rà soát|"
    r"Khẩn trương|Xây dựng|Phát huy|Đổi mới|Bảo đảm|Đảm bảo|Chủ động|Kiên quyết|Sớm|Làm tốt|Hoàn thành|"
    r"Huy động|Ưu tiên|Khắc phục|Giải quyết|Phấn đấu|Không để|Cần|Phải)\b"
)


_NEXT_TOKEN = re.compile(r"\s*(\S+)")


def _credit_end(text: str, pos: int) -> int:
    """End of a credit whose names start at ``pos`` ("Trí Dũng/TTXVN")."""
    end = pos
    n = len(text)
    taken = 0
    slash_seen = False
    while taken < 5 and end < n:
        m = _NEXT_TOKEN.match(text, end)
        if not m:
            break
        tok = m.group(1)
        if taken and not _CAP_WORD.match(tok) and not slash_seen:
            break
        if slash_seen and not _CAP_WORD.match(tok):
            break
        end = m.end()
        taken += 1
        if tok.endswith("."):
            break
        if "/" in tok or re.search(r"-[A-ZĐ]{2,}$", tok):
            agency = re.split(r"[/-]", tok)[-1]
            if agency.isupper() or not agency:
                break  # "Dũng/TTXVN": the agency closes the credit
            slash_seen = True  # "VGP/Quang": the photographer's name follows
            continue
        if slash_seen:
            break
        if tok.isupper() and taken == 1:
            break  # "Ảnh: VGP"
        if taken >= 2:
            break
    return end


def credits(text: str) -> list[tuple[int, int]]:
    """Spans of photo credits ("Ảnh: Trí Dũng/TTXVN")."""
    return list(_credits(text))


def _credit_matches(text: str) -> list[re.Match[str]]:
    """``_CREDIT.finditer(text)``, trying the pattern only where a match can
    start: at an "ảnh"/"Ảnh", or at (just after) the dash that opens the run
    of spaces before it.  Scanning the whole text with a pattern that opens
    with look-behinds is slow; the candidates are few."""
    if "ảnh" not in text and "Ảnh" not in text:
        return []
    starts = set()
    for w in _CREDIT_WORD.finditer(text):
        q = w.start()
        starts.add(q)
        d = q
        while d and text[d - 1].isspace():
            d -= 1
        if d and text[d - 1] in "-–":
            starts.add(d)  # "(?<=[-–])\s*ảnh tư liệu"
            if text[d - 1] == "-":
                starts.add(d - 1)  # "-\s*ảnh tư liệu"
    out = []
    last = 0
    for q in sorted(starts):
        if q < last:
            continue  # inside the previous match, as finditer would skip it
        m = _CREDIT.match(text, q)
        if m:
            out.append(m)
            last = m.end()
    return out


@lru_cache(maxsize=4)
def _credits(text: str) -> tuple[tuple[int, int], ...]:
    out = []
    for m in _credit_matches(text):
        if "tư liệu" in m.group(0):
            out.append((m.start(), m.end()))
            continue
        start = m.start() - 1 if m.start() and text[m.start() - 1] == "(" else m.start()
        out.append((start, _credit_end(text, m.end())))
    return tuple(out)


def sentences(text: str) -> list[Evidence]:
    """The sentences of ``text`` in order, stripped, with offsets.  A photo
    credit ends the caption sentence it closes."""
    return list(starmap(Evidence, _sentences(text)))


# A caption glued to the next sentence with no stop: "... TP.Trà Vinh Phó Thủ
# tướng Vũ Đức Đam đánh giá ...", "... (Xuân Trường, Nam Định) Tổng Bí thư đề
# nghị ...".  A new sentence starts at a title that follows the end of a
# proper name or a closing bracket.
# The cut is at the title: " (?<=[)\w] )(?=(?:Phó Thủ tướng|Thủ tướng|Tổng Bí
# thư|Chủ tịch nước|Phó Chủ tịch|Chủ tịch|Bộ trưởng|Thứ trưởng|Phó Bí thư|Bí
# thư|Đồng chí) )" matched at the space before it.  The pattern is written
# from the title's first letter instead (the space and the character before
# it looked at behind it, the rest of the title ahead): the regex engine then
# skips from one of those capitals to the next rather than from space to
# space.  A match takes only that letter, so the matches are those of the
# space form, one character later.
_GLUED = re.compile("|".join(
    rf"{first}(?<=[)\w] {first})(?=(?:{'|'.join(rests)}) )" for first, rests in (
        ("P", ("hó Thủ tướng", "hó Chủ tịch", "hó Bí thư")), ("T", ("hủ tướng", "ổng Bí thư", "hứ trưởng")),
        ("C", ("hủ tịch nước", "hủ tịch")), ("B", ("ộ trưởng", "í thư")), ("Đ", ("ồng chí",))))
)


def _glued_cuts(text: str) -> set[int]:
    cuts = set()
    for m in _GLUED.finditer(text):
        space = m.start() - 1  # the space before the title
        before = text[max(0, space - 30):space].split()
        last = before[-1] if before else ""
        if last in ("Phó", "Tổng"):
            continue  # inside "Phó Thủ tướng", "Tổng Bí thư"
        if last.endswith(")") or (last[:1].isupper() and len(before) >= 2 and before[-2][:1].isupper()
                                  and not last.isupper()):
            cuts.add(m.start())
    return cuts


# The sentences and lines of a text are computed once per text (the article
# and its body are asked for several times) as (chunk, start, end) triples;
# callers get fresh Evidence objects each time.


@lru_cache(maxsize=4)
def _sentences(text: str) -> tuple[tuple[str, int, int], ...]:
    found = _credits(text)
    cuts = sorted({m.end() for m in _END.finditer(text)} | {end for _, end in found}
                  | {start for start, _ in found} | _glued_cuts(text))
    cuts.append(len(text))
    out: list[tuple[str, int, int]] = []
    pos = 0
    for cut in cuts:
        if cut <= pos:
            continue
        _add(text[pos:cut], pos, out)
        pos = cut
    return tuple(out)


def paragraphs(text: str) -> list[Evidence]:
    """The non-empty lines of ``text`` with offsets."""
    return list(starmap(Evidence, _paragraphs(text)))


@lru_cache(maxsize=4)
def _paragraphs(text: str) -> tuple[tuple[str, int, int], ...]:
    out: list[tuple[str, int, int]] = []
    pos = 0
    for line in text.split("\n"):
        stripped = line.strip()  # (``_add`` written out: most lines are short)
        if stripped:
            start = pos + len(line) - len(line.lstrip())
            out.append((stripped, start, start + len(stripped)))
        pos += len(line) + 1
    return tuple(out)


def _add(chunk: str, start: int, out: list[tuple[str, int, int]]) -> None:
    """Append ``chunk`` (found at ``start``) stripped, with its offsets, unless blank."""
    stripped = chunk.strip()
    if not stripped:
        return
    start += len(chunk) - len(chunk.lstrip())
    out.append((stripped, start, start + len(stripped)))


def title(text: str) -> Evidence | None:
    """The first line, without a " date YYYY-MM-DD " header."""
    paras = paragraphs(text[:5000])
    if not paras:
        return None
    first = paras[0]
    if dates.TOP_DATELINE.match(first.sentence) and len(paras) > 1:
        first = paras[1]  # "Thứ Ba, 14/10/2025 - 09:15" above the title
    if len(first.sentence) > _TITLE_CHARS:
        return None  # a body on one line, with no title line
    m = _HEADER.match(first.sentence)
    if m:
        skip = m.end()
        return Evidence(first.sentence[skip:].strip(), first.start + skip, first.end)
    return first


_LIST_ITEM = re.compile(r"^\s*(?:[-–—+•*]\s|(?:một|hai|ba|bốn|năm|sáu) là\b|thứ (?:nhất|hai|ba|tư|năm)\b|\d{1,2}[.)]\s)",
                        re.IGNORECASE)


def caption_spans(text: str) -> list[tuple[int, int]]:
    """Spans that are photo captions, never statements by the official:
    a sentence closed by a photo credit, and a short one-sentence paragraph
    standing between paragraphs (captions of multi-line articles)."""
    spans: list[tuple[int, int]] = []
    sents = sentences(text)
    starts = [s.start for s in sents]
    for cstart, cend in credits(text):
        i = bisect.bisect_right(starts, cstart - 1) - 1
        # the sentence just before the credit is the caption
        j = i
        while j >= 0 and sents[j].start >= cstart:
            j -= 1
        begin = sents[j].start if j >= 0 else cstart
        if _NOT_CAPTION.search(text[begin:cstart]):
            begin = cstart  # a statement, not a caption: only the credit goes
        spans.append((begin, cend))
    paras = paragraphs(text)
    for k, para in enumerate(paras):
        if k < 2 or k == len(paras) - 1:
            continue  # title, lead and last line are never captions
        words = para.sentence.split()
        if len(words) > _CAPTION_WORDS or _NOT_CAPTION.search(para.sentence) or _IMPERATIVE.match(para.sentence):
            continue
        if _LIST_ITEM.match(para.sentence) or paras[k - 1].sentence.rstrip().endswith(":"):
            continue  # an item of a list announced before ("các nội dung: - Một là, ...")
        first = bisect.bisect_left(starts, para.start)
        if first < len(starts) and starts[first] < para.end and (first + 1 >= len(starts) or starts[first + 1] >= para.end):
            spans.append((para.start, para.end))
    return sorted(spans)


def in_spans(pos: int, spans: list[tuple[int, int]]) -> bool:
    """Whether ``pos`` falls inside one of the sorted ``spans``."""
    i = bisect.bisect_right(spans, (pos, float("inf"))) - 1
    return i >= 0 and spans[i][0] <= pos < spans[i][1]


def body_end(text: str) -> int:
    """Where the article body ends: before a trailing dateline block, a byline
    or a "Nguồn:"/"Theo ..." source line."""
    paras = paragraphs(text)
    end = len(text)
    for k in range(len(paras) - 1, 0, -1):
        line = paras[k].sentence
        if _DATELINE.match(line):
            end = paras[k].start
            # a short line just before the dateline is the byline
            if k - 1 > 0 and _is_byline(paras[k - 1].sentence):
                end = paras[k - 1].start
            return end
    if len(paras) > 1:
        last = paras[-1]
        if _is_byline(last.sentence) or _DATE_ONLY.match(last.sentence):
            return last.start
        tail = _tail_fragment(text, last)
        if tail is not None:
            return tail.start
    return end


def _is_byline(line: str) -> bool:
    words = line.split()
    if not words or len(words) > 7 or line.endswith((".", ":", ";", ",", "?", "!")):
        return False
    if re.search(r"[.!?:]\s", line):
        return False  # a sentence, or "Nguồn: ..."
    if _DATE_ONLY.match(line):
        return False
    return bool(_CAP_WORD.match(line)) or line.startswith("(")


def _tail_fragment(text: str, last: Evidence) -> Evidence | None:
    """A byline glued after the last sentence of a one-line body."""
    line = text[last.start:last.end]
    stop = max(line.rfind(". ", 0), line.rfind("! "), line.rfind("? "), line.rfind("… "))
    if stop < 0:
        return None
    frag_start = stop + 2
    sentence = line[frag_start:].strip()
    frag = Evidence(sentence, frag_start, frag_start + len(sentence))
    if _is_byline(sentence):
        return Evidence(sentence, last.start + frag.start, last.start + frag.end)
    return None


def byline(text: str) -> str | None:
    """The author as credited at the end, or None ("Nguồn: ..." is not an author)."""
    end = body_end(text)
    rest = text[end:].strip()
    if not rest:
        return None
    first = rest.split("\n", 1)[0].strip()
    if _DATELINE.match(first) or _DATE_ONLY.match(first) or _SOURCE_CREDIT.match(first):
        return None
    return first if _is_byline(first) else None


# A credit to a source, not a person: "Theo Báo Chính phủ", "Nguồn: VGP",
# "(Chinhphu.vn)", "TTXVN", "Báo Thanh Hóa".  Words are data-like and few.
_SOURCE_CREDIT = re.compile(
    r"^\s*(?:\(.*\)\s*$|(?:theo|nguồn|báo|tạp chí|đài|cổng thông tin|trang|ttxvn|vov|vtv|vgp|vna|ttđt)(?![\wÀ-ỹ])"
    r"|\S+\.(?:vn|com|net|org)(?![\wÀ-ỹ]))",
    re.IGNORECASE,
)
