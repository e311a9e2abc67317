"""Regenerate the encoded variants of visit.txt and the legacy page.

Run from anywhere: ``python tests/data/sources/make_fixtures.py``.  visit.txt
and visit.html are written by hand; every other file here is derived from
them, so each variant holds the same article.
"""

from __future__ import annotations

import json
import quopri
import unicodedata
from pathlib import Path

HERE = Path(__file__).parent
TONES = "\u0300\u0301\u0303\u0309\u0323"  # grave, acute, tilde, hook above, dot below


def windows_1258(text: str) -> bytes:
    """Encode as Windows-1258: base letters precomposed, tone marks combining."""
    out = bytearray()
    for char in unicodedata.normalize("NFC", text):
        try:
            out += char.encode("cp1258")
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", char)
            base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in TONES))
            out += (base + "".join(c for c in parts if c in TONES)).encode("cp1258")
    return bytes(out)


def double_utf8(text: str) -> str:
    """UTF-8 read as Windows-1252 (undefined bytes as Latin-1), as a careless
    scraper saves it: "Chủ tịch" -> "Chá»§ tá»‹ch"."""
    out = []
    for byte in text.encode("utf-8"):
        try:
            out.append(bytes([byte]).decode("cp1252"))
        except UnicodeDecodeError:
            out.append(chr(byte))
    return "".join(out)


def main() -> None:
    text = (HERE / "visit.txt").read_text(encoding="utf-8")
    title, body = text.split("\n\n", 1)
    crlf = text.replace("\n", "\r\n")
    (HERE / "visit-nfd.txt").write_bytes(unicodedata.normalize("NFD", text).encode("utf-8"))
    (HERE / "visit-bom.txt").write_bytes(b"\xef\xbb\xbf" + crlf.encode("utf-8"))
    (HERE / "visit-utf16.txt").write_bytes(crlf.encode("utf-16"))  # with BOM
    (HERE / "visit-cp1258.txt").write_bytes(windows_1258(crlf))
    (HERE / "visit-mojibake.txt").write_text(double_utf8(text), encoding="utf-8")
    (HERE / "visit-header.txt").write_text(f" date 2026-03-12 {title}\n\n{body}", encoding="utf-8")

    paragraphs = "".join(f"<p>{p}</p>\n" for p in body.strip().split("\n\n"))
    legacy = (
        "<!-- saved from url=(0052)http://tinxua.example.vn/tin-tuc/tham-xa-tan-phuoc.htm -->\n"
        "<html><head>\n"
        '<meta http-equiv="Content-Type" content="text/html; charset=windows-1258">\n'
        f"<title>{title}</title></head>\n"
        "<body><table width=\"100%\"><tr><td class=\"menu\">"
        "<a href=\"/\">Trang nhất</a> | <a href=\"/tin-tuc\">Tin tức</a> | <a href=\"/lien-he\">Liên hệ</a></td></tr>\n"
        f"<tr><td><h1>{title}</h1>\n"
        "<div class=\"ngaydang\">Cập nhật lúc 10:05, ngày 12/03/2026</div>\n"
        f"<div class=\"noidung\">\n{paragraphs}</div>\n"
        "<div class=\"tinkhac\"><b>Các tin khác:</b><br>"
        "<a href=\"/tin-tuc/1.htm\">Ra quân làm thủy lợi đầu năm (05/03/2026)</a><br>"
        "<a href=\"/tin-tuc/2.htm\">Tập huấn phòng chống dịch bệnh cho đàn gia súc (28/02/2026)</a></div>\n"
        "</td></tr><tr><td class=\"footer\">Bản quyền thuộc về Trang tin xưa. Ghi rõ nguồn khi phát hành lại.</td></tr>"
        "</table></body></html>\n"
    )
    (HERE / "visit-legacy.htm").write_bytes(windows_1258(legacy.replace("\n", "\r\n")))

    # visit.html as Chrome's "Save as single file" writes it (MHTML, quoted-printable)
    page = quopri.encodestring((HERE / "visit.html").read_bytes()).replace(b"\n", b"\r\n")
    boundary = b"----MultipartBoundary--visitctl----"
    (HERE / "visit.mhtml").write_bytes(
        b"From: <Saved by Blink>\r\n"
        b"Snapshot-Content-Location: https://baodongque.example.vn/thoi-su/tham-xa-tan-phuoc-4471.html\r\n"
        b"Subject: =?utf-8?Q?Ch=E1=BB=A7_t=E1=BB=8Bch?=\r\n"
        b"MIME-Version: 1.0\r\n"
        b'Content-Type: multipart/related;\r\n\ttype="text/html";\r\n\tboundary="' + boundary + b'"\r\n\r\n\r\n'
        b"--" + boundary + b"\r\nContent-Type: text/html\r\nContent-Transfer-Encoding: quoted-printable\r\n"
        b"Content-Location: https://baodongque.example.vn/thoi-su/tham-xa-tan-phuoc-4471.html\r\n\r\n"
        + page + b"\r\n--" + boundary + b"\r\nContent-Type: image/png\r\nContent-Transfer-Encoding: base64\r\n"
        b"Content-Location: https://baodongque.example.vn/logo.png\r\n\r\niVBORw0KGgo=\r\n\r\n--" + boundary + b"--\r\n"
    )

    other = (
        "Sáng 20/3, đồng chí Phạm Thị Hồng Nhung, Phó Chủ tịch UBND tỉnh đã thăm, tặng quà gia đình chính sách "
        "tại phường Bến Cát.\nĐồng chí đề nghị phường tiếp tục chăm lo tốt đời sống các gia đình chính sách."
    )
    lines = [
        json.dumps({"title": title, "text": text, "url": "https://baodongque.example.vn/tham-xa-tan-phuoc.html",
                    "published": "2026-03-12T10:05:00+07:00", "author": "Lê Thu Hà"}, ensure_ascii=False),
        json.dumps({"title": "Phó Chủ tịch UBND tỉnh thăm gia đình chính sách", "content": other,
                    "published": "20/03/2026"}, ensure_ascii=False),
        '{"title": "Dòng hỏng", "text": "thiếu dấu ngoặc kết thúc"',
        json.dumps({"title": "Chỉ có tiêu đề"}, ensure_ascii=False),
        json.dumps({"text": "Ngày 31/2 không có thật.", "published": "31/02/2026"}, ensure_ascii=False),
        "",
        json.dumps({"body": "<p>Chiều 25/3, đoàn công tác kiểm tra công trình trường học xã Tân Phước.</p>"
                            "<p>Đồng chí yêu cầu bảo đảm tiến độ.</p>", "published": "2026-03-25"}, ensure_ascii=False),
    ]
    (HERE / "export.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
