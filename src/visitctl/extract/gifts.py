"""Gifts: the people or groups the official gave gifts to.

"thăm, tặng quà Mẹ Việt Nam Anh hùng A, ở thôn X và Mẹ Việt Nam Anh hùng B"
gives two records, one per Heroic Mother; "tặng bức tranh Bác Hồ cho Đảng
bộ, chính quyền ..." keeps the short gift with its recipient; a long list of
equipment "trao tặng bộ thiết bị ... cho Đài X" keeps the recipient only.
Visits with no gift ("thăm, chúc thọ ông ...") are not gifts.  A generic
restatement ("tặng quà các Mẹ Việt Nam Anh hùng") of recipients already named
is dropped, and the title only counts when the body names no gift.

The lexicon is in ``visitctl/data/gifts.json``.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from visitctl.extract.projects import already_found, fold_key, literal_keys, load_data, may_hold, title_sentence
from visitctl.extract.segment import sentences
from visitctl.model import Evidence, Gift

_MAX_SEGMENT = 400  # characters read after a gift verb
_MAX_WORDS = 30  # a recipient's name is never longer than this
_MAX_RECORDS = 300


def _alt(items: list[str]) -> str:
    return "|".join(map(re.escape, sorted(items, key=len, reverse=True)))


@lru_cache(maxsize=1)
def _lex() -> dict[str, Any]:
    data = dict(load_data("gifts.json"))
    counted = r"trao(?=\s+(?:\d[\d.]*\s+)?(?:" + _alt(data["counted_gift_words"]) + r")(?!\w))"
    verbs = r"(?<!\w)(?:" + _alt(data["triggers"]) + r"|" + counted + r")(?!\w)"
    data["trigger_re"] = re.compile(verbs, re.IGNORECASE)
    data["trigger_keys"] = literal_keys(data["triggers"] + ["trao"])  # "trao" before a counted gift
    # a second gift verb ends the current gift: ", tặng ...", " và trao 20 suất ..."
    data["next_re"] = re.compile(r"(?:,|\s+và)?\s*" + verbs, re.IGNORECASE)
    data["award_re"] = re.compile(r"\s*(?:" + _alt(data["awards"]) + r")(?!\w)", re.IGNORECASE)
    data["not_trigger_re"] = re.compile(r"(?<!\w)(?:" + _alt(data["not_triggers"]) + r")(?!\w)", re.IGNORECASE)
    data["generic_re"] = re.compile(r"\s*(?:(?:" + _alt(data["generic_gifts"]) + r")(?!\w)\s*,?\s*)+", re.IGNORECASE)
    data["chain_re"] = re.compile(r"\s*(?:,|và)?\s*(?:" + _alt(data["chained_verbs"]) + r")(?!\w)", re.IGNORECASE)
    data["and_re"] = re.compile(r"\s(?:và|cùng)\s+(?=(?:" + _alt(data["person_heads"]) + r")(?!\w))")
    data["appos_re"] = re.compile(r",\s+(?:[A-ZÀ-ỸĐ0-9]|(?:" + _alt(data["apposition"]) + r")(?!\w))|\s[-–—]\s+(?=[a-zà-ỹđ])")
    data["cut_re"] = re.compile(r"\s(?:" + _alt(data["cut_words"]) + r")(?!\w)")
    data["det_re"] = re.compile(r"^(?:" + _alt(data["determiners"]) + r")\s+", re.IGNORECASE)
    return data


def _drop_parenthesis(text: str) -> str:
    """Cut at "(" unless it only holds an abbreviation such as "(TT-TH)"."""
    for m in re.finditer(r"\(([^()]{0,30})\)?", text):
        inner = m.group(1)
        if m.group(0).endswith(")") and inner and all(p.isupper() for p in re.split(r"[-&\s]+", inner) if p):
            continue
        return text[: m.start()].rstrip()
    return text


def _recipients(segment: str) -> list[str]:
    """The names in the text that follows a gift verb."""
    lex = _lex()
    segment = re.split(r"[;.!?:…](?:\s|$)|[“”\"]", segment, maxsplit=1)[0]
    # a second gift verb starts a new gift: ", tặng 50 bộ ..."
    nxt = lex["next_re"].search(segment)
    if nxt:
        segment = segment[: nxt.start()]
    m = lex["generic_re"].match(segment)
    generic = bool(m and m.end())
    if generic:
        segment = segment[m.end() :]
    while True:
        c = lex["chain_re"].match(segment)
        if not c:
            break
        segment = segment[c.end() :]
    segment = re.sub(r"^(?:tại|ở|cho|đến)\s+", "", segment.strip(" ,"))
    names: list[str] = []
    # "... và 50 suất quà cho ..." starts a second, counted gift
    for piece in re.split(r"\s+và\s+(?=\d)", segment):
        names.extend(_one_gift(piece, generic))
        generic = False
    return names


def _one_gift(segment: str, generic: bool) -> list[str]:
    """Names for one gift: its recipients, or "gift cho recipient"."""
    lex = _lex()
    thing = ""
    if not generic:
        parts = re.split(r"\scho\s", segment, maxsplit=1)
        if len(parts) == 2:
            thing, segment = parts[0].strip(" ,"), parts[1]
            thing = " ".join(re.sub(r"\([^()]*\)", " ", thing).split())  # "(mỗi suất ...)"
    cut = lex["cut_re"].search(segment)
    if cut:
        segment = segment[: cut.start()]
    names = []
    for part in lex["and_re"].split(segment):
        appos = lex["appos_re"].search(part)
        if appos:
            part = part[: appos.start()]
        part = _drop_parenthesis(part).strip(" ,-–")
        if not part or not part[0].isalnum() or len(part.split()) > _MAX_WORDS:
            continue
        if thing and len(thing.split()) <= lex["max_thing_words"]:
            names.append(f"{thing} cho {part}")
        else:
            names.append(part)
    if not names and thing:
        names.append(thing)
    return names


def _passive_before(sentence: str, at: int) -> bool:
    """Whether "được" stands among the few words of the clause before ``at``
    ("được Bộ Công an tặng"): something received, not given on the visit."""
    clause = re.split(r"[,.;:]", sentence[max(0, at - 60):at])[-1]
    return "được" in clause.lower().split()[-6:]


def _gifts_in(sentence: str) -> list[str]:
    lex = _lex()
    if not may_hold(sentence.lower(), lex["trigger_keys"]):
        return []  # no gift verb: most sentences
    bad: list[tuple[int, int]] | None = None  # "tặng thưởng", "trao đổi" ...: read when a verb is met
    out: list[str] = []
    for m in lex["trigger_re"].finditer(sentence):
        if bad is None:
            bad = [b.span() for b in lex["not_trigger_re"].finditer(sentence)]
        if any(s <= m.start() < e for s, e in bad):
            continue
        if _passive_before(sentence, m.start()) and lex["award_re"].match(sentence, m.end()):
            continue  # "trại giam được Bộ Công an tặng cờ thi đua": an award received
        out.extend(_recipients(sentence[m.end() : m.end() + _MAX_SEGMENT]))
    return out


def _lead(name: str) -> str:
    """The first two words after a determiner ("các cơ sở tôn giáo" -> "co so")."""
    body = _lex()["det_re"].sub("", name)
    return " ".join(fold_key(body).split()[:2])


def find_gifts(text: str) -> list[Gift]:
    """People or groups given gifts, once each, with their sentence."""
    if not text:
        return []
    lex = _lex()
    sents = sentences(text)
    title = title_sentence(text, sents)
    out: list[Gift] = []
    seen: set[str] = set()
    for group in ([s for s in sents if s is not title], [title] if title else []):
        if out and group and group[0] is title:
            break
        for sent in group:
            for name in _gifts_in(sent.sentence):
                if already_found(out, seen, name):
                    continue
                if lex["det_re"].match(name) and any(_lead(name) == _lead(g.name) for g in out):
                    continue
                out.append(Gift(name=name, evidence=Evidence(sent.sentence, sent.start, sent.end)))
                if len(out) >= _MAX_RECORDS:
                    return out
    return out
