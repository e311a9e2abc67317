"""JSON Lines exports -> one ``Article`` per line (``file.jsonl:LINE``).

Each line is an object with the text under ``text``, ``content`` or ``body``
and, optionally, ``title``, ``url``, ``published`` (ISO or dd/mm/yyyy) and
``author``.  A bad line becomes an ``InputError`` naming its number; the
other lines are still read.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

from visitctl.errors import InputError
from visitctl.extract.normalize import normalize_text
from visitctl.model import Article
from visitctl.sources.meta import iso_date

TEXT_KEYS = ("text", "content", "body")
_FIELD_KEYS = {
    "title": ("title", "headline"),
    "url": ("url", "link"),
    "published": ("published", "date", "published_at", "publish_date", "datePublished"),
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


def iter_jsonl(text: str, source: str) -> Iterator[Article | InputError]:
    """The articles of a JSON Lines export; an ``InputError`` per bad line."""
    from visitctl.sources import make_article

    found = False
    for number, line in enumerate(text.split("\n"), start=1):
        line = line.strip().lstrip("\ufeff")
        if not line:
            continue
        found = True
        where = f"{source}:{number}"
        try:
            record = json.loads(line)
        except ValueError as exc:
            message = getattr(exc, "msg", str(exc))
            yield InputError(where, f"line {number} is not valid JSON ({message})")
            continue
        if not isinstance(record, dict):
            yield InputError(where, f"line {number} is not a JSON object")
            continue
        body = next((record[key] for key in TEXT_KEYS if isinstance(record.get(key), str) and record[key].strip()), None)
        if body is None:
            yield InputError(where, f"line {number} has no article text (a 'text', 'content' or 'body' string)")
            continue
        meta: dict[str, str | None] = {}
        bad = None
        for field, keys in _FIELD_KEYS.items():
            value = next((record[key] for key in keys if record.get(key) not in (None, "")), None)
            if value is None:
                meta[field] = None
            elif not isinstance(value, str):
                bad = f"line {number}: '{field}' must be a string"
                break
            elif field == "published":
                meta[field] = iso_date(value)
                if meta[field] is None:
                    bad = f"line {number}: published '{value[:40]}' is not a date (use YYYY-MM-DD or dd/mm/yyyy)"
                    break
            else:
                meta[field] = normalize_text(value) or None
        if bad:
            yield InputError(where, bad)
            continue
        if _HTML_FRAGMENT.search(body):
            body = html_fragment_text(body)
        article = make_article(body, where, **meta)
        if not article.text:
            yield InputError(where, f"line {number} has no article text")
            continue
        yield article
    if not found:
        yield InputError(source, "empty file")


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
