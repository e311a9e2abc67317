"""The officials who lead a visit, with the title they held at the time.

People appear in two orders: title first ("Tổng Bí thư Nguyễn Phú Trọng",
"Bí thư Thành ủy TP.HCM Nguyễn Thiện Nhân") or name first ("đồng chí Nguyễn
Hồng Phong, Phó Bí thư Thường trực Tỉnh ủy", "ông Phạm Mạnh Hùng - Thứ trưởng
Bộ GD-ĐT").  ``mentions`` finds every such person; ``leading_officials``
keeps the visitors and drops the hosts who report to them and the people who
merely come along ("Cùng đi có ...", "Báo cáo với đoàn, ông ...").

The title heads, abbreviations and surnames are data
(``visitctl/data/titles.json``).
"""

from __future__ import annotations

import json
import re
from bisect import bisect_left, bisect_right
from itertools import accumulate
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from visitctl.extract.normalize import fold
from visitctl.model import Evidence, Official

_GAP = r"\s,;:.()“”\"!?"  # what a word token never holds: a space or a punctuation mark
_TOKEN = re.compile(rf"[^{_GAP}]+(?:\.[^{_GAP}]+)*|[,;:.()“”\"!?]")
_TOKEN_SPLIT = re.compile(f"({_TOKEN.pattern})")  # the same, kept by re.split
_TIER1 = {
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô",
    "Dương", "Lý", "Đinh", "Trịnh", "Đoàn", "Vương", "Phùng", "Trương", "Lương", "Đào", "Mai", "Tô", "Huỳnh",
}
# Context words that make a person a host or a companion, not a visitor.
_HOST_BEFORE = re.compile(
    # the first letters of every branch below, looked at first under the same
    # IGNORECASE flag (the same case variants): the engine then passes over
    # every other position at once, with the same matches
    r"(?=[cbtđv])"
    r"(?:(?:cùng đi|cùng dự|cùng tham dự|tham dự còn có|tham dự có|cùng tham gia|cùng với|báo cáo|thay mặt|"
    r"đại diện|tiếp đón|đón tiếp|chào đón|có các đồng chí|có đồng chí)[^.;]{0,80}"
    r"|\b(?:trao đổi với|điện cho|theo|với)\s+(?:(?:ông|bà|đồng chí)\s+)?)$",
    re.IGNORECASE,
)
_HOST_AFTER = re.compile(
    r"^[^.;]{0,12}\b(?:cho biết|báo cáo|chào mừng|tham dự|cùng dự|thông tin|khẳng định|kể|trình bày|tiếp đoàn|đón đoàn|"
    r"tiếp đón|đón tiếp|đón|cảm ơn|bày tỏ cảm ơn|trân trọng cảm ơn)\b",
    re.IGNORECASE,
)
_ACTS = re.compile(
    r"^\s*(?:đã\s+|cũng\s+|vừa\s+|trực tiếp\s+|và đoàn công tác\s+|cùng đoàn công tác\s+|và đoàn\s+|cùng đoàn\s+)*"
    r"(?:đi\s+|đến\s+|về\s+|tới\s+)?"
    r"(?:thăm|làm việc|kiểm tra|khảo sát|thị sát|dẫn đầu|dâng hương|chúc|tặng|trao|chủ trì|đến|về thăm|về dự|đi)",
    re.IGNORECASE,
)
_DIRECTS = re.compile(
    r"^\s*(?:cũng\s+|đã\s+)*(?:đề nghị|yêu cầu|chỉ đạo|lưu ý|nhấn mạnh|gợi ý|mong muốn|nhắc nhở)", re.IGNORECASE
)


# A title that names its body ("Ủy viên Bộ Chính trị", "Bí thư Tỉnh ủy") can
# be followed by a second title before the name.
_ORG = re.compile(r"\b(?:Bộ|Ban|Thành ủy|Tỉnh ủy|Huyện ủy|Trung ương|TƯ|Đảng|Quốc hội|UBND|HĐND|Chính phủ|Ủy ban|BCH)\b")


@lru_cache(maxsize=1)
def _lexicon() -> dict:
    data = json.loads((resources.files("visitctl") / "data" / "titles.json").read_text(encoding="utf-8"))
    heads = sorted(set(data["heads"]), key=len, reverse=True)
    # the words that may open a mention, by their first letter: the heads as
    # written (then not followed by a letter, as in ``heads_re``), "đồng",
    # "ông", "bà" in any case (the letters that lower-case to their first
    # letters, checked over all of Unicode, then the rest matched ignoring
    # case) ending their token
    by_first: dict[str, list[str]] = {}
    for h in heads:
        by_first.setdefault(h[0], []).append(re.escape(h[1:]) + r"(?![\wÀ-ỹ])")
    for firsts, rest in (("đĐ", "ồng"), ("ôÔ", "ng"), ("bB", "à")):
        for first in firsts:
            by_first.setdefault(first, []).append(f"(?i:{rest})(?![^{_GAP}])")
    return {
        "heads": heads,
        "heads_re": re.compile(r"(?<![\wÀ-ỹ])(?:" + "|".join(re.escape(h) for h in heads) + r")(?![\wÀ-ỹ])"),
        "heads_ci": re.compile(
            r"(?<![\wÀ-ỹ])(?:" + "|".join(re.escape(h) for h in heads) + r")(?![\wÀ-ỹ])", re.IGNORECASE
        ),
        "head_first": {h[0] for h in heads},  # a title head can only start with one of these
        # The first characters of every head (as many as the shortest head
        # has, at most three), ignoring case as ``heads_ci`` does: the engine
        # compares a text with a head character by character, so a text
        # whose first characters match none of these holds no head
        # (``_may_head_ci``).
        "head_prefix_len": min(3, min(map(len, heads))),
        "head_prefix_ci": re.compile(
            "|".join(sorted({re.escape(h[:min(3, min(map(len, heads)))]) for h in heads})), re.IGNORECASE),
        # Where a token that may open a mention (``_opens``) may begin (more
        # places than it does): one of those words, its first letter not glued
        # to a word character before it.  Each alternative opens with its
        # literal first letter so that the engine skips straight to those
        # letters.
        "open_scan": re.compile("|".join(
            rf"{re.escape(first)}(?<![^{_GAP}]{re.escape(first)})(?:{'|'.join(rests)})"
            for first, rests in by_first.items())),
        "expand": data["expand"],
        "inner": {w.lower() for w in data["inner_lowercase"]},
        "surnames": set(data["surnames"]),
    }


# Lower-case words that end a title: the sentence's verb has begun.
_VERBISH = {w for w in (
    "đã đang sẽ vừa đến tới về thăm làm kiểm khảo đề yêu cho phát nhấn chủ dự tham cùng với tại ở trong khi là "
    "có được của này đó nêu chỉ tặng trao dẫn lưu gợi mong khẳng đánh chia hỏi bày ghi tiếp trả đi lên ra "
    "vào do ông bà đặt gặp nghe xem thị biết cảm mời chúc động hoan ân quan bàn trò giao ký chứng nhận gửi trình báo giới đồng "
    "cũng luôn thì mà nhưng như để bị vẫn còn rất"
).split()}


@lru_cache(maxsize=16384)
def _may_head_ci(prefix: str) -> bool:
    """Whether a title head (``heads_ci``) may begin with ``prefix``, the
    first ``head_prefix_len`` characters at a position (a cheap test before
    the costly pattern, cached by those few characters)."""
    return bool(_lexicon()["head_prefix_ci"].fullmatch(prefix))


@lru_cache(maxsize=65536)
def _f(word: str) -> str:
    """Cached lower case of one token (diacritics kept: "dẫn" is not "dân")."""
    return word.lower()


@dataclass
class Mention:
    """One person written with a name, maybe a title, at a position."""

    name: str
    title: str | None
    start: int  # of the whole mention
    end: int
    name_start: int
    name_end: int


_APOS_NAME = re.compile(r"^[A-ZĐ][’'‘]")
_APOS_LAST = re.compile(r"^[A-ZĐ][’'‘]\S+")


@lru_cache(maxsize=65536)
def _is_name_token(tok: str) -> bool:
    """A capitalised word of a personal name ("Hồng", "K’Thanh", the "A" of "Hầu A Lềnh")."""
    if not tok or not tok[0].isupper():
        return False
    return not tok.isupper() or len(tok) == 1 or bool(_APOS_NAME.match(tok))


@lru_cache(maxsize=16384)
def _split_name(run: tuple[str, ...]) -> int | None:
    """Index in a run of capitalised words where a personal name starts
    (cached: a run is a few words of a title and a name)."""
    lex = _lexicon()
    n = len(run)
    skip = 0  # "Bí thư Tỉnh ủy Cao Bằng Lại Xuân Môn": the province is not the name
    for k in (3, 2, 1):
        if n - k >= 2 and _place_name(" ".join(run[:k])):
            skip = k
            break
    for tier, longest in (({"Y"}, 5), (_TIER1, 4), (lex["surnames"], 4)):  # "Y Thanh Hà Niê Kđăm"
        for i, word in enumerate(run):
            if i < skip:
                continue
            rest = n - i
            if word in tier and 2 <= rest <= longest and all(_is_name_token(t) for t in run[i:]):
                return i
    if n >= 1 and _APOS_LAST.match(run[-1]):
        return n - 1  # "K’Thanh"
    return None


class _Tokens:
    """The tokens of a text, or of a range of it, as parallel lists: where
    each starts and ends, its text, whether a line break comes right before
    it (``nl``), and the indices of the tokens that may open a mention
    (``cands``)."""

    __slots__ = ("starts", "ends", "words", "nl", "cands")

    def __init__(self, starts: list[int], ends: list[int], words: list[str], nl: list[bool],
                 cands: list[int]) -> None:
        self.starts = starts
        self.ends = ends
        self.words = words
        self.nl = nl
        self.cands = cands


def _opens(text: str, start: int, word: str) -> bool:
    """Whether the token ``word`` at ``start`` may open a mention: it is
    "đồng" (of "đồng chí"), "ông" or "bà", or a title head begins there."""
    lex = _lexicon()
    return word.lower() in _PERSON_WORDS or word[0] in lex["head_first"] and bool(lex["heads_re"].match(text, start))


def _openers(text: str, starts: list[int], words: list[str]) -> list[int]:
    """Indices of the tokens that may open a mention (``_opens``)."""
    first = _lexicon()["head_first"] | _PERSON_FIRST  # a cheap test that rules out most words
    return [k for k, w in enumerate(words) if w[0] in first and _opens(text, starts[k], w)]


def _openers_scan(text: str, starts: list[int], words: list[str]) -> list[int]:
    """``_openers`` of all the tokens of ``text``, found without visiting
    every token: the places where an opener may begin are looked for in the
    text, and each token starting inside a place found is checked as
    ``_openers`` checks it (a match covers the token starts inside it:
    "Phó Chủ tịch" holds "Chủ tịch"; every opener is found or covered)."""
    lex = _lexicon()
    head_first, heads_re = lex["head_first"], lex["heads_re"]
    out: list[int] = []
    done = 0  # the matches come in order and do not overlap: tokens before this are checked
    for m in lex["open_scan"].finditer(text):
        k = bisect_left(starts, m.start(), lo=done)
        done = bisect_left(starts, m.end(), lo=k)
        for k in range(k, done):
            w = words[k]
            if w.lower() in _PERSON_WORDS or w[0] in head_first and heads_re.match(text, starts[k]):
                out.append(k)
    return out


def _split(text: str, offset: int = 0) -> tuple[list[int], list[int], list[str]]:
    """Where the tokens of ``text`` start and end (plus ``offset``), and the
    tokens: split around them, the pieces are gap, token, gap, ..., gap, so
    running sums of their lengths are the offsets (no match objects made)."""
    parts = _TOKEN_SPLIT.split(text)
    at = list(accumulate(map(len, parts), initial=offset))  # at[p] is where piece p starts
    return at[1:-1:2], at[2:-1:2], parts[1::2]


def _tokenise(text: str, start: int, end: int) -> _Tokens:
    """Tokenise ``text[start:end]`` exactly as ``_TOKEN.finditer(text, start, end)``
    does (the pattern looks at nothing around a token; out-of-range bounds
    are clamped as ``finditer`` clamps them)."""
    start = min(max(start, 0), len(text))
    end = min(max(end, 0), len(text))
    starts, ends, words = _split(text[start:end] if end > start else "", start)
    nl = [False] + ["\n" in text[a:b] for a, b in zip(ends, starts[1:])]
    return _Tokens(starts, ends, words, nl, _openers(text, starts, words))


def _tokenise_whole(text: str) -> _Tokens:
    """All tokens of ``text``, the same as ``_tokenise(text, 0, len(text))``
    (the line-break flags from the text's line breaks, which never fall
    inside a token)."""
    starts, ends, words = _split(text)
    nl = [False] * len(starts)
    at = text.find("\n")
    while at != -1:
        k = bisect_left(starts, at)  # the first token after the break
        if 0 < k < len(starts):
            nl[k] = True
        at = text.find("\n", at + 1)
    return _Tokens(starts, ends, words, nl, _openers_scan(text, starts, words))


# The pipeline looks for mentions in the whole text and then again in many
# ranges of it (sentences, the lead); the last two texts tokenised whole are
# kept (by identity) so that a range takes its tokens from them.  Only the
# latest texts are kept, so nothing outlives the article being read.
_RECENT: list[tuple[str, _Tokens]] = []


def _whole(text: str) -> _Tokens:
    for seen, toks in _RECENT:
        if seen is text:
            return toks
    toks = _tokenise_whole(text)
    _RECENT.insert(0, (text, toks))
    del _RECENT[2:]
    return toks


def _tokens(text: str, start: int, end: int) -> _Tokens:
    """The tokens of ``text[start:end]``, exactly as tokenising that range
    gives them.  Tokens of the whole text that lie inside the range are the
    range's own; a token cut by either edge is tokenised again from the
    edge (from the start edge, tokenising re-joins the whole text's tokens at
    the end of the cut token)."""
    if not 0 <= start <= end <= len(text):
        return _tokenise(text, start, end)
    whole = _whole(text)
    if start == 0 and end == len(text):
        return whole
    starts, ends = whole.starts, whole.ends
    i = bisect_left(starts, start)  # the first token starting in the range
    head: _Tokens | None = None
    if i and ends[i - 1] > start:  # a token cut by the start edge
        if ends[i - 1] >= end:
            return _tokenise(text, start, end)
        head = _tokenise(text, start, ends[i - 1])
    j = bisect_right(ends, end, lo=i)  # past the last token ending in the range
    tail = _tokenise(text, starts[j], end) if j < len(starts) and starts[j] < end else None
    lo = bisect_left(whole.cands, i)
    hi = bisect_left(whole.cands, j, lo=lo)
    if head is None and tail is None:  # the usual case: a range between tokens
        nl = whole.nl[i:j]
        if nl:
            nl[0] = False
        return _Tokens(starts[i:j], ends[i:j], whole.words[i:j], nl, [k - i for k in whole.cands[lo:hi]])
    out_s: list[int] = []
    out_e: list[int] = []
    out_w: list[str] = []
    out_c: list[int] = []
    for part in (head, whole, tail):
        shift = len(out_s)
        if part is whole:  # the whole text's tokens inside the range
            out_c += [k - i + shift for k in whole.cands[lo:hi]]
            out_s += starts[i:j]
            out_e += ends[i:j]
            out_w += whole.words[i:j]
        elif part is not None:  # a token cut by an edge, tokenised again
            out_c += [k + shift for k in part.cands]
            out_s += part.starts
            out_e += part.ends
            out_w += part.words
    nl = [False] + ["\n" in text[a:b] for a, b in zip(out_e, out_s[1:])]
    return _Tokens(out_s, out_e, out_w, nl, out_c)


def _cap_run(words: list[str], i: int) -> int:
    """Index past the run of capitalised word tokens starting at ``i``."""
    j = i
    n = len(words)
    while j < n and _is_name_token(words[j]):
        j += 1
    return j


_PUNCT = {",", ";", ":", ".", "(", ")", "“", "”", '"', "!", "?"}


def _title_from(text: str, toks: _Tokens, i: int) -> tuple[int, int, int | None]:
    """From a head at token ``i``: (index past the title, index of the name
    start or -1, index past the name).  The title runs over capitalised
    words, abbreviations and known inner lower-case words."""
    lex = _lexicon()
    heads_ci, heads_re, inner = lex["heads_ci"], lex["heads_re"], lex["inner"]
    plen = lex["head_prefix_len"]
    starts, words, nl = toks.starts, toks.words, toks.nl
    n = len(words)
    j = i
    floor = i + 1  # never trim into the head itself
    while j < n:
        if j > i and nl[j]:
            break  # a title stays on one line
        tok = words[j]
        # a further head counts when capitalised (the cheap test first)
        if ((j == i or tok[0].isupper()) and _may_head_ci(text[starts[j]:starts[j] + plen])
                and (head := heads_ci.match(text, starts[j]))):
            head_end = head.end()
            while j < n and starts[j] < head_end:
                j += 1
            floor = j
            continue
        if tok in _PUNCT:
            break
        if tok in {"-", "–"}:
            # "Bộ GD-ĐT" is written without spaces; a spaced dash joins two
            # titles ("Ủy viên Bộ Chính trị - Bí thư Thành ủy") or leads to
            # the name ("... - ông Đinh La Thăng").
            if j + 1 < n and heads_re.match(text, starts[j + 1]):
                j += 1
                continue
            break
        first = _f(tok)
        if first == "và" and j + 1 < n and heads_re.match(text, starts[j + 1]):
            # "Phó Thủ tướng A và Bộ trưởng Bộ Y tế B": two people, when a
            # name already closes the first title
            k = j
            while k > floor and _is_name_token(words[k - 1]):
                k -= 1
            if k < j and _split_name(tuple(words[k:j])) is not None:
                break
        if tok[0].isupper() or tok[0].isdigit() or "&" in tok:
            j += 1
            continue
        if first in inner:
            j += 1
            continue
        if first in _VERBISH or j - i >= 14:
            break
        j += 1  # a lower-case word inside a body's name ("Bộ Nông nghiệp và Phát triển nông thôn")
    # trailing lower-case words belong to the sentence, not the title
    while j > floor and not words[j - 1][0].isupper() and not words[j - 1][0].isdigit():
        last = _f(words[j - 1])
        if last in inner or _f(words[j - 2]) + " " + last in inner:
            break
        j -= 1
    # the name is the tail of the last capitalised run of the title
    k = j
    while k > i and _is_name_token(words[k - 1]):
        k -= 1
    split = _split_name(tuple(words[k:j]))
    if split is None:
        return j, -1, None
    return k + split, k + split, j


_PERSON_WORDS = {"đồng", "ông", "bà"}  # lower case; they open "đồng chí|ông|bà NAME"
_PERSON_FIRST = {"đ", "Đ", "ô", "Ô", "b", "B"}  # the first letters those words can be written with


def mentions(text: str, start: int = 0, end: int | None = None) -> list[Mention]:
    """Every person written with a title in ``text[start:end]``, in order."""
    end = len(text) if end is None else end
    lex = _lexicon()
    heads_re, heads_ci = lex["heads_re"], lex["heads_ci"]
    toks = _tokens(text, start, end)
    starts, ends, words = toks.starts, toks.ends, toks.words
    n = len(words)
    out: list[Mention] = []
    used_until = -1
    # only "đồng chí", "ông", "bà" or a title head can start a mention
    # (``toks.cands`` holds just those tokens)
    for k in toks.cands:
        tok_start = starts[k]
        if tok_start < used_until:
            continue
        word = words[k]
        low = word.lower()
        # name first: "đồng chí|ông|bà NAME, TITLE" or "NAME - TITLE"
        if low in _PERSON_WORDS:
            nxt = k + 2 if low == "đồng" and k + 1 < n and words[k + 1].lower() == "chí" else k + 1
            if low == "đồng" and nxt == k + 1:
                continue
            if k and _is_name_token(words[k - 1]) and not toks.nl[k]:
                continue  # "Cửa Ông", "Bà" of a place name
            if nxt < n and heads_re.match(text, starts[nxt]):
                continue  # "đồng chí Bí thư Tỉnh ủy X": the title comes first
            stop = _cap_run(words, nxt)
            # a name stays on one line ("... Cửa Ông\n\nChiều 18/9")
            while stop > nxt and "\n" in text[ends[k]:starts[stop - 1]]:
                stop -= 1
            if stop == nxt or stop - nxt > (5 if words[nxt] == "Y" else 4):
                continue  # "Y Thanh Hà Niê Kđăm" has five words
            name = text[starts[nxt]:ends[stop - 1]]
            title = None
            mend = ends[stop - 1]
            if stop + 1 < n and words[stop] in {",", "-", "–"}:
                head = heads_ci.match(text, starts[stop + 1])
                if head:
                    t_end, _, _ = _title_from(text, toks, stop + 1)
                    # further components: ", Bí thư Tỉnh ủy, Trưởng đoàn ..."
                    while (t_end + 1 < n and words[t_end] == ","
                           and heads_ci.match(text, starts[t_end + 1])):
                        t_end, _, _ = _title_from(text, toks, t_end + 1)
                    title = text[starts[stop + 1]:ends[t_end - 1]]
                    mend = ends[t_end - 1]
            out.append(Mention(name, _clean_title(title), tok_start, mend, starts[nxt], ends[stop - 1]))
            used_until = mend
            continue
        # a title head (see ``_opens``)
        t_end, n_start, n_end = _title_from(text, toks, k)
        # "Ủy viên Bộ Chính trị, Bí thư Thành ủy ... NAME": several titles
        while (n_start is not None and n_start < 0 and t_end + 1 < n
               and words[t_end] == "," and heads_re.match(text, starts[t_end + 1])
               and (_ORG.search(text[tok_start:starts[t_end]])
                    or (heads_re.fullmatch(text, tok_start, starts[t_end])
                        and not (k and words[k - 1][:1].isupper())))):
            t_end, n_start, n_end = _title_from(text, toks, t_end + 1)
        if n_start is not None and n_start >= 0 and n_start > k:
            name = text[starts[n_start]:ends[n_end - 1]]
            title = text[tok_start:ends[n_start - 1]]
            if not _place_name(name):
                mend = ends[n_end - 1]
                # "Thượng tướng Lương Tam Quang, Thứ trưởng Bộ Công an": more titles after the name
                t_more = n_end
                while (t_more + 1 < n and words[t_more] == ","
                       and heads_re.match(text, starts[t_more + 1])):
                    stop_more, other, _ = _title_from(text, toks, t_more + 1)
                    if stop_more <= t_more + 1 or (other is not None and other >= 0):
                        break  # no title, or another person's
                    title += ", " + text[starts[t_more + 1]:ends[stop_more - 1]]
                    mend = ends[stop_more - 1]
                    t_more = stop_more
                out.append(Mention(name, _clean_title(title), tok_start, mend, starts[n_start], ends[n_end - 1]))
                used_until = mend
                continue
        # "TITLE - ông NAME"
        j = n_end if n_start is not None and n_start >= 0 and n_end is not None else t_end
        if j + 2 < n and words[j] in {"-", "–"} and words[j + 1].lower() in {"ông", "bà"}:
            stop = _cap_run(words, j + 2)
            if 1 <= stop - (j + 2) <= 4:
                name = text[starts[j + 2]:ends[stop - 1]]
                title = text[tok_start:ends[j - 1]]
                out.append(Mention(name, _clean_title(title), tok_start, ends[stop - 1],
                                   starts[j + 2], ends[stop - 1]))
                used_until = ends[stop - 1]
    return out


def _place_name(name: str) -> bool:
    """Whether a would-be personal name is a province ("Hà Nội")."""
    from visitctl import gazetteer

    return gazetteer.is_province(name)


def _clean_title(title: str | None) -> str | None:
    if not title:
        return None
    title = " ".join(title.split()).strip(" ,-–")
    lex = _lexicon()
    for short, full in lex["expand"].items():
        if title == short or title.startswith(short + " "):
            title = full + title[len(short):]
    return title or None


# The patterns used inline below, compiled once.
_DO_END = re.compile(r"\bdo\s*$")  # "đoàn công tác do ..."
# "Ông Hoạt": \b(?:Ông|ông|Bà|bà)\s+([A-ZĐÀ-Ỹ][\wÀ-ỹ]*)(?=\s), written with each
# word's first letter as a literal and the word boundary looked for behind it
# (the letter is a word character, so \b before it means no word character
# before it): the regex engine then skips straight to those letters.
_SHORT_REF = re.compile(r"(?:Ô(?<!\w.)ng|ô(?<!\w.)ng|B(?<!\w.)à|b(?<!\w.)à)\s+([A-ZĐÀ-Ỹ][\wÀ-ỹ]*)(?=\s)")
# [.!?](?=\s|$)|\n, opening with one character class (the same matches), so
# that the engine skips from candidate to candidate
_SENTENCE_END = re.compile(r"[.!?\n](?:(?<=\n)|(?=\s|$))")


def _key(name: str) -> str:
    return fold(name).replace(" ", "")


def leading_officials(text: str, title_line: Evidence | None, body_start: int, body_end: int,
                      title_text: str | None = None) -> list[Official]:
    """The visiting officials: people named in the title line or leading the
    first paragraph, plus others the article shows visiting or instructing
    on their own; each with the fullest title the article gives them."""
    found = mentions(text, 0, body_end)
    in_title = mentions(title_text) if title_text else []
    found = in_title + found
    if not found:
        return []
    titles: dict[str, str] = {}
    names: dict[str, str] = {}
    for m in found:
        k = _key(m.name)
        names.setdefault(k, m.name)
        # the title as first given, or a later fuller form of it ("Bí thư
        # Thành ủy" -> "Ủy viên Bộ Chính trị, Bí thư Thành ủy TP.HCM")
        if m.title and (k not in titles or fold(titles[k]) in fold(m.title)):
            titles[k] = m.title
    leads: list[str] = []

    def add(k: str) -> None:
        if k not in leads:
            leads.append(k)

    # 1. named in the title line
    for m in in_title:
        add(_key(m.name))
    if title_line is not None:
        for m in found:
            if title_line.start <= m.start < title_line.end:
                add(_key(m.name))
    # 2. the first person of the lead paragraph(s) who is not a host
    lead_end = _lead_end(text, body_start)
    for m in found:
        if body_start <= m.start < lead_end and not _is_host(text, m) and (m.title or len(m.name.split()) > 1):
            add(_key(m.name))
            break
    # 3. others shown visiting ("ông X - Thứ trưởng ... kiểm tra", "do đồng chí X dẫn đầu")
    short_names: dict[str, str] = {}
    for m in found[len(in_title):]:
        k = _key(m.name)
        short_names.setdefault(fold(m.name.split()[-1]), k)
        if m.start < body_start or _is_host(text, m):
            continue
        after = text[m.end:m.end + 60]
        before = text[max(0, m.start - 12):m.start]
        if _ACTS.match(after) or _DO_END.search(before) and "dẫn đầu" in text[m.end:m.end + 30]:
            if (m.title or k in titles) and not _local(titles.get(k), leads, titles):
                add(k)
        elif _DIRECTS.match(after) and (m.title or k in titles) and leads and not _local(titles.get(k), leads, titles):
            add(k)
    # 4. "Ông Hoạt đề nghị ..." refers back to a titled person
    for sm in _SHORT_REF.finditer(text[body_start:body_end]):
        given = fold(sm.group(1))
        k = short_names.get(given)
        if k and k not in leads and k in titles and not _local(titles.get(k), leads, titles):
            after = text[body_start + sm.end():body_start + sm.end() + 40]
            if _DIRECTS.match(after):
                add(k)
    first_seen: dict[str, Mention] = {}
    for m in found[len(in_title):]:
        first_seen.setdefault(_key(m.name), m)
    return [Official(names[k], titles.get(k), _evidence(text, first_seen[k]) if k in first_seen else None)
            for k in leads]


def _evidence(text: str, m: Mention) -> Evidence:
    """The sentence around a mention (looked for within a bounded window)."""
    lo = max(0, m.start - 400)
    start = max(text.rfind(". ", lo, m.start) + 2 if text.rfind(". ", lo, m.start) != -1 else lo,
                text.rfind("\n", lo, m.start) + 1)
    stop = _SENTENCE_END.search(text, m.end, min(len(text), m.end + 600))
    end = stop.end() if stop else min(len(text), m.end + 600)
    chunk = text[start:end]
    strip = len(chunk) - len(chunk.lstrip())
    sentence = chunk.strip()
    return Evidence(sentence, start + strip, start + strip + len(sentence))


_LOCAL = re.compile(r"(?<![\wÀ-ỹ])(?:huyện|quận|xã|phường|thị xã|thị trấn|Huyện ủy|Quận ủy|Thị ủy|Đảng ủy)(?![\wÀ-ỹ])",
                    re.IGNORECASE)


def _local(title: str | None, leads: list[str], titles: dict[str, str]) -> bool:
    """Whether a title is a local host's (district or commune level) while the
    leading visitor's is not: hosts who speak are not visitors."""
    if not title or not _LOCAL.search(title):
        return False
    return not any(_LOCAL.search(titles.get(k) or "") for k in leads)


_LEAD_STOP = re.compile(r"[.!?\n](?:(?<=\n)|(?=\s))")  # [.!?](?=\s)|\n, opening with one class (as _SENTENCE_END)


def _lead_end(text: str, body_start: int) -> int:
    """End of the lead: the sapo and the opening of the body, i.e. the first
    two paragraphs but no more than four sentences."""
    sentences = paragraphs = 0
    last = body_start
    open_para = False  # the current paragraph has text (its sentences may end with ".")
    for m in _LEAD_STOP.finditer(text, body_start, min(len(text), body_start + 4000)):
        if text[last:m.end()].strip():
            sentences += 1
            open_para = True
        if m.group(0) == "\n" and open_para:
            paragraphs += 1
            open_para = False
        last = m.end()
        if sentences >= 4 or paragraphs >= 2:
            return m.end()
    return max(last, min(len(text), body_start + 4000))


def _is_host(text: str, m: Mention) -> bool:
    """Whether the person is reporting, hosting or accompanying."""
    lo = max(0, m.start - 200)
    seg_start = max(text.rfind(".", lo, m.start), text.rfind("\n", lo, m.start), text.rfind(";", lo, m.start), lo - 1) + 1
    before = text[seg_start:m.start]
    if "dẫn đầu" in text[m.end:m.end + 40] and _DO_END.search(before):
        return False  # "đoàn công tác do Thứ trưởng X dẫn đầu": the visitor
    if _HOST_BEFORE.search(before):
        return True
    return bool(_HOST_AFTER.match(text[m.end:m.end + 60]))
