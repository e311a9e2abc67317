"""Folded lookups in today's units and the pre-2025 provinces."""

from __future__ import annotations

from visitctl import gazetteer


def test_today_has_34_provinces_and_3321_communes() -> None:
    names = gazetteer.provinces()
    assert len(names) == 34 and "Thanh Hóa" in names and "Hà Nội" in names
    assert sum(len(gazetteer.communes_of(p)) for p in names) == 3321


def test_communes_by_folded_name() -> None:
    found = gazetteer.find_communes("bim son")
    assert found == [{"name": "Bỉm Sơn", "type": "phường", "province": "Thanh Hóa", "full_name": "Phường Bỉm Sơn"}]


def test_repeated_names_are_narrowed_by_unit_word_or_province() -> None:
    assert len(gazetteer.find_communes("Quang Trung")) > 1
    assert [c["province"] for c in gazetteer.find_communes("phường Quang Trung")] == ["Thanh Hóa"]
    assert all(c["province"] == "Cao Bằng" for c in gazetteer.find_communes("Quang Trung", province="Cao Bằng"))


def test_name_words_that_look_like_unit_words_are_kept() -> None:
    assert gazetteer.find_communes("Quan Sơn")  # "Quan", not "Quận"


def test_province_spellings() -> None:
    assert gazetteer.find_province("Tỉnh Thanh Hoá") == "Thanh Hóa"
    assert gazetteer.find_province("TP.HCM") == "Hồ Chí Minh"
    assert gazetteer.find_province("Thành phố Hà Nội") == "Hà Nội"
    assert gazetteer.find_province("Hòa Bình") == "Phú Thọ"  # merged in 2025
    assert gazetteer.find_province("Atlantis") is None


def test_pre_2025_provinces() -> None:
    old = gazetteer.provinces_before_2025()
    assert len(old) == 63 and "Hòa Bình" in old and "Nam Định" in old
    assert gazetteer.old_province("tỉnh Hoà Bình") == "Hòa Bình"
    assert gazetteer.old_province("Bỉm Sơn") is None


def test_province_of_a_commune_lists_its_units() -> None:
    units = gazetteer.communes_of("thanh hoa")
    assert {"name": "Hà Trung", "type": "xã", "province": "Thanh Hóa", "full_name": "Xã Hà Trung"} in units


def test_urban_districts_before_2025_give_their_city() -> None:
    assert gazetteer.city_of_district("Gò Vấp") == "Hồ Chí Minh"
    assert gazetteer.city_of_district("7") == "Hồ Chí Minh"
    assert gazetteer.city_of_district("Thủ Đức", "thành phố") == "Hồ Chí Minh"
    assert gazetteer.city_of_district("Hoàng Mai", "quận") == "Hà Nội"
    assert gazetteer.city_of_district("Hoàng Mai", "thị xã") is None  # a town in Nghệ An
    assert gazetteer.city_of_district("Phong Điền", "huyện") is None
