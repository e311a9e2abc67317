"""Assembles the records found by each extractor into visits.

The article is read as a sequence: a title, a lead naming the official and
where they went, then the body, in which sentences that show the official
visiting or working in a unit ("Tại xã Tống Sơn, đồng chí ...", "Làm việc
với cán bộ chủ chốt xã Hà Trung, ...") open that unit's part of the story.
Every directive, figure, project and gift is filed under the unit whose part
it falls in; a directive that names units or speaks to them together ("hai
phường", "các địa phương") goes to each unit it addresses; anything said
before the first unit opens belongs to the province.

Only units named in sentences that show the official visiting count as
visits; a unit named in a report, a complaint or a comparison does not.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass, field

from visitctl import gazetteer
from visitctl.extract import dates, officials as officials_mod, places, segment
from visitctl.extract.normalize import fold
from visitctl.model import Article, Directive, Extraction, Official, Place, Visit


def _starting_with(first: str, pattern: str, ignorecase: bool = False) -> re.Pattern[str]:
    """``pattern`` looked for only at the characters of the class ``first``:
    every character one of its matches can start with, written out in every
    case IGNORECASE would let match (a case-sensitive class, so the regex
    engine can skip ahead from one such character to the next; under
    IGNORECASE it would try the whole pattern at every position).  Finds the
    same starts as ``pattern``; the match itself is only that first character,
    so this is for ``search`` as a test or for where a match starts."""
    flags = "i" if ignorecase else "-i"
    return re.compile(rf"[{first}](?<=(?=(?{flags}:{pattern}))(?s:.))")


# Verbs that show the official at a place.
_VISIT_VERB = re.compile(
    # the first letters of every form below, looked at first: the engine then
    # skips quickly past the other letters
    r"(?=[tlkdđcvg])"
    r"(?<![\wÀ-ỹ])(?:thăm(?! dò| khám)|(?<!lề lối )(?<!giờ )(?<!ngày )(?<!môi trường )(?<!phương pháp )"
    r"(?<!tác phong )(?<!quy chế )(?<!chế độ )(?<!phong cách )làm việc|"
    r"kiểm tra|khảo sát|thị sát|dâng hương|dâng hoa|trao tặng|(?:trao|tặng)(?: [\wÀ-ỹ]+){0,3} quà|"
    r"(?:đến|tới|về) với|"
    r"chúc thọ|chúc Tết|(?:đến|tới|về) chúc mừng|động viên|tham quan|có mặt|(?:đến|về) dự(?! án| thảo| kiến| báo| toán| định)|dự lễ|đối thoại|"
    r"tiếp xúc cử tri|thắp hương|viếng|(?-i:thanh tra|giám sát)|chung vui|dự (?:[Nn]gày hội|[Ll]ễ|buổi lễ|[Tt]ết)|"
    r"(?:đến|tới|về) (?:xã|phường|thị trấn|huyện|quận|thị xã|thành phố|tỉnh|đặc khu|TP))(?![\wÀ-ỹ])",
    re.IGNORECASE,
)
# A visit verb after these words is part of an instruction ("yêu cầu Bộ Công
# an kiểm tra ..."), not something the official did.
# Written in lower case, or capitalised only where a sentence starts: "Cần
# Thơ", "Giao Thủy" are places.
_INSTRUCT_WORDS = (r"yêu cầu|đề nghị|chỉ đạo|giao|lưu ý|nhắc nhở|cần|phải|đề xuất|kiến nghị|mong muốn|"
                   r"tăng cường|đẩy mạnh|chú trọng")
_INSTRUCTS = re.compile(
    rf"(?:(?<![\wÀ-ỹ])(?:{_INSTRUCT_WORDS})|^\W*(?i:{_INSTRUCT_WORDS}))(?![\wÀ-ỹ])"
)


# Where the first visit verb of a sentence starts: the same starts as
# _VISIT_VERB (keep the two lists alike), arranged for speed.  The forms are
# grouped by their first letter, written as a case-sensitive class of every
# character IGNORECASE lets match it (k also matches the Kelvin sign), so
# the engine passes over the other groups at once; the lookbehinds of "làm
# việc" are taken at its end, over the words as well; and the whole is looked
# at from its first character (_starting_with).
_NW = r"[\wÀ-ỹ]"
_TO_UNIT = r"(?:xã|phường|thị trấn|huyện|quận|thị xã|thành phố|tỉnh|đặc khu|TP)"
_TO_EVENT = r"dự(?! án| thảo| kiến| báo| toán| định)"
_NOT_WORK = ("lề lối", "giờ", "ngày", "môi trường", "phương pháp", "tác phong", "quy chế", "chế độ", "phong cách")
_VISIT_AT = _starting_with(
    "CDGKLTVcdgkltvĐđ\u212a",
    rf"(?i:(?<!{_NW}))(?:"
    rf"[tT](?i:hăm(?! dò| khám)|hị sát|rao tặng|(?:rao|ặng)(?: {_NW}+){{0,3}} quà|"
    rf"ới (?:với|chúc mừng|{_TO_UNIT})|ham quan|iếp xúc cử tri|hắp hương)|"
    rf"[lL](?i:àm việc{''.join(f'(?<!{w} làm việc)' for w in _NOT_WORK)})|"
    r"[kK\u212a](?i:iểm tra|hảo sát)|"
    r"[dD](?i:âng hương|âng hoa|ự lễ|ự (?:[Nn]gày hội|[Ll]ễ|buổi lễ|[Tt]ết))|"
    rf"[đĐ](?i:ến (?:với|chúc mừng|{_TO_EVENT}|{_TO_UNIT})|ộng viên|ối thoại)|"
    r"[cC](?i:húc thọ|húc Tết|ó mặt|hung vui)|"
    rf"[vV](?i:ề (?:với|chúc mừng|{_TO_EVENT}|{_TO_UNIT})|iếng)|"
    r"thanh tra|giám sát"  # case-sensitive
    rf")(?i:(?!{_NW}))",
)


def _shows_visit(sentence: str) -> bool:
    """Whether a sentence has a visit verb that is not inside an instruction.

    Only the first verb needs looking at: an instruction before it is before
    every later one too."""
    m = _VISIT_AT.search(sentence)
    return m is not None and not _INSTRUCTS.search(sentence, 0, m.start())


# Events that are not visits when they are all the lead reports (each form
# starts with one of p c h t b đ v s g: "ſ" is an s under IGNORECASE).
_MEETING = _starting_with(
    "BCGHPSTVbcghpstvĐđ\u017f",
    r"(?<![\wÀ-ỹ])(?:phiên họp|cuộc họp|họp báo|hội nghị trực tuyến|họp trực tuyến|tổ chức họp|chủ trì họp|buổi tiếp|đã tiếp|tiếp và làm việc|tiếp, làm việc|hội đàm|hội kiến|điện đàm|"
    r"văn bản|công văn|tiếp Bộ trưởng|tiếp Đại sứ|tiếp đoàn|tiếp Thủ tướng|tiếp Chủ tịch|thăm chính thức|"
    r"thăm cấp [Nn]hà nước|thăm làm việc tại (?:Nhật Bản|Hoa Kỳ|Trung Quốc|Lào|Campuchia|Hàn Quốc|Pháp|Nga|Ấn Độ)|"
    r"công du|(?:thăm|tới|đến) Việt Nam|sang thăm|gửi thư|thư chúc|thư khen|gửi điện|điện mừng)(?![\wÀ-ỹ])",
    ignorecase=True,
)
# A working session with the province's leaders ("làm việc với cán bộ chủ chốt
# của tỉnh", "làm việc với Ban Thường vụ Tỉnh ủy Cà Mau").
_PROVINCE_SESSION = _starting_with(
    "v",
    r"(?<![\wÀ-ỹ])với (?:(?!xã|phường|huyện|quận|thị)[\wÀ-ỹ]+ ){0,4}(?:của )?"
    r"(?:tỉnh|Tỉnh ủy|Thành ủy|UBND tỉnh|HĐND tỉnh|UBND thành phố)(?![\wÀ-ỹ])"
)
# Words that address every visited unit at once.
_JOINT = _starting_with(
    "23BCHMNbchmn",
    r"(?<![\wÀ-ỹ])(?:(?:hai|ba|các|mỗi|những|2|3) (?:địa phương|xã|phường|huyện|quận|thị trấn|đơn vị)|"
    r"cả hai|hai nơi)(?![\wÀ-ỹ])(?! khác)",
    ignorecase=True,
)
_GENERIC_REF = (
    r"đoàn công tác|Đoàn công tác|đoàn đại biểu|Đoàn đại biểu|đoàn cán bộ|đoàn kiểm tra|Đoàn kiểm tra|"
    r"Tổ công tác|tổ công tác|đồng chí(?= [a-zà-ỹđ])|Đồng chí(?= [a-zà-ỹđ])|"
    r"(?<![\wÀ-ỹ])[Đđ]oàn(?= (?:đã|cũng|tiếp tục|đến|tới|về|thăm|kiểm tra|làm việc|dâng|trao|tặng))"
)


# "Tại xã Tống Sơn, ...": a sentence that opens a unit's part.
_OPENS_UNIT = re.compile(r"(?:Tại|Ở|Đến|Về|Tiếp đó,? tại) ")
_WORKING = re.compile(r"(?<![\wÀ-ỹ])làm việc (?:với|tại)(?![\wÀ-ỹ])")
_CONCLUDES = re.compile(r"\W*(?:Kết luận buổi làm việc|Phát biểu kết luận|Kết luận tại buổi làm việc|"
                        r"Phát biểu tại buổi làm việc|Tại buổi làm việc)(?![\wÀ-ỹ])")


@dataclass
class _Unit:
    key: str
    place: Place
    first: int  # start of the sentence of its first visit mention
    at: int = -1  # position of that mention itself (for its date)
    who: list[Official] = field(default_factory=list)  # officials named where it first appears
    records: dict[str, list] = field(default_factory=lambda: {"d": [], "f": [], "p": [], "g": []})


def _extractors():
    """The record finders written alongside this module (absent ones give [])."""
    found = {}
    for mod, fn in (("directives", "find_directives"), ("figures", "find_figures"), ("projects", "find_projects"),
                    ("delegation", "find_delegation"), ("gifts", "find_gifts")):
        try:
            module = __import__(f"visitctl.extract.{mod}", fromlist=[fn])
            found[mod] = getattr(module, fn)
        except (ImportError, AttributeError):
            found[mod] = lambda text, **_: []
    return found


def _anonymous_heads(text: str, title_ev, body_start: int) -> list[str]:
    """Title heads of an unnamed visitor in the title or lead sentences that
    show a visit ("Bộ trưởng Bộ Y tế đến thăm ...")."""
    lex = officials_mod._lexicon()
    lead_end = officials_mod._lead_end(text, body_start)
    chunks = [title_ev.sentence] if title_ev is not None else []
    chunks += [s.sentence for s in segment.sentences(text[body_start:lead_end])]
    for chunk in chunks:
        if _shows_visit(chunk) and not _MEETING.search(chunk):
            heads = [h for h in lex["heads_re"].findall(chunk) if h.lower() not in ("ủy viên", "uỷ viên")]
            if heads:
                return heads
    return []


class _Ref:
    """Whether a sentence refers to the article's officials (``search``).

    Equivalent to one alternation of every form, but only the generic forms,
    the same for every article, are a regex: the title heads (as whole words)
    and the names are looked up as plain substrings, so nothing is compiled
    per article."""

    __slots__ = ("_heads", "_names", "_lasts")

    def __init__(self, heads: list[str], names: list[str], lasts: list[str]) -> None:
        self._heads = heads
        self._names = names
        self._lasts = lasts

    def search(self, s: str) -> bool:
        if any(n in s for n in self._names):
            return True
        for head in self._heads:
            if _has_word(s, head):
                return True
        for needle in self._lasts:
            i = s.find(needle)
            while i >= 0:
                j = i + len(needle)
                if j >= len(s) or not _is_word_char(s[j]):
                    return True
                i = s.find(needle, i + 1)
        return bool(_GENERIC_REF_RE.search(s))


def _is_word_char(c: str) -> bool:
    """Whether one character is a word character (a letter, digit or underscore, or in À-ỹ)."""
    return c.isalnum() or c == "_" or "À" <= c <= "ỹ"


def _has_word(s: str, word: str) -> bool:
    """Whether ``word`` is in ``s`` as a whole word: what
    ``(?<![\\wÀ-ỹ])word(?![\\wÀ-ỹ])`` finds."""
    i = s.find(word)
    while i >= 0:
        j = i + len(word)
        if (i == 0 or not _is_word_char(s[i - 1])) and (j >= len(s) or not _is_word_char(s[j])):
            return True
        i = s.find(word, i + 1)
    return False


_GENERIC_REF_RE = _starting_with("TtĐđ", _GENERIC_REF)


def _official_ref(offs: list[Official], heads: list[str] | None = None) -> _Ref:
    """A matcher for the ways the article refers to its officials."""
    lex = officials_mod._lexicon()
    hs: list[str] = list(heads or [])
    names: list[str] = []
    lasts: list[str] = []
    for o in offs:
        names.append(o.name)
        last = o.name.split()[-1]
        lasts += [f"{p} {last}" for p in ("ông", "Ông", "bà", "Bà", "đồng chí", "Đồng chí")]
        for head in lex["heads_re"].findall(o.title or ""):
            if head.lower() in ("ủy viên", "uỷ viên"):
                continue
            # "Phó Chủ tịch UBND" is also written "Phó Chủ tịch"
            hs += [head, *(h for h in lex["heads"] if head.startswith(h + " "))]
    return _Ref(sorted(set(hs)), names, lasts)


def _body_start(text: str, title: segment.Evidence | None) -> int:
    if title is None:
        return 0
    nl = text.find("\n", title.end)
    return nl + 1 if nl != -1 else title.end


def run(article: Article) -> Extraction:
    """Build the Extraction for one article."""
    text = article.text
    title_ev = segment.title(text)
    title = article.title or (title_ev.sentence if title_ev else None)
    external_title = None  # a title given by the source and not repeated in the text
    if article.title and title_ev is not None and fold(title_ev.sentence) != fold(article.title):
        external_title, title_ev = article.title, None
    body_start = _body_start(text, title_ev)
    body_end = max(segment.body_end(text), body_start)
    author = article.author or segment.byline(text)
    year = dates.article_year(text, article.published)
    published = article.published
    if published is None:
        head = dates.header_date(text)
        if head:
            published = dates.iso(*head)
    out = Extraction(title=title, published=published, author=author)
    ex = _extractors()
    body = text[:body_end]

    offs = officials_mod.leading_officials(text, title_ev, body_start, body_end, external_title)
    heads: list[str] = []
    if not offs:
        # an official named only by title ("Bộ trưởng Bộ Y tế đến thăm ...")
        heads = _anonymous_heads(text, title_ev, body_start)
        if not heads:
            return out
    lead_date = dates.lead_date(text[body_start:body_end], year)
    if lead_date is None and title_ev is not None:
        lead_date = dates.lead_date(title_ev.sentence, year)
    if lead_date is None and title_ev is not None and dates.TOP_DATELINE.match(text[:title_ev.start].strip()):
        top = dates.header_date(text)  # only a dateline above the title dates the article
        lead_date = dates.iso(*top) if top else None

    ref = _official_ref(offs, heads)
    scan = places.scan(body)
    lead_end = officials_mod._lead_end(text, body_start)
    # provinces named bare in the title and lead ("thăm, làm việc tại Nam Định")
    seen = {(pm.start, pm.name) for pm in scan.provinces}
    scan.provinces = sorted(scan.provinces + [pm for pm in places.bare_provinces(text, 0, lead_end)
                                              if (pm.start, pm.name) not in seen
                                              and not any(q.start <= pm.start < q.end for q in scan.provinces)],
                            key=lambda pm: pm.start)
    # a province named as where a road leads ("cầu nối thị xã A với tỉnh B")
    scan.provinces = [pm for pm in scan.provinces if not _route_end(text, pm.start)]
    captions = segment.caption_spans(body)
    sents = segment.sentences(body)

    # -- which units were visited, and where each part of the story starts
    place_starts = [p.start for p in scan.places]
    province_starts = [pm.start for pm in scan.provinces]  # in order (sorted above)
    visit_sents = []
    for s in sents:
        if s.start < body_start and not (title_ev and s.start >= title_ev.start):
            continue
        if not _shows_visit(s.sentence):
            continue
        if s.start >= body_start and not ref.search(s.sentence):
            continue
        visit_sents.append(s)
    units: dict[str, _Unit] = {}
    visitor_names = {fold(o.name) for o in offs}
    anchors: list[tuple[int, list[str]]] = []
    groups: dict[int, list[places.PlaceMention]] = {}
    for p in scan.places:
        groups.setdefault(p.group, []).append(p)
    visit_province: Counter[str] = Counter()
    for s in visit_sents:
        lo = bisect.bisect_left(place_starts, s.start)
        hi = bisect.bisect_left(place_starts, s.end)
        keys: list[str] = []
        titled = [(m.start, m.end) for m in officials_mod.mentions(text, s.start, s.end)
                  if fold(m.name) in visitor_names] if hi > lo else []
        for p in scan.places[lo:hi]:
            if _route_end(body, p.start):
                continue  # "Dự án đường nối TP Hạ Long với TP Cẩm Phả": where a road goes
            if any(a <= p.start < b for a, b in titled) or _title_subject(text[s.start:p.start]):
                continue  # "Chủ tịch UBND huyện Mộc Châu": the visitor's own unit, named in the title
            for q in groups.get(p.group, [p]):
                key = fold(q.name)
                if key not in keys:
                    keys.append(key)
                u = units.get(key)
                if u is None:
                    pos = s.start if s.start >= body_start else len(text)
                    units[key] = _Unit(key, Place(q.name, q.type, q.district, q.province,
                                                  segment.Evidence(s.sentence, s.start, s.end)), pos,
                                       q.start if s.start >= body_start else len(text), _named(s.sentence, offs))
                else:
                    if s.start >= body_start and u.first > s.start:
                        u.first = s.start
                        u.at = q.start
                        u.who = _named(s.sentence, offs) or u.who
                    if not u.place.district and q.district:
                        u.place.district = q.district
                    if not u.place.province and q.province:
                        u.place.province = q.province
        for pm in scan.provinces[bisect.bisect_left(province_starts, s.start):
                                 bisect.bisect_left(province_starts, s.end)]:
            visit_province[pm.name] += 1
        if s.start >= body_start and not segment.in_spans(s.start, captions):
            if keys:
                # units named one after another ("dâng hương tại xã A và thăm
                # phường B"): the story goes on in the last; a list is joint
                last_group = scan.places[hi - 1].group if hi > lo else None
                tail = [fold(q.name) for q in groups.get(last_group, [])]
                anchors.append((s.start, [k for k in keys if k in tail] or keys))
            elif _PROVINCE_SESSION.search(s.sentence):
                anchors.append((s.start, [""]))  # a working session with the province
    # a title given by the source, outside the text, names units too
    if external_title and _shows_visit(external_title):
        outside = places.scan(external_title)
        for q in outside.places:
            key = fold(q.name)
            if key not in units:
                units[key] = _Unit(key, Place(q.name, q.type, q.district, q.province), len(text), len(text))
        for pm in outside.provinces:
            visit_province[pm.name] += 1
    # "Tại xã Tống Sơn, ..." opens that unit's part even without the official's name
    for s in sents:
        if s.start < body_start or not _OPENS_UNIT.match(s.sentence):
            continue
        lo = bisect.bisect_left(place_starts, s.start)
        if lo < len(scan.places) and scan.places[lo].start < s.start + 40:
            key = fold(scan.places[lo].name)
            if key in units:
                anchors.append((s.start, [key]))
    # "Kết luận buổi làm việc, ..." returns to the unit of the working session
    # (after a site visit told in between)
    session_keys = next((keys for at, keys in anchors if keys != [""] and any(
        _WORKING.search(s.sentence) for s in visit_sents if s.start == at)), None)
    if session_keys:
        for s in sents:
            if s.start >= body_start and _CONCLUDES.match(s.sentence):
                lo = bisect.bisect_left(place_starts, s.start)
                if not (lo < len(scan.places) and scan.places[lo].start < s.end):
                    anchors.append((s.start, session_keys))
    anchors.sort(key=lambda a: a[0])

    # a district named only in the title ("thị sát ... ở quận 7") as the
    # district of the wards the body shows visited is where they lie, not a
    # visit of its own
    districts_of = {fold(u.place.district) for u in units.values() if u.place.district}
    for key in [k for k, u in units.items() if u.first == len(text) and k in districts_of
                and u.place.type in places.DISTRICT_TYPES]:
        if any(u.first < len(text) for u in units.values()):
            del units[key]
    district_level = _lowercase_district(text, body_start, body_end, offs) if not units else None
    if district_level:
        units[fold(district_level.name)] = _Unit(fold(district_level.name), district_level, body_start)

    # -- is there a visit at all?
    lead_visit = _lead_visit(sents, title_ev or (segment.Evidence(external_title, 0, 0) if external_title else None),
                             body_start, lead_end, ref)
    if not units and lead_visit:
        # with no unit visited, a visit is a session in a province ("làm việc
        # với Ban Thường vụ Tỉnh ủy Cà Mau", "khảo sát cầu nối tỉnh Sóc Trăng
        # với tỉnh Trà Vinh"); a working session at a ministry is not one
        head_end = lead_end
        named = [pm for pm in scan.provinces if pm.start < head_end]
        if not named and not (external_title and any(
                places._province_canonical(w) for w in re.findall(r"[A-ZÀ-ỸĐ][\wÀ-ỹ]*(?: [A-ZÀ-ỸĐ][\wÀ-ỹ]*)*",
                                                                  external_title))):
            # no province either: only a site the official went out to see
            # ("đi kiểm tra tiến độ Dự án cao tốc ...") is a visit
            lead_visit = _lead_visit(sents, title_ev or (segment.Evidence(external_title, 0, 0)
                                                         if external_title else None),
                                     body_start, lead_end, ref, site_only=True)
    first_body = next((s for s in visit_sents if s.start >= body_start), None)
    home_site = False
    if _at_home(offs, units):
        if first_body is not None and _shows_site_visit(first_body.sentence) and not units and len(offs) == 1:
            # out at a site in their own commune ("kiểm tra tiến độ xây dựng
            # Nhà văn hóa thôn ...") is a visit there; a meeting at home is not
            home = [p for p in places.scan(offs[0].title or "").places if p.type in places.COMMUNE_TYPES]
            for p in home[:1]:
                units[fold(p.name)] = _Unit(fold(p.name), Place(p.name, p.type, p.district, p.province,
                                                                 segment.Evidence(first_body.sentence, first_body.start,
                                                                                  first_body.end)),
                                            first_body.start, first_body.start, _named(first_body.sentence, offs))
            lead_visit = home_site = bool(units)
        else:
            units, lead_visit = {}, False
    if not units and not lead_visit:
        return out
    # the delegation, looked for only now: most articles of an archive show no visit
    try:
        out.delegation = list(ex["delegation"](body))
    except Exception:  # an extractor's failure must not lose the article
        out.delegation = []

    # -- province (not the one in the visitor's own title: "Bí thư Thành ủy TPHCM")
    own = [(m.start, m.end) for m in officials_mod.mentions(text, body_start, lead_end)]
    all_provinces = scan.provinces
    scan.provinces = [pm for pm in all_provinces if not any(a <= pm.start < b for a, b in own)]
    province = _province(scan, visit_province, units, body_start, lead_end, text, year)
    if province is None:
        province = _source_province(text[body_end:])
    if province is None and len(scan.provinces) < len(all_provinces):
        # a provincial leader at home: the province is only in their title
        scan.provinces = all_provinces
        province = _province(scan, visit_province, units, body_start, lead_end, text, year)
    for u in units.values():
        if not u.place.province:
            u.place.province = province
        if u.place.type is None:
            u.place.type = "xã"

    # -- dates per unit: the last event date before it first appears
    mentions = dates.event_dates(text[body_start:body_end])
    starts = [body_start + m.start for m in mentions]

    def date_at(pos: int) -> str | None:
        i = bisect.bisect_right(starts, pos) - 1
        if i < 0:
            return lead_date
        m = mentions[i]
        return dates.iso(m.year or year, m.month, m.day)

    # the main date is the one the first visit sentence gives, when it gives one
    for s in visit_sents:
        if s.start < body_start:
            continue
        inside = [m for m, at in zip(mentions, starts) if s.start <= at < s.end]
        if inside:
            lead_date = dates.iso(inside[0].year or year, inside[0].month, inside[0].day)
        break

    ordered = sorted(units.values(), key=lambda u: u.first)
    province_unit = _Unit("", Place(""), body_start)  # commune-less part
    first_anchor = anchors[0][0] if anchors else None
    anchor_starts = [a[0] for a in anchors]

    def unit_of(key: str) -> list[_Unit]:
        return [province_unit] if key == "" else [units[key]] if key in units else []

    def home(pos: int) -> list[_Unit]:
        if not units:
            return [province_unit]
        ci = bisect.bisect_right(captions, (pos, float("inf"))) - 1
        if ci >= 0 and captions[ci][0] <= pos < captions[ci][1]:
            # a photo caption naming one visited unit shows that unit
            lo = bisect.bisect_left(place_starts, captions[ci][0])
            hi = bisect.bisect_left(place_starts, captions[ci][1])
            named = {fold(p.name) for p in scan.places[lo:hi]} & set(units)
            if len(named) == 1:
                return [units[named.pop()]]
        if first_anchor is None:
            return [ordered[0]]
        i = bisect.bisect_right(anchor_starts, pos) - 1
        if i < 0:
            return [province_unit] if pos >= lead_end else unit_of(anchors[0][1][0]) or [ordered[0]]
        return [u for k in anchors[i][1] for u in unit_of(k)] or [ordered[0]]

    # -- directives
    try:
        found_d = list(ex["directives"](body, home_speaker=True) if home_site else ex["directives"](body))
    except Exception:
        found_d = []
    villages = places.hamlets(body)
    folds: dict[str, str] = {}

    def fold_once(t: str) -> str:
        # a directive's text is folded for the units it names, then again
        # for each unit it is filed under: once is enough
        k = folds.get(t)
        if k is None:
            k = folds[t] = fold(t)
        return k

    for d in found_d:
        pos = d.evidence.start if d.evidence else 0
        if segment.in_spans(pos, captions):
            continue
        targets = _addressed(d, units, villages, fold_once)
        if not targets:
            targets = home(pos)
            if (len(units) > 1 and len(targets) == 1 and targets[0] is not province_unit
                    and _JOINT.search(d.evidence.sentence if d.evidence else d.text)):
                targets = list(units.values())  # "hai phường", "các địa phương" together
        for u in targets:
            u.records["d"].append(d)
    for kind, name in (("f", "figures"), ("p", "projects"), ("g", "gifts")):
        try:
            items = list(ex[name](body))
        except Exception:
            items = []
        for item in items:
            pos = item.evidence.start if getattr(item, "evidence", None) else 0
            where = home(pos)
            where[0].records[kind].append(item)

    visits: list[tuple[str, int, Visit]] = []
    if province_unit.records["d"] or (not units):
        session = next((a[0] for a in anchors if a[1] == [""]), None)
        when = lead_date
        if session is not None:
            end = _sentence_end(body, session)
            if any(session <= at < end for at in starts) or session < lead_end:
                when = date_at(end)  # the session's own date; else the article's main date
        visits.append((when or "", session or 0, _visit(province_unit, None, when, offs, fold_once)))
    elif province_unit.records["f"] or province_unit.records["p"] or province_unit.records["g"]:
        target = ordered[0]
        for kind in ("f", "p", "g"):
            target.records[kind] = province_unit.records[kind] + target.records[kind]
    for u in ordered:
        when = date_at(u.at) if 0 <= u.at < len(text) else lead_date
        visits.append((when or "", u.first, _visit(u, u.place, when, u.who or offs, fold_once)))
    # an official named in no visit sentence (one who only gave instructions)
    # was there throughout
    placed = {o.name for _, _, v in visits for o in v.officials}
    for o in offs:
        if o.name not in placed:
            for _, _, v in visits:
                v.officials.append(Official(o.name, o.title, o.evidence))
    # in the order they happened (then as told)
    out.visits = [v for _, _, v in sorted(visits, key=lambda item: (item[0], item[1]))]
    out.province = province
    return out


_TITLE_WORDS = {"phó", "chủ", "tịch", "bí", "thư", "thường", "trực", "ubnd", "hđnd", "ủy", "uỷ", "ban", "nhân",
                "dân", "huyện", "quận", "thị", "đảng", "hội", "đồng", "đồng chí"}
_UNIT_TAIL = {"huyện", "quận", "xã", "phường", "trấn", "thị xã", "phố", "tp", "tp.", "khu"}


def _title_subject(prefix: str) -> bool:
    """Whether a sentence opens with a title that ends with the unit word of
    the place that follows ("Chủ tịch UBND huyện | Mộc Châu kiểm tra ...")."""
    words = prefix.lower().split()
    if len(words) < 3 or len(words) > 8 or words[-1] not in _UNIT_TAIL:
        return False
    return all(w in _TITLE_WORDS or w in _UNIT_TAIL for w in words[:-1]) and words[0] in {"phó", "chủ", "bí"}


def _at_home(offs: list[Official], units: dict[str, _Unit]) -> bool:
    """Whether a commune's own officials are at work in their own commune
    ("Chủ tịch UBND xã Tân Hội đối thoại với nông dân"): not a visit."""
    if not offs:
        return False
    own: set[str] = set()
    for o in offs:
        home = [p for p in places.scan(o.title or "").places if p.type in places.COMMUNE_TYPES]
        if not home:
            return False
        own.update(fold(p.name) for p in home)
    return set(units) <= own


# A unit named as where a road or line runs, not where the official went.
_ROUTE = re.compile(
    r"(?:(?<![\wÀ-ỹ])(?:nối|nối liền|đi qua|chạy qua|đoạn qua|đoạn đi qua)|(?P<joined>(?<![\wÀ-ỹ])(?:với|đến|tới)))\s+"
    r"(?:thành phố|TP\.?|thị xã|TX\.?|huyện|quận|xã|phường|thị trấn|tỉnh)\s*$",
    re.IGNORECASE,
)


def _route_end(text: str, name_start: int) -> bool:
    """Whether the unit named at ``name_start`` is an end of a route ("nối
    TP A với TP B", "đoạn qua huyện C")."""
    m = _ROUTE.search(text, max(0, name_start - 30), name_start)
    if not m:
        return False
    if m.group("joined"):
        return bool(re.search(r"(?<![\wÀ-ỹ])nối(?![\wÀ-ỹ])", text[max(0, m.start() - 80):m.start()]))
    return True


def _sentence_end(text: str, start: int) -> int:
    """End of the sentence starting at ``start`` (for the date it gives)."""
    m = re.compile(r"[.!?\n]").search(text, start)
    return m.start() if m else len(text)


def _named(sentence: str, offs: list[Official]) -> list[Official]:
    """The officials a sentence names, when there are several to tell apart."""
    if len(offs) < 2:
        return []
    return [o for o in offs if o.name in sentence]


def _visit(unit: _Unit, place: Place | None, date: str | None, offs: list[Official], fold_=fold) -> Visit:
    return Visit(
        date=date,
        officials=[Official(o.name, o.title, o.evidence) for o in offs],
        commune=place,
        projects=_dedupe(unit.records["p"], lambda p: p.name, fold_),
        gifts=_dedupe(unit.records["g"], lambda g: g.name, fold_),
        figures=unit.records["f"],
        directives=_dedupe(unit.records["d"], lambda d: d.text, fold_),
    )


def _dedupe(items: list, key, fold_=fold) -> list:
    seen: set[str] = set()
    out = []
    for item in items:
        k = fold_(key(item))
        if k not in seen:
            seen.add(k)
            out.append(item)
    return out


def _addressed(d: Directive, units: dict[str, _Unit], villages: dict[str, str], fold_=fold) -> list[_Unit]:
    """Units a directive names ("đề nghị xã Phùng Xá ...", "Đối với xã Tống
    Sơn, đồng chí đề nghị ...", or a village of one: "nhân dân thôn Chí
    Trung").  A city that shares its province's name must be written with
    its unit word ("TP Nam Định"), or the province is meant."""
    if not units:
        return []
    sentence = d.evidence.sentence if d.evidence else ""
    at = sentence.find(d.text[:30]) if sentence else -1
    preamble = sentence[:at] if at > 0 else ""
    hits: list[_Unit] = []
    for where in (d.text, preamble):
        folded = " " + fold_(where) + " "
        for key, u in units.items():
            if u in hits or f" {key} " not in folded or not _names_unit(folded, key):
                continue
            if gazetteer.is_province(u.place.name):
                unit_words = r"(?:thành phố|TP\.?|thị xã|huyện|quận|xã|phường|thị trấn)\s*"
                if not re.search(unit_words + re.escape(u.place.name), where, re.IGNORECASE):
                    continue
            hits.append(u)
        if hits:
            return hits
    for name in places.hamlet_names(d.text) or places.hamlet_names(sentence):
        unit = units.get(fold(villages.get(name, "")))
        if unit is not None and unit not in hits:
            hits.append(unit)
    return hits


# Folded words after which a unit's bare name addresses the unit ("đề nghị
# Tống Sơn ...", "xã Tống Sơn", "cho Hà Trung"); after another noun the name
# belongs to a thing ("vùng bưởi Phúc Trạch").
_ADDRESS_BEFORE = {
    "", "xa", "phuong", "huyen", "quan", "tran", "pho", "tp", "khu", "tai", "o", "cho", "cua", "voi", "va",
    "doi", "nghi", "cau", "giao", "y", "dao", "muon", "nhac", "nho", "hai", "ba", "rieng", "ve", "den", "tinh",
    "uy", "ubnd", "hdnd", "dan", "bo", "quyen", "can", "phai", "tu",
}


def _names_unit(folded: str, key: str) -> bool:
    """Whether the folded text names the unit ``key`` as a place, not inside
    a thing's name: some occurrence follows a unit word, a preposition or a
    verb of address."""
    at = folded.find(f" {key} ")
    while at != -1:
        before = folded[:at].split()
        if not before or before[-1] in _ADDRESS_BEFORE:
            return True
        at = folded.find(f" {key} ", at + 1)
    return False


def _source_province(tail: str) -> str | None:
    """A province named by the source credited at the end ("Theo Báo Hưng Yên")."""
    m = re.search(r"\bBáo ([A-ZÀ-ỸĐ][\wÀ-ỹ]*(?: [A-ZÀ-ỸĐ][\wÀ-ỹ]*){0,2})", tail)
    if not m:
        return None
    return places._province_canonical(m.group(1))


# Verbs that show a working session, which may be held anywhere (at a
# ministry too); the other visit verbs show the official out at a site.
_SESSION_ONLY = {"làm việc", "có mặt", "đối thoại", "động viên"}


def _shows_site_visit(sentence: str) -> bool:
    """Whether a sentence shows the official out at a site ("kiểm tra", "khảo
    sát", "thăm" ...), not only in a working session."""
    for m in _VISIT_VERB.finditer(sentence):
        if m.group(0).lower() in _SESSION_ONLY:
            continue
        if not _INSTRUCTS.search(sentence, 0, m.start()):
            return True
    return False


def _lead_visit(sents, title_ev, body_start: int, lead_end: int, ref: _Ref,
                site_only: bool = False) -> bool:
    """Whether the title or the lead shows the official visiting or working
    somewhere (and not meeting, receiving or writing); with ``site_only``,
    out at a site."""
    shows = _shows_site_visit if site_only else _shows_visit
    candidates = [s for s in sents if body_start <= s.start < lead_end]
    if title_ev is not None:
        candidates.insert(0, title_ev)
    saw_meeting = False
    for s in candidates:
        if _MEETING.search(s.sentence):
            saw_meeting = True
            continue
        if shows(s.sentence) and (ref.search(s.sentence) or s is title_ev):
            return not saw_meeting or s is not title_ev
    return False


def _province(scan, visit_province: Counter, units: dict[str, _Unit], body_start: int, lead_end: int,
              text: str, year: int | None) -> str | None:
    """The province of the visit: as the visit sentences and the lead name it,
    else as the article names it most, else the one province the gazetteer
    gives for all visited units."""
    counts: Counter[str] = Counter()
    for u in units.values():
        if u.place.province:
            counts[u.place.province] += 2
    counts.update(visit_province)
    for pm in scan.provinces:
        if body_start <= pm.start < lead_end:
            counts[pm.name] += 1
    if counts:
        return _first_most_common(counts, scan)
    every = Counter(pm.name for pm in scan.provinces)
    if every:
        return _first_most_common(every, scan)
    source = _source_province(text[-300:])
    if source:
        return source
    # an urban district of a centrally-run city before 2025 ("quận Gò Vấp",
    # "phường 5, quận Gò Vấp", "TP Thủ Đức") gives its city
    cities = set()
    for u in units.values():
        if u.place.type in ("quận", "thành phố"):
            cities.add(gazetteer.city_of_district(u.place.name, u.place.type))
        elif u.place.district:
            cities.add(gazetteer.city_of_district(u.place.district, "quận"))
    cities.discard(None)
    if len(cities) == 1:
        return cities.pop()
    # today's gazetteer speaks for today's units only: not for an article
    # dated before the July 2025 reform, nor for districts and townships,
    # which no longer exist
    if year is not None and year < 2025:
        return None
    if any(u.place.type not in gazetteer.COMMUNE_TYPES for u in units.values()):
        return None
    candidates: set[str] | None = None
    for u in units.values():
        found = {c["province"] for c in gazetteer.find_communes(u.place.name)
                 if not u.place.type or c["type"] == u.place.type}
        if not found:
            continue
        candidates = found if candidates is None else candidates & found
    if candidates and len(candidates) == 1:
        return candidates.pop()
    return None


def _first_most_common(counts: Counter, scan) -> str:
    best = max(counts.values())
    tied = {name for name, n in counts.items() if n == best}
    for pm in scan.provinces:
        if pm.name in tied:
            return pm.name
    return sorted(tied)[0]


def _lowercase_district(text: str, body_start: int, body_end: int, offs: list[Official]) -> Place | None:
    """A district official visiting "trên địa bàn huyện" with no unit named:
    the district named elsewhere in the article, even in lower case."""
    if not any(o.title and "huyện" in o.title.lower() for o in offs):
        return None
    body = text[body_start:body_end]
    if "địa bàn huyện" not in body:
        return None
    name = places.lowercase_unit(body, "huyện")
    return Place(name, "huyện") if name else None
