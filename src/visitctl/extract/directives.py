"""Finding the directives an official gave during a visit.

A directive is what the visiting official asked the locality to do: the
clause after "đề nghị", "yêu cầu", "lưu ý" ..., a sentence with "cần" or
"phải" that continues the official's conclusions, or a bare imperative
sentence ("Tập trung đầu tư ...") in the middle of them.  Reports of what
the locality achieved, its own proposals, praise and photo captions are not
directives.

``Directive.text`` starts at the official's verb and keeps the addressee
("đề nghị cấp ủy, chính quyền xã Tống Sơn tập trung ..."): the speaker is
dropped, but what is asked and of whom stays (the gold spans of unseen
articles often include "yêu cầu ..." and the named unit).  ``addressee()``
gives the unit addressed, for filing the directive under a visit.

The finder walks the sentences once and keeps a small discourse state: a
"chain" is open after a marker of the official's speech ("phát biểu kết
luận", "Về nhiệm vụ trong thời gian tới", "Thủ tướng nhấn mạnh ...") or after a
directive, and it is closed by a sentence that is neither a directive nor a
caption, or by the start of another activity ("Tại xã ...", "Trước đó, ...",
a gift visit).  Inside a chain, sentences with "cần/phải/nên" and bare
imperatives count as directives; outside one, only sentences whose speaker is
visibly an official do.

Everything works on word tokens (lower-cased, diacritics kept, with offsets):
each sentence is looked at a bounded number of times, so the cost is linear
in the text, and no regular expression here can backtrack.
"""

from __future__ import annotations

import contextvars
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from itertools import accumulate, compress, count
from typing import NamedTuple

from visitctl.extract.normalize import fold
from visitctl.extract.segment import sentences
from visitctl.extract.topics import topics_of, topics_of_folded
from visitctl.model import Directive, Evidence

__all__ = ["find_directives", "addressee"]

_WORD = re.compile(r"[^\W_]+")
# A closing quote followed by a capitalised word starts a new sentence
# ("... bài thi” Năm nay, ...").
_QUOTE_BREAK = re.compile(r"” (?=\w)")

# Abbreviations the generic splitter may end a sentence on ("TP. Hải Phòng").
_ABBREVIATIONS = (" TP.", " Tp.", " TX.", " TT.", " Q.", " P.", " ThS.", " TS.", " PGS.", " GS.", " ông.",
                  "(TP.", "\nTP.")
MAX_WORDS = 75  # longer directives are cut down to their head ...
HEAD_WORDS = 58  # ... of at most this many words
PATIENCE = 1
LEAD_CHARS = 3000  # the title and sapo are looked for in the first characters only
MERGE_WORDS = 58  # an elaboration is merged into the previous directive up to this size


class _Toks(NamedTuple):
    """The words of a run of text as parallel lists, one per field (built in C
    by ``_tokens`` and sliced per sentence; read as ``f, w, st, en, p = toks``)."""

    f: list[str]  # the words in lower case (diacritics kept)
    w: list[str]  # the words as written
    s: list[int]  # absolute offsets in the text: where each word starts ...
    e: list[int]  # ... and ends
    p: list[bool]  # punctuation separates the word from the next one (see ``_SEP_CHARS``)

    def cut(self, a: int, b: int | None = None) -> _Toks:
        """Tokens ``a`` .. ``b - 1`` as a run of their own."""
        return tuple.__new__(_Toks, (self.f[a:b], self.w[a:b], self.s[a:b], self.e[a:b], self.p[a:b]))


def _key(word: str) -> str:
    """Token key: the word in lower case, diacritics kept ("cần" is not "cán")."""
    return word.lower()


def _phrases(*items: str) -> list[tuple[str, ...]]:
    return sorted({tuple(_key(w) for w in _WORD.findall(i)) for i in items}, key=len, reverse=True)


# Verbs that introduce what the official asks for.
_LEADS = _phrases(
    "đề nghị", "yêu cầu", "lưu ý", "chỉ đạo", "giao", "nhắc nhở", "mong muốn",
    "gợi ý", "kêu gọi", "chỉ thị", "dặn dò", "bày tỏ mong muốn", "đề nghị các", "căn dặn",
    "mong rằng", "khuyến nghị", "quán triệt", "chỉ đạo các", "nêu yêu cầu",
)
# Reporting verbs: a directive only when what follows holds a modal.
_SPEECH = _phrases(
    "nhấn mạnh", "cho rằng", "nêu rõ", "khẳng định", "nói", "phát biểu", "lưu ý rằng",
    "chia sẻ", "đặt vấn đề",
)
# Words skipped between the speaker and the verb.
_ADVERBS = {"cũng", "đã", "còn", "lại", "vẫn", "thì", "trực", "tiếp", "tục", "đồng", "thời",
            "và", "bày", "tỏ", "luôn", "thêm", "đều", "mới", "rồi"}
# Title words that make a phrase an official ("Phó Bí thư Tỉnh ủy Nguyễn X").
_TITLES = _phrases(
    "thủ tướng", "bí thư", "chủ tịch", "bộ trưởng", "thứ trưởng", "tổng bí thư",
    "trưởng đoàn", "trưởng ban", "giám đốc", "đồng chí", "ủy viên", "chủ nhiệm",
    "phó thủ tướng", "chủ tịch nước", "tổng giám đốc", "người đứng đầu", "trưởng đoàn công tác",
    "đoàn công tác", "đoàn kiểm tra", "lãnh đạo tỉnh", "lãnh đạo thành phố", "thường trực",
    "chánh văn phòng", "cục trưởng", "tổng cục trưởng", "viện trưởng", "tư lệnh", "chính ủy",
    "đại tướng", "thượng tướng", "trung tướng", "thiếu tướng", "đại sứ", "trưởng ban chỉ đạo",
    "trưởng đoàn giám sát", "phó trưởng đoàn", "chủ tịch quốc hội", "phó chủ tịch",
)
_PERSON = {"ông", "bà"}  # "ông X", "bà Y" (checked on the written word)
# Vocabulary allowed inside an official's name-and-title phrase.
_TITLE_VOCAB = {"thư", "ủy", "trực", "tướng", "tịch", "trưởng", "đốc", "chí", "viên", "nhiệm",
                "tỉnh", "thành", "phó", "tổng", "trung", "ương", "đảng", "bộ", "chính", "trị",
                "phủ", "ông", "bà", "đoàn", "nước", "ban", "hđnd", "ubnd", "nhân", "dân", "lãnh",
                "đạo", "công", "tác", "kiểm", "tra", "thường", "vụ", "quốc", "hội", "phố", "mặt",
                "trận", "tổ"} | {
    # lower-case words of a ministry's or department's name ("Giám đốc Sở Y tế")
    "sở", "y", "tế", "giáo", "dục", "đào", "tạo", "nông", "nghiệp", "phát", "triển", "thôn", "tài", "nguyên",
    "môi", "trường", "giao", "vận", "tải", "xây", "dựng", "thương", "nội", "văn", "hóa", "hoá", "thể",
    "thao", "du", "lịch", "lao", "động", "binh", "xã", "khoa", "học", "nghệ", "kế", "hoạch", "đầu", "tư",
    "an", "phòng", "ngoại", "pháp", "thông", "tin", "truyền", "và"}
# Words before an official's name that make it a complement, not the subject
# ("nhiệm vụ do Thủ tướng giao", "ý kiến của Bộ trưởng").
_NOT_SUBJECT = {"do", "được", "bị", "của", "với", "cho", "theo", "vụ", "việc", "như", "cùng"}
_NOT_SUBJECT_AT_COMMA = {"do", "được", "bị"}
# Words before "yêu cầu" / "đề nghị" that make it a noun ("đáp ứng yêu cầu").
_BEFORE_NOUN = {"ứng", "theo", "đích", "các", "những", "về", "có", "là", "nhiều"}

_NOT_MODAL_AFTER = {  # "cần cù", "phải chăng" ...
    "cần": {"cù", "thiết", "câu", "thơ", "giờ", "kiệm", "mẫn", "lao"},
    "phải": {"chăng", "không", "là", "chi"},
    "nên": {"không", "đã", "tảng"},
}
_NOT_MODAL_BEFORE = {
    # "khó khăn cần tháo gỡ", "vấn đề cần giải quyết": a relative clause, not an order
    "cần": {"khi", "nếu", "người", "ân", "khăn", "chế", "đề", "dung", "việc", "tại", "mắc", "chỗ"},
    "phải": {"không", "chưa", "đâu", "chẳng", "bên", "tay", "phía", "lẽ", "trái", "hài", "sẽ", "buộc", "gặp"},
    "nên": {"cho", "trở", "nào", "càng"},
}

# Bare imperatives: a sentence that starts with one of these verbs.
_IMPERATIVES = _phrases(
    "tập trung", "tiếp tục", "xây dựng", "chú trọng", "triển khai", "lãnh đạo", "chỉ đạo",
    "rà soát", "quan tâm", "đẩy mạnh", "tăng cường", "nâng cao", "cố gắng", "phát huy",
    "thực hiện", "đổi mới", "khắc phục", "bảo đảm", "đảm bảo", "hoàn thành", "hoàn thiện",
    "chăm lo", "kiên quyết", "khẩn trương", "phấn đấu", "ưu tiên", "huy động", "thu hút",
    "nghiên cứu", "xử lý", "tổ chức", "phát triển", "chuẩn bị", "duy trì", "giữ vững",
    "củng cố", "tuyên truyền", "vận động", "phối hợp", "chủ động", "sớm", "không để", "tránh",
    "đẩy nhanh", "quyết liệt", "làm tốt", "nắm chắc", "kiểm tra", "giám sát", "đôn đốc",
    "tháo gỡ", "cải thiện", "thường xuyên", "coi trọng", "quán triệt", "định hướng",
    "động viên", "hướng dẫn", "chấn chỉnh", "siết chặt", "lựa chọn", "bố trí", "tạo điều kiện",
    "xác định", "nắm bắt", "mở rộng", "gắn", "kết hợp", "tích cực", "chỉnh trang", "bồi dưỡng",
    "đào tạo", "rà lại", "khai thác", "bảo vệ", "giữ gìn", "ngăn chặn", "phòng ngừa",
    "đặc biệt chú ý", "chú ý", "cụ thể hóa", "phát động", "nhân rộng", "tổng kết", "đánh giá lại",
    "khuyến khích", "hỗ trợ", "giải quyết", "tuyệt đối", "nghiêm túc", "thống nhất", "tìm",
    "tìm mọi cách", "đầu tư", "dành", "đưa", "thay đổi", "nâng cấp", "sửa chữa", "di dời", "khôi phục",
    "thúc đẩy", "kiểm soát", "quản lý", "hoàn tất", "xử lý nghiêm", "nghiêm cấm", "tham mưu", "bảo tồn",
    "ứng dụng", "sắp xếp", "kiện toàn", "bổ sung", "điều chỉnh", "cập nhật", "công khai", "giải ngân",
    "quyết tâm", "làm rõ", "phân công", "lồng ghép", "đa dạng hóa", "chuyển đổi", "tổ chức thực hiện",
    "chăm sóc", "phòng chống", "phòng, chống", "ngăn ngừa", "rút kinh nghiệm", "tiếp thu", "lắng nghe",
)
# Sentence-initial connectives stripped before testing a sentence.
_CONNECTIVES = _phrases(
    "theo đó", "đồng thời", "cùng với đó", "trong đó", "bên cạnh đó", "ngoài ra", "đặc biệt",
    "đặc biệt là", "do đó", "vì vậy", "vì thế", "từ đó", "trước mắt", "trước hết", "mặt khác",
    "hơn nữa", "cùng với", "mặt khác", "ngoài việc đó", "bên cạnh", "sau đó nữa", "thêm vào đó",
    "trên cơ sở đó", "để làm được điều đó", "để làm được việc này", "cuối cùng", "tiếp theo",
    "một là", "hai là", "ba là", "bốn là", "năm là", "thứ nhất", "thứ hai", "thứ ba", "thứ tư",
    "nhất là", "lâu dài", "về lâu dài", "thời gian tới", "trong thời gian tới",
    "trong thời gian thực hiện cách ly",
)
# Connectives after which a subject-less clause elaborates the previous directive.
_ELABORATION = _phrases("trong đó", "đồng thời", "cùng với đó", "bên cạnh đó", "ngoài ra")
# Subjects that stand for the addressed locality or its cadres.
_ADDRESSEES = _phrases(
    "cấp ủy", "chính quyền", "lãnh đạo", "huyện", "xã", "phường", "tỉnh", "thành phố", "quận",
    "thị xã", "thị trấn", "đảng bộ", "các cấp", "các ngành", "các địa phương", "địa phương",
    "ubnd", "ủy ban", "đội ngũ", "cán bộ", "người cán bộ", "mỗi cán bộ", "ngành", "sở",
    "nhà trường", "các đơn vị", "đơn vị", "mỗi địa phương", "hai phường", "hai xã", "các xã",
    "các phường", "chúng ta", "các đồng chí", "ban chỉ đạo", "ban thường vụ", "thành ủy",
    "tỉnh ủy", "huyện ủy", "quận ủy", "đảng ủy", "mặt trận", "các đoàn thể", "bà con",
    "nhân dân", "người dân", "doanh nghiệp", "chủ đầu tư", "nhà thầu", "giám thị",
)
# Markers of the official's concluding speech.
_MARKERS = _phrases(
    "phát biểu kết luận", "kết luận buổi làm việc", "kết luận tại buổi làm việc",
    "về nhiệm vụ trong thời gian tới", "về nhiệm vụ thời gian tới", "nhiệm vụ trong thời gian tới",
    "về nhiệm vụ trọng tâm", "về phương hướng", "kết luận buổi kiểm tra",
    "kết luận cuộc họp", "kết luận hội nghị", "kết luận chỉ đạo", "kết luận buổi khảo sát",
    "kết luận buổi giám sát", "kết luận buổi làm việc với", "phát biểu chỉ đạo hội nghị",
)
_MARKERS_WITH_COMMA = _phrases("phát biểu chỉ đạo", "phát biểu tại buổi làm việc", "phát biểu tại buổi")
# Words that make a sentence a report rather than an order.
_REPORT_PHRASES = _phrases("đã", "đang", "vừa qua", "được công nhận", "đạt được", "cho biết",
                           "báo cáo", "kiến nghị", "đề xuất", "hoan nghênh", "đánh giá cao",
                           "ghi nhận", "biểu dương", "tặng quà", "dâng hương", "đề nghị", "sẽ",
                           "chưa", "vẫn còn", "còn nhiều")
# Addressees above a locality, and words naming a locality: together they make
# a request of the locality rather than a directive to it.
_UPWARD = _phrases("tỉnh", "trung ương", "chính phủ", "thủ tướng", "cấp trên", "đoàn công tác", "đoàn",
                   "các bộ", "bộ", "các sở", "sở", "ubnd tỉnh", "tỉnh ủy", "thành phố", "cấp tỉnh",
                   "nhà nước", "các cấp có thẩm quyền", "cấp có thẩm quyền", "các bộ ngành")
_CENTRAL = _phrases("chính phủ", "trung ương", "thủ tướng", "thủ tướng chính phủ", "quốc hội", "cấp trên",
                    "cấp có thẩm quyền", "các cấp có thẩm quyền", "các bộ, ngành trung ương")
_LOCAL = _phrases("xã", "phường", "huyện", "quận", "thôn", "bản", "thị trấn", "thị xã", "địa phương",
                  "đại diện", "cơ sở")
# A commune's own leaders and representatives (they are hosts, not visitors).
_COMMUNE = _phrases("xã", "phường", "thị trấn", "thôn", "bản", "đại diện", "địa phương")
# Someone else reporting or asking: a modal after these is not the official's.
_HEARSAY = _phrases("kiến nghị", "đề xuất", "cho biết", "thông tin", "báo cáo", "trao đổi với",
                    "đề nghị thành phố", "đề nghị tỉnh", "đề nghị trung ương", "ý kiến cho rằng",
                    "người dân", "cử tri", "phản ánh")
# Starts of a new activity: the conclusions end here.
_RESET_START = _phrases(
    "tại xã", "tại phường", "tại huyện", "tại quận", "tại thị trấn", "tại thị xã", "tại thành phố",
    "tại các gia đình", "tại gia đình", "tại đây", "trước đó", "sau đó", "tiếp đó", "tiếp theo đó",
    "chiều cùng ngày", "sáng cùng ngày", "trưa cùng ngày", "tối cùng ngày", "cùng ngày",
    "nhân dịp", "dịp này", "cũng trong ngày", "cũng trong chiều", "cũng trong sáng",
    "trong chuyến công tác", "đến thăm", "sau khi", "làm việc với", "báo cáo", "theo báo cáo",
    "sáng", "chiều", "trưa", "tối", "ngày",
)
_RESET_ANY = _phrases(
    "đến thăm", "đã thăm", "thăm và tặng quà", "thăm tặng quà", "tặng quà", "dâng hương",
    "dâng hoa", "trao tặng", "thăm hỏi", "đi kiểm tra", "đã kiểm tra", "khảo sát", "đã đến",
    "nghe báo cáo", "đã nghe",
)
# Caption cues (only used for a sentence that is a whole line by itself).
_CAPTION_STRONG = _phrases(
    "phát biểu", "quang cảnh", "tham dự", "tặng quà", "thăm", "chụp ảnh", "toàn cảnh",
    "trao tặng", "trao quà", "dâng hương", "dâng hoa", "ảnh",
)
_CAPTION = _phrases("đại biểu", "kiểm tra", "làm việc", "trao", "dự", "lãnh đạo", "khảo sát")
_BECAUSE = {"do", "vì", "bởi", "nhờ"}
_TIME_START = {"sáng", "chiều", "trưa", "tối", "ngày"}

_UNIT_WORDS = _phrases("xã", "phường", "huyện", "quận", "thị xã", "thị trấn", "thành phố", "tỉnh",
                       "tp", "đặc khu", "thôn")
_COUNTS = {"hai", "ba", "bốn", "năm", "2", "3", "4", "5", "các", "mỗi", "những"}


# --- tokens -----------------------------------------------------------------

# Splitting on the words keeps them and the gaps between them, alternately:
# the lengths of the pieces summed up give every word's offsets.
_WORD_SPLIT = re.compile(r"([^\W_]+)")
# Punctuation that separates two words.
_SEP_CHARS = frozenset(",;:.!?()“”\"–\n")


def _tokens(text: str, start: int, end: int) -> _Toks:
    """The words of ``text[start:end]`` (as ``_WORD`` finds them there), with
    absolute offsets."""
    parts = _WORD_SPLIT.split(text[start:end])
    # gap, word, gap, ..., word, gap: the running sum starts at ``start`` and
    # alternates between the start and the end of a word
    offsets = list(accumulate(map(len, parts), initial=start))
    words = parts[1::2]
    # whether the gap after each word holds punctuation: the gaps are few
    # different strings (" ", ", ", ". " ...), each looked at once
    gaps = parts[2::2]
    punct = list(map({g: not _SEP_CHARS.isdisjoint(g) for g in set(gaps)}.__getitem__, gaps))
    return tuple.__new__(_Toks, (list(map(str.lower, words)), words, offsets[1:-1:2], offsets[2::2], punct))


def _window(text: str, toks: _Toks, start: int, end: int) -> _Toks:
    """The words of ``text[start:end]``, taken from ``toks``, the words of the
    whole text, like ``_tokens(text, start, end)``."""
    f, w, st, en, p = toks
    i = bisect_right(en, start)  # the first word that ends after the start
    j = bisect_left(st, end, i)  # the first word that starts at or after the end
    if i < j and (st[i] < start or en[j - 1] > end):
        return _tokens(text, start, end)  # a word cut by a bound: the window read on its own
    # (the punctuation after the window's last word is never looked at)
    return tuple.__new__(_Toks, (f[i:j], w[i:j], st[i:j], en[i:j], p[i:j]))


def _match(f: list[str], i: int, phrases: _Phrases) -> int:
    """Length of the longest phrase starting at word ``i`` (0 when none); the
    phrases are those of an index under the word ``f[i]`` (see ``_index``)."""
    second = phrases.second
    if second is not None and (i + 1 == len(f) or f[i + 1] not in second):
        return 0  # no phrase goes on with the next word
    for p in phrases:
        n = len(p)
        # the first word is the index key: only the words after it are compared
        if n == 1:
            return 1
        if i + n <= len(f) and (f[i + 1] == p[1] if n == 2 else tuple(f[i:i + n]) == p):
            return n
    return 0


class _Phrases(list):
    """The phrases starting with one word, longest first, and the words that
    can follow it (``second``: None when the word is a phrase by itself)."""

    second: frozenset[str] | None


def _index(phrases: list[tuple[str, ...]]) -> dict[str, _Phrases]:
    """First word -> the phrases starting with it, longest first."""
    idx: dict[str, _Phrases] = {}
    for p in phrases:
        idx.setdefault(p[0], _Phrases()).append(p)
    for ps in idx.values():
        ps.second = None if any(len(p) < 2 for p in ps) else frozenset(p[1] for p in ps)
    return idx


_LEAD_IDX = _index(_LEADS)
_SPEECH_IDX = _index(_SPEECH)
_TITLE_IDX = _index(_TITLES)
_MARKER_IDX = _index(_MARKERS)
_MARKERC_IDX = _index(_MARKERS_WITH_COMMA)
_REPORT_IDX = _index(_REPORT_PHRASES)
_HEARSAY_IDX = _index(_HEARSAY)
_UPWARD_IDX = _index(_UPWARD)
_LOCAL_IDX = _index(_LOCAL)
_CENTRAL_IDX = _index(_CENTRAL)
_COMMUNE_IDX = _index(_COMMUNE)
_CAPTION_IDX = _index(_CAPTION)
_CAPTION_STRONG_IDX = _index(_CAPTION_STRONG)
_RESET_START_IDX = _index(_RESET_START)
_ELAB_IDX = _index(_ELABORATION)
_RESET_ANY_IDX = _index(_RESET_ANY)
_UNIT_IDX = _index(_UNIT_WORDS)


def _at(f: list[str], i: int, idx: dict[str, _Phrases]) -> int:
    """Length of the longest phrase of ``idx`` starting at word ``i`` (0 when none)."""
    phrases = idx.get(f[i])
    return _match(f, i, phrases) if phrases else 0


def _find_all(f: list[str], idx: dict[str, _Phrases], limit: int | None = None):
    """(position, length) of every phrase of ``idx`` in the words ``f`` (starting
    in the first ``limit`` words)."""
    nxt = 0  # a phrase found resumes the scan after its last word
    # the positions of the words that can start a phrase, picked out in C
    for i in compress(count(), map(idx.__contains__, f if limit is None else f[:limit])):
        if i < nxt:
            continue
        n = _match(f, i, idx[f[i]])
        if n:
            yield i, n
            nxt = i + n


def _phrase_in(f: list[str], idx: dict[str, _Phrases], a: int, b: int) -> bool:
    """Whether a phrase of ``idx`` starts at one of the words ``a`` .. ``b - 1``
    (it may run on past ``b``)."""
    for i in compress(range(a, b), map(idx.__contains__, f[a:b])):
        if _match(f, i, idx[f[i]]):
            return True
    return False


def _first_phrase(f: list[str], idx: dict[str, _Phrases]) -> int:
    """Position of the first phrase of ``idx`` in the words ``f`` (-1 when none)."""
    for i in compress(count(), map(idx.__contains__, f)):
        if _match(f, i, idx[f[i]]):
            return i
    return -1




# --- who speaks ------------------------------------------------------------

def _is_title_at(toks: _Toks, i: int) -> bool:
    f = toks.f
    fi = f[i]
    if fi in _PERSON and i + 1 < len(f) and (toks.w[i + 1][:1].isupper() or toks.w[i][:1].isupper()):
        return True  # "ông Nguyễn X", or "Ông" opening the sentence as a pronoun
    phrases = _TITLE_IDX.get(fi)
    if not phrases:
        return False
    # (most first words of a title, "chính", "người", "đồng", start other words
    # more often: ``_match`` rules them out on the second word)
    return bool(_match(f, i, phrases))




def _official_before(text: str, toks: _Toks, v: int) -> bool:
    """The words right before token ``v`` name an official ("Phó Bí thư X cũng")."""
    f, w, st, en, p = toks
    j = v - 1
    while j >= 0 and f[j] in _ADVERBS and not p[j]:
        j -= 1
    if j < 0 or p[j]:
        return False
    last = f[j]
    if last == "tôi" and (j == 0 or f[j - 1] != "chúng"):
        return True  # "Tôi đề nghị ...": the quoted official speaking ("chúng tôi" is the locality)
    if last in _PERSON:
        return True  # "Tại buổi làm việc, ông yêu cầu ...": the official as a pronoun
    if not (w[j][:1].isupper() or last in _TITLE_VOCAB):
        return False
    k = j
    steps = 0
    while k >= 0 and steps < 14:
        if _is_title_at(toks, k):
            return _subject_run_ok(text, toks, k)
        if k > 0 and p[k - 1]:
            # "Ông X, Bí thư Tỉnh ủy đề nghị": allow one comma inside the title phrase
            if text[en[k - 1]:st[k]].strip() != ",":
                return False
        if not (w[k][:1].isupper() or f[k] in _TITLE_VOCAB):
            return False
        k -= 1
        steps += 1
    return False


def _subject_run_ok(text: str, toks: _Toks, k: int) -> bool:
    """The name-and-title run around token ``k`` is not the complement of a
    preposition ("do Thủ tướng giao", "nhiệm vụ Chính phủ, Thủ tướng giao")."""
    f, w, st, en, _ = toks
    steps = 0
    while k > 0 and steps < 16:
        prev = f[k - 1]
        g = text[en[k - 1]:st[k]].strip()
        if g == ",":
            # "..., Thủ tướng X nhấn mạnh": a clause opens here unless the run before
            # the comma is itself "do Chính phủ", "nhiệm vụ Chính phủ"
            j = k - 1
            while j >= 0 and j > k - 9:
                t = f[j]
                if t in _NOT_SUBJECT_AT_COMMA or (t == "vụ" and j > 0 and f[j - 1] == "nhiệm"):
                    return False
                if not (w[j][:1].isupper() or t in _TITLE_VOCAB) or (j > 0 and text[en[j - 1]:st[j]].strip()):
                    return True
                j -= 1
            return True
        if g:
            return True
        if prev in _NOT_SUBJECT:
            return False
        if not (w[k - 1][:1].isupper() or prev in _TITLE_VOCAB):
            return True
        k -= 1
        steps += 1
    return True


def _first_title(toks: _Toks) -> int:
    """Index of the first official's title in ``toks`` (the number of tokens when none)."""
    f = toks.f
    # only a pronoun or the first word of a title can start one: picked out in C
    for i in compress(count(), map(_TITLE_STARTS.__contains__, f)):
        phrases = _TITLE_IDX.get(f[i])
        if phrases is not None and phrases.second is not None and f[i] not in _PERSON \
                and (i + 1 == len(f) or f[i + 1] not in phrases.second):
            continue  # no title has these first two words (as in ``_match``)
        if _is_title_at(toks, i):
            return i
    return len(f)


_TITLE_STARTS = _PERSON | set(_TITLE_IDX)


def _clause_start(text: str, toks: _Toks, v: int) -> bool:
    """Token ``v`` opens a clause ("..., đồng thời đề nghị"; "... và đề nghị")."""
    f, p = toks.f, toks.p
    j = v - 1
    conj = False
    while j >= 0 and f[j] in _ADVERBS and not p[j]:
        conj = conj or f[j] in ("và", "thời")
        j -= 1
    if j < 0 or conj:
        return True
    return p[j]


def _leading_noise(toks: _Toks, text: str, v: int) -> bool:
    """At most one stray lower-case word before ``v`` at the start of the sentence
    after a connective ("Đồng thời, thời bày tỏ mong muốn ...")."""
    start = _skip_connectives(text, toks, 0)
    if start >= v:
        return True
    if v - start > 6:
        return False
    f, w = toks.f, toks.w
    rest = [i for i in range(start, v) if f[i] not in _ADVERBS]
    return len(rest) <= 1 and all(w[i].islower() and not _at(f, i, _ADDR_IDX) for i in rest)


_ADDR_IDX = _index(_ADDRESSEES)


def _skip_connectives(text: str, toks: _Toks, i: int) -> int:
    """Index of the first token after sentence-initial connectives and a speaker
    prefix such as "Theo ông X,"."""
    f, _, st, en, p = toks
    size = len(f)
    for _ in range(4):
        if i >= size:
            return i
        n = _at(f, i, _CONN_IDX)
        if n:
            i += n
            continue
        if f[i] == "theo" and i + 1 < size and _is_title_at(toks, i + 1):
            # "Theo ông X, ..." / "Theo Bí thư Y, ..."
            k = i + 1
            while k < size and k - i < 16 and not p[k - 1] or k == i + 1:
                k += 1
            if k < size and text[en[k - 1]:st[k]].strip().startswith(","):
                i = k
                continue
        break
    return i


_CONN_IDX = _index(_CONNECTIVES)


# --- modals -------------------------------------------------------------------

def _first_modal(toks: _Toks, start: int = 0, lo: int = 0, hi: int | None = None) -> int:
    """Index of the first modal ("cần", "phải", "nên", "đừng", "không được") at
    or after token ``start``, -1 when none.  ``lo`` .. ``hi - 1``: the tokens
    read as a sentence of their own (the words around them are not looked at)."""
    f = toks.f
    if hi is None:
        hi = len(f)
    # only the words below can be a modal: they are picked out in C
    for i in compress(count(start), map(_MODAL_WORDS.__contains__, f[start:hi])):
        m = f[i]
        if m in ("cần", "phải", "nên"):
            nxt = f[i + 1] if i + 1 < hi else ""
            prv = f[i - 1] if i > lo else ""
            if nxt in _NOT_MODAL_AFTER[m] or prv in _NOT_MODAL_BEFORE[m]:
                if not (m == "phải" and nxt == "là" and prv not in _NOT_MODAL_BEFORE["phải"]):
                    continue
            if m == "cần" and toks.w[i][:1].isupper() and i > lo:
                continue  # Cần Thơ, Cần Giờ
            if m == "nên" and (i == lo or not _BECAUSE.isdisjoint(f[max(lo, i - 15):i])):
                continue  # "Do mưa lớn nên ...": "so", not "should"
            return i
        if m == "đừng":
            return i
        if m == "không" and i + 1 < hi and f[i + 1] == "được" and i + 2 < hi \
                and f[i + 2] not in ("quá", "ít", "nhiều"):
            return i
    return -1


_MODAL_WORDS = frozenset(("cần", "phải", "nên", "đừng", "không"))


# --- sentences ------------------------------------------------------------------

def _split(text: str) -> list[Evidence]:
    """Sentences, with two corrections to the generic splitter: a closing
    curly quote followed by a capitalised word ends a sentence, and a piece
    that starts in lower case after "…" continues the previous one."""
    pieces: list[tuple[int, int]] = []
    for ev in sentences(text):
        pos = ev.start
        for m in _QUOTE_BREAK.finditer(text, ev.start, ev.end):
            cut = m.start() + 1
            if text[m.start()] != "”" or not text[m.end()].isupper():
                continue
            pieces.append((pos, cut))
            pos = cut
        pieces.append((pos, ev.end))
    spans: list[list[int]] = []
    for a, b in pieces:
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if a >= b:
            continue
        if spans and "\n" not in text[spans[-1][1]:a]:
            pa, pb = spans[-1]
            tail = text[max(pa, pb - 6):pb]
            if (text[a].islower() and tail.endswith(("…", "..."))) or (" " + tail).endswith(_ABBREVIATIONS):
                spans[-1][1] = b
                continue
        spans.append([a, b])
    return [Evidence(text[a:b], a, b) for a, b in spans]


class _Sent:
    """A sentence and what is known of it."""

    __slots__ = ("ev", "toks", "size", "line", "first_line", "first_title", "words", "speech")

    def __init__(self, ev: Evidence, toks: _Toks, line: bool, first_line: bool,
                 first_title: int | None = None) -> None:
        self.ev = ev
        self.toks = toks
        self.size = len(toks.f)  # the number of words
        self.line = line  # the sentence is a whole line by itself
        self.first_line = first_line
        # the sentence's words, to skip the phrase lists none of whose first words occur
        self.words = set(toks.f)
        # index of the first official's title, ``size`` when none (only a
        # pronoun or the first word of a title can start one)
        if first_title is None:
            first_title = self.size if _TITLE_STARTS.isdisjoint(self.words) else _first_title(toks)
        self.first_title = first_title
        self.speech: tuple[int, int] | None | bool = False  # _speech, once computed


def _has(s: _Sent, idx: dict[str, _Phrases]) -> bool:
    """Whether a phrase of ``idx`` occurs in the sentence."""
    return not idx.keys().isdisjoint(s.words) and _first_phrase(s.toks.f, idx) >= 0


def _is_caption(text: str, s: _Sent) -> bool:
    """A photo caption: a short line by itself about who is in the picture.
    List items ("- Tập trung ...", "Thứ nhất, ...") and lines that ask for
    something are not captions, even without a final full stop."""
    if not s.line or not s.size or s.size > 35:
        return False
    sent = s.ev.sentence
    if sent[:1] in "-–—+•*" or sent[:1].isdigit():
        return False
    if _first_modal(s.toks) >= 0 or _has(s, _LEAD_IDX):
        return False
    if sent.rstrip().endswith(":") or "đã" in s.words or _is_marker(text, s):
        return False  # narration ("Sáng 28/8, ... đã kiểm tra ..."), or the opening of the conclusions
    if _has(s, _CAPTION_STRONG_IDX):
        return True
    start = _skip_connectives(text, s.toks, 0)
    if start > 0 or _starts_imperative(s.toks.f, start):
        return False
    return sent.rstrip()[-1:] not in ".!?…;:" or _has(s, _CAPTION_IDX)


def _photo_credit(s: _Sent) -> bool:
    """A photo credit glued to the next words ("Ảnh: VGP Mục tiêu ...")."""
    return s.ev.sentence.startswith(("Ảnh:", "Ảnh :", "(Ảnh", "Nguồn:"))


def _is_reset(text: str, s: _Sent) -> bool:
    f = s.toks.f
    if not f:
        return False
    if s.ev.sentence.startswith("*"):
        return True
    n = _at(f, 0, _RESET_START_IDX)
    if n:
        if f[0] in _TIME_START and n == 1:
            # "Sáng 25/11, ..." / "Chiều cùng ngày" -- a time opening a new paragraph of activity
            return len(f) > 1 and (f[1].isdigit() or f[1] in ("nay", "qua", "mai"))
        return True
    return not _RESET_ANY_IDX.keys().isdisjoint(s.words) and _phrase_in(f, _RESET_ANY_IDX, 0, 40)


def _report_in(f: list[str], a: int, b: int) -> bool:
    """Whether a report word or phrase lies within the words ``a`` .. ``b - 1``."""
    return _first_phrase(f[a:b], _REPORT_IDX) >= 0


def _starts_imperative(f: list[str], i: int) -> bool:
    return i < len(f) and bool(_at(f, i, _IMP_IDX))


_IMP_IDX = _index(_IMPERATIVES)


def _subject_imperative(f: list[str], i: int) -> bool:
    """Addressee subject then an imperative verb within a few words
    ("cấp ủy, chính quyền xã phát huy ...", "huyện tập trung chỉ đạo ...")."""
    if i >= len(f) or not _at(f, i, _ADDR_IDX):
        return False
    return _phrase_in(f, _IMP_IDX, i + 1, min(i + 12, len(f)))


@dataclass
class _Found:
    start: int  # char offset where the directive text starts
    end: int
    kind: str  # "lead", "modal", "bare", "speech"
    quote: tuple[int, int] | None = None  # a quoted order before it ("“...”, X nói và yêu cầu ...")


_FRONTED = {"tại", "ở", "về", "đến", "tới", "trong", "sau", "trước"}


def _speaker_says(text: str, toks: _Toks, v: int, idx: dict[str, _Phrases]) -> bool:
    """The speaker of the verb at ``v`` holds a phrase of ``idx``."""
    f, p = toks.f, toks.p
    # the speaker: the words right before the verb back to a comma, or, when the
    # verb opens a clause ("..., đồng thời đề nghị"), the sentence's first words
    j = v
    while j > 0 and f[j - 1] in _ADVERBS and not p[j - 1]:
        j -= 1
    conj = "và" in f[j:v] or "thời" in f[j:v]
    a = j
    while a > 0 and j - a < 10 and not p[a - 1]:
        a -= 1
    if a == j or conj:
        a = 0
        if f and f[0] in _FRONTED:
            # "Tại thị xã Sa Pa, ông X kiểm tra ... và yêu cầu": the place
            # opening the sentence is not the speaker; the subject follows it
            k = 1
            while k < min(len(f), 12) and not p[k - 1]:
                k += 1
            if k < min(len(f), 12) and k < j:
                a = k
        b = a
        while b < min(len(f), a + 10) and (b == a or not p[b - 1]):
            b += 1
    else:
        b = v
    return _phrase_in(f, idx, a, b)


def _proposal(text: str, toks: _Toks, v: int, after: int) -> bool:
    """A local leader asking upwards ("Chủ tịch UBND xã X đề nghị tỉnh hỗ trợ ..."),
    or anyone asking the central government ("đề nghị Chính phủ hỗ trợ")."""
    if _at(toks.f, after, _CENTRAL_IDX):
        return True
    if not _at(toks.f, after, _UPWARD_IDX):
        return False
    return _speaker_says(text, toks, v, _LOCAL_IDX)


def _commune_speaker(text: str, toks: _Toks, v: int) -> bool:
    """The speaker is a commune's own leader ("Chủ tịch UBND xã X cho biết ..."),
    unless the visiting official is one (``home_speaker``)."""
    if _HOME_SPEAKER.get():
        return False
    return _speaker_says(text, toks, v, _COMMUNE_IDX)


# Set while reading an article whose visitor is the commune's own leader
# ("Bí thư Đảng ủy xã X kiểm tra ..."): their words are the directives.
_HOME_SPEAKER: contextvars.ContextVar[bool] = contextvars.ContextVar("home_speaker", default=False)


def _lead_directive(text: str, s: _Sent, chain: bool, prev_official: bool) -> _Found | None:
    """A directive introduced by one of ``_LEADS`` (the caller has seen one of
    their first words in the sentence)."""
    toks = s.toks
    f, st = toks.f, toks.s
    for v, n in _find_all(f, _LEAD_IDX):
        fv = f[v]
        after = v + n
        if len(f) - after < 3 or _proposal(text, toks, v, after) or _commune_speaker(text, toks, v):
            continue
        nxt = f[after]
        if fv == "giao" and (nxt in ("thông", "lưu", "tiếp", "thương", "dịch", "nhận", "quyền")
                             or (v > 0 and f[v - 1] in ("bàn", "được", "chuyển", "bị"))):
            continue
        if fv == "chỉ" and (v > 0 and f[v - 1] in ("đạo", "biểu", "sự") or nxt in ("tại", "của", "và")):
            continue  # "lãnh đạo, chỉ đạo", "phát biểu chỉ đạo", "sự chỉ đạo"
        if fv in ("yêu", "đề") and v > 0 and f[v - 1] in _BEFORE_NOUN:
            continue  # "đáp ứng yêu cầu", "theo đề nghị"
        if _official_before(text, toks, v):
            return _Found(st[v], s.ev.end, "lead")
        if _clause_start(text, toks, v) and s.first_title < v \
                and not _phrase_in(f, _HEARSAY_IDX, max(s.first_title, v - 40), v):
            return _Found(st[v], s.ev.end, "lead")
        # no speaker named: the official of the previous sentences goes on
        # ("Đồng thời, đề nghị ..."), unless this reads as the locality's report
        if (chain or prev_official) and _leading_noise(toks, text, v):
            if not chain and (_report_in(f, 0, v) or _at(f, after, _UPWARD_IDX)):
                continue  # "Đề nghị tỉnh hỗ trợ ..." in the locality's list of requests
            return _Found(st[v], s.ev.end, "lead")
    return None


def _speech(text: str, s: _Sent) -> tuple[int, int] | None:
    """(verb index, verb length) of an official's reporting verb, or None."""
    if s.speech is False:
        s.speech = _find_speech(text, s)  # asked several times of a sentence
    return s.speech


def _find_speech(text: str, s: _Sent) -> tuple[int, int] | None:
    if _SPEECH_IDX.keys().isdisjoint(s.words):
        return None
    toks = s.toks
    f = toks.f
    best = None
    for v, n in _find_all(f, _SPEECH_IDX):
        if v + n < len(f) and f[v + n] in ("chuyện", "về", "dối", "thêm", "lên"):
            continue  # "nói chuyện", "nói về"
        if best is not None and not (v == best[0] + best[1] + 1 and f[v - 1] == "và"):
            break  # keep "đặt vấn đề và cho rằng": the last of two joined verbs
        if (_official_before(text, toks, v) or (_clause_start(text, toks, v) and (s.first_title < v or best))) \
                and not _commune_speaker(text, toks, v):
            best = (v, n)
    return best


def _quote_attribution(text: str, s: _Sent) -> int | None:
    """Char offset where a trailing attribution starts ('...”, Thủ tướng nói.')."""
    sent = s.ev.sentence
    k = max(sent.rfind("”,"), sent.rfind('",'))
    if k < 0:
        return None
    cut = s.ev.start + k
    first = bisect_right(s.toks.s, cut)  # the words after the cut
    if first >= s.size:
        return None
    # the speaker and verb come first ("”, ông X nói và yêu cầu ..."): a long
    # request may follow them
    head = s.toks.cut(first, first + 25)
    end = head.e[-1]
    sub = _Sent(Evidence(text[cut:end], cut, end), head, False, False)
    if s.size - first > 25 and not (_speech(text, sub) and sub.first_title < 12):
        return None
    return cut if _speech(text, sub) or _first_phrase(head.f, _LEAD_IDX) >= 0 else None


def _classify(text: str, s: _Sent, chain: bool, prev_official: bool) -> _Found | None:
    size = s.size
    if size < 3:
        return None
    toks = s.toks
    f, _, st, en, _ = toks
    sent = s.ev.sentence
    if sent.rstrip().endswith("?") or "?" in sent[:-3] and _first_modal(toks) < 0:
        return None
    found = None if _LEAD_IDX.keys().isdisjoint(s.words) else _lead_directive(text, s, chain, prev_official)
    attribution = _quote_attribution(text, s)
    if found:
        if attribution is not None and attribution > found.start:
            found.end = attribution  # "“Tôi đề nghị ...”, Bộ trưởng nói."
        elif attribution is not None:
            body = toks.cut(0, bisect_right(en, attribution))  # the words before the attribution
            k = _skip_connectives(text, body, 0)
            if k < len(body.f) and (_first_modal(body) >= 0 or _starts_imperative(body.f, k)):
                found.quote = (body.s[k], attribution)  # "“Tuyệt đối không để ...”, X nói và yêu cầu ..."
        return found
    if attribution is not None:
        body = toks.cut(0, bisect_right(en, attribution))
        if body.f and _first_modal(body) >= 0:
            start = _skip_connectives(text, body, 0)
            if start < len(body.f):
                return _Found(body.s[start], attribution, "speech")
        if body.f and chain and (_starts_imperative(body.f, _skip_connectives(text, body, 0))):
            return _Found(body.s[0], attribution, "speech")
        return None
    sp = _speech(text, s)
    if sp:
        v, n = sp
        start = v + n
        if start < size and _first_modal(toks, start) >= 0:
            return _Found(st[start], s.ev.end, "speech")
        # "Thủ tướng nhấn mạnh, Hải Phòng tiếp tục ...": an order without a modal
        k = _skip_connectives(text, toks, start)
        if k < size and f[v] not in ("phát", "nói", "chia") \
                and (_starts_imperative(f, k) or _subject_imperative(f, k)) \
                and not _report_in(f, k, size):
            return _Found(st[start], s.ev.end, "speech")
        return None
    start = _skip_connectives(text, toks, 0)
    if start >= size:
        return None
    first = f[start]
    if first in ("đây", "đó", "điều") and start + 1 < size and f[start + 1] in ("là", "chính", "này", "đó"):
        return None  # "Đây là ...", "Đó là ..." explain, they do not ask
    if start > 0 and f[0] == "theo" and _is_title_at(toks, 1) and _first_modal(toks, start) >= 0:
        return _Found(st[start], s.ev.end, "speech")
    if not chain:
        return None
    modal = _first_modal(toks, start)
    if modal >= 0 and modal - start <= 25:
        if _report_in(f, 0, start) and not _at(f, 0, _CONN_IDX):
            return None
        if _phrase_in(f, _HEARSAY_IDX, 0, modal):
            return None
        return _Found(st[start], s.ev.end, "modal")
    # an item of a list announced by the official (figures make it a report)
    bullet = sent[:1] in "-–—+•" and not any(map(str.isdigit, f[:40]))
    if bullet or _starts_imperative(f, start) or _subject_imperative(f, start):
        if _report_in(f, start, size) or ("%" in sent and not _TARGET.search(sent)):
            return None  # a percentage reports a result, unless it is a target set
        return _Found(st[start], s.ev.end, "bare")
    return None


_TARGET = re.compile(r"(?<![\wÀ-ỹ])(?:phấn đấu|mục tiêu|ít nhất|tối thiểu)(?![\wÀ-ỹ])", re.IGNORECASE)


def _is_marker(text: str, s: _Sent) -> bool:
    """The sentence opens the official's conclusions (see ``_MARKERS``), or
    reports the official speaking, or announces a list ("Bộ trưởng yêu cầu:")."""
    f, _, st, en, _ = s.toks
    size = s.size
    if s.ev.sentence.rstrip().endswith(":") and (s.first_title < size or f and f[0] in _PERSON):
        return True
    if _has(s, _MARKER_IDX):
        # "Về nhiệm vụ thời gian tới, xã sẽ ..." is the locality's plan, not the conclusions
        return "sẽ" not in f[:60] and not _phrase_in(f, _CHO_BIET, 0, min(size, 60))
    if _MARKERC_IDX.keys().isdisjoint(s.words):
        return _speech(text, s) is not None
    last_comma = text.rfind(",", s.ev.start, s.ev.end)
    for i, n in _find_all(f, _MARKERC_IDX):
        if en[i + n - 1] < last_comma:  # "Phát biểu chỉ đạo ..., X ..." (not a caption)
            comma = text.find(",", en[i + n - 1], s.ev.end)
            speaker = [k for k in range(i + n, min(size, i + n + 30)) if st[k] > comma][:12]
            if not any(_at(f, k, _COMMUNE_IDX) for k in speaker):
                return True
    return _speech(text, s) is not None


_CHO_BIET = _index(_phrases("cho biết"))


def _elaboration(text: str, s: _Sent) -> int | None:
    """Token index after an elaborating connective followed by a bare verb."""
    f = s.toks.f
    if not f:
        return None
    n = _at(f, 0, _ELAB_IDX)
    if not n or n >= len(f):
        return None
    if _first_modal(s.toks, 0, 0, min(n + 6, len(f))) >= 0 or not _starts_imperative(f, n):
        return None
    return n


def _title_line(text: str, s: _Sent) -> bool:
    return s.first_line and s.ev.sentence.rstrip()[-1:] not in ".!?…:;" and s.size <= 40


# --- public ---------------------------------------------------------------------

def find_directives(text: str, home_speaker: bool = False) -> list[Directive]:
    """The directives of an article, in order, with the sentence each came from.
    ``home_speaker``: the visitor is the commune's own leader."""
    token = _HOME_SPEAKER.set(home_speaker)
    try:
        return _find_directives(text)
    finally:
        _HOME_SPEAKER.reset(token)


def _find_directives(text: str) -> list[Directive]:
    if not text or not text.strip():
        return []
    first_nl = text.find("\n")
    first_end = first_nl if first_nl >= 0 else len(text)
    evs = _split(text)
    words = _tokens(text, 0, len(text))  # the article's words, tokenised once, cut into sentences
    sents = []
    for n, ev in enumerate(evs):
        own = ((n == 0 or text.find("\n", evs[n - 1].end, ev.start) >= 0)
               and (n + 1 == len(evs) or text.find("\n", ev.end, evs[n + 1].start) >= 0))
        sents.append(_Sent(ev, _window(text, words, ev.start, ev.end), own,
                           ev.start < first_end and first_nl >= 0))

    found: list[tuple[_Found, _Sent]] = []
    folds: dict[tuple[int, int], str] = {}  # (start, end) -> fold(text[start:end]), see ``_words``
    chain = False
    last_directive = False  # the previous (non-caption) sentence was a directive
    official_age = 99  # sentences since an official was last named
    for s in sents:
        if not s.size or _title_line(text, s):
            continue
        if (s.line and _is_caption(text, s)) or _photo_credit(s):
            if _is_reset(text, s):
                chain = last_directive = False
            continue
        if _is_reset(text, s):
            chain = last_directive = False
            official_age = 99
        f = None
        k = _elaboration(text, s) if chain and last_directive else None
        if k is not None:
            last_f, last_s = found[-1]
            if "\n" not in text[last_f.end:s.ev.start]:
                if s.ev.end - last_f.start < 20 * MERGE_WORDS \
                        and _words(text, last_f.start, s.ev.end, folds) <= MERGE_WORDS:
                    merged = tuple.__new__(_Toks, map(list.__add__, last_s.toks, s.toks))
                    found[-1] = (_Found(last_f.start, s.ev.end, last_f.kind),
                                 _Sent(Evidence(text[last_s.ev.start:s.ev.end], last_s.ev.start, s.ev.end),
                                       merged, last_s.line, last_s.first_line, last_s.first_title))
                continue  # an elaboration too long to merge is left out
        f = _classify(text, s, chain, official_age <= 3)
        if f is not None:
            found.append((f, s))
            chain = last_directive = True
        else:
            # one sentence of explanation may sit between two directives
            chain = _is_marker(text, s) or (last_directive and PATIENCE > 0)
            last_directive = False
        # an official named outside a report ("Báo cáo với đoàn, Chủ tịch xã cho biết ...")
        named = s.first_title < s.size and not _phrase_in(s.toks.f, _HEARSAY_IDX, 0, min(s.size, 40))
        official_age = 0 if named else official_age + 1

    out: list[Directive] = []
    for f, s in found:
        spans = ([f.quote] if f.quote else []) + [(f.start, f.end)]
        for a, b in (p for span in spans for p in _pieces(text, *span, folds)):
            body = _clean(text[a:b])
            if len(body.split()) < 3 or _announces_list(text, a, b, body):
                continue
            # a long directive was folded to count its words: trimming its ends
            # (punctuation) leaves the folded text as it is
            folded = folds.get((a, b))
            if folded is not None and body == text[a:b].strip(_TRIM):
                topics = topics_of_folded(folded)
            else:
                topics = topics_of(body)
            out.append(Directive(body, topics, Evidence(s.ev.sentence, s.ev.start, s.ev.end)))
    return _dedupe(out, text, sents)


# "đề nghị huyện tập trung các nội dung:" only announces the items that follow
_ANNOUNCE = re.compile(r"(?:nội dung|nhiệm vụ|giải pháp|vấn đề|việc|điểm|trọng tâm|sau)\s*$", re.IGNORECASE)


def _announces_list(text: str, start: int, end: int, body: str) -> bool:
    """Whether a directive is only the short announcement of a list whose
    items follow after a colon."""
    colon = text[start:end].rstrip().endswith(":") or text[end:end + 2].lstrip(" ").startswith(":")
    return colon and len(body.split()) <= 12 and bool(_ANNOUNCE.search(body))


def _pieces(text: str, start: int, end: int, folds: dict[tuple[int, int], str]) -> list[tuple[int, int]]:
    """An over-long directive keeps its head: up to the last comma or
    semicolon in its first ``HEAD_WORDS`` words (or just those words when the
    last comma comes too early); the evidence keeps the whole sentence.  The
    gold annotations reward one directive per sentence: the items of a ";"
    list are rarely directives of their own."""
    if end - start < 4 * MAX_WORDS or _words(text, start, end, folds) <= MAX_WORDS:
        return [(start, end)]
    comma_end, comma_count, hard_end, count = start, 0, end, 0
    for m in _WORD.finditer(text, start, end):
        count += 1
        hard_end = m.end()
        if count >= HEAD_WORDS:
            break
        if text[m.end():m.end() + 1] in (",", ";"):
            comma_end, comma_count = m.end(), count
    return [(start, comma_end if comma_count >= HEAD_WORDS // 2 else hard_end)]


def _words(text: str, start: int, end: int, folds: dict[tuple[int, int], str]) -> int:
    """The number of words of ``text[start:end]`` as folded; the folded text
    is kept in ``folds`` (for the article being read) for its topics."""
    folded = folds.get((start, end))
    if folded is None:
        folded = folds[start, end] = fold(text[start:end])
    return len(folded.split())


_TRIM = " \t\n,;:.…-–“”\"'’‘"


def _clean(body: str) -> str:
    body = body.strip(_TRIM)
    if body.count("“") > body.count("”"):
        body = body.replace("“", "", 1)
    return body.strip(_TRIM)


def _lead_end(text: str) -> int:
    """End of the article's lead: its first two non-empty lines (title and
    sapo), looked for in the first ``LEAD_CHARS`` characters only."""
    pos, seen = 0, 0
    while pos < min(len(text), LEAD_CHARS):
        nl = text.find("\n", pos, LEAD_CHARS)
        if nl < 0:
            return pos if seen else 0
        if text[pos:nl].strip():
            seen += 1
            if seen == 2:
                return nl
        pos = nl + 1
    return pos if seen >= 2 else 0


def _dedupe(items: list[Directive], text: str, sents: list[_Sent]) -> list[Directive]:
    """Drop a directive of the lead (title, sapo) that the body repeats: most
    of its words come back in one later sentence."""
    lead_end = _lead_end(text)
    lead = [i for i, d in enumerate(items) if d.evidence and d.evidence.start < lead_end]
    if not lead:
        return items
    later = [s.words for s in sents if s.ev.start >= lead_end]
    drop = set()
    for i in lead:
        key = set(map(str.lower, _WORD.findall(items[i].text)))
        if key and any(len(key & other) >= 0.7 * len(key) for other in later):
            drop.add(i)
    return [d for i, d in enumerate(items) if i not in drop]


def addressee(text: str) -> str | None:
    """The unit a directive (or its sentence) is addressed to: "xã Tống Sơn",
    "huyện Mỹ Đức", "Quận 9", "phường Bỉm Sơn và Quang Trung", "hai phường",
    "các địa phương", "tỉnh Bình Thuận" (for "Tỉnh ủy Bình Thuận"), "Hòa Bình",
    a bare "xã" or "huyện" when the unit is not named; None when no unit is
    addressed.  The phrase is returned as written (case included), except that
    "Tỉnh ủy X" / "Huyện ủy X" become "tỉnh X" / "huyện X" and bare unit words
    are lower-cased.

    Looks first at the words after the official's verb ("đề nghị cấp ủy,
    chính quyền xã Tống Sơn tập trung ..."), then at the subject of the clause
    ("Quận 9 phải ...", "Huyện cần ...").
    """
    if not text:
        return None
    toks = _tokens(text, 0, min(len(text), 2000))
    if not toks.f:
        return None
    first_title = _first_title(toks)
    regions = []
    for idx in (_LEAD_IDX, _SPEECH_IDX):
        for v, n in _find_all(toks.f, idx, limit=60):
            if _official_before(text, toks, v) or (_clause_start(text, toks, v) and first_title < v) \
                    or (v == 0 and idx is _LEAD_IDX):
                regions.append((v + n, True))
                break
        if regions:
            break
    if not regions:  # no verb of the official: the subject of the clause
        regions.append((_skip_connectives(text, toks, 0), False))
    for start, after_lead in regions:
        if after_lead:
            start = _skip_connectives(text, toks, start)
        found = _unit_in(text, toks, start, after_lead)
        if found:
            return found
    return None


def _unit_in(text: str, toks: _Toks, start: int, after_lead: bool) -> str | None:
    """A unit named in the subject position starting at ``start``."""
    f, w, st, en, p = toks
    size = len(f)
    stop = min(size, start + 14)
    modal = _first_modal(toks, start, start, min(size, start + 16))  # within 16 words
    if modal >= 0:
        stop = min(stop, modal)
    for i in range(start, stop):
        n = _at(f, i, _UNIT_IDX)
        if not n:
            if f[i] == "địa" and i + 1 < size and f[i + 1] == "phương" and i > start \
                    and f[i - 1] in _COUNTS and f[i - 1] != "những":
                return text[st[i - 1]:en[i + 1]]  # "các địa phương", "hai địa phương"
            continue
        j = i + n
        unit = text[st[i]:en[j - 1]]
        if j < size and f[j] == "ủy" and not p[j - 1]:
            unit = unit.lower()  # "Tỉnh ủy Bình Thuận" addresses tỉnh Bình Thuận
            j += 1
        names = _name_run(text, toks, j)
        if names is not None:
            return f"{unit} {text[st[j]:en[names]]}"
        if i > start and f[i - 1] in _COUNTS and f[i - 1] != "những" \
                and (w[i - 1].islower() or i - 1 == start):
            return text[st[i - 1]:en[j - 1]]
        if f[i] == "thôn":
            continue  # a village only with its name ("thôn Chí Trung"), never "nông thôn"
        nxt_ok = j >= size or j == stop or _starts_imperative(f, j) or p[j - 1]
        prev_ok = i == start or f[i - 1] in ("quyền", "ủy", "đạo", "ubnd", "bộ", "viên", "dân")
        if prev_ok and nxt_ok:
            return unit.lower()
    # a capitalised name in subject position: "Hòa Bình phải ...", "đề nghị Hòa Bình quan tâm"
    i = start
    if i < size and w[i][:1].isupper() and f[i] not in _ORGS:
        end = _name_run(text, toks, i)
        if end is not None and (end + 1 == stop or after_lead) and end - i < 4:
            return text[st[i]:en[end]]
    return None


def _name_run(text: str, toks: _Toks, j: int) -> int | None:
    """Index of the last token of a proper name starting at ``j`` ("Bỉm Sơn và
    Quang Trung", "9"), or None when no name starts there."""
    f, w, p = toks.f, toks.w, toks.p
    last = None
    k = j
    while k < len(f) and k - j < 8:
        if k > j and p[k - 1]:
            break
        if w[k][:1].isupper() or f[k].isdigit():
            last = k
            k += 1
            continue
        if f[k] == "và" and last is not None and k + 1 < len(f) and w[k + 1][:1].isupper():
            k += 1
            continue
        break
    return last


# Capitalised words that start an agency, not a place ("Bộ Tài nguyên", "Sở").
_ORGS = {"bộ", "sở", "ban", "ủy", "ngân", "tổng", "công", "đảng", "hội", "trường", "đài", "viện", "cục",
         "văn", "liên", "trung", "chúng", "các", "lãnh", "cấp", "chính", "đội", "người", "mỗi", "nhà"}
