"""A small database for the overview tests, written with save_article from
hand-built extractions (names invented; communes real 2025 units)."""

from __future__ import annotations

from pathlib import Path

from visitctl.model import (
    Article, Directive, Extraction, Figure, Gift, Official, Place, Project, Visit,
)
from visitctl.store import open_db
from visitctl.store.write import save_article

AN = Official("Nguyễn Văn An", "Bí thư Tỉnh ủy")
BINH = Official("Lê Thị Bình", "Phó Chủ tịch UBND tỉnh")
CUONG = Official("Trần Văn Cường", "Chủ tịch UBND tỉnh")


def _article(n: int, published: str | None) -> Article:
    return Article(text=f"Bài báo số {n} về chuyến công tác.", source=f"bai{n}.txt",
                   title=f"Bài {n}: thăm và làm việc", published=published)


EXTRACTIONS: list[tuple[Article, Extraction]] = [
    # Two officials, two Thanh Hóa communes on one day (ISO week 48);
    # the province written with its unit word and the old tone placement.
    (_article(1, "2025-11-25"), Extraction(
        title="Bài 1: thăm và làm việc", published="2025-11-25", delegation=["Sở Tài chính"],
        visits=[
            Visit("2025-11-25", [AN, BINH], Place("Hà Trung", "xã", None, "Thanh Hóa"),
                  projects=[Project("Trung tâm Phục vụ hành chính công xã Hà Trung")],
                  figures=[Figure("tổng thu ngân sách", "243 tỷ đồng", 243e9, "VND")],
                  directives=[Directive("Hoàn thành quy hoạch chung xã.", ["quy hoạch"]),
                              Directive("Đẩy mạnh chuyển đổi số.",
                                        ["chuyển đổi số", "cải cách hành chính"])]),
            Visit("2025-11-25", [AN, BINH], Place("Bỉm Sơn", "phường", None, "Tỉnh Thanh Hoá"),
                  gifts=[Gift("gia đình chính sách")],
                  directives=[Directive("Rà soát quy hoạch đô thị.", ["quy hoạch"])]),
        ])),
    # Hà Trung again, three weeks earlier (week 45), province folded.
    (_article(2, "2025-11-03"), Extraction(
        published="2025-11-03",
        visits=[Visit("2025-11-03", [AN], Place("Hà Trung", "xã", None, "thanh hoa"),
                      directives=[Directive("Giải ngân vốn đầu tư công.", ["đầu tư công"])])])),
    # The year is unknown: counted, but in no time bucket.
    (_article(3, None), Extraction(
        visits=[Visit("--10-12", [CUONG], Place("Sầm Sơn", "phường", None, "Thanh Hóa"))])),
    # Another province.
    (_article(4, "2025-10-20"), Extraction(
        published="2025-10-20",
        visits=[Visit("2025-10-20", [CUONG], Place("Yên Thành", "xã", None, "Nghệ An"))])),
    # A working session with the province, no commune.
    (_article(5, "2025-10-01"), Extraction(
        published="2025-10-01", province="Thanh Hóa",
        visits=[Visit("2025-10-01", [AN], None)])),
    # The former district Hà Trung (2024): not the commune of 2025.
    (_article(6, "2024-05-10"), Extraction(
        published="2024-05-10",
        visits=[Visit("2024-05-10", [BINH], Place("Hà Trung", "huyện", None, "Thanh Hóa"))])),
    # The commune carries no province; the article's province places it.
    (_article(7, "2025-09-15"), Extraction(
        published="2025-09-15", province="Thanh Hóa",
        visits=[Visit("2025-09-15", [BINH], Place("Hoằng Hóa", "xã", None, None))])),
    # A province merged in 2025, named the old way: counts under Phú Thọ.
    (_article(8, "2025-08-20"), Extraction(
        published="2025-08-20",
        visits=[Visit("2025-08-20", [CUONG], Place("Mai Châu", "xã", None, "Hòa Bình"))])),
    # No province anywhere: Hoằng Tiến exists only in Thanh Hóa, Quang Trung
    # in several provinces (so it cannot be placed).
    (_article(9, "2025-07-10"), Extraction(
        published="2025-07-10",
        visits=[Visit("2025-07-10", [CUONG], Place("Hoằng Tiến", "xã", None, None)),
                Visit("2025-07-10", [CUONG], Place("Quang Trung", "phường", None, None))])),
]


def build_db(path: Path) -> Path:
    db = open_db(path, write=True)
    for article, extraction in EXTRACTIONS:
        save_article(db, article, extraction)
    db.conn.close()
    return path
