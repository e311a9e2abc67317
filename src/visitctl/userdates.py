"""Dates users type on the command line: "2025-11-25", "25/11/2025", "11/2025",
"2025", "hôm qua", "tháng trước", "3 days ago".

Day-first numeric forms are parsed here; anything else goes to dateparser,
which is imported only when such a word is met (it costs ~130 ms).
"""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime

from visitctl.errors import UsageError

_DMY = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")
_MY = re.compile(r"(\d{1,2})[/.-](\d{4})")
_YMD = re.compile(r"(\d{4})-(\d{1,2})(?:-(\d{1,2}))?")
_Y = re.compile(r"\d{4}")


def parse_user_date(text: str, *, end: bool = False, today: date | None = None) -> str:
    """An ISO date for ``text``.  A month or a year stands for its first day,
    or its last day with ``end=True`` (so ``--until 2025`` includes December)."""
    value = text.strip()
    try:
        if m := _YMD.fullmatch(value):
            year, month = int(m[1]), int(m[2])
            day = int(m[3]) if m[3] else (calendar.monthrange(year, month)[1] if end else 1)
            return date(year, month, day).isoformat()
        if m := _DMY.fullmatch(value):
            return date(int(m[3]), int(m[2]), int(m[1])).isoformat()
        if m := _MY.fullmatch(value):
            year, month = int(m[2]), int(m[1])
            return date(year, month, calendar.monthrange(year, month)[1] if end else 1).isoformat()
        if _Y.fullmatch(value):
            return date(int(value), 12, 31).isoformat() if end else date(int(value), 1, 1).isoformat()
    except ValueError:
        raise UsageError(f"'{text}' is not a valid date") from None
    return _words(value, today)


def _words(value: str, today: date | None) -> str:
    import dateparser

    settings = {"DATE_ORDER": "DMY", "PREFER_DATES_FROM": "past", "RETURN_AS_TIMEZONE_AWARE": False}
    if today is not None:
        settings["RELATIVE_BASE"] = datetime(today.year, today.month, today.day)
    parsed = dateparser.parse(value, languages=["vi", "en"], settings=settings)
    if parsed is None:
        raise UsageError(
            f"cannot read '{value}' as a date; use YYYY-MM-DD, DD/MM/YYYY, MM/YYYY, YYYY or words such as 'tháng trước'"
        )
    return parsed.date().isoformat()
