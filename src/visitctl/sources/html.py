"""Saved news pages -> ``Article`` with trafilatura (imported on first use).

The body comes from trafilatura, which drops navigation, related links, ads
and footers.  The article text is the headline, then one paragraph per
block, as a reader copying the page into a text file would get it, so a page
and its plain-text copy are the same article (same text, same hash).  The
published date is read from the page's own metadata first
(``article:published_time``, ``itemprop="datePublished"``, JSON-LD), then
trafilatura's date finder, then a visible date line near the headline.
"""

from __future__ import annotations

import json
import re
from typing import Any

from visitctl.errors import InputError
from visitctl.extract.normalize import fold, normalize_text
from visitctl.model import Article
from visitctl.sources.meta import date_in_line, iso_date

_HTML_START = re.compile(r"\A(?:\s|<!--.*?-->|<\?xml[^>]*>)*<(?:!doctype\s+html|html[\s>])", re.I | re.S)
_TAG = re.compile(r"<(?:[A-Za-z][A-Za-z0-9]*[\s/>]|/[A-Za-z]|!)")
_SAVED_FROM = re.compile(r"<!--\s*saved from url=\(\d+\)(https?://[^\s>]+?)\s*-->", re.I)
_SINGLEFILE_URL = re.compile(r"\A\s*<!--[^>]{0,400}?\burl:\s*(https?://\S+)", re.I)
_PUBLISHED_NAMES = {
    "article:published_time", "og:published_time", "og:article:published_time", "published_time",
    "datepublished", "pubdate", "publishdate", "publish-date", "publish_date", "date.published",
    "dc.date.issued", "dcterms.issued", "dc.date", "dcterms.date", "date", "parsely-pub-date",
    "sailthru.date", "article.published", "itemprop:datepublished",
}
_JSONLD_PUBLISHED = re.compile(r'"datePublished"\s*:\s*"([^"]{6,40})"')
_BYLINE = re.compile(
    r"(?:(?:Tin|Bài|Ảnh|Tin, ảnh|Bài, ảnh|Tin và ảnh|Bài và ảnh)\s*:\s*)?"  # "Tin, ảnh: " credit
    r"([^\W\d_][\w.]*(?: [^\W\d_][\w.]*){1,4})\Z"  # two to five words
)
_DATE_CLASS = re.compile(r"date|time|publish|ngay|thoigian", re.I)
# libxml2 stops reading markup nested deeper than 256 elements; such a page is
# refused with this reason unless the article text came before that point.
PARSER_DEPTH = 250
MIN_WORDS = 8  # fewer words than this outside the headline is not an article


def has_markup(text: str) -> bool:
    """True when ``text`` holds at least one tag (or comment, or doctype)."""
    return bool(_TAG.search(text[:200_000]))


def looks_like_html(text: str) -> bool:
    """True when ``text`` starts (after comments) with <!doctype html> or <html>."""
    return bool(_HTML_START.match(text[:4096]))


def article_from_html(html: str, source: str, *, url: str | None = None) -> Article | InputError:
    """The article in a saved (or fetched) news page, or a one-line ``InputError``."""
    from visitctl.sources import make_article  # the package imports this module lazily

    try:
        import trafilatura
    except ImportError as exc:  # trafilatura needs lxml_html_clean with recent lxml
        return InputError(source, f"reading HTML needs trafilatura and lxml_html_clean ({exc}); pip install them")
    try:
        tree = trafilatura.load_html(html)
        if tree is None and has_markup(html):  # a fragment, or a page saved without <html>
            tree = trafilatura.load_html(f"<html><body>{html}</body></html>")
    except Exception as exc:  # lxml raises many kinds of parser errors
        return InputError(source, f"broken HTML that cannot be parsed ({_short(exc)})")
    if tree is None:
        return InputError(source, "broken HTML that cannot be parsed")
    _unwrap_layout_tables(tree)
    published = _meta_published(tree)
    visible = _visible_date(tree)
    jsonld_author = _jsonld_author(tree)
    page_url = url or _saved_url(html)
    try:
        doc = trafilatura.bare_extraction(
            tree,
            url=page_url,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            include_images=False,
            include_links=False,
            date_extraction_params={"original_date": True, "extensive_search": False, "outputformat": "%Y-%m-%d"},
        )
    except RecursionError:
        return InputError(source, "HTML nested too deeply to read")
    except Exception as exc:  # a bug or an odd page in the extraction library: name it, go on
        return InputError(source, f"cannot extract an article from this HTML page ({_short(exc)})")
    data = _as_dict(doc)
    title = normalize_text(data.get("title") or "") or None
    paragraphs = _paragraphs(data.get("body"))
    if paragraphs is None:  # no tree from this trafilatura version: its text output
        paragraphs = [p for p in (normalize_text(line) for line in (data.get("text") or "").split("\n")) if p]
    words = sum(len(p.split()) for p in paragraphs if not title or fold(p) != fold(title))
    if words < MIN_WORDS:
        if _depth(tree) >= PARSER_DEPTH:
            reason = f"HTML nested more than {PARSER_DEPTH} levels deep; no article text could be read"
            return InputError(source, reason)
        return InputError(source, "no article text found in this HTML page")
    if title and (not paragraphs or fold(paragraphs[0]) != fold(title)):
        paragraphs.insert(0, title)
    author = normalize_text(data.get("author") or jsonld_author or "") or _byline(paragraphs) or None
    return make_article(
        "\n\n".join(paragraphs),
        source,
        title=title,
        published=published or iso_date(data.get("date")) or visible,
        author=author,
        url=url or data.get("url") or page_url,
    )


def looks_like_mhtml(data: bytes) -> bool:
    """True for a page saved by a browser as one MIME file (.mhtml/.mht)."""
    head = data[:2048].lower()
    return b"mime-version:" in head and b"multipart/related" in head


def article_from_mhtml(data: bytes, source: str, *, encoding: str | None = None) -> Article | InputError:
    """The article in a page saved as MHTML: its first text/html part."""
    import email
    import email.policy

    from visitctl.sources.decode import declared_charset, decode_bytes

    try:
        message = email.message_from_bytes(data, policy=email.policy.compat32)
        part = next((p for p in message.walk() if p.get_content_type() == "text/html"), None)
        payload = part.get_payload(decode=True) if part is not None else None
    except Exception as exc:  # a damaged MIME file
        return InputError(source, f"damaged MHTML file ({_short(exc)})")
    if not isinstance(payload, bytes) or not payload.strip():
        return InputError(source, "MHTML file without an HTML page in it")
    hint = part.get_content_charset() or declared_charset(payload)
    html = decode_bytes(payload, source, encoding=encoding, hint=hint)
    if isinstance(html, InputError):
        return html
    url = part.get("Content-Location") or message.get("Snapshot-Content-Location")
    return article_from_html(html, source, url=str(url).strip() if url else None)


def _paragraphs(body: Any) -> list[str] | None:
    """The article's paragraphs from trafilatura's body tree, as a reader copying
    the page would get them: one per paragraph, heading, quote or list item (no
    bullet added), line breaks kept, table rows with cells between " | "."""
    if body is None or not hasattr(body, "iterchildren"):
        return None
    found: list[str] = []
    for block in body.iterchildren():
        if not isinstance(block.tag, str):
            continue
        if block.tag == "list":
            units = list(block.iter("item"))
        elif block.tag == "table":
            units = list(block.iter("row"))
        else:
            units = [block]
        for unit in units:
            if unit.tag == "row":
                text = " | ".join(_text(cell) for cell in unit.iter("cell"))
            else:
                text = _text(unit, skip_lists=unit.tag == "item")
            paragraph = normalize_text(text)
            if paragraph.strip(" |"):
                found.append(paragraph)
    return found


def _text(node: Any, *, skip_lists: bool = False) -> str:
    """Text of ``node`` with <lb/> as a new line (nested lists left to their items)."""
    parts: list[str] = [node.text or ""]
    for child in node:
        if not isinstance(child.tag, str):
            parts.append(child.tail or "")
        elif child.tag == "lb":
            parts.append("\n" + (child.tail or ""))
        elif skip_lists and child.tag == "list":
            parts.append(child.tail or "")
        else:
            parts.append(_text(child, skip_lists=skip_lists) + (child.tail or ""))
    return "".join(parts)


def _byline(paragraphs: list[str]) -> str | None:
    """The author's name when the article ends with a byline, as Vietnamese
    news does ("Minh Anh", "Tin, ảnh: Lê Thu Hà"); the text keeps it."""
    if len(paragraphs) < 3:
        return None
    match = _BYLINE.match(paragraphs[-1])
    if not match or paragraphs[-1].endswith("."):
        return None
    words = match.group(1).split()
    if 2 <= len(words) <= 5 and all(word[0].isupper() for word in words):
        return match.group(1)
    return None


def _as_dict(doc: Any) -> dict[str, Any]:
    if doc is None:
        return {}
    if isinstance(doc, dict):
        return doc
    if hasattr(doc, "as_dict"):
        return doc.as_dict()
    return dict(vars(doc))


def _depth(tree: Any) -> int:
    """The nesting depth of the element tree, without recursion."""
    deepest = 0
    stack = [(tree, 1)]
    while stack:
        node, level = stack.pop()
        deepest = max(deepest, level)
        if deepest >= PARSER_DEPTH:
            break
        stack.extend((child, level + 1) for child in node)
    return deepest


def _unwrap_layout_tables(tree: Any) -> None:
    """Turn tables used for page layout (cells holding paragraphs, headings or
    other tables, as older sites do) into plain blocks, so their text reads
    as paragraphs and not as one table row."""
    for table in list(tree.iter("table")):
        if not table.xpath(".//p|.//div|.//h1|.//h2|.//h3|.//table|.//ul"):
            continue  # a data table: keep it
        parts = [el for el in table.iter("tbody", "thead", "tfoot", "tr", "td", "th")
                 if next(el.iterancestors("table"), None) is table]
        for element in [table, *parts]:
            element.tag = "div"


def _meta_published(tree: Any) -> str | None:
    """The published date from <meta>, itemprop attributes or JSON-LD, as written."""
    for node in tree.iter("meta"):
        key = (node.get("property") or node.get("name") or node.get("itemprop") or "").strip().lower()
        if key in _PUBLISHED_NAMES:
            found = iso_date(node.get("content"))
            if found:
                return found
    for node in tree.xpath('//*[@itemprop="datePublished"]'):
        found = iso_date(node.get("content") or node.get("datetime") or (node.text or ""))
        if found:
            return found
    for script in tree.xpath('//script[@type="application/ld+json"]'):
        match = _JSONLD_PUBLISHED.search(script.text or "")
        if match and iso_date(match.group(1)):
            return iso_date(match.group(1))
    return None


def _jsonld_author(tree: Any) -> str | None:
    """The author's name in the page's JSON-LD (NewsArticle) block, if any."""
    for script in tree.xpath('//script[@type="application/ld+json"]'):
        try:
            data = json.loads(script.text or "")
        except ValueError:
            continue
        items = data if isinstance(data, list) else data.get("@graph", [data]) if isinstance(data, dict) else []
        for item in items:
            author = item.get("author") if isinstance(item, dict) else None
            if isinstance(author, list):
                author = author[0] if author else None
            if isinstance(author, dict):
                author = author.get("name")
            if isinstance(author, str) and author.strip():
                return author.strip()
    return None


def _visible_date(tree: Any) -> str | None:
    """A dd/mm/yyyy date shown next to the headline ("Thứ Năm, 12/03/2026 10:05")."""
    for node in tree.xpath("//time[@datetime]"):
        found = iso_date(node.get("datetime"))
        if found:
            return found
    headline = next(iter(tree.xpath("//h1")), None)
    if headline is not None:  # the short lines between the headline and the body
        for node in headline.itersiblings():
            line = " ".join(" ".join(node.itertext()).split())
            if len(line) > 200:
                break  # the body has begun
            if not isinstance(node.tag, str) or node.tag in ("a", "ul", "ol", "nav", "aside") or node.xpath(".//a"):
                continue  # links to other articles carry their own dates
            found = date_in_line(line)
            if found:
                return found
    for node in tree.xpath("//*[@class]"):
        if _DATE_CLASS.search(node.get("class", "")) and len(node) < 5 and not node.xpath("ancestor-or-self::a|.//a"):
            found = date_in_line(" ".join(node.itertext())[:200])
            if found:
                return found
    return None


def _saved_url(html: str) -> str | None:
    """The address a browser (or SingleFile) noted when the page was saved."""
    head = html[:2048]
    match = _SAVED_FROM.search(head) or _SINGLEFILE_URL.search(head)
    return match.group(1) if match else None


def _short(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return (text[:120] + "…") if len(text) > 120 else (text or type(exc).__name__)
