"""Figures: numbers with a unit and what they measure.

``find_figures(text)`` reads Vietnamese number writing (dot for thousands,
comma for decimals, "243 tỷ 609 triệu", "37,7 vạn", "5/21 xã") and keeps the
measured quantities a careful reader would note: money, percentages, areas,
lengths, weights, counts of people, communes, candidates...  Dates, years,
document numbers, ranks, ranges, limits and numbers inside quoted speech or
instructions ("phải ...") are left out.

The lexicon lives in ``visitctl/data/units.json``.  Everything here is a
single pass over the text with bounded look-around windows, so the cost is
linear in the length of the input.
"""

from __future__ import annotations

import bisect
import json
import re
from functools import lru_cache
from importlib import resources
from typing import Any

from visitctl.extract.segment import sentences
from visitctl.model import Evidence, Figure

# A run of digits with inner dots/commas ("8.295", "36,5", "1.234,5").  Each
# repetition needs a separator, so the pattern cannot backtrack badly.
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_NEXT_NUMBER = re.compile(r"\s+(\d+(?:[.,]\d+)*)")
_WINDOW = 80  # characters looked at after a number
_BEHIND = 160  # characters looked at before a number (label, qualifiers)
_LABEL_WORDS = 12  # a label keeps at most this many words
_MAX_QUOTE = 800  # an opening quote not closed within this is ignored
_LETTER = re.compile(r"[^\W\d_]")
_MODAL = re.compile(r"(?<!\w)(?:phải|phấn đấu)(?!\w)")  # a target set, not a figure
_NATIONAL = re.compile(r"(?<!\w)(?:cả nước|toàn quốc|thế giới)(?!\w)", re.IGNORECASE)
_WORD = re.compile(r"[^\W_]+|%", re.UNICODE)
# Patterns used once per number, compiled here rather than looked up in re's cache.
_QUOTE_CHAR = re.compile(r"[“”\"\n]")
_FRACTION = re.compile(r"/(\d+)(?![\d/.,])")
_DOT_DIGIT = re.compile(r"\.\d")
_RANGE_AFTER = re.compile(r"\s*[-–]\s*\d")
_RANGE_WORD_AFTER = re.compile(r"\s+(đến|tới)\s+\d")
_RANGE_BEFORE = re.compile(r"\d\s*(?:[-–]|đến|tới)\s*$")
_DASH_BEFORE = re.compile(r"\d\s*[-–]\s*$")
_FROM_BEFORE = re.compile(r"(?<!\w)từ\s+$")
_TO_AFTER = re.compile(r"[^.;]{0,20}\s(đến|tới)\s")
_NEXT_WORD = re.compile(r"\s+([^\W\d_]+)")
_CLAUSE_STOP = re.compile(r"[,;:.(]")


@lru_cache(maxsize=1)
def _lexicon() -> dict[str, Any]:
    raw = resources.files("visitctl.data").joinpath("units.json").read_text(encoding="utf-8")
    data = json.loads(raw)
    units: list[tuple[str, str, str]] = []
    for entry in data["units"]:
        for word in entry["words"]:
            units.append((word, entry["unit"], entry["kind"]))
    units.sort(key=lambda u: -len(u[0]))  # longest first
    data["unit_list"] = units
    data["unit_map"] = {w: (u, k) for w, u, k in units}
    data["unit_re"] = re.compile(
        r" ?(" + "|".join(re.escape(w) for w, _, _ in units) + r")(?![\w²³])", re.IGNORECASE
    )
    data["mult_re"] = re.compile(
        r"\s*(" + "|".join(sorted(data["multipliers"], key=len, reverse=True)) + r")(?!\w)", re.IGNORECASE
    )
    data["before_set"] = {w.lower() for w in data["before_not_figure"]}
    data["per_list"] = sorted(data["per"], key=len, reverse=True)
    data["qualifier_list"] = sorted(data["qualifiers"], key=len, reverse=True)
    data["stop_list"] = sorted((w.split() for w in data["label_trailing_stop"]), key=len, reverse=True)
    data["bound_ends"] = tuple(bound + " " for bound in data["bound_words"])
    return data


def parse_number(token: str) -> float | None:
    """Value of a number written the Vietnamese way ("125.000" -> 125000,
    "36,5" -> 36.5, "1.234,5" -> 1234.5); English "1,234.5" is also read.
    ``None`` for things that are not one number ("5.6.2012", "3,4,6")."""
    dots, commas = token.count("."), token.count(",")
    if not dots and not commas:
        return float(token)
    if dots and commas:
        if token.rfind(",") > token.rfind("."):  # 1.234,5
            whole, _, frac = token.partition(",")
            if commas > 1 or not _groups_ok(whole.split(".")):
                return None
            return float(whole.replace(".", "") + "." + frac)
        whole, _, frac = token.rpartition(".")  # 1,234.5
        if dots > 1 or not _groups_ok(whole.split(",")):
            return None
        return float(whole.replace(",", "") + "." + frac)
    sep = "." if dots else ","
    parts = token.split(sep)
    if len(parts) == 2:
        if sep == "." and len(parts[1]) == 3:
            return float(parts[0] + parts[1])  # 8.295 (thousands)
        return float(parts[0] + "." + parts[1])  # 36,5 / 6.4
    if _groups_ok(parts):
        return float("".join(parts))
    return None


def _groups_ok(parts: list[str]) -> bool:
    return 1 <= len(parts[0]) <= 3 and all(len(p) == 3 for p in parts[1:])


def _clean(value: float) -> float | int:
    rounded = round(value)
    if abs(value - rounded) < 1e-9:
        return int(rounded)
    return round(value, 6)


def _quoted_spans(text: str) -> list[tuple[int, int]]:
    """Spans of quoted speech.  Curly and straight quotes may be mixed; a
    quote left open for too long or across a paragraph is not a quote."""
    spans: list[tuple[int, int]] = []
    open_at = -1
    for m in _QUOTE_CHAR.finditer(text):
        ch, pos = m.group(), m.start()
        if ch == "\n":
            open_at = -1
            continue
        if open_at < 0:
            if ch != "”":
                open_at = pos
            continue
        if pos - open_at > _MAX_QUOTE:
            open_at = pos if ch != "”" else -1
            continue
        if ch == "“":
            open_at = pos
            continue
        spans.append((open_at, pos + 1))
        open_at = -1
    return spans


class _Spans:
    def __init__(self, spans: list[tuple[int, int]]) -> None:
        self.starts = [s for s, _ in spans]
        self.spans = spans

    def covers(self, pos: int) -> bool:
        i = bisect.bisect_right(self.starts, pos) - 1
        return i >= 0 and self.spans[i][0] <= pos < self.spans[i][1]


def _last_words(before: str) -> tuple[str, str]:
    """The last word and the last two words of ``before``, lower-cased."""
    words = _WORD.findall(before[-60:])
    return " ".join(words[-1:]).lower(), " ".join(words[-2:]).lower()


def _match_unit(after: str) -> tuple[str, str, str, int] | None:
    """The unit written at the start of ``after``: (as written, unit, kind, length)."""
    lex = _lexicon()
    m = lex["unit_re"].match(after)
    if m is None:
        return None
    word = m.group(1)
    unit, kind = lex["unit_map"][word.lower()]
    if unit in ("W", "kW", "MW", "kWh") and word[:1] not in "WkM":
        return None  # "w" must be written as a capital W
    return word, unit, kind, m.end()


def _per_suffix(after: str) -> tuple[str, int]:
    """A "/người/năm" style suffix right after the unit."""
    if not after.startswith("/"):
        return "", 0
    low = after.lower()
    for per in _lexicon()["per_list"]:
        if low.startswith("/" + per):
            end = 1 + len(per)
            if end < len(low) and low[end].isalnum():
                continue
            return after[:end], end
    return "", 0


def find_figures(text: str) -> list[Figure]:
    """Every measured quantity in ``text`` with its unit, the words naming what
    it measures, and the sentence it came from."""
    if not text:
        return []
    lex = _lexicon()
    sents = sentences(text)
    starts = [s.start for s in sents]
    quotes = _Spans(_quoted_spans(text))
    modal_cache: dict[int, int] = {}
    out: list[Figure] = []
    seen: set[tuple[Any, ...]] = set()
    skip_until = -1
    last_end, last_label, last_sent = 0, "", -1
    for m in _NUMBER.finditer(text):
        start, end = m.span()
        if start < skip_until:
            continue
        found = _read_figure(text, m, lex)
        if found is None:
            continue
        fig_start, fig_end, value, unit_text, unit, kind, extra = found
        skip_until = fig_end
        if quotes.covers(start):
            continue
        si = bisect.bisect_right(starts, start) - 1
        if si < 0:
            continue
        sent = sents[si]
        if si not in modal_cache:
            modal = _MODAL.search(sent.sentence)
            modal_cache[si] = sent.start + modal.start() if modal else len(text)
        if modal_cache[si] < start:
            continue  # "phải đạt 100%": a target set, not a figure ("14 ca phải thở máy" is one)
        if not _keep(text, start, fig_end, value, kind, extra, lex):
            continue
        label = _label(text, sent, fig_start, fig_end, unit_text, kind, last_end)
        if _NATIONAL.search(label):
            continue  # a national figure quoted for comparison, not the visited place's
        if not label and last_label and last_sent == si:
            label = last_label  # "thu ngân sách đạt X, bằng 38,2% dự toán"
        last_end, last_label, last_sent = fig_end, label, si
        shown = "VND" if unit == "VND" else unit
        if unit == "admin":
            shown = unit_text.lower()
        if extra.get("per"):
            shown = f"{shown}{extra['per']}"
        key = (value, shown, label.lower())
        if key in seen:
            continue
        seen.add(key)
        out.append(
            Figure(
                label=label or None,
                text=text[fig_start:fig_end],
                value=value,
                unit=shown,
                evidence=Evidence(sent.sentence, sent.start, sent.end),
            )
        )
    return out


def _read_figure(
    text: str, m: re.Match[str], lex: dict[str, Any]
) -> tuple[int, int, float | int, str, str, str, dict[str, Any]] | None:
    """Parse one number and what follows it: (start with qualifier, end, value,
    unit as written, unit, kind, details); ``None`` when it is not a figure
    candidate (no unit, a date, a code, a range...)."""
    start, end = m.span()
    prev = text[start - 1] if start else ""
    if prev and (_LETTER.match(prev) or prev in "/-–_" and start >= 2 and text[start - 2].isalnum()):
        return None
    if prev == "-" or prev == "/":
        return None
    value = parse_number(m.group())
    if value is None:
        return None
    pos = end
    after = text[pos : pos + _WINDOW]
    fraction = False
    # a/b: "5/21 xã", "8/9 khu dân cư"; dates ("25/11", "5/6/2012") have no unit
    fm = _FRACTION.match(after)
    if fm:
        # a part of a whole: numerator no larger than a small denominator
        if "," in m.group() or "." in m.group() or len(fm.group(1)) > 3 or value > float(fm.group(1)):
            return None
        pos += fm.end()
        fraction = True
        after = text[pos : pos + _WINDOW]
    elif after[:1] in "/":
        return None
    elif after[:1] == ".":
        # "6.4.2020": a date written with dots
        if _DOT_DIGIT.match(after):
            return None
    # multipliers: "243 tỷ 609 triệu", "37,7 vạn", "1,5 nghìn tỷ"
    total = 0.0
    current = value
    mult_seen = False
    while True:
        mm = lex["mult_re"].match(text, pos)
        if not mm:
            break
        factor = lex["multipliers"][mm.group(1).lower()]
        current *= factor
        mult_seen = True
        pos = mm.end()
        # a smaller amount may follow: "243 tỷ 609 triệu"
        nm = _NEXT_NUMBER.match(text, pos)
        if nm and not fraction:
            follow = lex["mult_re"].match(text, nm.end())
            nv = parse_number(nm.group(1))
            if follow and nv is not None and lex["multipliers"][follow.group(1).lower()] < factor:
                total += current
                current = nv
                pos = nm.end()
                continue
    total += current
    after = text[pos : pos + _WINDOW]
    um = _match_unit(after)
    if um is None:
        return None
    unit_text, unit, kind, ulen = um
    if fraction and kind not in ("admin", "count"):
        return None
    pos += ulen
    per_text, plen = _per_suffix(text[pos : pos + 30])
    pos += plen
    # a range: "5 – 7km", "12,5-13%", "14 đến 19 tiêu chí", "15-30 triệu người"
    if _RANGE_AFTER.match(text[end : end + 6]) or _RANGE_WORD_AFTER.match(text[end : end + 8]):
        return None
    behind = text[max(0, start - 40) : start]
    if _RANGE_BEFORE.search(behind) or _DASH_BEFORE.search(behind):
        return None
    if _FROM_BEFORE.search(behind) and _TO_AFTER.match(text[end : end + 60]):
        return None
    # qualifiers in the text: "khoảng 8.295", "trên 125.000"
    fig_start = start
    low_behind = behind.lower()
    for q in lex["qualifier_list"]:
        if low_behind.endswith(q + " ") and (len(behind) == len(q) + 1 or not behind[-len(q) - 2].isalnum()):
            if q in ("khoảng", "trên", "hơn", "gần", "gần như", "xấp xỉ", "chừng", "tăng", "giảm"):
                fig_start = start - len(q) - 1
            break
    extra = {"fraction": fraction, "mult": mult_seen, "per": per_text}
    return fig_start, pos, _clean(total), unit_text, unit, kind, extra


def _keep(text: str, start: int, end: int, value: float, kind: str, extra: dict[str, Any], lex: dict[str, Any]) -> bool:
    before = text[max(0, start - 60) : start]
    last1, last2 = _last_words(before)
    if before.endswith(" ") or before.endswith("\n") or not before:
        if last1 in lex["before_set"] or last2 in lex["before_set"]:
            return False
    if before.lower().endswith(lex["bound_ends"]):
        return False
    if value < 0:
        return False
    if kind in ("money", "percent", "measure"):
        return True
    following = text[end : end + 40]
    if kind == "admin":
        # "2 phường Bỉm Sơn, Quang Trung" lists names: no count to keep
        nxt = _NEXT_WORD.match(following)
        if nxt and nxt.group(1)[0].isupper():
            return False
        # "kết quả mà 3 phường đạt được", "làm việc với 2 xã": the units
        # already named, not a count
        return last1 not in lex["admin_reference_after"]
    if kind == "count":
        if extra["fraction"] or value >= lex["min_count"]:
            return True
        nxt = following.lstrip().lower()
        return any(nxt.startswith(w) and not nxt[len(w):len(w) + 1].isalnum()
                   for w in lex["count_kept_when_followed_by"])
    if kind == "duration":
        window = text[max(0, start - 50) : start].lower()
        return any(g in window for g in lex["gain_words"])
    return False


def _label(
    text: str, sent: Evidence, fig_start: int, fig_end: int, unit_text: str, kind: str, floor: int = 0
) -> str:
    """What the figure measures: the words before it in the same clause, or
    for counts ("39 xã đạt chuẩn ...") the counted noun and what follows."""
    lex = _lexicon()
    lo = max(sent.start, fig_start - _BEHIND, floor)
    head = text[lo:fig_start]
    cut = max(head.rfind(c) for c in ",;:(“\"")
    if cut >= 0:
        head = head[cut + 1 :]
    words = head.split()
    lows = [w.lower() for w in words]  # cut in step with ``words``
    stops = lex["stop_list"]
    changed = True
    while words and changed:
        changed = False
        for stop in stops:
            if len(words) >= len(stop) and lows[-len(stop) :] == stop:
                words = words[: -len(stop)]
                lows = lows[: -len(stop)]
                changed = True
                break
    words = words[-_LABEL_WORDS:]
    while words and words[0].lower() in ("và", "trong", "đó", "với", "hiện", "còn", "riêng", "theo"):
        words = words[1:]
    label = " ".join(words).strip(" -–.")
    tail = text[fig_end : min(sent.end, fig_end + 120)]
    stop = _CLAUSE_STOP.search(tail)
    if stop:
        tail = tail[: stop.start()]
    tail = " ".join(tail.split()[:_LABEL_WORDS])
    relative = bool(tail) and tail.split()[0].lower() in ("so", "dự", "kế", "cùng", "trở", "mỗi")
    if kind in ("admin", "count") and len(words) < 2:
        label = (unit_text + " " + tail).strip() if unit_text else tail
    elif label and relative and kind == "percent":
        label = f"{label} ({tail})"  # "tăng 9,2% so với năm 2024"
    elif not label and tail and not relative:
        label = tail  # "trong đó 80% dân số là đồng bào Mường"
    return label
