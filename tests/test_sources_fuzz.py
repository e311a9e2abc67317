"""Whatever bytes come in, reading yields articles or one-line errors, never raises."""

from __future__ import annotations

import unicodedata

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from visitctl.errors import InputError
from visitctl.model import Article
from visitctl.sources import articles_from_bytes

SUFFIXES = st.sampled_from(["", ".txt", ".html", ".htm", ".jsonl", ".json", ".mhtml"])
PIECES = st.sampled_from([
    "MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=b\r\n\r\n--b\r\n", "Content-Type: text/html\r\n",
    "Content-Transfer-Encoding: quoted-printable\r\n", "--b--", "=C3=A1",
    "<!doctype html>", "<html>", "<head>", "<meta charset='windows-1258'>", "<title>", "</title>", "<body>",
    "<h1>", "</h1>", "<p>", "</p>", "<div class='date'>", "</div>", "<table>", "<tr>", "<td>", "<br>", "<ul><li>",
    "<!--", "-->", "<script type='application/ld+json'>", "</script>", '{"datePublished": "', '{"text": "',
    '", "published": "', '"}', "[", "]", "{", "}", ",", "\n", "\r\n", "\t", "&nbsp;", "&#x1ec7;", "\x00", "\ufeff",
    "\u200b", "Sáng 12/3, ", "đồng chí Trần Minh Khoa ", "thăm xã Tân Phước. ", "yêu cầu xã hoàn thành. ",
    "12/03/2026 ", "2026-03-12T10:05:00+07:00", "31/02/2026", "hoà ", "e\u0301 ",
])
ENCODINGS = st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1258", "latin-1"])


def check(results: list[Article | InputError], source: str) -> None:
    assert results
    for item in results:
        if isinstance(item, InputError):
            assert item.source.startswith(source)
            assert item.reason and "\n" not in str(item)
        else:
            assert isinstance(item, Article)
            assert item.text and "\r" not in item.text
            assert unicodedata.is_normalized("NFC", item.text)
            assert item.published is None or len(item.published) == 10


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.binary(max_size=3000), suffix=SUFFIXES)
def test_any_bytes(data: bytes, suffix: str) -> None:
    check(list(articles_from_bytes(data, "in" + suffix, suffix=suffix)), "in")


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pieces=st.lists(PIECES, max_size=120), suffix=SUFFIXES, encoding=ENCODINGS)
def test_markup_json_and_text_pieces(pieces: list[str], suffix: str, encoding: str) -> None:
    data = "".join(pieces).encode(encoding, errors="ignore")
    check(list(articles_from_bytes(data, "in" + suffix, suffix=suffix)), "in")
