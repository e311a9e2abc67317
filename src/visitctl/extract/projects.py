"""Projects and sites the official inspected or visited.

A site is named after an inspection verb (kiểm tra, thăm, khảo sát, dâng
hương ...) in the same sentence and starts with a head word ("Dự án",
"công trình", "mô hình", "điểm thi", "Trung tâm", "Tượng đài", "cống" ...).
Its name runs until punctuation, a verb or clause word, a glued caption
("... Trà Vinh Phó Thủ tướng ...") or a new item.  Generic mentions ("các dự
án", "rà soát lại các dự án đang triển khai") are not sites.  A vague site
("vị trí xây dựng cầu X") is replaced by the formal project name that holds
the same proper name ("Dự án Xây dựng cầu X ...") when the article gives one.

The lexicon is in ``visitctl/data/projects.json``.  The tokenizer and the
loose name comparison here are shared with ``gifts`` and ``delegation``.
"""

from __future__ import annotations

import bisect
import json
import re
import unicodedata
from functools import lru_cache
from importlib import resources
from typing import Any

from visitctl.extract.segment import sentences
from visitctl.model import Evidence, Project

# A word (letters/digits with inner . - ' as in "TP.HCM", "TT-TH", "Covid-19")
# or one punctuation mark.  Each repetition starts with a separator: linear.
_TOKEN = re.compile(r"[^\W_]+(?:[.\-'’][^\W_]+)*|[^\w\s]")
_MAX_RECORDS = 300  # an article naming more sites than this is not a visit report
_CLOSERS = {";", ".", ":", "!", "?", "“", "”", '"', "…", "/", "*"}


@lru_cache(maxsize=None)
def load_data(name: str) -> dict[str, Any]:
    """A JSON lexicon from ``visitctl/data``."""
    raw = resources.files("visitctl.data").joinpath(name).read_text(encoding="utf-8")
    return json.loads(raw)


def tokenize(text: str) -> list[tuple[str, int, int]]:
    """(token, start, end) for every word and punctuation mark of ``text``."""
    ms = list(_TOKEN.finditer(text))
    return list(zip(map(re.Match.group, ms), map(re.Match.start, ms), map(re.Match.end, ms)))


def fold_key(text: str) -> str:
    """Lower-case, no diacritics, words only (for comparing names)."""
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join("".join(c if c.isalnum() else " " for c in text.casefold()).split())


def same_name(a: str, b: str) -> bool:
    """Two names for one thing: most words shared, or one holds the other."""
    ta, tb = set(fold_key(a).split()), set(fold_key(b).split())
    if not ta or not tb:
        return False
    inter = len(ta & tb)
    if inter / len(ta | tb) >= 0.5:
        return True
    small, large = sorted((len(ta), len(tb)))
    return inter == small and small / large >= 0.4


class Phrases:
    """A set of word sequences looked up by their first word (lower-cased
    unless ``exact``), so matching at a position costs a dictionary probe."""

    def __init__(self, items: list[str], exact: bool = False) -> None:
        self.exact = exact
        self.index: dict[str, list[list[str]]] = {}
        for item in items:
            words = item.split() if exact else item.lower().split()
            if words:
                self.index.setdefault(words[0], []).append(words)
        for group in self.index.values():
            group.sort(key=len, reverse=True)

    def at(self, tokens: list[tuple[str, int, int]], i: int) -> int:
        """Length in tokens of the longest phrase starting at token ``i`` (0 if none)."""
        if i >= len(tokens):
            return 0
        first = tokens[i][0] if self.exact else tokens[i][0].lower()
        for words in self.index.get(first, ()):
            n = len(words)
            if i + n <= len(tokens) and all(
                (tokens[i + k][0] if self.exact else tokens[i + k][0].lower()) == words[k] for k in range(1, n)
            ):
                return n
        return 0


def _proper_words(name: str) -> set[str]:
    return {fold_key(w) for w in name.split() if w[:1].isupper() or w[:1].isdigit()}


def same_thing(a: str, b: str) -> bool:
    """Two spellings of one site or recipient: one's words hold the other's,
    or most words are shared and no proper name differs ("Dự án X1" and
    "Dự án X2", or two people, stay apart)."""
    ta, tb = set(fold_key(a).split()), set(fold_key(b).split())
    if not ta or not tb:
        return False
    if ta <= tb or tb <= ta:
        return True
    pa, pb = _proper_words(a), _proper_words(b)
    return same_name(a, b) and (pa <= pb or pb <= pa)


def phrase_at(tokens: list[tuple[str, int, int]], i: int, phrases: Phrases) -> int:
    """Length (in tokens) of the longest phrase of ``phrases`` starting at ``i``."""
    return phrases.at(tokens, i)


@lru_cache(maxsize=1)
def _lex() -> dict[str, Any]:
    data = dict(load_data("projects.json"))
    heads: dict[str, list[tuple[list[str], str, str, dict[str, Any]]]] = {}
    for h in data["heads"]:
        words = h["words"].split()
        heads.setdefault(words[0], []).append((words, h["case"], h["kind"], h))
    for group in heads.values():
        group.sort(key=lambda h: -len(h[0]))
    data["head_index"] = heads
    for key in ("scope_enders", "instruction_verbs", "empty_after_head", "triggers", "determiners", "and_breakers", "comma_breakers", "stop_words"):
        data[key + "_p"] = Phrases(data[key])
    data["modifier_stops"] = {"của", "cho", "với", "từ", "để", "nhằm", "do", "theo", "thuộc"}
    data["noun_before_set"] = {w.split()[-1] for w in data["noun_before_trigger"]}
    data["titles_p"] = Phrases(data["titles"], exact=True)
    data["keep_p"] = {k: Phrases(v) for k, v in data["keep_after_stop"].items()}
    data["trigger_re"] = re.compile(
        r"(?<!\w)(?:" + "|".join(map(re.escape, sorted(data["triggers"], key=len, reverse=True))) + r")(?!\w)",
        re.IGNORECASE,
    )
    return data


def _head_at(tokens: list[tuple[str, int, int]], i: int) -> tuple[int, str, dict[str, Any]] | None:
    if i >= len(tokens):
        return None
    for words, case, kind, entry in _lex()["head_index"].get(tokens[i][0].lower(), ()):
        n = len(words)
        if i + n <= len(tokens) and all(tokens[i + k][0].lower() == words[k] for k in range(n)):
            if case == "upper" and not tokens[i][0][0].isupper():
                continue
            if entry.get("next_upper") and not (i + n < len(tokens) and tokens[i + n][0][:1].isupper()):
                continue
            if i and tokens[i - 1][0].lower() in entry.get("not_after", ()):
                continue
            if i + n < len(tokens) and tokens[i + n][0].lower() in entry.get("not_before", ()):
                continue
            return n, kind, entry
    return None


def _title_at(tokens: list[tuple[str, int, int]], i: int) -> bool:
    """A capitalised title or caption opener glued into a name ("Ông", "Bà"
    only before a name: "Cát Bà và ..." is a place)."""
    if not (tokens[i][0][:1].isupper() and _lex()["titles_p"].at(tokens, i) > 0):
        return False
    if tokens[i][0] in ("Ông", "Bà"):
        return i + 1 < len(tokens) and tokens[i + 1][0][:1].isupper()
    return True


def _new_item(tokens: list[tuple[str, int, int]], i: int, j: int) -> bool:
    """Does a new site start at ``i`` inside the name that starts at ``j``?"""
    head = _head_at(tokens, i)
    if head is None:
        return False
    if not head[2].get("part"):
        return True
    return tokens[i][0].lower() == tokens[j][0].lower()


def _is_word(tok: str) -> bool:
    return tok[:1].isalnum()


def name_end(tokens: list[tuple[str, int, int]], j: int, head_len: int, kind: str) -> int:
    """Index just past the last token of the name that starts at ``j``."""
    lex = _lex()
    n = len(tokens)
    k = j + head_len
    limit = min(n, j + lex["max_words"])
    while k < limit:
        tok = tokens[k][0]
        low = tok.lower()
        if tok in _CLOSERS:
            break
        if tok == "(":
            close = next((c for c in range(k + 1, min(n, k + 8)) if tokens[c][0] == ")"), None)
            inner = [t for t, _, _ in tokens[k + 1 : close]] if close else []
            if inner and all(t.isupper() or t in "-&" for t in inner):
                k = close + 1
                continue
            break
        if tok == ",":
            if k + 1 >= n or not _is_word(tokens[k + 1][0]) or tokens[k + 1][0][0].isupper():
                break
            if phrase_at(tokens, k + 1, lex["comma_breakers_p"]) or _new_item(tokens, k + 1, j):
                break
            k += 1
            continue
        if tok in ("-", "–", "—"):
            if k + 1 < n and tokens[k + 1][0][:1].isupper():
                k += 1
                continue
            break
        if not _is_word(tok) and tok not in ("&",):
            break
        if low == "và":
            if k + 1 >= n or phrase_at(tokens, k + 1, lex["and_breakers_p"]) or _new_item(tokens, k + 1, j):
                break
            k += 1
            continue
        if low == "nối" and any(t[0][:1].isupper() or t[0][:1].isdigit() for t in tokens[j + head_len:k]):
            break  # "cầu Bạch Đằng 2 nối thị xã A với tỉnh B": the name is complete
        if low in lex["stop_before_upper"]:
            if k + 1 < n and tokens[k + 1][0][:1].isupper():
                break
            k += 1
            continue
        stop = phrase_at(tokens, k, lex["stop_words_p"])
        if stop and tokens[k - 1][0].lower() in lex["stop_unless_after"].get(low, ()):
            stop = 0  # "Cảng hàng không"
        if stop and tok[0].islower():
            keep = lex["keep_p"].get(low)
            if keep and phrase_at(tokens, k + 1, keep):
                k += 1 + phrase_at(tokens, k + 1, keep)
                continue
            if low == "với" and any(t[0].lower() == "nối" for t in tokens[j:k]):
                k += 1  # "đường nối A với B"
                continue
            break
        if kind != "memorial" and k > j + head_len and _title_at(tokens, k):
            break
        k += 1
    while k > j + head_len and tokens[k - 1][0].lower() in ("và", "-", "–", ",", "của", "tại", "ở"):
        k -= 1
    return k


_NOT_ASSIGN_AFTER = {"thông", "lưu", "dịch", "nhận", "tiếp", "thương", "hữu", "ban", "kết"}


def _triggers(tokens: list[tuple[str, int, int]]) -> list[int]:
    """Token indices just after each inspection verb."""
    lex = _lex()
    out = []
    instructed = False  # "giao Sở X khẩn trương khảo sát, lập dự án ...": asked for, not done
    verbs, triggers = lex["instruction_verbs_p"], lex["triggers_p"]
    for i, low in enumerate([t[0].lower() for t in tokens]):
        # a phrase can only start at its first word (a dictionary probe before the full match)
        if not instructed and low in verbs.index and phrase_at(tokens, i, verbs):
            word = tokens[i][0].lower()
            nxt = tokens[i + 1][0].lower() if i + 1 < len(tokens) else ""
            prev = tokens[i - 1][0].lower() if i else ""
            # "giao thông", "bàn giao" are not "giao" (assign)
            instructed = word != "giao" or (nxt not in _NOT_ASSIGN_AFTER and prev not in ("bàn", "được", "chuyển"))
        n = phrase_at(tokens, i, triggers) if low in triggers.index else 0
        if not n or instructed:
            continue
        if i and tokens[i - 1][0].lower() in lex["noun_before_set"]:
            continue
        out.append(i + n)
    return out


def _owner_before(tokens: list[tuple[str, int, int]], i: int) -> bool:
    """Whether a body that runs the site ("Ban Quản lý") names it at ``i``."""
    words = " ".join(t[0].lower() for t in tokens[max(0, i - 4):i])
    return any(words == o or words.endswith(" " + o) for o in _lex()["owners"])


def _activity_before(tokens: list[tuple[str, int, int]], i: int) -> bool:
    """Whether the words just before token ``i`` name an activity ("hoạt
    động", "tiến độ thi công") whose site follows "của"."""
    words = [t[0].lower() for t in tokens[max(0, i - 3):i]]
    tail = " ".join(words)
    return any(tail == a or tail.endswith(" " + a) for a in _lex()["activity_of"])


def _sites_in(sentence: str) -> list[tuple[str, str, int, int]]:
    """(name, kind, start, end) of the sites named after a verb in one sentence."""
    lex = _lex()
    fronted = sentence.startswith(("Tại ", "Ở "))
    if not fronted and not lex["trigger_re"].search(sentence):
        return []
    tokens = tokenize(sentence)
    found = []
    # "Tại Đồn Biên phòng X, Chủ tịch nước đã ...": the site the sentence happens at
    head = _head_at(tokens, 1) if fronted and len(tokens) > 2 else None
    if head and tokens[0][0] in ("Tại", "Ở"):
        end = name_end(tokens, 1, head[0], head[1])
        if end > 1 + head[0] and head[1] != "weak" or _proper_core(sentence[tokens[1][1] : tokens[end - 1][2]]):
            start_c, end_c = tokens[1][1], tokens[end - 1][2]
            found.append((sentence[start_c:end_c], head[1], start_c, end_c))
    trig = _triggers(tokens)
    if not trig:
        return found
    enders = [i for i in range(trig[0], len(tokens)) if phrase_at(tokens, i, lex["scope_enders_p"])]
    j = trig[0]
    determiners = {w.lower() for w in lex["determiners"] if " " not in w}
    while j < len(tokens):
        head = _head_at(tokens, j)
        if not head:
            j += 1
            continue
        head_len, kind, entry = head
        last_trigger = trig[bisect.bisect_right(trig, j) - 1]
        last_ender = enders[bisect.bisect_right(enders, j) - 1] if enders and enders[0] < j else -1
        if last_ender >= last_trigger:  # an instruction, not what was inspected
            j += head_len
            continue
        if _owner_before(tokens, j):
            j += head_len  # "Ban Quản lý Khu kinh tế ...": the board, not the site
            continue
        prev = tokens[j - 1][0].lower() if j else ""
        if prev == "của" and _activity_before(tokens, j - 1):
            prev = ""  # "kiểm tra hoạt động của Trung tâm ...": the site itself
        if prev in determiners or prev.isdigit() or prev == "(":
            j += head_len
            continue
        if kind == "weak":
            if j - last_trigger > 3:
                j += head_len
                continue
        end = name_end(tokens, j, head_len, kind)
        after = [t for t, _, _ in tokens[j + head_len : end]]
        if entry.get("complete") and (not after or after[0].lower() in lex["empty_after_head"]):
            end = j + head_len
        elif (
            not after
            or phrase_at(tokens, j + head_len, lex["empty_after_head_p"])
            or not any(_is_word(t) for t in after)
        ):
            j += head_len
            continue
        start_c, end_c = tokens[j][1], tokens[end - 1][2]
        found.append((sentence[start_c:end_c], kind, start_c, end_c))
        j = end
        if j < len(tokens) and tokens[j][0].lower() in lex["modifier_stops"]:
            # what follows "cho", "của", "với" ... describes this site
            while j < len(tokens) and tokens[j][0] not in _CLOSERS and tokens[j][0] != ",":
                j += 1
    return found


def title_sentence(text: str, sents: list[Evidence]) -> Evidence | None:
    """The headline: a first line of its own, short, not ending like a sentence."""
    if not sents:
        return None
    first = sents[0]
    if text[first.end : first.end + 1] != "\n" or first.sentence.endswith((".", "!", "?", "…")):
        return None
    return first if len(first.sentence.split()) <= 40 else None


def _formal_projects(text: str) -> list[str]:
    """Names of formal projects ("Dự án ...") anywhere in the article."""
    names = []
    for sent in sentences(text):
        if "Dự án" not in sent.sentence:
            continue
        tokens = tokenize(sent.sentence)
        for j in range(len(tokens) - 1):
            if tokens[j][0] == "Dự" and tokens[j + 1][0].lower() == "án":
                end = name_end(tokens, j, 2, "normal")
                if end > j + 3:
                    names.append(sent.sentence[tokens[j][1] : tokens[end - 1][2]])
    return names


def _proper_core(name: str) -> str | None:
    """The first run of two or more capitalised words after the head."""
    words = [w.strip(",;:()") for w in name.split()[1:]]
    run: list[str] = []
    for w in words:
        if w[:1].isupper():
            run.append(w)
        elif len(run) >= 2:
            break
        else:
            run = []
    return " ".join(run) if len(run) >= 2 else None


def already_found(out: list, seen: set[str], name: str, evidence: Evidence | None = None) -> bool:
    """True when ``name`` adds nothing to the records in ``out``: the same
    folded name was met before (``seen``), or a record names the same thing.
    A fuller spelling of the same thing replaces the record's name (and its
    evidence, when ``evidence`` is given)."""
    key = fold_key(name)
    if key in seen:
        return True
    seen.add(key)
    twin = next((r for r in out if same_thing(name, r.name)), None)
    if twin is None:
        return False
    if set(fold_key(twin.name).split()) < set(key.split()):
        twin.name = name
        if evidence is not None:
            twin.evidence = evidence
    return True


def find_projects(text: str) -> list[Project]:
    """Sites and projects the official inspected or visited, once each."""
    if not text:
        return []
    out: list[Project] = []
    seen: set[str] = set()
    formal: list[str] | None = None
    sents = sentences(text)
    # The title (first line) only names the site when the body does not.
    title = title_sentence(text, sents)
    body = [s for s in sents if s is not title]
    for group in (body, [title] if title else []):
        if group and group[0] is title and out:
            break
        for sent in group:
            for name, kind, _, _ in _sites_in(sent.sentence):
                core = _proper_core(name) if kind == "weak" else None
                if core:
                    if formal is None:
                        formal = _formal_projects(text)
                    name = next((f for f in formal if core in f), name)
                if already_found(out, seen, name, Evidence(sent.sentence, sent.start, sent.end)):
                    continue
                out.append(Project(name=name, evidence=Evidence(sent.sentence, sent.start, sent.end)))
                if len(out) >= _MAX_RECORDS:
                    return out
    return out
