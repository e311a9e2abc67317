"""Small articles and hand-made extractions for the store and query tests.

They do not depend on the extractor, so the storage and the commands are
tested on their own; the seeds are ingested for real in test_cli_ingest.
"""

from __future__ import annotations

from pathlib import Path

from visitctl.model import Directive, Evidence, Extraction, Figure, Gift, Official, Place, Project, Visit
from visitctl.sources import make_article
from visitctl.store import open_db
from visitctl.store.write import save_article

PHONG = "Nguyễn Hồng Phong"
PHONG_TITLE = "Phó Bí thư Thường trực Tỉnh ủy"

TEXT_A = (
    "Đồng chí Nguyễn Hồng Phong làm việc tại xã Hà Trung và xã Tống Sơn.\n\n"
    "Đoàn kiểm tra Dự án nâng cấp cải tạo đê Tam Điệp và cầu Hà Lan.\n\n"
    "Tổng thu ngân sách đạt 243 tỷ 609 triệu đồng.\n\n"
    "Đồng chí yêu cầu xã Hà Trung hoàn thành quy hoạch chung trong quý I.\n\n"
    "Đồng chí đề nghị xã Tống Sơn đẩy mạnh chuyển đổi số [thí điểm].\n\n"
    "Đoàn thăm Mẹ Việt Nam Anh hùng Lê Thị Hoa."
)
TEXT_B = (
    "Đồng chí Nguyễn Hồng Phong làm việc tại phường Bỉm Sơn.\n\n"
    "Đồng chí kiểm tra Trung tâm Phục vụ hành chính công phường Bỉm Sơn.\n\n"
    "Đồng chí yêu cầu phường Bỉm Sơn giải phóng mặt bằng dứt điểm."
)
TEXT_C = "Đồng chí Trần Văn Bình thăm xã Hà Trung, tỉnh Ninh Bình.\n\nĐồng chí yêu cầu bảo vệ đê điều."


def ev(text: str, part: str) -> Evidence:
    """The sentence of ``text`` that holds ``part``, with its offsets."""
    at = text.index(part)
    start = max(text.rfind("\n", 0, at) + 1, 0)
    end = text.find("\n", at)
    end = len(text) if end == -1 else end
    return Evidence(text[start:end], start, end)


def article_a(text: str = TEXT_A, source: str = "a.txt"):
    art = make_article(text, source, title="Thăm, làm việc tại các xã Hà Trung, Tống Sơn")
    t = art.text
    phong = Official(PHONG, PHONG_TITLE, ev(t, PHONG))
    ha_trung = Visit(
        date="2025-11-25",
        officials=[phong],
        commune=Place("Hà Trung", "xã", None, "Thanh Hóa", ev(t, "xã Hà Trung")),
        projects=[Project("Dự án nâng cấp cải tạo đê Tam Điệp và cầu Hà Lan", ev(t, "đê Tam Điệp"))],
        figures=[Figure("tổng thu ngân sách", "243 tỷ 609 triệu đồng", 243609000000, "VND", ev(t, "243 tỷ"))],
        directives=[Directive("hoàn thành quy hoạch chung trong quý I", ["quy hoạch"], ev(t, "quy hoạch chung"))],
        gifts=[Gift("Mẹ Việt Nam Anh hùng Lê Thị Hoa", ev(t, "Mẹ Việt Nam"))],
    )
    tong_son = Visit(
        date="2025-11-25",
        officials=[phong],
        commune=Place("Tống Sơn", "xã", None, "Thanh Hóa", ev(t, "xã Tống Sơn")),
        directives=[Directive("đẩy mạnh chuyển đổi số [thí điểm]", ["chuyển đổi số"], ev(t, "chuyển đổi số"))],
    )
    ex = Extraction(title=art.title, delegation=["Sở Tài chính", "Văn phòng Tỉnh ủy"], visits=[ha_trung, tong_son])
    return art, ex


def article_b():
    art = make_article(TEXT_B, "b.txt", title="Làm việc tại phường Bỉm Sơn")
    t = art.text
    visit = Visit(
        date="2025-11-27",
        officials=[Official(PHONG, PHONG_TITLE, ev(t, PHONG))],
        commune=Place("Bỉm Sơn", "phường", None, "Thanh Hóa", ev(t, "phường Bỉm Sơn")),
        projects=[Project("Trung tâm Phục vụ hành chính công phường Bỉm Sơn", ev(t, "Trung tâm"))],
        directives=[Directive("giải phóng mặt bằng dứt điểm", ["giải phóng mặt bằng"], ev(t, "giải phóng"))],
    )
    return art, Extraction(title=art.title, visits=[visit])


def article_c():
    art = make_article(TEXT_C, "c.txt", title="Thăm xã Hà Trung, Ninh Bình")
    t = art.text
    visit = Visit(
        date="2025-10-01",
        officials=[Official("Trần Văn Bình", "Chủ tịch UBND tỉnh", ev(t, "Trần Văn Bình"))],
        commune=Place("Hà Trung", "xã", None, "Ninh Bình", ev(t, "xã Hà Trung")),
        directives=[Directive("bảo vệ đê điều", ["thiên tai"], ev(t, "đê điều"))],
    )
    return art, Extraction(title=art.title, visits=[visit])


def build_db(path: Path, with_c: bool = True) -> Path:
    """A database holding articles A, B (and C) as written by save_article."""
    db = open_db(path, write=True)
    for art, ex in [article_a(), article_b()] + ([article_c()] if with_c else []):
        assert save_article(db, art, ex) == "new"
    db.conn.close()
    return path
