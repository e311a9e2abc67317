"""Plain text, encodings, stdin, folders, JSON Lines, and refused inputs."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

import visitctl.sources as sources
from visitctl.errors import InputError
from visitctl.model import Article
from visitctl.sources import iter_articles, make_article, read_file

DATA = Path(__file__).parent / "data" / "sources"
HEAVY = ("trafilatura", "httpx", "charset_normalizer")


def one(path: Path | str, **options: object) -> Article | InputError:
    results = list(iter_articles([str(path)], **options))  # type: ignore[arg-type]
    assert len(results) == 1, results
    return results[0]


def reference() -> Article:
    article = read_file(DATA / "visit.txt")
    assert isinstance(article, Article)
    return article


# --- text in every encoding people have ------------------------------------


@pytest.mark.parametrize(
    "name", ["visit-nfd.txt", "visit-bom.txt", "visit-utf16.txt", "visit-cp1258.txt", "visit-mojibake.txt"]
)
def test_every_encoding_gives_the_same_nfc_text(name: str) -> None:
    article = one(DATA / name)
    assert isinstance(article, Article), article
    assert article.text == reference().text
    assert article.sha256 == reference().sha256  # re-ingesting in another encoding changes nothing
    assert unicodedata.is_normalized("NFC", article.text)
    assert "\r" not in article.text and "\ufeff" not in article.text


def test_windows_1258_really_uses_combining_tone_marks() -> None:
    raw = (DATA / "visit-cp1258.txt").read_bytes()
    assert b"\xcc" in raw or b"\xec" in raw  # combining grave / acute in Windows-1258
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")


def test_double_encoded_utf8_is_repaired_only_when_exact() -> None:
    from visitctl.sources.decode import repair_double_utf8

    assert "Chá»§ tá»‹ch" in (DATA / "visit-mojibake.txt").read_text(encoding="utf-8")
    for fine in ("Giá cả tăng", "Ông Ã nói", "Ðông", reference().text):
        assert repair_double_utf8(fine) == fine


def test_named_encoding_is_used(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(reference().text.encode("utf-16-le"))  # no BOM: needs the user's word
    article = one(path, encoding="utf-16-le")
    assert isinstance(article, Article) and article.text == reference().text


def test_one_encoding_for_a_folder_does_not_garble_its_utf8_files(tmp_path: Path) -> None:
    for name in ("visit.txt", "visit-nfd.txt", "visit-bom.txt", "visit-utf16.txt", "visit-cp1258.txt"):
        (tmp_path / name).write_bytes((DATA / name).read_bytes())
    items = list(iter_articles([str(tmp_path)], encoding="windows-1258"))
    assert len(items) == 5
    assert all(isinstance(item, Article) and item.text == reference().text for item in items), items


def test_wrong_named_encoding_is_a_one_line_error() -> None:
    error = one(DATA / "visit-cp1258.txt", encoding="utf-8")
    assert isinstance(error, InputError)
    assert "--encoding" in error.reason and "\n" not in str(error)


def test_unknown_encoding_name() -> None:
    error = one(DATA / "visit.txt", encoding="no-such-codec")
    assert isinstance(error, InputError) and "unknown encoding 'no-such-codec'" in error.reason


def test_undecodable_file_suggests_encoding(tmp_path: Path) -> None:
    path = tmp_path / "junk.txt"
    path.write_bytes(bytes(range(0x80, 0x100)) * 8)
    error = one(path)
    assert isinstance(error, InputError)
    assert "--encoding" in error.reason and "\n" not in error.reason


def test_bomless_utf16_is_named(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes("Xã Tân Phước đón đoàn công tác".encode("utf-16-le"))
    error = one(path)
    assert isinstance(error, InputError) and "--encoding utf-16-le" in error.reason


def test_header_date_line_is_kept_and_read() -> None:
    article = one(DATA / "visit-header.txt")
    assert isinstance(article, Article)
    assert article.text.startswith("date 2026-03-12 Chủ tịch UBND tỉnh")
    assert article.published == "2026-03-12"
    assert article.text.split("\n\n")[1:] == reference().text.split("\n\n")[1:]


def test_plain_text_without_header_has_no_invented_metadata() -> None:
    article = reference()
    assert (article.published, article.title, article.author, article.url) == (None, None, None, None)
    assert article.source == str(DATA / "visit.txt")


def test_make_article_normalises_and_hashes() -> None:
    a = make_article("Xã  Hoà\u00a0Bình\r\n\r\n\r\n\u200bThuỷ lợi", "x")
    b = make_article(unicodedata.normalize("NFD", "Xã Hòa Bình\n\nThủy lợi"), "y")
    assert a.text == b.text == "Xã Hòa Bình\n\nThủy lợi"
    assert a.sha256 == b.sha256


# --- refused inputs: one line each, the others still read -----------------


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "empty file"),
        (b"  \n\t\n", "empty file"),
        ("\ufeff".encode("utf-16"), "empty file"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64), "PNG image"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF document"),
        (b"PK\x03\x04\x14\x00\x06\x00", "zip archive"),
        (bytes(range(1, 32)) * 40, "binary file"),
        (b"abc\x00\x00\x01\x02\x03def" * 10, "binary file"),
        ("Xã Tân Phước".encode("utf-16") + b"\x41", "truncated UTF-16"),
        ("Xã Tân Phước".encode("utf-16")[:-2] + b"\x3d\xd8", "truncated UTF-16"),
    ],
)
def test_bad_files_are_refused_with_one_line(tmp_path: Path, content: bytes, reason: str) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    error = one(bad)
    assert isinstance(error, InputError)
    assert reason in error.reason
    assert "\n" not in str(error) and error.source == str(bad)


def test_file_over_the_size_limit_is_refused_without_reading(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    with big.open("wb") as handle:  # sparse: no 20 MB written
        handle.truncate(sources.MAX_BYTES + 1)
    error = one(big)
    assert isinstance(error, InputError) and "20 MB limit" in error.reason


def test_error_for_a_file_name_with_a_newline_is_one_line(tmp_path: Path) -> None:
    odd = tmp_path / "bài\nviết.txt"
    odd.write_bytes(b"")
    [error] = iter_articles([str(odd)])
    assert isinstance(error, InputError) and "\n" not in str(error) and "bài\\nviết.txt" in error.source


def test_paths_may_be_path_objects() -> None:
    [article] = iter_articles([DATA / "visit.txt"])
    assert isinstance(article, Article) and article.source == str(DATA / "visit.txt")


def test_missing_path() -> None:
    error = one("/no/such/article.txt")
    assert isinstance(error, InputError) and error.reason == "no such file or folder"


@pytest.mark.parametrize("item", ["a" * 5000, "bad\x00name.txt"])
def test_unusable_path_is_named(item: str) -> None:
    error = one(item)
    assert isinstance(error, InputError) and "\n" not in str(error)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026-03-12", "2026-03-12"),
        ("2026-03-12T10:05:00", "2026-03-12"),
        ("2026-03-12T23:30:00+07:00", "2026-03-12"),
        ("2026-03-11T17:30:00Z", "2026-03-12"),  # midnight-thirty in Vietnam
        ("2026-03-12 08:00", "2026-03-12"),
        ("12/03/2026", "2026-03-12"),
        ("1-2-2026", "2026-02-01"),
        ("12.03.2026 10:05", "2026-03-12"),
        ("31/02/2026", None),
        ("2026-13-01", None),
        ("hôm qua", None),
        ("", None),
    ],
)
def test_published_dates_become_iso(value: str, expected: str | None) -> None:
    from visitctl.sources.meta import iso_date

    assert iso_date(value) == expected


def test_read_file_returns_one_article_or_error(tmp_path: Path) -> None:
    assert isinstance(read_file(DATA / "visit.txt"), Article)
    (tmp_path / "empty.txt").write_text("")
    assert isinstance(read_file(tmp_path / "empty.txt"), InputError)
    error = read_file(DATA / "export.jsonl")
    assert isinstance(error, InputError) and "JSON Lines" in error.reason


# --- stdin and folders -------------------------------------------------------


def test_stdin_plain_and_legacy_encoding() -> None:
    raw = (DATA / "visit-cp1258.txt").read_bytes()
    [article] = iter_articles(["-"], stdin=io.BytesIO(raw))
    assert isinstance(article, Article)
    assert article.source == "<stdin>" and article.text == reference().text


def test_stdin_html_and_jsonl_are_detected_by_content() -> None:
    [page] = iter_articles(["-"], stdin=io.BytesIO((DATA / "visit.html").read_bytes()))
    assert isinstance(page, Article) and page.published == "2026-03-12"
    items = list(iter_articles(["-"], stdin=io.BytesIO((DATA / "export.jsonl").read_bytes())))
    assert [item.source for item in items if isinstance(item, Article)] == ["<stdin>:1", "<stdin>:2", "<stdin>:7"]


def test_stdin_empty_and_too_big(monkeypatch: pytest.MonkeyPatch) -> None:
    [error] = iter_articles(["-"], stdin=io.BytesIO(b""))
    assert isinstance(error, InputError) and error.reason == "empty file"
    monkeypatch.setattr(sources, "MAX_BYTES", 100)
    [error] = iter_articles(["-"], stdin=io.BytesIO(b"x" * 101))
    assert isinstance(error, InputError) and "limit" in error.reason


def test_folder_is_walked_recursively_sorted_and_hidden_skipped(tmp_path: Path) -> None:
    text = (DATA / "visit.txt").read_bytes()
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "two.txt").write_bytes(text)
    (tmp_path / "one.txt").write_bytes(text)
    (tmp_path / ".hidden.txt").write_bytes(text)
    (tmp_path / "one.txt~").write_bytes(text)
    (tmp_path / "Thumbs.db").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "config.txt").write_bytes(text)
    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / "style.css").write_bytes(b"body{}")
    (tmp_path / "assets" / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00")
    (tmp_path / "page.html").write_bytes((DATA / "visit.html").read_bytes())
    (tmp_path / "page_files").mkdir()  # what "Save page as, complete" writes beside page.html
    (tmp_path / "page_files" / "ads-frame.html").write_bytes(b"<html><body>Qu\xe1\xba\xa3ng c\xc3\xa1o</body></html>")
    (tmp_path / "other_files").mkdir()  # no other.html beside it: an ordinary folder
    (tmp_path / "other_files" / "three.txt").write_bytes(text)
    sources_seen = [item.source for item in iter_articles([str(tmp_path)])]
    assert sources_seen == [
        str(tmp_path / "b" / "two.txt"), str(tmp_path / "one.txt"),
        str(tmp_path / "other_files" / "three.txt"), str(tmp_path / "page.html"),
    ]


def test_folder_glob_and_one_bad_file_among_good(tmp_path: Path) -> None:
    for name in ("visit.txt", "visit-cp1258.txt", "visit.html", "export.jsonl"):
        (tmp_path / name).write_bytes((DATA / name).read_bytes())
    (tmp_path / "broken.txt").write_bytes(b"\x00\x01\x02binary")
    only_txt = list(iter_articles([str(tmp_path)], glob="*.txt"))
    assert sorted(Path(item.source).name for item in only_txt) == ["broken.txt", "visit-cp1258.txt", "visit.txt"]
    assert [type(item).__name__ for item in only_txt].count("InputError") == 1
    everything = list(iter_articles([str(tmp_path)]))
    good = [item for item in everything if isinstance(item, Article)]
    bad = [item for item in everything if isinstance(item, InputError)]
    assert len(good) == 6  # 3 from the export, the page, two texts
    assert sorted(error.source.rsplit("/", 1)[-1] for error in bad) == [
        "broken.txt", "export.jsonl:3", "export.jsonl:4", "export.jsonl:5"
    ]


def test_folder_without_matches(tmp_path: Path) -> None:
    [error] = iter_articles([str(tmp_path)], glob="*.html")
    assert isinstance(error, InputError) and "no files matching '*.html'" in error.reason


# --- JSON Lines ----------------------------------------------------------------


def test_jsonl_export_lines_and_metadata() -> None:
    items = list(iter_articles([str(DATA / "export.jsonl")]))
    by_line = {item.source.rsplit(":", 1)[1]: item for item in items}
    first, second, seventh = by_line["1"], by_line["2"], by_line["7"]
    assert isinstance(first, Article) and first.text == reference().text
    assert first.published == "2026-03-12" and first.author == "Lê Thu Hà"
    assert first.url == "https://baodongque.example.vn/tham-xa-tan-phuoc.html"
    assert first.title == "Chủ tịch UBND tỉnh Trần Minh Khoa thăm, làm việc tại xã Tân Phước"
    assert isinstance(second, Article) and second.published == "2026-03-20"  # dd/mm/yyyy
    assert second.text.startswith("Sáng 20/3") and second.source.endswith("export.jsonl:2")
    assert isinstance(seventh, Article)  # an HTML fragment body becomes paragraphs
    assert seventh.text.split("\n\n") == [
        "Chiều 25/3, đoàn công tác kiểm tra công trình trường học xã Tân Phước.",
        "Đồng chí yêu cầu bảo đảm tiến độ.",
    ]
    assert "6" not in by_line  # blank line skipped


@pytest.mark.parametrize(
    ("line", "words"),
    [
        ('{"text": "unterminated', "not valid JSON"),
        ('["a", "list"]', "not a JSON object"),
        ('{"title": "only a title"}', "no article text"),
        ('{"text": "   "}', "no article text"),
        ('{"text": "Bài viết.", "published": "hôm qua"}', "published 'hôm qua' is not a date"),
        ('{"text": "Bài viết.", "author": ["A", "B"]}', "'author' must be a string"),
    ],
)
def test_jsonl_bad_line_is_named_and_others_kept(tmp_path: Path, line: str, words: str) -> None:
    path = tmp_path / "export.ndjson"
    good = '{"text": "Sáng 2/4, đoàn công tác thăm xã Tân Phước.", "published": "2026-04-02"}'
    path.write_text("\n".join([good, good.replace("2/4", "3/4"), line, good.replace("2/4", "4/4")]) + "\n")
    items = list(iter_articles([str(path)]))
    assert [type(item).__name__ for item in items] == ["Article", "Article", "InputError", "Article"]
    error = items[2]
    assert isinstance(error, InputError) and error.source == f"{path}:3"
    assert words in error.reason and "\n" not in str(error)


def test_jsonl_detected_by_content_and_published_forms(tmp_path: Path) -> None:
    path = tmp_path / "crawl.txt"
    rows = [
        '{"body": "Một.", "published": "2026-03-12T23:30:00+07:00"}',
        '{"content": "Hai.", "published": "05-01-2026"}',
        '{"text": "Ba.", "published": "7.2.2025 08:00"}',
    ]
    path.write_text("\n\n" + "\n".join(rows))
    items = list(iter_articles([str(path)]))
    assert [(item.text, item.published) for item in items] == [  # type: ignore[union-attr]
        ("Một.", "2026-03-12"), ("Hai.", "2026-01-05"), ("Ba.", "2025-02-07")
    ]
    assert [item.source for item in items] == [f"{path}:3", f"{path}:4", f"{path}:5"]


def test_text_starting_with_a_brace_is_still_text(tmp_path: Path) -> None:
    path = tmp_path / "note.txt"
    path.write_text("{Ghi chú} Sáng 2/4, đoàn công tác thăm xã Tân Phước.")
    article = one(path)
    assert isinstance(article, Article) and article.text.startswith("{Ghi chú}")


def test_json_list_export_like_a_crawler_writes(tmp_path: Path) -> None:
    path = tmp_path / "items.json"
    path.write_text(
        '[\n{"Title": "Tin một", "Content": "Sáng 2/4, đoàn công tác thăm xã Tân Phước.", '
        '"Date": "Thứ Năm, 02/04/2026 10:05"},\n'
        '{"title": "Tin hai"},\n'
        '{"TEXT": "Chiều 3/4, đoàn công tác thăm phường Bến Cát.", "URL": "https://tin.example.vn/b"}\n]\n',
        encoding="utf-8",
    )
    items = list(iter_articles([str(path)]))
    assert [item.source for item in items] == [f"{path}:1", f"{path}:2", f"{path}:3"]
    first, second, third = items
    assert isinstance(first, Article) and (first.title, first.published) == ("Tin một", "2026-04-02")
    assert isinstance(second, InputError) and second.reason.startswith("no article text")
    assert isinstance(third, Article) and third.url == "https://tin.example.vn/b"


def test_json_single_object_and_broken_json(tmp_path: Path) -> None:
    one_article = tmp_path / "a.json"
    one_article.write_text(
        '{\n  "text": "Sáng 2/4, đoàn công tác thăm xã Tân Phước.",\n  "published": "2026-04-02"\n}\n'
    )
    article = one(one_article)
    assert isinstance(article, Article) and article.published == "2026-04-02" and article.source == str(one_article)
    broken = tmp_path / "b.json"
    broken.write_text('{\n  "text": "thiếu ngoặc"\n')
    error = one(broken)
    assert isinstance(error, InputError) and error.reason.startswith("not valid JSON (line 3")


def test_jsonl_record_holding_a_whole_page(tmp_path: Path) -> None:
    page = (DATA / "visit.html").read_text(encoding="utf-8")
    path = tmp_path / "pages.jsonl"
    path.write_text(json.dumps({"url": "https://tin.example.vn/x", "html": page}, ensure_ascii=False) + "\n")
    article = one(path)
    assert isinstance(article, Article)
    assert article.text == reference().text and article.published == "2026-03-12"
    assert article.url == "https://tin.example.vn/x" and article.source == f"{path}:1"


# --- heavy libraries load only when needed ---------------------------------


def _modules_after(code: str) -> set[str]:
    probe = f"{code}\nimport sys\nprint(' '.join(m for m in {HEAVY!r} if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    return set(out.stdout.split())


def test_importing_sources_loads_no_heavy_library() -> None:
    assert _modules_after("import visitctl.sources") == set()


def test_reading_text_folders_and_jsonl_loads_no_heavy_library() -> None:
    code = (
        "from visitctl.sources import iter_articles\n"
        f"items = list(iter_articles([{str(DATA / 'visit.txt')!r}, {str(DATA / 'visit-utf16.txt')!r}, "
        f"{str(DATA / 'visit-nfd.txt')!r}, {str(DATA / 'export.jsonl')!r}]))\n"
        "assert len(items) == 9, items"
    )
    assert _modules_after(code) == set()


def test_windows_1258_needs_no_detector_and_other_legacy_text_loads_only_it(tmp_path: Path) -> None:
    code = (
        "from visitctl.sources import read_file\nfrom pathlib import Path\n"
        f"read_file(Path({str(DATA / 'visit-cp1258.txt')!r}))"
    )
    assert _modules_after(code) == set()
    other = tmp_path / "ghi-chu.txt"
    other.write_bytes("Ghi chu: Привет, это старый текстовый файл в кодировке Windows.".encode("cp1251"))
    code = (
        "from visitctl.sources import read_file\nfrom pathlib import Path\n"
        f"article = read_file(Path({str(other)!r}))\nassert 'Привет' in article.text, article"
    )
    assert _modules_after(code) == {"charset_normalizer"}


def test_json_lines_archive_streams_and_refuses_only_an_oversized_line(tmp_path, monkeypatch):
    """The size limit applies to each line of an export, not to the archive."""
    import json

    from visitctl import sources

    monkeypatch.setattr(sources, "MAX_BYTES", 2000)
    path = tmp_path / "archive.jsonl"
    good = {"text": "Sáng 3/4, Chủ tịch UBND tỉnh thăm xã Yên Lạc.", "title": "Thăm xã"}
    with path.open("w", encoding="utf-8") as out:
        out.write(json.dumps(good, ensure_ascii=False) + "\n")
        out.write(json.dumps({"text": "x" * 5000}) + "\n")
        out.write(json.dumps(good | {"title": "Lần hai"}, ensure_ascii=False) + "\n")
    results = list(sources.iter_articles([str(path)]))
    assert [type(r).__name__ for r in results] == ["Article", "InputError", "Article"]
    assert results[1].source.endswith("archive.jsonl:2") and "limit" in results[1].reason
    assert results[2].source.endswith("archive.jsonl:3")


def test_text_longer_than_an_article_could_be_is_refused_in_one_line(tmp_path, monkeypatch):
    from visitctl import sources

    monkeypatch.setattr(sources, "MAX_TEXT_CHARS", 1000)
    path = tmp_path / "huge.txt"
    path.write_text("Sáng 3/4, Chủ tịch UBND tỉnh thăm xã Yên Lạc. " * 100, encoding="utf-8")
    (result,) = list(sources.iter_articles([str(path)]))
    assert isinstance(result, InputError)
    assert result.source == str(path) and "million" in result.reason and "\n" not in result.reason
