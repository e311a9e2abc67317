"""Dates of the events an article reports.

Vietnamese news dates its events by day and month only ("Sáng 25/11",
"chiều 10-2", "Chiều nay (7/2)", "Ngày 19.5", "Ngày 15 – 5", "trong 2 ngày
14 -15/5"); the year comes from elsewhere in the article: a header line
(" date 2025-11-27 "), a date line ("07/04/2020"), a dateline at the end
("27/05/13 20:45 GMT+7"), the source's publication date, or, failing those,
the years the body speaks of as current ("năm 2025").  The year is never
taken from today's clock.  Hand-written patterns only: general date parsers
misread "8,5%" or "31 tháng".
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

# A header line produced by some crawlers: " date 2025-11-27 Title ..."
_HEADER = re.compile(r"^\s*date\s+(\d{4})-(\d{2})-(\d{2})\b")
# A line that is only a date or an ISO timestamp: "07/04/2020", "2020-12-24T03:31:00.000Z"
_DATE_LINE = re.compile(r"^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\s*$")
# A dateline at the top of a page: "Thứ Ba, 14/10/2025 - 09:15", "Chủ nhật, 5/1/2025 08:00 (GMT+7)"
TOP_DATELINE = re.compile(
    r"^\s*(?:(?:Thứ\s+(?:Hai|Ba|Tư|Năm|Sáu|Bảy|[2-7])|Chủ\s+nhật|CN|T[2-7])\s*[,-]?\s*)?"
    r"(\d{1,2})/(\d{1,2})/(\d{4})(?:\s*[-–,|]?\s*\d{1,2}:\d{2}(?::\d{2})?\s*(?:\(?GMT\s*\+\s*7\)?)?)?\s*$",
    re.IGNORECASE)
_ISO_LINE = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})(?:[T ][\d:.]+Z?)?\s*$")
# A dateline "28/05/13 17:25 GMT+7" or "27/05/2013 20:45"
_DATELINE = re.compile(r"^\s*(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})\s+\d{1,2}:\d{2}")
_GLUED_DATELINE = re.compile(r"(?<![\d/])(\d{1,2})/(\d{1,2})/(\d{2}|\d{4}) \d{1,2}:\d{2}(?: GMT[+-]\d{1,2})?\s*$")

# Day and month.  The separators are / . - – with optional spaces around a
# dash ("15 – 5"); a range "14 -15/5" or "14-15/5" gives its first day.
_SEP = r"(?:\s*[-–]\s*|[/.])"
_DAY_MONTH = (
    r"(?P<d>\d{1,2})(?:\s*(?:[-–]|và|đến)\s*(?P<d2>\d{1,2})(?=[/.-]))?" + _SEP + r"(?P<m>\d{1,2})"
    r"(?:[/.-](?P<y>\d{4}))?(?!\d|[.,]\d|\s*(?:tiếng|giờ|lần|phút|người|%|triệu|tỷ|km|ha)\b)"
)
_MONTH_WORDS = r"(?P<d3>\d{1,2})\s+tháng\s+(?P<m3>\d{1,2})(?:\s+năm\s+(?P<y3>\d{4}))?(?!\d)"
# Event dates open with a time of day or "ngày": "Sáng 25/11", "chiều nay (7/2)",
# "Hôm nay 29-5", "Trong 2 ngày 14 -15/5", "ngày 8 tháng 2".
#
# Written for speed: \b(?:sáng|chiều|trưa|tối|đêm|hôm nay|ngày|hôm qua)
# becomes the words' first letter taken from a case-sensitive class of
# exactly the letters IGNORECASE admits for them ("ſ" for "s" included,
# checked over all of Unicode), then the word boundary looked for behind
# that letter (a word character: \b before it means no word character before
# it) and, for each word, its first letter checked behind (under IGNORECASE
# again) before the rest of it.  A pattern opening with a case-sensitive
# class lets the regex engine skip from one of those letters to the next
# instead of trying every position; the matches and groups are the same.
_PREFIX = (
    r"(?P<prefix>(?-i:[CHNSTchnstĐđſ])(?<!\w.)"
    r"(?:(?<=s)áng|(?<=c)hiều|(?<=t)rưa|(?<=t)ối|(?<=đ)êm|(?<=h)ôm nay|(?<=n)gày|(?<=h)ôm qua)"
    r"(?:\s+(?:nay|qua|mai))?)\s*(?:\(\s*)?(?:ngày\s+)?"
)
_EVENT = re.compile(_PREFIX + r"(?:" + _DAY_MONTH + r"|" + _MONTH_WORDS + r")", re.IGNORECASE)
_TWO_DAYS = re.compile(r"\b\d+\s+ngày\s+" + _DAY_MONTH, re.IGNORECASE)

# Years the body mentions.  Plan horizons are skipped ("đến năm 2030",
# "nhiệm kỳ 2025-2030", "tầm nhìn 2045", "vào năm 2018" as a target).
#
# (?:năm|tháng\s+\d{1,2}/|quý\s+[IV\d]{1,3}\s*[/-]|\b\d{1,2}/\d{1,2}/|\b\d{1,2}-\d{1,2}-)\s*...
# written as for ``_EVENT``: the first character of every branch taken from
# a case-sensitive class (exactly the case variants IGNORECASE admits for n,
# t, q, and the digits), then checked behind for its branch; the \b before a
# digit is looked for behind it, and the digit taken leaves \d? of \d{1,2}.
_YEAR = re.compile(
    r"(?-i:[NQTnqt\d])"
    r"(?:(?<=n)ăm|(?<=t)háng\s+\d{1,2}/|(?<=q)uý\s+[IV\d]{1,3}\s*[/-]"
    r"|(?<=\d)(?<!\w.)\d?/\d{1,2}/|(?<=\d)(?<!\w.)\d?-\d{1,2}-)\s*(?P<y>(?:19|20)\d{2})\b"
    r"(?P<range>\s*[-–]\s*(?:19|20)\d{2})?",
    re.IGNORECASE,
)
# A year that is a plan horizon, not the present: "đến năm 2030", "nhiệm kỳ
# 2025-2030", "dự kiến hoàn thành trong năm 2019".
_HORIZON = re.compile(
    r"(?:\b(?:đến|tới|vào|trước|sau)\s+$|\b(?:giai đoạn|nhiệm kỳ|tầm nhìn|kế hoạch|mục tiêu|dự kiến|phấn đấu|"
    r"hướng tới|chậm nhất|sẽ)(?:\s+\S+){0,3}\s+$)",
    re.IGNORECASE,
)
# Words that make a clause a plan, whatever lies between them and the
# year: "dự kiến khởi công trong quý II năm 2026", "phấn đấu hoàn thành
# giai đoạn 1 trong năm 2026" ...
_PLAN_CLAUSE = re.compile(
    r"(?<![\wÀ-ỹ])(?:dự kiến|phấn đấu|kế hoạch|mục tiêu|hướng tới|chậm nhất|sẽ|dự báo|định hướng|tầm nhìn)"
    r"(?![\wÀ-ỹ])",
    re.IGNORECASE,
)
_CLAUSE_START = re.compile(r"[.;!?\n:]")
# ... when the year is the time set for it ("trong năm 2026", "vào quý II
# năm 2026", "cuối năm 2026"), not a period reported ("6 tháng đầu năm 2017").
_WHEN_PLANNED = re.compile(r"(?:trong|vào|cuối|giữa|quý [IV\d]+)(?:\s+năm)?\s*$", re.IGNORECASE)


def _in_plan_clause(text: str, pos: int) -> bool:
    """Whether the clause that ends at ``pos`` speaks of a plan."""
    lo = max(0, pos - 120)
    cut = lo
    for m in _CLAUSE_START.finditer(text, lo, pos):
        if not (text[m.start()] == "." and m.start() + 1 < pos and text[m.start() + 1].isdigit()):
            cut = m.end()
    return bool(_WHEN_PLANNED.search(text, cut, pos)) and bool(_PLAN_CLAUSE.search(text, cut, pos))


_DOCUMENT = re.compile(
    r"(?:\bsố\s+\d\S*|Kết luận|Quyết định|Nghị quyết|Chỉ thị|Thông tư|Nghị định|Văn bản|Công văn|ban hành|\bký)"
    r"[^.;\n]{0,25}$",
    re.IGNORECASE,
)


@dataclass
class DateMention:
    """A day/month found in the text, with its position."""

    day: int
    month: int
    year: int | None
    start: int
    end: int


def _valid(day: int, month: int) -> bool:
    return 1 <= day <= 31 and 1 <= month <= 12


# "ngày" after these words dates a document or a deadline, not an event.
_NOT_EVENT = re.compile(
    r"(?:\b(?:từ|đến|tới|trước|sau|hạn|ký|ban hành)|\bsố\s+\S+|/[A-ZĐ-]+)\s*$", re.IGNORECASE
)


# "Từ ngày 10 - 12/4, đoàn ..." opening a sentence dates a trip, not a deadline.
_TRIP_FROM = re.compile(r"(?:^|[.!?\n]\s*|\)\s*-?\s*)Từ\s*$")


def event_dates(text: str) -> list[DateMention]:
    """Every "Sáng 25/11"-style event date in ``text`` in order."""
    out: list[DateMention] = []
    for m in _EVENT.finditer(text):
        if (m.group("prefix").lower().startswith("ngày") and _NOT_EVENT.search(text[max(0, m.start() - 30):m.start()])
                and not _TRIP_FROM.search(text[max(0, m.start() - 30):m.start()])):
            continue
        day = m.group("d") or m.group("d3")
        month = m.group("m") or m.group("m3")
        year = m.group("y") or m.group("y3")
        if not day or not month:
            continue
        d, mo = int(day), int(month)
        if _valid(d, mo):
            out.append(DateMention(d, mo, int(year) if year else None, m.start(), m.end()))
    return out


def header_date(text: str) -> tuple[int, int, int] | None:
    """A full date from a header line, a lone date line near the top, or an ISO line."""
    lines = text.split("\n", 6)[:6]
    if lines:
        m = _HEADER.match(lines[0])
        if m and _valid(int(m.group(3)), int(m.group(2))):
            return int(m.group(1)), int(m.group(2)), int(m.group(3))
        m = TOP_DATELINE.match(lines[0])
        if m and _valid(int(m.group(1)), int(m.group(2))):
            return int(m.group(3)), int(m.group(2)), int(m.group(1))
    for line in lines[1:]:
        m = _DATE_LINE.match(line)
        if m and _valid(int(m.group(1)), int(m.group(2))):
            return int(m.group(3)), int(m.group(2)), int(m.group(1))
        m = _ISO_LINE.match(line)
        if m and _valid(int(m.group(3)), int(m.group(2))):
            return int(m.group(1)), int(m.group(2)), int(m.group(3))
    return None


def dateline_year(text: str) -> int | None:
    """The year of a trailing dateline "28/05/13 17:25 GMT+7" in the last
    lines, or glued at the very end of a one-line body."""
    for line in text[-2000:].split("\n")[-8:]:
        m = _DATELINE.match(line)
        if m and _valid(int(m.group(1)), int(m.group(2))):
            y = int(m.group(3))
            return y + 2000 if y < 100 else y
    m = _GLUED_DATELINE.search(text[-60:])
    if m and _valid(int(m.group(1)), int(m.group(2))):
        y = int(m.group(3))
        return y + 2000 if y < 100 else y
    return None


def body_year(text: str) -> int | None:
    """The year the body speaks of as current: the latest year mentioned
    outside plan horizons and range ends; None when the body names no year.
    A time set for a plan ("phấn đấu thông xe trong năm 2022") is used only
    when the body names no other year, and then the earliest: a plan made
    this year most often speaks of this year first."""
    years: Counter[int] = Counter()
    planned: set[int] = set()
    for m in _YEAR.finditer(text):
        if _HORIZON.search(text, max(0, m.start() - 40), m.start()):
            continue
        if m.group("range"):
            continue  # "2025-2030" is a term, not the current year
        if _DOCUMENT.search(text, max(0, m.start() - 40), m.start()):
            continue  # "Kết luận số 24 ngày 5/6/2012" dates a document
        y = int(m.group("y"))
        if not 1945 <= y <= 2100:
            continue
        if _in_plan_clause(text, m.start()):
            planned.add(y)
        else:
            years[y] += 1
    if not years:
        return min(planned) if planned else None
    return max(years)


def article_year(text: str, published: str | None = None) -> int | None:
    """The year of the article's events, from the article alone."""
    head = header_date(text)
    if head:
        return head[0]
    y = dateline_year(text)
    if y:
        return y
    if published and re.match(r"^\d{4}-\d{2}-\d{2}", published):
        return int(published[:4])
    return body_year(text)


def iso(year: int | None, month: int, day: int) -> str:
    """"2025-11-27", or "--11-27" when the year is unknown."""
    return f"{year:04d}-{month:02d}-{day:02d}" if year else f"--{month:02d}-{day:02d}"


def lead_date(text: str, year: int | None, search_chars: int = 1500) -> str | None:
    """The date of the article's main event: the first event date near the top,
    else the first anywhere, else the header date; None when there is none."""
    mentions = event_dates(text[: max(search_chars, 0)] if search_chars else text)
    if not mentions:
        m = _TWO_DAYS.search(text[:search_chars])
        if m and _valid(int(m.group("d")), int(m.group("m"))):
            return iso(year, int(m.group("m")), int(m.group("d")))
        mentions = event_dates(text)
    if mentions:
        first = mentions[0]
        return iso(first.year or year, first.month, first.day)
    head = header_date(text)
    if head:
        return iso(head[0], head[1], head[2])
    return None
