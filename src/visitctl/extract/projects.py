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


# Characters whose case-insensitive matches under ``re`` (IGNORECASE) all
# lower-case back to themselves with ``str.lower``: not "i" or "s", which re
# also matches with "İ", "ı" and "ſ".
_SAFE_LOWER = "aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệghìíỉĩịklmnoòóỏõọôồốổỗộơờớởỡợpqrtuùúủũụưừứửữựvxyỳýỷỹỵfjwz0123456789 "
_SAFE_RUN = re.compile("[" + _SAFE_LOWER + "]{2,}")


def literal_keys(phrases: list[str]) -> tuple[tuple[str, ...], ...] | None:
    """For each phrase, pieces that a text's ``str.lower()`` holds whenever
    the phrase matches in the text with ``re.IGNORECASE``: its runs of two
    or more characters of ``_SAFE_LOWER`` ("kiểm tra" -> "ểm tra"), longest
    first.  For :func:`may_hold`, a cheap test before a case-insensitive
    scan; None when a phrase has no such run."""
    keys: list[tuple[str, ...]] = []
    for phrase in phrases:
        runs = tuple(sorted(_SAFE_RUN.findall(phrase.lower()), key=len, reverse=True))
        if not runs:
            return None
        if runs not in keys:
            keys.append(runs)
    # a phrase whose pieces hold those of another one still kept ("tặng quà"
    # holds "tặng") adds no case to the test
    for a in list(keys):
        if any(b is not a and all(any(rb in ra for ra in a) for rb in b) for b in keys):
            keys.remove(a)
    return tuple(keys)


def may_hold(low: str, keys: tuple[tuple[str, ...], ...] | None) -> bool:
    """Whether the lower-cased text ``low`` may hold one of the phrases whose
    ``literal_keys`` are ``keys`` (False means it certainly does not)."""
    if keys is None:
        return True
    for runs in keys:
        for run in runs:
            if run not in low:
                break
        else:
            return True
    return False


def tokenize(text: str) -> list[tuple[str, int, int]]:
    """(token, start, end) for every word and punctuation mark of ``text``."""
    ms = list(_TOKEN.finditer(text))
    return list(zip(map(re.Match.group, ms), map(re.Match.start, ms), map(re.Match.end, ms)))


class _FoldTable(dict):
    """``str.translate`` table for :func:`fold_key`, filled one character at a
    time as characters are met: a combining mark goes, any other character
    becomes its case fold with every non-alphanumeric character a space
    (case folding works character by character, so folding each character
    alone gives the same text as folding the whole string)."""

    def __missing__(self, code: int) -> str:
        c = chr(code)
        out = "" if unicodedata.combining(c) else "".join(x if x.isalnum() else " " for x in c.casefold())
        self[code] = out
        return out


_FOLD = _FoldTable()


@lru_cache(maxsize=16384)
def _fold_word(word: str) -> str:
    word = unicodedata.normalize("NFD", word.replace("đ", "d").replace("Đ", "D"))
    return " ".join(word.translate(_FOLD).split())


def fold_key(text: str) -> str:
    """Lower-case, no diacritics, words only (for comparing names).

    Whitespace only ever becomes a space, and decomposition never reaches
    across it, so the text folds word by word (a word may fold to nothing,
    "-", or to two words, "TP.HCM")."""
    return " ".join([f for f in map(_fold_word, text.split()) if f])


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
        # first word -> (length, the words after the first), longest first
        self.index: dict[str, list[tuple[int, list[str]]]] = {}
        for item in items:
            words = item.split() if exact else item.lower().split()
            if words:
                self.index.setdefault(words[0], []).append((len(words), words[1:]))
        for group in self.index.values():
            group.sort(key=lambda p: p[0], reverse=True)

    def at(self, words: list[str], i: int) -> int:
        """Length in tokens of the longest phrase starting at token ``i`` (0
        if none); ``words`` are the tokens' words, lower-cased unless ``exact``."""
        group = self.index.get(words[i]) if i < len(words) else None
        if group:
            for n, rest in group:
                # a slice past the end is shorter than ``rest``: no match
                if words[i + 1 : i + n] == rest:
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


@lru_cache(maxsize=1)
def _lex() -> dict[str, Any]:
    data = dict(load_data("projects.json"))
    heads: dict[str, list[tuple[list[str], str, str, dict[str, Any]]]] = {}
    for h in data["heads"]:
        words = h["words"].split()
        heads.setdefault(words[0], []).append((words, h["case"], h["kind"], h))
    for group in heads.values():
        group.sort(key=lambda h: -len(h[0]))
    # (length, the words after the first, case, kind, entry): a head is
    # looked up by its first lower-cased word
    data["head_index"] = {
        first: [(len(words), words[1:], case, kind, entry) for words, case, kind, entry in group]
        for first, group in heads.items()
    }
    for key in ("scope_enders", "instruction_verbs", "empty_after_head", "triggers", "determiners", "and_breakers", "comma_breakers", "stop_words"):
        data[key + "_p"] = Phrases(data[key])
    data["modifier_stops"] = {"của", "cho", "với", "từ", "để", "nhằm", "do", "theo", "thuộc"}
    data["noun_before_set"] = {w.split()[-1] for w in data["noun_before_trigger"]}
    data["determiner_set"] = {w.lower() for w in data["determiners"] if " " not in w}
    data["titles_p"] = Phrases(data["titles"], exact=True)
    data["keep_p"] = {k: Phrases(v) for k, v in data["keep_after_stop"].items()}
    data["trigger_re"] = re.compile(
        r"(?<!\w)(?:" + "|".join(map(re.escape, sorted(data["triggers"], key=len, reverse=True))) + r")(?!\w)",
        re.IGNORECASE,
    )
    data["trigger_keys"] = literal_keys(data["triggers"])
    data["trigger_firsts"] = set(data["instruction_verbs_p"].index) | set(data["triggers_p"].index)
    return data


# The matchers below read a sentence as two parallel lists made once per
# sentence: ``words`` (the tokens as written) and ``lows`` (lower-cased).


def _head_at(words: list[str], lows: list[str], i: int) -> tuple[int, str, dict[str, Any]] | None:
    group = _lex()["head_index"].get(lows[i]) if i < len(lows) else None
    if not group:
        return None
    for n, rest, case, kind, entry in group:
        if lows[i + 1 : i + n] == rest:
            if case == "upper" and not words[i][0].isupper():
                continue
            if entry.get("next_upper") and not (i + n < len(words) and words[i + n][:1].isupper()):
                continue
            if i and lows[i - 1] in entry.get("not_after", ()):
                continue
            if i + n < len(lows) and lows[i + n] in entry.get("not_before", ()):
                continue
            return n, kind, entry
    return None


def _title_at(words: list[str], i: int) -> bool:
    """A capitalised title or caption opener glued into a name ("Ông", "Bà"
    only before a name: "Cát Bà và ..." is a place)."""
    if not (words[i][:1].isupper() and _lex()["titles_p"].at(words, i) > 0):
        return False
    if words[i] in ("Ông", "Bà"):
        return i + 1 < len(words) and words[i + 1][:1].isupper()
    return True


def _new_item(words: list[str], lows: list[str], i: int, j: int) -> bool:
    """Does a new site start at ``i`` inside the name that starts at ``j``?"""
    head = _head_at(words, lows, i)
    if head is None:
        return False
    if not head[2].get("part"):
        return True
    return lows[i] == lows[j]


def _is_word(tok: str) -> bool:
    return tok[:1].isalnum()


def name_end(words: list[str], lows: list[str], j: int, head_len: int, kind: str) -> int:
    """Index just past the last token of the name that starts at ``j``."""
    lex = _lex()
    n = len(words)
    k = j + head_len
    limit = min(n, j + lex["max_words"])
    stop_words = lex["stop_words_p"]
    while k < limit:
        tok = words[k]
        low = lows[k]
        if tok in _CLOSERS:
            break
        if tok == "(":
            close = next((c for c in range(k + 1, min(n, k + 8)) if words[c] == ")"), None)
            inner = words[k + 1 : close] if close else []
            if inner and all(t.isupper() or t in "-&" for t in inner):
                k = close + 1
                continue
            break
        if tok == ",":
            if k + 1 >= n or not _is_word(words[k + 1]) or words[k + 1][0].isupper():
                break
            if lex["comma_breakers_p"].at(lows, k + 1) or _new_item(words, lows, k + 1, j):
                break
            k += 1
            continue
        if tok in ("-", "–", "—"):
            if k + 1 < n and words[k + 1][:1].isupper():
                k += 1
                continue
            break
        if not _is_word(tok) and tok not in ("&",):
            break
        if low == "và":
            if k + 1 >= n or lex["and_breakers_p"].at(lows, k + 1) or _new_item(words, lows, k + 1, j):
                break
            k += 1
            continue
        if low == "nối" and any(t[:1].isupper() or t[:1].isdigit() for t in words[j + head_len:k]):
            break  # "cầu Bạch Đằng 2 nối thị xã A với tỉnh B": the name is complete
        if low in lex["stop_before_upper"]:
            if k + 1 < n and words[k + 1][:1].isupper():
                break
            k += 1
            continue
        stop = stop_words.at(lows, k)
        if stop and lows[k - 1] in lex["stop_unless_after"].get(low, ()):
            stop = 0  # "Cảng hàng không"
        if stop and tok[0].islower():
            keep = lex["keep_p"].get(low)
            if keep and keep.at(lows, k + 1):
                k += 1 + keep.at(lows, k + 1)
                continue
            if low == "với" and "nối" in lows[j:k]:
                k += 1  # "đường nối A với B"
                continue
            break
        if kind != "memorial" and k > j + head_len and _title_at(words, k):
            break
        k += 1
    while k > j + head_len and lows[k - 1] in ("và", "-", "–", ",", "của", "tại", "ở"):
        k -= 1
    return k


_NOT_ASSIGN_AFTER = {"thông", "lưu", "dịch", "nhận", "tiếp", "thương", "hữu", "ban", "kết"}


def _triggers(lows: list[str]) -> list[int]:
    """Token indices just after each inspection verb."""
    lex = _lex()
    out = []
    verbs, triggers = lex["instruction_verbs_p"], lex["triggers_p"]
    noun_before = lex["noun_before_set"]
    firsts = lex["trigger_firsts"]
    # a phrase can only start at its first word (a dictionary probe before the full match)
    for i in [i for i, low in enumerate(lows) if low in firsts]:
        low = lows[i]
        if low in verbs.index and verbs.at(lows, i):
            nxt = lows[i + 1] if i + 1 < len(lows) else ""
            prev = lows[i - 1] if i else ""
            # "giao thông", "bàn giao" are not "giao" (assign)
            if low != "giao" or (nxt not in _NOT_ASSIGN_AFTER and prev not in ("bàn", "được", "chuyển")):
                # "giao Sở X khẩn trương khảo sát, lập dự án ...": asked for,
                # not done; no later verb counts
                break
        n = triggers.at(lows, i) if low in triggers.index else 0
        if not n:
            continue
        if i and lows[i - 1] in noun_before:
            continue
        out.append(i + n)
    return out


def _owner_before(lows: list[str], i: int) -> bool:
    """Whether a body that runs the site ("Ban Quản lý") names it at ``i``."""
    words = " ".join(lows[max(0, i - 4):i])
    return any(words == o or words.endswith(" " + o) for o in _lex()["owners"])


def _activity_before(lows: list[str], i: int) -> bool:
    """Whether the words just before token ``i`` name an activity ("hoạt
    động", "tiến độ thi công") whose site follows "của"."""
    tail = " ".join(lows[max(0, i - 3):i])
    return any(tail == a or tail.endswith(" " + a) for a in _lex()["activity_of"])


def _sites_in(sentence: str) -> list[tuple[str, str, int, int]]:
    """(name, kind, start, end) of the sites named after a verb in one sentence."""
    lex = _lex()
    fronted = sentence.startswith(("Tại ", "Ở "))
    if not fronted and not (may_hold(sentence.lower(), lex["trigger_keys"]) and lex["trigger_re"].search(sentence)):
        return []
    words = _TOKEN.findall(sentence)
    lows = list(map(str.lower, words))
    tokens = None  # with offsets, made when a site is found
    found = []
    # "Tại Đồn Biên phòng X, Chủ tịch nước đã ...": the site the sentence happens at
    head = _head_at(words, lows, 1) if fronted and len(words) > 2 else None
    if head and words[0] in ("Tại", "Ở"):
        end = name_end(words, lows, 1, head[0], head[1])
        tokens = tokenize(sentence)
        if end > 1 + head[0] and head[1] != "weak" or _proper_core(sentence[tokens[1][1] : tokens[end - 1][2]]):
            start_c, end_c = tokens[1][1], tokens[end - 1][2]
            found.append((sentence[start_c:end_c], head[1], start_c, end_c))
    trig = _triggers(lows)
    if not trig:
        return found
    enders_p = lex["scope_enders_p"]
    enders = [i for i in range(trig[0], len(lows)) if lows[i] in enders_p.index and enders_p.at(lows, i)]
    j = trig[0]
    determiners = lex["determiner_set"]
    head_index = lex["head_index"]
    # where a head word stands: the reading below jumps from one to the next
    cands = [i for i, low in enumerate(lows[j:], j) if low in head_index]
    c = 0
    while True:
        c = bisect.bisect_left(cands, j, c)
        if c == len(cands):
            break
        j = cands[c]
        head = _head_at(words, lows, j)
        if not head:
            j += 1
            continue
        head_len, kind, entry = head
        last_trigger = trig[bisect.bisect_right(trig, j) - 1]
        last_ender = enders[bisect.bisect_right(enders, j) - 1] if enders and enders[0] < j else -1
        if last_ender >= last_trigger:  # an instruction, not what was inspected
            j += head_len
            continue
        if _owner_before(lows, j):
            j += head_len  # "Ban Quản lý Khu kinh tế ...": the board, not the site
            continue
        prev = lows[j - 1] if j else ""
        if prev == "của" and _activity_before(lows, j - 1):
            prev = ""  # "kiểm tra hoạt động của Trung tâm ...": the site itself
        if prev in determiners or prev.isdigit() or prev == "(":
            j += head_len
            continue
        if kind == "weak":
            if j - last_trigger > 3:
                j += head_len
                continue
        end = name_end(words, lows, j, head_len, kind)
        after = words[j + head_len : end]
        if entry.get("complete") and (not after or lows[j + head_len] in lex["empty_after_head"]):
            end = j + head_len
        elif (
            not after
            or lex["empty_after_head_p"].at(lows, j + head_len)
            or not any(_is_word(t) for t in after)
        ):
            j += head_len
            continue
        if tokens is None:
            tokens = tokenize(sentence)
        start_c, end_c = tokens[j][1], tokens[end - 1][2]
        found.append((sentence[start_c:end_c], kind, start_c, end_c))
        j = end
        if j < len(words) and lows[j] in lex["modifier_stops"]:
            # what follows "cho", "của", "với" ... describes this site
            while j < len(words) and words[j] not in _CLOSERS and words[j] != ",":
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
        words = [t[0] for t in tokens]
        lows = list(map(str.lower, words))
        for j in range(len(tokens) - 1):
            if words[j] == "Dự" and lows[j + 1] == "án":
                end = name_end(words, lows, j, 2, "normal")
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
