"""Inputs -> ``Article``: files, folders, standard input, URLs.

``iter_articles`` yields an ``Article`` for every article it can read and an
``InputError`` (not raised) for every input it cannot, so one bad file never
stops the others.  Text is normalised here, once, on the way in.

What an input is, is decided by its extension and its content:

- ``.html``/``.htm`` or content starting with ``<!doctype html``/``<html``:
  a saved news page, read with trafilatura (``sources.html``); also a page
  saved as one MIME file (``.mhtml``/``.mht``);
- ``.jsonl``/``.ndjson`` or a first non-blank line that is a JSON object:
  one article per line (``sources.jsonl``); ``.json`` or content starting
  with ``[{``: one article object or a list of them;
- anything else: plain text, in UTF-8 (NFC or NFD, with or without BOM),
  UTF-16/32 with BOM, or a legacy encoding such as Windows-1258, detected
  or named with ``encoding=`` (``sources.decode``);
- ``http://``/``https://`` URLs are fetched with httpx (``sources.web``).

trafilatura, httpx and charset_normalizer are imported only when an input
needs them: reading UTF-8 text uses the standard library alone.
"""

from __future__ import annotations

import hashlib
import os
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import BinaryIO

from visitctl.errors import InputError
from visitctl.extract.normalize import normalize_text
from visitctl.model import Article
from visitctl.sources.decode import declared_charset, decode_bytes
from visitctl.sources.meta import header_date

__all__ = ["MAX_BYTES", "articles_from_bytes", "iter_articles", "iter_file", "make_article", "read_file"]

MAX_BYTES = 20 * 1024 * 1024 + 1024 * 1024  # an article larger than ~21 MB is refused
LIMIT_TEXT = "20 MB"
# The text of one article, once extracted from its file: news articles are
# tens of kilobytes; past this, extraction would take tens of seconds and
# gigabytes of memory for something that is not an article.
MAX_TEXT_CHARS = 2_000_000
HTML_SUFFIXES = {".html", ".htm", ".xhtml", ".shtml"}
MHTML_SUFFIXES = {".mhtml", ".mht"}
JSONL_SUFFIXES = {".jsonl", ".ndjson", ".jsonlines"}
JSON_SUFFIXES = {".json"}
# Files a browser saves beside a page ("page_files/"), skipped when walking a folder.
ASSET_SUFFIXES = {
    ".css", ".js", ".mjs", ".map", ".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg", ".ico", ".avif",
    ".woff", ".woff2", ".ttf", ".otf", ".eot", ".mp4", ".webm", ".mp3",
}

SYSTEM_FILES = {"thumbs.db", "desktop.ini"}  # and editor backups ending in "~"


def make_article(text: str, source: str, **meta: str | None) -> Article:
    """Normalise ``text`` and hash it; ``meta`` are Article's optional fields."""
    text = normalize_text(text)
    return Article(text=text, source=source, sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(), **meta)


def iter_articles(
    inputs: Sequence[str | os.PathLike[str]],
    *,
    glob: str = "*",
    encoding: str | None = None,
    stdin: BinaryIO | None = None,
    timeout: float | None = None,
) -> Iterator[Article | InputError]:
    """Every article in ``inputs``: files, folders (walked recursively, files
    matching ``glob``, hidden ones skipped), "-" for standard input, and
    http(s) URLs (``timeout`` in seconds).  ``encoding`` is the encoding of
    inputs that are neither UTF-8 nor marked with a byte-order mark."""
    for item in _iter_articles(inputs, glob=glob, encoding=encoding, stdin=stdin, timeout=timeout):
        if isinstance(item, InputError):
            yield _one_line(item)
        elif len(item.text) > MAX_TEXT_CHARS:
            yield InputError(item.source, f"{len(item.text) / 1e6:.1f} million characters of text, more than the "
                                          f"{MAX_TEXT_CHARS / 1e6:.0f} million an article may have")
        else:
            yield item


def _iter_articles(
    inputs: Sequence[str | os.PathLike[str]],
    *,
    glob: str,
    encoding: str | None,
    stdin: BinaryIO | None,
    timeout: float | None,
) -> Iterator[Article | InputError]:
    for entry in inputs:
        item = os.fspath(entry)  # str or Path
        if item == "-":
            yield from _guarded("<stdin>", _read_stdin(stdin, encoding))
            continue
        if item.lower().startswith(("http://", "https://")):
            from visitctl.sources.web import iter_url

            yield from _guarded(item, iter_url(item, encoding=encoding, timeout=timeout))
            continue
        path = Path(item)
        try:
            is_dir, exists = path.is_dir(), path.exists()
        except (OSError, ValueError) as exc:  # a name too long, a NUL byte in it
            yield InputError(item, f"not a usable path ({getattr(exc, 'strerror', None) or exc})")
            continue
        if is_dir:
            files = _walk(path, glob)
            if not files:
                yield InputError(item, f"no files matching '{glob}' in this folder")
            for file in files:
                yield from iter_file(file, encoding=encoding)
        elif exists:
            yield from iter_file(path, encoding=encoding)
        else:
            yield InputError(item, "no such file or folder")


def iter_file(path: Path, *, encoding: str | None = None) -> Iterator[Article | InputError]:
    """The articles in one file (several for a JSON Lines export)."""
    source = str(path)
    if path.suffix.lower() in JSONL_SUFFIXES and _utf8_or_unmarked(path):  # an archive: the limit is per line
        from visitctl.sources.jsonl import iter_jsonl_file

        try:
            with path.open("rb") as stream:
                yield from iter_jsonl_file(stream, source, MAX_BYTES)
        except OSError as exc:
            yield InputError(source, exc.strerror or str(exc))
        return
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            yield InputError(source, f"file is {size // (1024 * 1024)} MB, larger than the {LIMIT_TEXT} limit")
            return
        data = path.read_bytes()
    except OSError as exc:
        yield InputError(source, exc.strerror or str(exc))
        return
    yield from articles_from_bytes(data, source, encoding=encoding, suffix=path.suffix.lower())


def _utf8_or_unmarked(path: Path) -> bool:
    """False for a file that starts with a UTF-16/32 byte-order mark (read whole)."""
    try:
        with path.open("rb") as stream:
            head = stream.read(4)
    except OSError:
        return True
    return not head.startswith((b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff"))


def read_file(path: Path, *, encoding: str | None = None) -> Article | InputError:
    """The one article in a file; a JSON Lines export of several articles is
    refused here (``iter_file`` and ``iter_articles`` read every line)."""
    results = list(iter_file(Path(path), encoding=encoding))
    if len(results) == 1:
        return results[0]
    return InputError(str(path), f"holds {len(results)} records (JSON Lines or a JSON list), not one article")


def articles_from_bytes(
    data: bytes,
    source: str,
    *,
    encoding: str | None = None,
    charset: str | None = None,
    kind: str | None = None,
    suffix: str = "",
    url: str | None = None,
) -> Iterator[Article | InputError]:
    """Decode ``data`` and read it as HTML, JSON Lines or plain text.

    ``kind`` ("html", "jsonl", "json", "text") comes from a content type; otherwise the
    file ``suffix`` and then the content decide.  ``charset`` is what a server
    declared; ``encoding`` is the user's choice for bytes that are not UTF-8.
    Never raises: whatever goes wrong is an ``InputError`` naming ``source``.
    """
    yield from _guarded(
        source,
        _articles_from_bytes(data, source, encoding=encoding, charset=charset, kind=kind, suffix=suffix, url=url),
    )


def _articles_from_bytes(
    data: bytes,
    source: str,
    *,
    encoding: str | None,
    charset: str | None,
    kind: str | None,
    suffix: str,
    url: str | None,
) -> Iterator[Article | InputError]:
    if len(data) > MAX_BYTES:
        yield InputError(source, f"larger than the {LIMIT_TEXT} limit")
        return
    if not data.strip():
        yield InputError(source, "empty file")
        return
    if kind is None and (suffix in MHTML_SUFFIXES or data[:1] in (b"F", b"M", b"C")):
        from visitctl.sources.html import article_from_mhtml, looks_like_mhtml

        if looks_like_mhtml(data):
            yield article_from_mhtml(data, source, encoding=encoding)
            return
    if kind is None:
        if suffix in HTML_SUFFIXES:
            kind = "html"
        elif suffix in JSONL_SUFFIXES:
            kind = "jsonl"
        elif suffix in JSON_SUFFIXES:
            kind = "json"
    hint = charset
    if hint is None and kind in (None, "html"):
        hint = declared_charset(data)
    text = decode_bytes(data, source, encoding=encoding, hint=hint)
    if isinstance(text, InputError):
        yield text
        return
    if not text.strip():
        yield InputError(source, "empty file")
        return
    if kind == "html":
        from visitctl.sources.html import has_markup

        if not has_markup(text):
            kind = "text"  # a .html file holding plain text
    if kind is None or kind == "text":
        from visitctl.sources.html import looks_like_html
        from visitctl.sources.jsonl import looks_like_json_array, looks_like_jsonl

        if looks_like_html(text):
            kind = "html"
        elif kind is None and looks_like_jsonl(text):
            kind = "jsonl"
        elif kind is None and looks_like_json_array(text):
            kind = "json"
        else:
            kind = "text"
    if kind == "html":
        from visitctl.sources.html import article_from_html

        yield article_from_html(text, source, url=url)
    elif kind == "jsonl":
        from visitctl.sources.jsonl import iter_jsonl

        yield from iter_jsonl(text, source)
    elif kind == "json":
        from visitctl.sources.jsonl import iter_json

        yield from iter_json(text, source)
    else:
        article = make_article(text, source, published=header_date(text), url=url)
        yield article if article.text else InputError(source, "empty file")


def _one_line(error: InputError) -> InputError:
    """``error`` with its source and reason on one line (a file name may hold a
    newline; a library's message may span several)."""
    if "\n" not in str(error) and "\r" not in str(error):
        return error
    source = error.source.replace("\r", "\\r").replace("\n", "\\n")
    return InputError(source, " ".join(error.reason.split()))


def _guarded(source: str, results: Iterator[Article | InputError]) -> Iterator[Article | InputError]:
    """``results``, with an unexpected failure turned into one last ``InputError``
    (a bug or a library's surprise must not stop the other inputs)."""
    try:
        yield from results
    except RecursionError:
        yield InputError(source, "nested too deeply to read")
    except Exception as exc:  # noqa: BLE001 - the contract is: errors are yielded, not raised
        detail = " ".join(str(exc).split())[:160]
        yield InputError(source, f"cannot read it ({type(exc).__name__}{': ' + detail if detail else ''})")


def _read_stdin(stream: BinaryIO | None, encoding: str | None) -> Iterator[Article | InputError]:
    if stream is None:
        if sys.stdin is None:
            yield InputError("<stdin>", "no standard input")
            return
        stream = sys.stdin.buffer
    try:
        data = stream.read(MAX_BYTES + 1)
    except OSError as exc:
        yield InputError("<stdin>", exc.strerror or str(exc))
        return
    if len(data) > MAX_BYTES:
        yield InputError("<stdin>", f"more than the {LIMIT_TEXT} limit on standard input")
        return
    yield from articles_from_bytes(data, "<stdin>", encoding=encoding)


def _in_saved_page_folder(folder: Path, relative: tuple[str, ...]) -> bool:
    """True inside the "<page>_files" folder a browser saves beside "<page>.html"
    (frames, ads and widgets, not articles)."""
    parent = folder
    for part in relative[:-1]:
        if part.endswith("_files") and any(
            (parent / (part[: -len("_files")] + suffix)).is_file() for suffix in (".html", ".htm", ".xhtml")
        ):
            return True
        parent = parent / part
    return False


def _walk(folder: Path, glob: str) -> list[Path]:
    """Files under ``folder`` matching ``glob``, sorted; hidden files and
    folders, editor backups, system files and a saved page's "<page>_files"
    folder skipped, and with the default glob also images, scripts and styles."""
    found = []
    try:
        candidates = list(folder.rglob(glob))
    except (OSError, ValueError):
        return []
    for path in candidates:
        relative = path.relative_to(folder).parts
        if any(part.startswith(".") for part in relative):
            continue
        if _in_saved_page_folder(folder, relative):
            continue
        if path.name.endswith("~") or path.name.lower() in SYSTEM_FILES:
            continue
        if glob == "*" and path.suffix.lower() in ASSET_SUFFIXES:
            continue
        try:
            if path.is_file():
                found.append(path)
        except OSError:
            continue
    return sorted(found)
