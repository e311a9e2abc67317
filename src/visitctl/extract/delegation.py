"""The delegation: bodies that went along with the visiting official.

Read from the sentence that lists companions ("Cùng đi với Tổng Bí thư có
...", "Cùng tham gia có đại diện ...", "Cùng dự buổi làm việc có các đồng
chí: ...").  Each item of the list is reduced to the agency it stands for:
"Bộ trưởng Bộ X Nguyễn Văn A" -> "Bộ X", "Trưởng ban Tổ chức Trung ương" ->
"Ban Tổ chức Trung ương".  Memberships ("Ủy viên Bộ Chính trị"), people
without an agency and local hosts ("lãnh đạo tỉnh ...", "Bí thư Huyện ủy
...") are left out.  A named task force leading the visit ("Tổ công tác của
Thủ tướng Chính phủ do ông ...") also counts.

The lexicon is in ``visitctl/data/delegation.json``.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from visitctl.extract.projects import fold_key, load_data
from visitctl.extract.segment import sentences

_MAX_LIST = 1200  # characters of a companion list read after the trigger
# "các sở, ngành:" / "các Bộ:" followed by bare agency names
_BARE_LIST = re.compile(r"các (sở|bộ)(?:\s*,?\s*ngành)?(?:\s+(?:liên quan|của tỉnh|tỉnh|Trung ương))?\s*:\s*", re.IGNORECASE)

# The patterns used inline below, compiled once.
_OPENER = re.compile(r"(?<!\w)(?:còn có|có)(?!\w)|:")
_SO_NGANH = re.compile(r"(các (?:sở|bộ)),\s*(ngành)", re.IGNORECASE)
_PIECES = re.compile(r"([;,])")
_AND = re.compile(r"^(?:và|cùng)\s+")
_BRACKET = re.compile(r"\s*\(")


@lru_cache(maxsize=1)
def _lex() -> dict[str, Any]:
    data = dict(load_data("delegation.json"))
    by_len = lambda items: sorted(items, key=len, reverse=True)  # noqa: E731
    # The lookahead on the triggers' first letters (under the same
    # IGNORECASE flag, so it admits exactly their case variants) lets the
    # engine pass over every other position at once; the matches are the same.
    firsts = "".join(sorted({t[0] for t in data["triggers"]}))
    data["trigger_re"] = re.compile(
        rf"(?=[{re.escape(firsts)}])"
        r"(?<!\w)(" + "|".join(map(re.escape, by_len(data["triggers"]))) + r")(?!\w)", re.IGNORECASE
    )
    data["trigger_words"] = _trigger_words(data["triggers"])
    data["team_re"] = re.compile(
        r"(?<!\w)((?:" + "|".join(map(re.escape, by_len(data["team_heads"]))) + r")(?: của [^,.;]{1,60}?)?)"
        r" do (?:ông|bà|đồng chí|các đồng chí) "
    )
    # written in lower case, a team names itself only through its body
    data["team_of_re"] = re.compile(
        r"(?<![\wÀ-ỹ])((?:" + "|".join(re.escape(h[0].lower() + h[1:]) for h in by_len(data["team_heads"])) + r")"
        r" của [A-ZÀ-ỸĐ][^,.;]{1,60}?) do (?:ông|bà|đồng chí|các đồng chí) "
    )
    data["fillers_s"] = by_len(data["fillers"])
    data["fillers_low"] = [(f, f.lower()) for f in data["fillers_s"]]
    data["membership_s"] = by_len(data["membership_titles"])
    data["leader_s"] = by_len(data["leader_titles"])
    data["heads_s"] = by_len(data["agency_heads"])
    data["not_agency_s"] = by_len(data["not_agency"])
    for key in ("membership_s", "leader_s", "heads_s", "not_agency_s"):
        data[key + "_ix"] = _by_first(data[key])
    data["surname_set"] = set(data["surnames"])
    data["cut_re"] = re.compile(r"\s(?:" + "|".join(map(re.escape, by_len(data["cut_words"]))) + r")\s")
    return data


# Letters (below Greek, or in the Vietnamese block) that ``re.IGNORECASE``
# matches with a letter that ``str.lower`` does not turn into them ("ſ" for
# "s", "ı" and "İ" for "i", "μ" for "µ", "ẛ" for "ṡ", and back): a word holding
# one is not looked for in a lowered sentence.  (Every other such letter is
# matched by exactly the letters whose lower case it is.)
_CASE_ODD = set("isµıſṡẛ")


def _trigger_words(triggers: list[str]) -> tuple[str, ...] | None:
    """One word of each trigger, lower-cased, that a sentence lowered with
    ``str.lower`` holds whenever the trigger pattern matches in it (the
    longest word of Latin letters that ``str.lower`` maps exactly as the
    pattern's case-insensitive match does); None when a trigger has no such
    word (then every sentence is searched)."""
    words: set[str] = set()
    for t in triggers:
        safe = [w for w in t.lower().split()
                if not _CASE_ODD & set(w) and all(c.isalpha() and (c < "\u0370" or "\u1e00" <= c <= "\u1eff")
                                                  for c in w)]
        if not safe:
            return None
        words.add(max(safe, key=len))
    return tuple(sorted(words))


def _by_first(prefixes: list[str]) -> dict[str, list[str]] | None:
    """The prefixes grouped by their first character, each group in the
    list's order (None when a prefix is empty: it would start anything)."""
    if not all(prefixes):
        return None
    index: dict[str, list[str]] = {}
    for p in prefixes:
        index.setdefault(p[0], []).append(p)
    return index


def _starts_with(text: str, key: str) -> str | None:
    """``_starts(text, _lex()[key])``, looking only at the prefixes that
    begin with the text's first character (only those can match, and they
    keep their order)."""
    lex = _lex()
    index = lex[key + "_ix"]
    if index is None:
        return _starts(text, lex[key])
    return _starts(text, index.get(text[:1], ()))


def _starts(text: str, prefixes: list[str], ignore_case: bool = False) -> str | None:
    """The prefix (a whole word or words) ``text`` starts with, if any."""
    probe = text.lower() if ignore_case else text
    for p in prefixes:
        q = p.lower() if ignore_case else p
        if probe.startswith(q) and (len(probe) == len(q) or not probe[len(q)].isalnum()):
            return p
    return None


def _strip_person(name: str) -> str:
    """Drop a trailing personal name: "Bộ X Nguyễn Xuân Cường" -> "Bộ X"."""
    words = name.split()
    surnames = _lex()["surname_set"]
    for i in range(2, len(words)):
        tail = words[i:]
        if words[i] in surnames and 3 <= len(tail) <= 4 and all(w[:1].isupper() for w in tail):
            return " ".join(words[:i])
    return name


def _agency(item: str) -> str | None:
    """The agency one list item stands for, or ``None``."""
    lex = _lex()
    item = item.strip(" .…-–")
    changed = True
    while changed:
        changed = False
        probe = item.lower()  # as _starts(item, [filler], ignore_case=True), lowering the item once
        for filler, low in lex["fillers_low"]:
            if probe.startswith(low) and (len(probe) == len(low) or not probe[len(low)].isalnum()):
                item = item[len(filler) :].lstrip(" :")
                changed = True
                break
    if not item or _starts_with(item, "membership_s"):
        return None
    title = _starts_with(item, "leader_s")
    if title:
        item = (lex["leader_titles"][title] + " " + item[len(title) :].lstrip()).strip()
        if not item:
            return None
        item = item[0].upper() + item[1:]
    if _starts_with(item, "not_agency_s") or not _starts_with(item, "heads_s"):
        return None
    cut = lex["cut_re"].search(" " + item + " ")
    if cut:
        item = item[: max(0, cut.start() - 0)].strip()
    item = _BRACKET.split(item, maxsplit=1)[0]
    item = _strip_person(item).strip(" .,;:")
    head = _starts_with(item, "heads_s")
    if not head or len(item) <= len(head):
        return None
    return item


def find_delegation(text: str) -> list[str]:
    """Agencies that accompanied the official, in order, once each."""
    if not text:
        return []
    lex = _lex()
    words = lex["trigger_words"]
    out: list[str] = []
    seen: set[str] = set()

    def add(name: str | None) -> None:
        if name:
            key = fold_key(name)
            if key not in seen:
                seen.add(key)
                out.append(name)

    for sent in sentences(text):
        s = sent.sentence
        if " do " in s:  # both team patterns need "... do ông|bà|đồng chí ..."
            for m in lex["team_re"].finditer(s):
                add(m.group(1).strip())
            for m in lex["team_of_re"].finditer(s):
                add(m.group(1).strip())  # "đoàn công tác của Bộ Chính trị do đồng chí ..."
        # a trigger holds one of ``trigger_words`` (the cheap test first)
        if words is not None:
            low = s.lower()
            if not any(w in low for w in words):
                continue
        m = lex["trigger_re"].search(s)
        if not m:
            continue
        rest = s[m.end() : m.end() + _MAX_LIST]
        # the list starts after "có" / "còn có" / ":" near the trigger
        opener = _OPENER.search(rest[:120])
        if opener:
            rest = rest[opener.end() :]
        prefix = ""
        rest = _SO_NGANH.sub(r"\1 \2", rest)
        pieces = _PIECES.split(rest)
        last_added = False  # did the previous comma item give an agency?
        for idx in range(0, len(pieces), 2):
            part = pieces[idx]
            sep = pieces[idx - 1] if idx else ""
            # "lãnh đạo các sở: Tài chính, Xây dựng" names bare agencies
            kind = _BARE_LIST.search(part)
            if kind:
                prefix = "Sở" if kind.group(1).lower() == "sở" else "Bộ"
                part = part[kind.end() :]
            name = _agency(part)
            if name is None and prefix:
                bare = part.strip(" .…")
                bare = _AND.sub("", bare)
                if bare[:1].isupper() and len(bare.split()) <= 6:
                    name = _agency(f"{prefix} {bare}")
            elif name is not None:
                prefix = ""
            if name is None and sep == "," and last_added and _continues(part):
                # "Sở Văn hóa, Thể thao và Du lịch": one agency with a comma
                joined = f"{out[-1]}, {part.strip(' .…')}"
                seen.add(fold_key(joined))
                out[-1] = joined
                continue
            before = len(out)
            add(name)
            last_added = len(out) > before
    return out


def _continues(part: str) -> bool:
    """Is this comma item the rest of the previous agency's name?"""
    lex = _lex()
    item = part.strip(" .…")
    words = item.split()
    if not words or not item[0].isupper() or len(words) > 5:
        return False
    if words[0] in lex["surname_set"] or _starts_with(item, "membership_s") or _starts_with(item, "leader_s"):
        return False
    return not _starts_with(item, "heads_s") and not _starts_with(item, "not_agency_s")
