"""Article metadata as sources write it: published dates, header lines."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone

VIETNAM = timezone(timedelta(hours=7), "ICT")  # no daylight saving

# 2025-11-27, 2025-11-27T08:30:00+07:00, 2025/11/27, 20251127 (with a time after it or not)
_ISO = re.compile(r"(\d{4})[-/.]?(\d{1,2})[-/.]?(\d{1,2})(?:$|[T\s])")
# 27/11/2025, 27-11-2025, 27.11.2025, with an optional time ("27/11/2025 08:30")
_DMY = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:$|[\s,T])")
# A visible date line on a news page: "Thứ Năm, 27/11/2025 10:05", "27/11/2025 - 10:05"
_DMY_ANYWHERE = re.compile(r"(?<![\d/.-])(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?![\d/.-])")
# The header line some exports start with: " date 2025-11-27 <title>"
_HEADER = re.compile(r"\A[ \t\ufeff]*date[ \t]+(\d{4}-\d{2}-\d{2})(?=[ \t\n]|\Z)")


def iso_date(value: object) -> str | None:
    """``value`` as an ISO date ``YYYY-MM-DD``: an ISO timestamp with a time
    zone is read as the date in Vietnam (``2026-03-11T17:30:00Z`` is the 12th
    there), one without keeps its own date; ``dd/mm/yyyy`` (or with - or .)
    is day first; None when it is not a real date."""
    if not isinstance(value, str):
        return None
    text = value.strip()
    if "T" in text[8:12] and len(text) <= 40:
        try:
            stamp = datetime.fromisoformat(text)
        except ValueError:
            stamp = None
        if stamp is not None and stamp.tzinfo is not None:
            return _valid(*stamp.astimezone(VIETNAM).timetuple()[:3])
    match = _ISO.match(text)
    if match:
        year, month, day = match.groups()
    else:
        match = _DMY.match(text)
        if not match:
            return None
        day, month, year = match.groups()
    return _valid(int(year), int(month), int(day))


def date_in_line(line: str) -> str | None:
    """The first dd/mm/yyyy date in a visible line of a page, as ISO."""
    for match in _DMY_ANYWHERE.finditer(line):
        day, month, year = match.groups()
        found = _valid(int(year), int(month), int(day))
        if found:
            return found
    return None


def header_date(text: str) -> str | None:
    """The date of a leading ``date YYYY-MM-DD`` header line, if the text has one."""
    match = _HEADER.match(text)
    return _valid(*map(int, match.group(1).split("-"))) if match else None


def _valid(year: int, month: int, day: int) -> str | None:
    if not 1900 <= year <= 2100:
        return None
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None
