"""JSON Lines exports -> one ``Article`` per line (``file.jsonl:LINE``).

Each line is an object with the text under ``text``, ``content``, ``body``
(plain text or an HTML fragment) or ``html`` (a whole page) and, optionally,
``title``, ``url``, ``published`` (ISO or dd/mm/yyyy) and ``author``; keys
are matched without regard to case.  A bad line becomes an ``InputError``
naming its number; the other lines are still read.  A ``.json`` file holding
one such object or a list of them is read the same way (``file.json:ITEM``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from typing import BinaryIO

from visitctl.errors import InputError
from visitctl.extract.normalize import normalize_text
from visitctl.model import Article
from visitctl.sources.html import looks_like_html
from visitctl.sources.meta import date_in_line, iso_date

TEXT_KEYS = ("text", "content", "body", "html")
_FIELD_KEYS = {
    "title": ("title", "headline"),
    "url": ("url", "link"),
    "published": ("published", "date", "published_at", "publish_date", "datepublished", "pubdate"),
    "author": ("author", "byline"),
}
# Crawlers often export the body as an HTML fragment ("<p>...</p>").
_HTML_FRAGMENT = re.compile(r"<(?:p|br|div|span|strong|em|b|i|h[1-6]|li|figure|figcaption)\b[^>]*>", re.I)


def looks_like_jsonl(text: str) -> bool:
    """True when the first non-blank line is a JSON object."""
    for line in text.split("\n", 50)[:50]:
        line = line.strip().lstrip("\ufeff")
        if not line:
            continue
        if not line.startswith("{"):
            return False
        try:
            return isinstance(json.loads(line), dict)
        except ValueError:
            return False
    return False


def looks_like_json_array(text: str) -> bool:
    """True when ``text`` starts like a JSON list of objects ("[ {")."""
    head = text[:200].lstrip("\ufeff \t\r\n")
    return head.startswith("[") and head[1:].lstrip().startswith("{")


def iter_jsonl(text: str, source: str) -> Iterator[Article | InputError]:
    """The articles of a JSON Lines export; an ``InputError`` per bad line."""
    yield from iter_jsonl_lines(enumerate(text.split("\n"), start=1), source)


def iter_jsonl_file(stream: BinaryIO, source: str, max_line: int) -> Iterator[Article | InputError]:
    """A JSON Lines export read line by line from ``stream``, so an archive of
    any size streams; a line longer than ``max_line`` bytes is refused alone
    (its bytes are skipped, never held in memory)."""

    def lines() -> Iterator[tuple[int, str | InputError]]:
        number = 0
        while True:
            chunk = stream.readline(max_line + 1)
            if not chunk:
                return
            number += 1
            if len(chunk) > max_line and not chunk.endswith(b"\n"):
                while chunk and not chunk.endswith(b"\n"):  # skip the rest of the line
                    chunk = stream.readline(1 << 20)
                yield number, InputError(f"{source}:{number}", f"line longer than the {max_line // (1 << 20)} MB limit")
                continue
            try:
                yield number, chunk.decode("utf-8")
            except UnicodeDecodeError as exc:
                yield number, InputError(f"{source}:{number}", f"not UTF-8 (byte {exc.start})")

    yield from iter_jsonl_lines(lines(), source)


def iter_jsonl_lines(
    lines: Iterable[tuple[int, str | InputError]], source: str
) -> Iterator[Article | InputError]:
    """Numbered lines of a JSON Lines export -> articles and per-line errors."""
    found = False
    for number, line in lines:
        if isinstance(line, InputError):
            found = True
            yield line
            continue
        line = line.strip().lstrip("\ufeff")
        if not line:
            continue
        found = True
        where = f"{source}:{number}"
        try:
            record = json.loads(line)
        except ValueError as exc:
            message = getattr(exc, "msg", str(exc))
            yield InputError(where, f"not valid JSON ({message})")
            continue
        yield record_article(record, where)
    if not found:
        yield InputError(source, "empty file")


def iter_json(text: str, source: str) -> Iterator[Article | InputError]:
    """A JSON document: one article object, or a list of them (``file.json:N``
    is the N-th item).  A file that is JSON Lines after all is read as such."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        if looks_like_jsonl(text):
            yield from iter_jsonl(text, source)
        else:
            yield InputError(source, f"not valid JSON (line {exc.lineno}: {exc.msg})")
        return
    if isinstance(data, dict):
        yield record_article(data, source)
        return
    if not isinstance(data, list):
        yield InputError(source, "JSON that is neither an article object nor a list of them")
        return
    if not data:
        yield InputError(source, "an empty JSON list")
    for number, record in enumerate(data, start=1):
        yield record_article(record, f"{source}:{number}")


def record_article(record: object, where: str) -> Article | InputError:
    """One exported record -> ``Article``; ``where`` ("file.jsonl:3") is its source."""
    from dataclasses import replace

    from visitctl.sources import make_article

    if not isinstance(record, dict):
        return InputError(where, "not a JSON object")
    record = {str(key).lower(): value for key, value in record.items()}
    body = next((record[key] for key in TEXT_KEYS if isinstance(record.get(key), str) and record[key].strip()), None)
    if body is None:
        return InputError(where, "no article text (a 'text', 'content', 'body' or 'html' string)")
    meta: dict[str, str | None] = {}
    for field, keys in _FIELD_KEYS.items():
        value = next((record[key] for key in keys if record.get(key) not in (None, "")), None)
        if value is None:
            meta[field] = None
        elif not isinstance(value, str):
            return InputError(where, f"'{field}' must be a string")
        elif field == "published":
            meta[field] = iso_date(value) or date_in_line(value)
            if meta[field] is None:
                return InputError(where, f"published '{value[:40]}' is not a date (use YYYY-MM-DD or dd/mm/yyyy)")
        else:
            meta[field] = normalize_text(value) or None
    if looks_like_html(body):  # a whole page, as some crawlers export it
        from visitctl.sources.html import article_from_html

        page = article_from_html(body, where, url=meta["url"])
        if isinstance(page, InputError):
            return page
        given = {field: value for field, value in meta.items() if value}
        return replace(page, **given)
    if _HTML_FRAGMENT.search(body):
        body = html_fragment_text(body)
    article = make_article(body, where, **meta)
    if not article.text:
        return InputError(where, "no article text")
    return article


def html_fragment_text(fragment: str) -> str:
    """The text of an HTML fragment, one paragraph per block element."""
    import lxml.html

    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except Exception:  # not parseable after all: keep it as written
        return fragment
    for node in root.iter("br"):
        node.tail = "\n" + (node.tail or "")
    blocks = ("p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "figcaption", "blockquote", "tr")
    for node in root.iter(*blocks):
        node.text = "\n\n" + (node.text or "")
        node.tail = "\n\n" + (node.tail or "")
    return root.text_content()
