"""Administrative units named in an article, and which of them were visited.

``place_mentions`` finds every unit written with its unit word ("xã Hà
Trung", "phường 16, quận 4", "TP.Trà Vinh", "Quận 9"), lists that share one
unit word ("hai xã Hà Trung, Tống Sơn", "phường Bỉm Sơn và Quang Trung"), the
district and province written after a comma or in brackets ("xã Trí Phải
(huyện Thới Bình)", "thôn Hành Thiện (Xuân Hồng, Xuân Trường, Nam Định)",
"xã Phong Phú thuộc huyện Tân Lạc, tỉnh Hòa Bình").  Provinces and
centrally-run cities ("tỉnh Hòa Bình", "TP. Hải Phòng", "Tỉnh ủy Bình
Thuận", "TP.HCM") are ``province_mentions``.

Which units count as visited is decided by the pipeline from the sentences
they stand in (a unit merely named in a report is not a visit).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from visitctl import gazetteer
from visitctl.extract.normalize import fold
from visitctl.extract.officials import _TIER1

_U = "A-ZÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬĐÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴ"
_W = r"[\w’'‘-]"
_CAPNAME = rf"[{_U}]{_W}*(?: [{_U}]{_W}*){{0,3}}"
_NAME = rf"(?:\d{{1,2}}(?![\d/.,]\d)|{_CAPNAME})"

# Unit words, longest first; matched case-insensitively on the first letter only.
_UNITS = {
    "thị trấn": "thị trấn", "thị xã": "thị xã", "thành phố": "thành phố", "đặc khu": "đặc khu",
    "phường": "phường", "huyện": "huyện", "quận": "quận", "tỉnh": "tỉnh", "xã": "xã",
    "tp.": "thành phố", "tp": "thành phố", "q.": "quận", "p.": "phường", "tx.": "thị xã", "tx": "thị xã",
    "tt.": "thị trấn",
}
_UNIT_WORD = (r"(?:[Tt]hị trấn|[Tt]hị xã|[Tt]hành phố|[Đđ]ặc khu|[Pp]hường|[Hh]uyện|[Qq]uận|[Tt]ỉnh|(?<![Hh]ợp tác )[Xx]ã|"
              r"T[Pp]\.?|TX\.?|TT\.|Q\.|P\.)")
_PLURAL_WORDS = ("hai", "ba", "bốn", "năm", "các", "những")
_PLURAL_LAST = {w[-1] for w in _PLURAL_WORDS}  # a quick test before looking closer
_PLURAL = r"(?:(?:hai|ba|bốn|năm|các|những|\d{1,2})\s+)"
# Words between a unit word and its name: "xã Anh hùng Trí Phải", "xã điểm Phùng Xá".
_EPITHET = (r"(?:(?:[Aa]nh hùng|điểm|miền núi|biên giới|đảo|vùng cao|nông thôn mới|nông thôn mới kiểu mẫu|"
            r"đặc biệt khó khăn|ven biển|cù lao) (?=[A-ZÀ-ỸĐ\d]))?")
# "thị trấn huyện Cao Phong" is the township of the district of that name.
_MENTION = re.compile(
    rf"(?<![\w.])(?P<plural>{_PLURAL})?(?P<unit>{_UNIT_WORD})(?: (?P<unit2>huyện|tỉnh))?(?:(?<=[a-zà-ỹ]):)? ?{_EPITHET}(?P<name>{_NAME})(?![\w’])"
)
# Where a unit word of ``_MENTION`` may start (more places than it does): at
# the start of a word, one of its first letters followed by the rest of a unit
# word.  Each first letter is written as a literal so that the regex engine
# skips straight to those letters instead of trying every position, and only
# that letter is consumed, so that "xã" inside "thị xã" is found too.
_UNIT_AT = re.compile(
    "|".join(rf"{first}(?<![\w.].)(?={rest})" for first, rest in (
        ("T", r"hị trấn|hị xã|hành phố|ỉnh|[PpXT]"), ("t", r"hị trấn|hị xã|hành phố|ỉnh"),
        ("Đ", "ặc khu"), ("đ", "ặc khu"), ("P", r"hường|\."), ("p", "hường"), ("H", "uyện"), ("h", "uyện"),
        ("Q", r"uận|\."), ("q", "uận"), ("X", "ã"), ("x", "ã")))
)
_DASHED = re.compile(rf" ?[-–] ?({_CAPNAME})(?![\w’])")
_MORE = re.compile(rf" ?(?:,|\bvà\b) ?(?P<name>{_CAPNAME})(?![\w’])")
_BRACKET = re.compile(r" ?\((?P<inner>[^()\n]{1,80})\)")
_AFTER_COMMA = re.compile(rf" ?(?:,|\bthuộc\b) ?(?:(?P<unit>{_UNIT_WORD}) ?)?(?P<name>{_CAPNAME}|\d{{1,2}})(?![\w’])")
_COMMITTEE_ORGS = ("Huyện ủy", "Quận ủy", "Thị ủy")
_COMMITTEE = re.compile(
    rf"(?:làm việc với|thăm|kiểm tra|về) (?:(?:Ban Thường vụ|Thường trực|Ban Chấp hành|tập thể lãnh đạo|lãnh đạo) )?"
    rf"(?P<org>{'|'.join(_COMMITTEE_ORGS)}) (?P<name>{_CAPNAME})"
)


def _at_word_start(words: tuple[str, ...], before: str = r"\w") -> str:
    """``(?<![before])(?:word|word...)`` written with the look-behind after
    each word's first letter (it then looks at the two characters before the
    word's second letter): alternatives that open with a literal let the regex
    engine skip ahead to their first letters."""
    return "(?:" + "|".join(f"{re.escape(w[0])}(?<![{before}].){re.escape(w[1:])}" for w in words) + ")"


_HAMLET_WORDS = ("thôn", "xóm", "ấp", "bản", "làng", "khu phố", "tổ dân phố", "buôn", "khóm")
_HAMLET_WORD = _at_word_start(_HAMLET_WORDS)  # (?<![\w])(?:thôn|xóm|...)
_SUB_COMMUNE = re.compile(
    rf"{_HAMLET_WORD}\s+{_CAPNAME}\s*\((?P<inner>[^()\n]{{1,80}})\)"
)
# Provinces through their party committee or people's committee.
_ORG_PROVINCE = re.compile(rf"(?:Tỉnh ủy|Thành ủy|UBND tỉnh|UBND TP\.?|HĐND tỉnh|Báo)\s+(?P<name>{_CAPNAME}|TP\.?\s*HCM|TPHCM)")
# (?<![\w.])(?:TP\.?\s?HCM|TPHCM|TP\.?\s?Hồ Chí Minh|Thành phố Hồ Chí Minh)(?!\w), opening with
# its literal "T" so that the regex engine skips ahead to it
_BARE_HCM = re.compile(r"T(?<![\w.]T)(?:P\.?\s?HCM|PHCM|P\.?\s?Hồ Chí Minh|hành phố Hồ Chí Minh)(?!\w)")
# Capitalised words that start no place name.
_NOT_NAME = {"nhan dan", "dang bo", "nha nuoc", "chinh phu", "trung uong", "tinh uy", "mat tran", "cong an",
             "quan doi", "ubnd", "hdnd", "dang", "ban", "so", "bo", "doan", "hoi", "anh", "me", "uy ban"}
# Capitalised words that end a place name: a title, a time, a new sentence.
_STOP = {
    "Phó", "Tổng", "Bí", "Chủ", "Thủ", "Bộ", "Ủy", "Trưởng", "Giám", "Sở", "Ban", "Đoàn",
    "UBND", "HĐND", "Sáng", "Chiều", "Trưa", "Tối", "Ngày", "Hôm", "Tại", "Trong", "Theo", "Sau",
    "Trước", "Cùng", "Các", "Những", "Đây", "Tỉnh", "Huyện", "Quận", "Xã", "Phường", "Ảnh", "Bác", "Mẹ",
}
# The patterns used inline below, compiled once.
_UNIT_WORD_B = re.compile(_UNIT_WORD + r"\b")
_UNIT_WORD_S = re.compile(_UNIT_WORD + r"\s")
_UNIT_PART = re.compile(rf"(?P<unit>{_UNIT_WORD})\s*(?P<name>.+)$")
_LIST_JOIN = re.compile(r" ?(?:,|và|, và) ?")
_CAP_START = re.compile(rf"[{_U}]")
_DISTRICT_NUMBER = re.compile(r"\d{1,2}")
_THEN_PROVINCE = re.compile(r"\s*,\s*tỉnh\s")
_CENTRAL = {"ha noi", "ho chi minh", "hcm", "hai phong", "da nang", "can tho", "hue"}
COMMUNE_TYPES = ("xã", "phường", "thị trấn", "đặc khu")
DISTRICT_TYPES = ("huyện", "quận", "thị xã", "thành phố")


@dataclass
class PlaceMention:
    name: str
    type: str | None
    start: int  # of the name in the text
    end: int
    district: str | None = None
    province: str | None = None
    plural: bool = False
    group: int = -1  # mentions written in one list share a group


@dataclass
class ProvinceMention:
    name: str  # canonical spelling (pre-2025 or today's)
    start: int
    end: int


@dataclass
class _Scan:
    places: list[PlaceMention] = field(default_factory=list)
    provinces: list[ProvinceMention] = field(default_factory=list)


def _unit_type(word: str) -> str:
    return _UNITS[word.lower()]


def _ok_name(name: str) -> bool:
    key = fold(name)
    first2 = " ".join(key.split()[:2])
    return bool(key) and key not in _NOT_NAME and first2 not in _NOT_NAME and key.split()[0] not in {"ubnd", "hdnd"}


_NAME_FINAL = {"Đông", "Tây", "Nam", "Bắc", "Thượng", "Hạ", "Trung", "Nhất", "Nhì", "Ngoại", "Nội", "Tiến", "Mới"}


def _trim_name(name: str) -> str:
    """Drop trailing words that belong to the sentence, not the name: a
    personal name right after a place ("TP.HCM Nguyễn Thiện Nhân")."""
    words = name.strip(" -’'").split()
    for i in range(1, len(words)):
        if words[i] in _STOP or words[i] in _TIER1 and (i < len(words) - 1 or len(words) > 2):
            words = words[:i]
            break
    # "Đại Từ Bức": keep the longest part the gazetteer knows (but "Vân
    # Khánh Tây", "Hải Ninh Đông" end with a word of the name)
    if len(words) > 2 and words[-1] not in _NAME_FINAL and not gazetteer.find_communes(" ".join(words)):
        for n in range(len(words) - 1, 1, -1):
            if gazetteer.find_communes(" ".join(words[:n])) or gazetteer.is_province(" ".join(words[:n])):
                words = words[:n]
                break
    return " ".join(words)


# A name's last word that opens a common phrase instead ("xã Hòa Đồng chí"
# cannot be, "... Phong Phú Nhân dân" can): dropped when the phrase follows.
_PHRASE_START = {"Đồng": "chí", "Nhân": "dân", "Đảng": ("bộ", "ủy", "viên")}


def _drop_phrase_start(name: str, text: str, end: int) -> str:
    words = name.split()
    follow = _PHRASE_START.get(words[-1]) if len(words) > 1 else None
    if follow and text[end:end + 6].lstrip().startswith(follow):
        return " ".join(words[:-1])
    return name


def _province_canonical(name: str) -> str | None:
    """Canonical spelling of a province name (pre-2025 or today's); the
    longest leading part of ``name`` that is one ("Hà Nội Hoàng" -> "Hà Nội")."""
    words = name.split()
    for n in range(len(words), 0, -1):
        part = " ".join(words[:n])
        old = gazetteer.old_province(part)
        if old:
            return old
        new = gazetteer.find_province(part)
        if new:
            return new
    return None


def _unit_mentions(text: str) -> Iterator[re.Match[str]]:
    """The matches of ``_MENTION.finditer(text)``, trying ``_MENTION`` only
    where a match can start: at a unit word, or at a plural word ("hai",
    "các", "12" ...) and the spaces before one."""
    starts: set[int] = set()
    for u in _UNIT_AT.finditer(text):
        at = u.start()
        starts.add(at)
        gap = at
        while gap and text[gap - 1].isspace():
            gap -= 1
        if gap == at or not gap:  # no spaces, or nothing before them
            continue
        if text[gap - 1] in _PLURAL_LAST:
            for word in _PLURAL_WORDS:
                if text.endswith(word, 0, gap):
                    starts.add(gap - len(word))
        elif text[gap - 1].isdecimal():
            starts.add(gap - 1)
            if gap > 1 and text[gap - 2].isdecimal():
                starts.add(gap - 2)
    pos = 0
    for at in sorted(starts):
        if at < pos:
            continue
        m = _MENTION.match(text, at)
        if m:
            yield m
            pos = m.end()


def scan(text: str) -> _Scan:
    """All place and province mentions in ``text``, in order of position."""
    out = _Scan()
    group = 0
    group_at: dict[int, int] = {}  # where each list's first unit word starts
    consumed = -1  # qualifiers already read ("..., huyện Cao Phong") are not units of their own
    for m in _unit_mentions(text):
        if m.start() < consumed:
            continue
        unit = m.group("unit")
        utype = _unit_type(unit)
        name = _trim_name(_drop_phrase_start(m.group("name"), text, m.end("name")))
        if m.group("unit2"):
            # "thị trấn huyện Cao Phong"
            if utype not in ("thị trấn", "thành phố", "thị xã"):
                utype = _unit_type(m.group("unit2"))
        if name.isdigit() and utype not in ("phường", "quận"):
            continue
        if utype == "thành phố" and name.split()[0] in _TIER1 and not gazetteer.is_province(name):
            continue  # "Chủ tịch UBND Thành phố Nguyễn Văn Tùng": a person
        if not _ok_name(name):
            continue
        nstart = m.start("name")
        nend = nstart + len(name)
        # today's names joined by a dash ("phường Lâm Viên - Đà Lạt"), when the gazetteer knows them
        dash = _DASHED.match(text, nend)
        if dash and utype in COMMUNE_TYPES:
            joined = f"{name} - {_trim_name(dash.group(1))}"
            if any(c["type"] == utype for c in gazetteer.find_communes(joined)):
                name, nend = joined, dash.start(1) + len(_trim_name(dash.group(1)))
        if utype == "tỉnh" or (utype == "thành phố" and (fold(name) in _CENTRAL or gazetteer.key(name) in _CENTRAL)):
            canon = _province_canonical(name)
            if canon:
                out.provinces.append(ProvinceMention(canon, nstart, nend))
            continue
        group += 1
        first = PlaceMention(name, utype, nstart, nend, plural=bool(m.group("plural")), group=group)
        items = [first]
        pos = m.end()
        # lists: "hai xã Hà Trung, Tống Sơn", "phường Bỉm Sơn và Quang Trung"
        while True:
            more = _MORE.match(text, pos)
            if not more:
                break
            nm = _trim_name(more.group("name"))
            if not _ok_name(nm) or _UNIT_WORD_B.match(nm):
                break
            if gazetteer.is_province(nm):
                break
            if nm.split()[0] in _STOP or nm.split()[0] in _TIER1:
                break
            if not first.plural and "và" not in more.group(0) and not any(
                    c["name"].lower() == nm.lower() and c["type"] == utype for c in gazetteer.find_communes(nm)):
                break
            items.append(PlaceMention(nm, utype, more.start("name"), more.start("name") + len(nm),
                                      plural=first.plural, group=group))
            pos = more.end()
        # district/province after a comma, "thuộc", or in brackets
        district, province, consumed = _qualifiers(text, pos, utype)
        for item in items:
            item.district = district if utype in COMMUNE_TYPES else None
            item.province = province
        # "phường Tân Phong và phường Phú Mỹ (quận 7)": the qualifier is the
        # whole list's
        if district or province:
            at = m.start()
            for prev in reversed(out.places):
                if prev.type != utype or prev.district or not _LIST_JOIN.fullmatch(text[prev.end:at]):
                    break
                prev.district = district if utype in COMMUNE_TYPES else None
                prev.province = prev.province or province
                at = group_at.get(prev.group, prev.start)
        group_at[group] = m.start()
        out.places.extend(items)
        if province:
            out.provinces.append(ProvinceMention(province, pos, pos + 1))
    # "làm việc với Ban Thường vụ Huyện ủy Tây Sơn": the district itself
    # (looked for only when the text has one of the committees it needs)
    for m in _COMMITTEE.finditer(text) if any(org in text for org in _COMMITTEE_ORGS) else ():
        name = _trim_name(m.group("name"))
        if not _ok_name(name):
            continue
        group += 1
        utype = {"huyện ủy": "huyện", "quận ủy": "quận", "thị ủy": "thị xã"}[m.group("org").lower()]
        out.places.append(PlaceMention(name, utype, m.start("name"), m.start("name") + len(name), group=group))
    # "thôn Hành Thiện (Xuân Hồng, Xuân Trường, Nam Định)": commune, district,
    # province (looked for only when the text has the bracket it needs)
    for m in _SUB_COMMUNE.finditer(text) if "(" in text else ():
        parts = [p.strip() for p in m.group("inner").split(",") if p.strip()]
        if not parts or not all(_CAP_START.match(p) for p in parts):
            continue
        province = _province_canonical(parts[-1]) if len(parts) > 1 else None
        if province:
            parts = parts[:-1]
        if not parts or _UNIT_WORD_S.match(parts[0]):
            continue
        name = parts[0]
        start = m.start("inner") + m.group("inner").find(name)
        group += 1
        ctype = _guess_type(name)
        out.places.append(PlaceMention(name, ctype, start, start + len(name),
                                       district=parts[1] if len(parts) > 1 else None,
                                       province=province, group=group))
        if province:
            out.provinces.append(ProvinceMention(province, m.end() - 1, m.end()))
    for m in _ORG_PROVINCE.finditer(text):
        canon = _province_canonical(m.group("name"))
        if canon:
            out.provinces.append(ProvinceMention(canon, m.start("name"), m.end("name")))
    for m in _BARE_HCM.finditer(text):
        out.provinces.append(ProvinceMention("Hồ Chí Minh", m.start(), m.end()))
    out.places.sort(key=lambda p: p.start)
    out.provinces.sort(key=lambda p: p.start)
    kept: list[ProvinceMention] = []
    for pm in out.provinces:  # one mention found by two patterns counts once
        if kept and kept[-1].name == pm.name and pm.start <= kept[-1].end + 1:
            continue
        kept.append(pm)
    out.provinces = kept
    return out


_BARE_PROVINCE = re.compile(
    _at_word_start(("tại", "ở", "về", "thăm", "với", "của", "đến", "tới", "cho", "lãnh đạo", "Bí thư", "Chủ tịch"),
                   r"\wÀ-ỹ")
    + rf" (?P<name>{_CAPNAME})"
)


def bare_provinces(text: str, start: int = 0, end: int | None = None) -> list[ProvinceMention]:
    """Provinces named without a unit word ("làm việc tại Nam Định", "lãnh
    đạo Bến Tre"); only the whole capitalised run may be the province."""
    end = len(text) if end is None else end
    out = []
    for m in _BARE_PROVINCE.finditer(text, start, end):
        words = m.group("name").split()
        for n in range(min(4, len(words)), 0, -1):
            part = " ".join(words[:n])
            canon = gazetteer.old_province(part) or gazetteer.find_province(part)
            if canon and (n == len(words) or words[n] in _STOP or words[n] in _TIER1):
                out.append(ProvinceMention(canon, m.start("name"), m.start("name") + len(part)))
                break
    return out


def _guess_type(name: str) -> str:
    """Type of a commune written without its unit word: the gazetteer's when
    it agrees, else "xã"."""
    types = {c["type"] for c in gazetteer.find_communes(name)}
    return types.pop() if len(types) == 1 else "xã"


def _qualifiers(text: str, pos: int, utype: str) -> tuple[str | None, str | None, int]:
    """District and province written right after a unit at ``pos``, and
    where they end."""
    district = province = None
    br = _BRACKET.match(text, pos)
    if br:
        for part in (p.strip() for p in br.group("inner").split(",")):
            um = _UNIT_PART.match(part)
            word = _unit_type(um.group("unit")) if um else None
            name = um.group("name").strip() if um else part
            if not _CAP_START.match(name) and not (word == "quận" and _DISTRICT_NUMBER.fullmatch(name)):
                continue  # "(quận 7)" is a district too
            if word == "tỉnh" or (word is None and gazetteer.is_province(name)):
                province = province or _province_canonical(name)
            elif word in ("huyện", "quận", "thị xã", "thành phố") or word is None:
                if word == "thành phố" and gazetteer.is_province(name) and fold(name) in _CENTRAL:
                    province = province or _province_canonical(name)
                elif district is None and utype in COMMUNE_TYPES:
                    district = name
        return district, province, br.end()
    while True:
        m = _AFTER_COMMA.match(text, pos)
        if not m:
            break
        word = _unit_type(m.group("unit")) if m.group("unit") else None
        name = m.group("name")
        if word == "tỉnh" or (word in (None, "thành phố") and gazetteer.is_province(name)
                              and (word is None or fold(name) in _CENTRAL or gazetteer.key(name) in _CENTRAL)):
            province = province or _province_canonical(name)
            pos = m.end()
            continue
        if word in ("huyện", "quận", "thị xã") and utype in COMMUNE_TYPES and district is None:
            district = name
            pos = m.end()
            continue
        if (word == "thành phố" and utype in COMMUNE_TYPES and district is None
                and _THEN_PROVINCE.match(text[m.end():m.end() + 12])):
            district = name  # "xã Ea Kao, TP Buôn Ma Thuột, tỉnh Đắk Lắk": a full address
            pos = m.end()
            continue
        break
    return district, province, pos


_HAMLET = re.compile(
    rf"{_HAMLET_WORD} (?P<name>{_CAPNAME})"
    rf"(?:,| thuộc) (?:{_UNIT_WORD}) (?P<unit>{_CAPNAME})"
)


def hamlets(text: str) -> dict[str, str]:
    """Villages written with their commune ("thôn Chí Trung, xã Tân Quang"):
    folded village name -> commune name."""
    out: dict[str, str] = {}
    for m in _HAMLET.finditer(text):
        out.setdefault(fold(_trim_name(m.group("name"))), _trim_name(m.group("unit")))
    return out


def hamlet_names(text: str) -> list[str]:
    """Folded names of the villages named in ``text`` ("thôn Chí Trung")."""
    if not any(w in text for w in _HAMLET_WORDS):  # every match holds one of them as written
        return []
    return [fold(_trim_name(m.group(1))) for m in _HAMLET_NAME.finditer(text)]


_HAMLET_NAME = re.compile(rf"{_HAMLET_WORD} ({_CAPNAME})")


def lowercase_unit(text: str, unit: str) -> str | None:
    """A unit name written in lower case ("huyện đak song"), spelled as the
    article capitalises it elsewhere ("Đak Song") or as the gazetteer has it."""
    capitalised: dict[str, str] = {}
    for c in re.finditer(rf"(?<!\w)([{_U}]\w*)(?: ([{_U}]\w*))?(?!\w)", text):
        one = c.group(1)
        capitalised.setdefault(fold(one), one)
        if c.group(2):
            capitalised.setdefault(fold(c.group(0)), c.group(0))
    for k, m in enumerate(re.finditer(rf"\b{unit} ([a-zà-ỹđ]+(?: [a-zà-ỹđ]+)?)", text)):
        if k >= 10:
            break
        words = m.group(1).split()
        for n in (2, 1):
            cand = " ".join(words[:n])
            if fold(cand) in capitalised and len(capitalised[fold(cand)].split()) == n:
                return capitalised[fold(cand)]
            if gazetteer.find_communes(cand):
                return cand
    return None
