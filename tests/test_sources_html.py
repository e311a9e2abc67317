"""Saved news pages: the article, its metadata, and nothing around it."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from visitctl.errors import InputError
from visitctl.extract import extract
from visitctl.extract.normalize import normalize_text
from visitctl.model import Article
from visitctl.sources import articles_from_bytes, iter_articles, read_file

DATA = Path(__file__).parent / "data" / "sources"
TITLE = "Chủ tịch UBND tỉnh Trần Minh Khoa thăm, làm việc tại xã Tân Phước"
BODY = (
    "<p>Sáng 5/4, đồng chí Lý Văn Bình đến thăm xã Hòa Sơn, kiểm tra tiến độ xây dựng trường học. "
    "Đồng chí yêu cầu xã hoàn thành công trình trước năm học mới.</p>"
)


def page(html: str, name: str = "page.html") -> Article | InputError:
    [result] = articles_from_bytes(html.encode("utf-8"), name, suffix=Path(name).suffix)
    return result


def paragraphs(text: str) -> list[str]:
    return [normalize_text(p) for p in text.split("\n") if p.strip()]


def plain() -> Article:
    article = read_file(DATA / "visit.txt")
    assert isinstance(article, Article)
    return article


@pytest.mark.parametrize("name", ["visit.html", "visit-legacy.htm", "visit.mhtml"])
def test_page_body_equals_the_plain_text_paragraph_by_paragraph(name: str) -> None:
    article = read_file(DATA / name)
    assert isinstance(article, Article), article
    assert paragraphs(article.text) == paragraphs((DATA / "visit.txt").read_text(encoding="utf-8"))
    assert article.sha256 == plain().sha256  # the same article stored once, whatever its form


@pytest.mark.parametrize("name", ["visit.html", "visit-legacy.htm", "visit.mhtml"])
def test_page_and_plain_text_give_the_same_visits_and_directives(name: str) -> None:
    article = read_file(DATA / name)
    assert isinstance(article, Article)
    from_page = extract(article).to_dict()
    from_text = extract(plain()).to_dict()
    assert from_text["visits"], "the sample article describes a visit"
    assert sum(len(visit["directives"]) for visit in from_text["visits"]) >= 2  # its two directives
    assert from_page["visits"] == from_text["visits"]
    assert from_page["delegation"] == from_text["delegation"]
    assert from_page["title"] == from_text["title"]


def test_page_metadata() -> None:
    article = read_file(DATA / "visit.html")
    assert isinstance(article, Article)
    assert article.title == TITLE
    assert article.published == "2026-03-12"
    assert article.author == "Lê Thu Hà"
    assert article.url == "https://baodongque.example.vn/thoi-su/chu-tich-ubnd-tinh-tham-xa-tan-phuoc-4471.html"
    assert article.source == str(DATA / "visit.html")


def test_navigation_related_links_ads_and_footer_are_dropped() -> None:
    article = read_file(DATA / "visit.html")
    assert isinstance(article, Article)
    for noise in ("Thời sự", "Tìm kiếm", "Trang chủ", "Khuyến mãi", "Chia sẻ", "Tin liên quan", "cầu mới",
                  "Đọc nhiều nhất", "Giá lúa", "quảng cáo", "Giấy phép", "Từ khóa", "window.dataLayer", "font-family"):
        assert noise not in article.text, noise


def test_legacy_page_in_windows_1258_with_table_layout() -> None:
    article = read_file(DATA / "visit-legacy.htm")
    assert isinstance(article, Article)
    assert article.title == TITLE
    assert article.published == "2026-03-12"  # the visible "ngày 12/03/2026", not a related link's date
    assert article.url == "http://tinxua.example.vn/tin-tuc/tham-xa-tan-phuoc.htm"  # browser's "saved from"
    for noise in ("Trang nhất", "Các tin khác", "Ra quân", "Bản quyền", "|"):
        assert noise not in article.text


@pytest.mark.parametrize(
    ("head", "top", "expected"),
    [
        ('<meta property="article:published_time" content="2026-03-12T23:30:00+07:00">', "", "2026-03-12"),
        ('<meta itemprop="datePublished" content="2024-07-09">', "", "2024-07-09"),
        ('<meta name="pubdate" content="09/07/2024">', "", "2024-07-09"),
        ('<script type="application/ld+json">{"@type": "NewsArticle", "datePublished": "2023-01-15T08:00:00+07:00"}'
         "</script>", "", "2023-01-15"),
        ("", '<time datetime="2022-10-02T07:00:00+07:00">2 tháng 10</time>', "2022-10-02"),
        ("", '<div class="box">Thứ Hai, 03/02/2025 | 08:15</div>', "2025-02-03"),
        ("", "", None),
    ],
)
def test_published_date_sources(head: str, top: str, expected: str | None) -> None:
    html = (
        f"<!doctype html><html><head><title>Tin</title>{head}</head><body><h1>Tin</h1>{top}"
        f"<article>{BODY}</article><ul class='related'><li><a href='/a'>Tin cũ (01/01/2020)</a></li></ul>"
        "<footer>© 2019 Báo Ví Dụ</footer></body></html>"
    )
    article = page(html)
    assert isinstance(article, Article), article
    assert article.published == expected


def test_author_from_json_ld() -> None:
    html = (
        '<html><head><script type="application/ld+json">{"@type": "NewsArticle", '
        '"author": [{"@type": "Person", "name": "Trần Văn Ví"}]}</script></head>'
        f"<body><h1>Tin</h1><article>{BODY}</article></body></html>"
    )
    article = page(html)
    assert isinstance(article, Article) and article.author == "Trần Văn Ví"


def test_html_is_detected_by_content_in_any_file(tmp_path: Path) -> None:
    saved = tmp_path / "bai-viet.txt"
    comment = b"\n<!-- saved from url=(0030)https://tin.example.vn/a.html -->\n"
    saved.write_bytes(comment + (DATA / "visit.html").read_bytes())
    [article] = iter_articles([str(saved)])
    assert isinstance(article, Article)
    assert article.title == TITLE and article.published == "2026-03-12"


def test_a_page_without_doctype_is_html_by_extension() -> None:
    article = page(f"<body><h1>Tin</h1>{BODY}</body>", "x.htm")
    assert isinstance(article, Article) and article.text.startswith("Tin\n\nSáng 5/4")


def test_broken_markup_still_gives_the_article() -> None:
    html = f"<html><body><div><p>Tin <b>đậm <i>nghiêng {BODY}<table><tr><td>ô</div></span></html"
    article = page(html)
    assert isinstance(article, Article)
    assert "Đồng chí yêu cầu xã hoàn thành công trình trước năm học mới." in article.text


def test_deeply_nested_markup_is_refused_in_one_line() -> None:
    html = "<html><body>" + "<div>" * 50_000 + BODY + "</div>" * 50_000 + "</body></html>"
    error = page(html)
    assert isinstance(error, InputError)
    assert "nested" in error.reason and "\n" not in str(error)


@pytest.mark.parametrize(
    "html",
    [
        "<!doctype html><html><head><title>Trang chủ</title></head>"
        "<body><nav><a href='/'>Trang chủ</a></nav></body></html>",
        "<!doctype html><html><body></body></html>",
        "<html>" + "<" * 5000,
    ],
)
def test_page_without_an_article_is_refused(html: str) -> None:
    error = page(html)
    assert isinstance(error, InputError)
    assert error.reason == "no article text found in this HTML page"


def test_missing_html_library_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "trafilatura", None)  # import fails as without lxml_html_clean
    error = read_file(DATA / "visit.html")
    assert isinstance(error, InputError)
    assert "trafilatura" in error.reason and "\n" not in str(error)


def test_reading_a_page_loads_trafilatura_but_not_httpx() -> None:
    import subprocess

    code = (
        "import sys\nfrom pathlib import Path\nfrom visitctl.sources import read_file\n"
        f"assert read_file(Path({str(DATA / 'visit.html')!r})).title\n"
        "print('trafilatura' in sys.modules, 'httpx' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["True", "False"]


def test_lists_line_breaks_and_tables_read_as_a_reader_copies_them() -> None:
    html = (
        "<html><body><h1>Tin</h1><article>" + BODY +
        "<h2>Kết luận</h2><p>Đồng chí yêu cầu:<br>- Hoàn thành trường học;<br>- Bảo đảm an toàn lao động.</p>"
        "<ul><li>Tập trung giải phóng mặt bằng.</li><li>Nâng cao <b>chất lượng</b> giáo dục.</li></ul>"
        "<table><tr><th>Chỉ tiêu</th><th>Kết quả</th></tr><tr><td>Thu ngân sách</td><td>18 tỷ đồng</td></tr></table>"
        "</article></body></html>"
    )
    article = page(html)
    assert isinstance(article, Article)
    assert article.text.split("\n\n")[2:] == [
        "Kết luận",
        "Đồng chí yêu cầu:\n- Hoàn thành trường học;\n- Bảo đảm an toàn lao động.",
        "Tập trung giải phóng mặt bằng.",  # no bullet added to list items
        "Nâng cao chất lượng giáo dục.",
        "Chỉ tiêu | Kết quả",
        "Thu ngân sách | 18 tỷ đồng",
    ]


def test_fragment_and_plain_text_saved_as_html() -> None:
    sentence = "Sáng 12/3, đồng chí Trần Minh Khoa thăm xã Tân Phước. Đồng chí yêu cầu xã hoàn thành công trình."
    for html in (f"<p>{sentence}</p>", sentence):
        article = page(html, "copied.html")
        assert isinstance(article, Article) and article.text == sentence


@pytest.mark.parametrize(
    ("last", "author"),
    [("<p><strong>Minh Anh</strong></p>", "Minh Anh"), ("<p>Tin, ảnh: Lê Thu Hà</p>", "Lê Thu Hà"),
     ("<p>Hà Nội.</p>", None), ("<p>Ảnh minh họa</p>", None)],
)
def test_byline_at_the_end_is_the_author_and_stays_in_the_text(last: str, author: str | None) -> None:
    more = "<p>Đoàn công tác còn thăm trạm y tế xã.</p>"
    html = f"<html><body><h1>Tin</h1><article>{BODY}{more}{last}</article></body></html>"
    article = page(html)
    assert isinstance(article, Article)
    assert article.author == author
    assert article.text.endswith(normalize_text(last.replace("<p>", "").replace("</p>", "")
                                                .replace("<strong>", "").replace("</strong>", "")))


def test_page_saved_as_mhtml() -> None:
    article = read_file(DATA / "visit.mhtml")
    assert isinstance(article, Article)
    assert (article.title, article.published, article.author) == (TITLE, "2026-03-12", "Lê Thu Hà")
    assert article.url == "https://baodongque.example.vn/thoi-su/tham-xa-tan-phuoc-4471.html"


def test_mhtml_without_a_page_is_refused() -> None:
    data = (
        b"MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=\"b\"\r\n\r\n--b\r\n"
        b"Content-Type: image/png\r\n\r\nxx\r\n--b--\r\n"
    )
    [error] = articles_from_bytes(data, "saved.mht", suffix=".mht")
    assert isinstance(error, InputError) and error.reason == "MHTML file without an HTML page in it"


FIXTURES = Path(__file__).parent.parent / "fixtures"


def as_news_page(text: str) -> str:
    """A plain-text article as a news site would serve it: headline in <h1>,
    one <p> per paragraph, the " date " header as article:published_time,
    inside navigation, related links and a footer."""
    import html as markup
    import re

    first, _, rest = text.partition("\n")
    header = re.match(r"date (\d{4}-\d{2}-\d{2}) (.*)", first)
    title = header.group(2) if header else first
    meta = f'<meta property="article:published_time" content="{header.group(1)}T08:00:00+07:00">' if header else ""
    body = "".join(f"<p>{markup.escape(line)}</p>\n" for line in rest.split("\n") if line.strip())
    return (
        f'<!doctype html><html><head><meta charset="utf-8"><title>{markup.escape(title)} - Báo điện tử</title>{meta}'
        '</head><body><nav><ul><li><a href="/">Trang chủ</a></li><li><a href="/thoi-su">Thời sự</a></li></ul></nav>'
        f"<article><h1>{markup.escape(title)}</h1>\n{body}</article>"
        '<section class="related"><h3>Tin liên quan</h3><ul><li><a href="/a">Một tin khác</a></li></ul></section>'
        "<footer>Bản quyền thuộc về Báo điện tử</footer></body></html>"
    )


@pytest.mark.parametrize(
    "path", sorted(FIXTURES.rglob("*.txt")), ids=lambda p: p.name
)
def test_every_fixture_article_gives_the_same_records_as_a_web_page(path: Path) -> None:
    plain_article = read_file(path)
    assert isinstance(plain_article, Article)
    [page_article] = articles_from_bytes(as_news_page(plain_article.text).encode("utf-8"), "page.html")
    assert isinstance(page_article, Article), page_article
    assert paragraphs(page_article.text)[1:] == paragraphs(plain_article.text)[1:]
    from_text, from_page = extract(plain_article).to_dict(), extract(page_article).to_dict()
    assert from_page["visits"] == from_text["visits"]
    assert from_page["delegation"] == from_text["delegation"]
    assert from_page["title"] == from_text["title"]
