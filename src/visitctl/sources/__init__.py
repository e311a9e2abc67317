"""Inputs -> ``Article``: files, folders, standard input.

``iter_articles`` yields an ``Article`` for every article it can read and an
``InputError`` (not raised) for every input it cannot, so one bad file never
stops the others.  Text is normalised here, once, on the way in.
"""

from __future__ import annotations

import hashlib
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import BinaryIO

from visitctl.errors import InputError
from visitctl.extract.normalize import normalize_text
from visitctl.model import Article

MAX_BYTES = 20 * 1024 * 1024 + 1024 * 1024  # an article larger than ~21 MB is refused


def make_article(text: str, source: str, **meta: str | None) -> Article:
    """Normalise ``text`` and hash it; ``meta`` are Article's optional fields."""
    text = normalize_text(text)
    return Article(text=text, source=source, sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(), **meta)


def iter_articles(
    inputs: Sequence[str], *, glob: str = "*", stdin: BinaryIO | None = None
) -> Iterator[Article | InputError]:
    """Every article in ``inputs`` (files, folders walked recursively, "-")."""
    for item in inputs:
        if item == "-":
            data = (stdin or sys.stdin.buffer).read()
            yield _from_bytes(data, "<stdin>")
            continue
        path = Path(item)
        if path.is_dir():
            files = sorted(p for p in path.rglob(glob) if p.is_file() and not p.name.startswith("."))
            if not files:
                yield InputError(item, f"no files matching '{glob}' in this folder")
            for file in files:
                yield read_file(file)
        elif path.exists():
            yield read_file(path)
        else:
            yield InputError(item, "no such file or folder")


def read_file(path: Path) -> Article | InputError:
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            return InputError(str(path), f"file is {size // (1024 * 1024)} MB, larger than the 20 MB limit")
        data = path.read_bytes()
    except OSError as exc:
        return InputError(str(path), exc.strerror or str(exc))
    return _from_bytes(data, str(path))


def _from_bytes(data: bytes, source: str) -> Article | InputError:
    if not data.strip():
        return InputError(source, "empty file")
    if b"\x00" in data[:4096]:
        return InputError(source, "binary file, not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return InputError(source, f"not UTF-8 (byte {exc.start}); pass --encoding")
    article = make_article(text, source)
    if not article.text:
        return InputError(source, "no text")
    return article
