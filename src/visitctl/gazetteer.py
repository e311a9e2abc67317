"""Vietnam's administrative units, for recognising and completing place names.

Two sources:

* today's 34 provinces and 3,321 communes (xã, phường, đặc khu), read from the
  JSON shipped in the ``vietnam_provinces`` package (read on first use, then
  cached; importing this module costs nothing);
* the 63 provinces in force before the July 2025 merger, from
  ``visitctl/data/provinces_before_2025.json``, so that older articles that
  name "Hòa Bình" or "Nam Định" are understood.

Names are returned without the unit word ("Bỉm Sơn", type "phường";
province "Thanh Hóa", "Hà Nội").  Every lookup is folded (case, diacritics and
tone placement do not matter).

    >>> find_communes("Bỉm Sơn")[0]["province"]
    'Thanh Hóa'
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources
from typing import Any

from visitctl.extract.normalize import fold

COMMUNE_TYPES = ("xã", "phường", "đặc khu")
# Unit words that may lead a name as written ("Phường Bỉm Sơn", "TP. Huế").
# Matched with diacritics: "Quan Sơn" is a name, "Quận Sơn" is not.
_LEADING_UNIT = re.compile(
    r"^(?:thành phố trung ương|thành phố|thị trấn|thị xã|đặc khu|phường|huyện|quận|tỉnh|xã|tp\.?)\s*(?=\S)",
    re.IGNORECASE,
)


def _strip_unit(name: str) -> str:
    """"Thành phố Hà Nội" -> "Hà Nội"; "Phường Bỉm Sơn" -> "Bỉm Sơn"."""
    name = " ".join(name.split())
    stripped = _LEADING_UNIT.sub("", name, count=1)
    return stripped or name


def key(name: str | None) -> str:
    """Folded lookup key of a place name with any leading unit word removed."""
    return fold(_strip_unit(name or ""))


@lru_cache(maxsize=1)
def _today() -> dict[str, Any]:
    """Today's divisions, indexed.  Read once from the package data."""
    path = resources.files("vietnam_provinces") / "data" / "nested-divisions.json"
    raw = json.loads(path.read_text(encoding="utf-8"))
    provinces: list[str] = []
    by_province: dict[str, list[dict[str, str]]] = {}
    by_name: dict[str, list[dict[str, str]]] = {}
    for prov in raw:
        pname = _strip_unit(prov["name"])
        provinces.append(pname)
        units = []
        for ward in prov.get("wards", []):
            unit = {
                "name": _strip_unit(ward["name"]),
                "type": ward.get("division_type") or "",
                "province": pname,
                "full_name": ward["name"],
            }
            units.append(unit)
            by_name.setdefault(key(unit["name"]), []).append(unit)
        by_province[fold(pname)] = units
    return {"provinces": provinces, "by_province": by_province, "by_name": by_name,
            "by_folded_province": {fold(p): p for p in provinces}}


@lru_cache(maxsize=1)
def _before_2025() -> dict[str, dict[str, Any]]:
    """Pre-2025 provinces by folded name and alias."""
    path = resources.files("visitctl") / "data" / "provinces_before_2025.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    index: dict[str, dict[str, Any]] = {}
    for prov in data["provinces"]:
        for name in [prov["name"], *prov.get("aliases", [])]:
            index[key(name)] = prov
    return index


def provinces() -> list[str]:
    """Today's 34 provinces and centrally-run cities, short names ("Hà Nội")."""
    return list(_today()["provinces"])


def provinces_before_2025() -> list[str]:
    """The 63 provinces in force before July 2025."""
    seen: dict[str, None] = {}
    for prov in _before_2025().values():
        seen.setdefault(prov["name"], None)
    return list(seen)


@lru_cache(maxsize=4096)
def find_province(name: str | None) -> str | None:
    """Today's province for a name as written, or None.

    Accepts today's names with or without "Tỉnh"/"Thành phố", common
    abbreviations ("TP.HCM") and pre-2025 provinces, which give the province
    they were merged into ("Hòa Bình" -> "Phú Thọ")."""
    k = key(name)
    if not k:
        return None
    today = _today()["by_folded_province"].get(k)
    if today:
        return today
    old = _before_2025().get(k)
    return old["merged_into"] if old else None


@lru_cache(maxsize=4096)
def old_province(name: str | None) -> str | None:
    """The pre-2025 province (canonical spelling) a name refers to, or None."""
    old = _before_2025().get(key(name))
    return old["name"] if old else None


def is_province(name: str | None) -> bool:
    """Whether a name is a province, today's or pre-2025."""
    return find_province(name) is not None


def communes_of(province: str) -> list[dict[str, str]]:
    """Today's communes of a province: dicts with name, type, province, full_name."""
    prov = find_province(province)
    if prov is None:
        return []
    return [dict(u) for u in _today()["by_province"].get(fold(prov), [])]


def find_communes(name: str, province: str | None = None) -> list[dict[str, str]]:
    """Today's communes with this name (names repeat across provinces).

    A leading unit word narrows the type ("phường Quang Trung"); ``province``
    narrows the province."""
    unit_type = None
    folded = fold(name)
    for word, typ in (("phuong ", "phường"), ("xa ", "xã"), ("dac khu ", "đặc khu")):
        if folded.startswith(word):
            unit_type = typ
    found = _today()["by_name"].get(key(name), [])
    if unit_type:
        found = [u for u in found if u["type"] == unit_type]
    if province:
        prov = find_province(province)
        found = [u for u in found if u["province"] == prov]
    return [dict(u) for u in found]


@lru_cache(maxsize=1)
def _urban_districts() -> dict[tuple[str, str], str]:
    """(unit type, folded name) -> city, for the urban districts before 2025."""
    raw = json.loads((resources.files("visitctl") / "data" / "urban_districts_before_2025.json")
                     .read_text(encoding="utf-8"))
    out: dict[tuple[str, str], str] = {}
    for city, units in raw["cities"].items():
        for utype, names in units.items():
            for name in names:
                out[(utype, fold(name))] = city
    out[("numbered", "")] = raw["numbered"]
    return out


def city_of_district(name: str | None, utype: str | None = "quận") -> str | None:
    """The centrally-run city an urban district belonged to before 2025
    ("Gò Vấp" -> "Hồ Chí Minh", "quận 7" -> "Hồ Chí Minh"); None when the
    name is not one (huyện and thị xã are not looked up: their names recur
    across provinces)."""
    if not name or utype not in ("quận", "thành phố"):
        return None
    table = _urban_districts()
    stripped = _strip_unit(name)
    if utype == "quận" and stripped.isdigit():
        return table[("numbered", "")]
    return table.get((utype, fold(stripped)))
