"""Administrative units as Vietnamese news writes them."""

from __future__ import annotations

from visitctl.extract import places


def _units(text: str) -> list[tuple]:
    return [(p.name, p.type, p.district) for p in places.scan(text).places]


def test_list_sharing_one_unit_word() -> None:
    assert _units("làm việc với lãnh đạo hai xã Hà Trung, Tống Sơn về") == [
        ("Hà Trung", "xã", None), ("Tống Sơn", "xã", None)]
    assert _units("đề nghị phường Bỉm Sơn và Quang Trung phải") == [
        ("Bỉm Sơn", "phường", None), ("Quang Trung", "phường", None)]


def test_numbered_units_keep_the_bare_number() -> None:
    assert _units("tại phường 16, quận 4 hôm nay")[0] == ("16", "phường", "4")
    assert _units("làm việc với Quận 9.") == [("9", "quận", None)]


def test_district_after_comma_in_brackets_or_thuoc() -> None:
    assert _units("đến xã Trí Phải (huyện Thới Bình).")[0] == ("Trí Phải", "xã", "Thới Bình")
    assert _units("xã Tân Quang (Văn Lâm) đã")[0] == ("Tân Quang", "xã", "Văn Lâm")
    assert _units("tại xã Phong Phú thuộc huyện Tân Lạc, tỉnh Hòa Bình.")[0] == ("Phong Phú", "xã", "Tân Lạc")


def test_commune_in_brackets_after_a_village() -> None:
    scan = places.scan("dâng hương ở thôn Hành Thiện (Xuân Hồng, Xuân Trường, Nam Định).")
    unit = scan.places[0]
    assert (unit.name, unit.type, unit.district, unit.province) == ("Xuân Hồng", "xã", "Xuân Trường", "Nam Định")


def test_provinces_and_central_cities_are_not_communes() -> None:
    scan = places.scan("tại TP. Hải Phòng, làm việc với Tỉnh ủy Bình Thuận và tỉnh Hòa Bình; TP.HCM")
    assert scan.places == []
    assert [p.name for p in scan.provinces] == ["Hải Phòng", "Bình Thuận", "Hòa Bình", "Hồ Chí Minh"]


def test_a_provincial_city_is_a_unit() -> None:
    assert _units("dâng hương ở trung tâm thành phố Hòa Bình, tỉnh Hòa Bình.")[0][:2] == ("Hòa Bình", "thành phố")
    assert _units("kiểm tra điểm thi Trường PTTH TP.Trà Vinh Phó Thủ tướng")[0][:2] == ("Trà Vinh", "thành phố")


def test_special_zone_and_township() -> None:
    assert _units("làm việc tại đặc khu Phú Quốc về")[0][:2] == ("Phú Quốc", "đặc khu")
    assert _units("ở khu 6, thị trấn huyện Cao Phong.")[0][:2] == ("Cao Phong", "thị trấn")


def test_a_name_ends_before_a_person_or_title() -> None:
    assert _units("Bí thư Thành ủy quận Bình Thạnh Nguyễn Văn An nói")[0][0] == "Bình Thạnh"
    assert _units("huyện Nam Đàn Tổng Giám đốc")[0][0] == "Nam Đàn"


def test_villages_point_to_their_commune() -> None:
    assert places.hamlets("nhân dân thôn Chí Trung, xã Tân Quang (Văn Lâm)") == {"chi trung": "Tân Quang"}


def test_epithets_between_unit_word_and_name() -> None:
    assert _units("đến thăm xã Anh hùng Trí Phải, huyện Thới Bình.")[0] == ("Trí Phải", "xã", "Thới Bình")
    assert _units("Riêng xã điểm Phùng Xá đã đạt")[0][0] == "Phùng Xá"


def test_a_unit_word_at_a_line_end_takes_no_name_from_the_next_line() -> None:
    assert _units("Đoàn công tác thăm xã biên giới\nNgày 3/9, đoàn đến.") == []


def test_a_bracketed_district_after_a_list_of_units_is_the_whole_list_s() -> None:
    found = places.scan("thị sát tại phường Tân Phong và phường Phú Mỹ (quận 7).").places
    assert [(p.name, p.district) for p in found] == [("Tân Phong", "7"), ("Phú Mỹ", "7")]
    found = places.scan("thăm xã Hồng Hạ, xã Hương Nguyên (huyện A Lưới) và xã Hương Phong.").places
    assert [(p.name, p.district) for p in found] == [("Hồng Hạ", "A Lưới"), ("Hương Nguyên", "A Lưới"),
                                                     ("Hương Phong", None)]


def test_a_cooperative_is_not_a_commune_and_tx_is_a_town() -> None:
    found = places.scan("thăm Hợp tác xã Sen Hồng tại xã Tân Hộ Cơ; kiểm tra TP Hạ Long và TX Quảng Yên.").places
    assert [(p.name, p.type) for p in found] == [("Tân Hộ Cơ", "xã"), ("Hạ Long", "thành phố"),
                                                 ("Quảng Yên", "thị xã")]


def test_a_provincial_city_in_a_full_address_is_the_district() -> None:
    found = places.scan("thăm Mẹ Nguyễn Thị Hoa ở xã Ea Kao, TP Buôn Ma Thuột, tỉnh Đắk Lắk.").places
    assert [(p.name, p.type, p.district) for p in found] == [("Ea Kao", "xã", "Buôn Ma Thuột")]


def test_a_name_ending_in_a_direction_word_is_kept_whole() -> None:
    found = places.scan("thị sát tại xã Vân Khánh Tây (huyện An Minh).").places
    assert [(p.name, p.district) for p in found] == [("Vân Khánh Tây", "An Minh")]


def test_today_s_dashed_ward_names() -> None:
    found = places.scan("kiểm tra điểm sạt lở thuộc phường Lâm Viên - Đà Lạt.").places
    assert [(p.name, p.type) for p in found] == [("Lâm Viên - Đà Lạt", "phường")]
