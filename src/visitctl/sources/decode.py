"""Bytes -> text: byte-order marks, strict UTF-8, a named encoding, detection.

The cheap paths (a BOM, valid UTF-8, Vietnamese in Windows-1258) use the
standard library only; ``charset_normalizer`` is imported only for bytes
that are none of these.  Binary files, truncated UTF-16 and undecodable
bytes become one-line ``InputError`` reasons.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

from visitctl.errors import InputError

# Signatures of files people sometimes pass by mistake; named in the error.
_MAGIC = (
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a zip archive (or a .docx/.xlsx/.odt document)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Microsoft Office document"),
    (b"{\\rtf", "an RTF document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"RIFF", "a RIFF media file"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"BZh", "a bzip2 archive"),
    (b"\xfd7zXZ\x00", "an xz archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7z archive"),
    (b"SQLite format 3\x00", "a SQLite database"),
    (b"\x7fELF", "an executable"),
    (b"MZ", "a Windows executable"),
)
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "UTF-32"),
    (codecs.BOM_UTF8, "utf-8", "UTF-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16"),
)
# Control characters that never occur in text (tab, newlines, form feed and
# escape aside); more than a few per thousand characters means binary data.
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f]")
# What Vietnamese UTF-8 looks like when read as Windows-1252: "Ã" "Ä" "Æ" lead
# two-byte letters, "áº"/"á»" lead the three-byte ones with tone marks.
_MOJIBAKE = re.compile(
    "[ÃÄÆ][\u0080-\u00ff\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013-\u2122]|á[º»]"
)
# A character every piece of such mojibake has; Vietnamese text rarely does
# (looking for it is much quicker than for the pairs: "á" is everywhere).
_MOJIBAKE_HINT = re.compile("[ÃÄÆº»]")
_VIETNAMESE_LOWER = "àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ"
_VIETNAMESE = frozenset(_VIETNAMESE_LOWER + _VIETNAMESE_LOWER.upper())
_PUNCTUATION = frozenset("\u00a0“”‘’–—…•«»°·×±²³½¼¾§©®™€£¥¢")
_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{2,40})""", re.I)


def sniff_binary(data: bytes) -> str | None:
    """What kind of non-text file ``data`` is, or None when it may be text."""
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            if magic == b"MZ" and b"\x00" not in data[:256]:
                continue  # a text that happens to start with "MZ"
            return kind
    return None


def declared_charset(data: bytes) -> str | None:
    """The charset an HTML page declares in a <meta> tag, if any."""
    match = _META_CHARSET.search(data[:4096])
    if not match:
        return None
    name = match.group(1).decode("ascii").lower()
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def decode_bytes(
    data: bytes, source: str, *, encoding: str | None = None, hint: str | None = None
) -> str | InputError:
    """Decode ``data`` to text, or an ``InputError`` with a one-line reason.

    Order: a byte-order mark; then, when the user named an ``encoding``,
    UTF-8 if the bytes are valid non-ASCII UTF-8 (so one ``--encoding`` for a
    folder does not garble its UTF-8 files), else that encoding, strictly;
    otherwise strict UTF-8, ``hint`` (an HTTP or <meta> charset), detection.
    """
    if encoding:
        try:
            codecs.lookup(encoding)
        except LookupError:
            return InputError(source, f"unknown encoding '{encoding}' (try utf-8, utf-16, windows-1258)")
    for bom, codec, label in _BOMS:
        if data.startswith(bom):
            return _decode_bom(data[len(bom):], source, codec, label, len(bom))
    kind = sniff_binary(data)
    if kind:
        return InputError(source, f"{kind}, not text")
    if encoding:
        if b"\x00" not in data and not data.isascii():
            try:
                return _checked(data.decode("utf-8"), source)
            except UnicodeDecodeError:
                pass
        return _decode_named(data, source, encoding)
    if _too_many_controls(data[:65536].decode("latin-1")):
        return InputError(source, "binary file, not text")
    if b"\x00" in data:
        if _looks_like_bomless_utf16(data):
            return InputError(
                source, "looks like UTF-16 without a byte-order mark; pass --encoding utf-16-le (or utf-16-be)"
            )
        return InputError(source, "binary file, not text")
    try:
        return _checked(repair_double_utf8(data.decode("utf-8")), source)
    except UnicodeDecodeError as exc:
        first_error = exc
    if hint:
        try:
            return _checked(data.decode(hint), source)
        except (UnicodeDecodeError, LookupError):
            pass
    vietnamese = windows_1258_vietnamese(data)
    if vietnamese is not None:
        return _checked(vietnamese, source)
    return _detect(data, source, first_error)


def windows_1258_vietnamese(data: bytes) -> str | None:
    """``data`` decoded as Windows-1258 when that gives Vietnamese: every
    non-ASCII character a Vietnamese letter (once tone marks are composed) or
    common punctuation.  The usual legacy encoding of this tool's users,
    recognised without loading a detector; None otherwise."""
    try:
        text = unicodedata.normalize("NFC", data.decode("cp1258"))
    except UnicodeDecodeError:
        return None
    letters = 0
    for char in text:
        if char < "\x80":
            continue
        if char in _VIETNAMESE:
            letters += 1
        elif char not in _PUNCTUATION:
            return None
    return text if letters else None


def repair_double_utf8(text: str) -> str:
    """Undo UTF-8 that was read as Windows-1252 and saved as UTF-8 again
    ("Ä‘á»“ng chÃ­" -> "đồng chí"), a common scraping accident.  Only the
    whole text is repaired, and only when the repair is exact."""
    head = text[:20000]
    if not _MOJIBAKE_HINT.search(head) or not _MOJIBAKE.search(head):
        return text
    raw = bytearray()
    for char in text:
        code = ord(char)
        if code < 0x80:
            raw.append(code)
            continue
        try:
            raw += char.encode("cp1252")
        except UnicodeEncodeError:
            if code > 0xFF:
                return text  # a character no Windows-1252 reading could give
            raw.append(code)  # the five bytes Windows-1252 leaves undefined
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return text


def _decode_named(data: bytes, source: str, encoding: str) -> str | InputError:
    codec = codecs.lookup(encoding).name
    try:
        return _checked(data.decode(codec), source)
    except UnicodeDecodeError as exc:
        return InputError(source, f"cannot be decoded as {encoding} (byte {exc.start}); check --encoding")


def _decode_bom(data: bytes, source: str, codec: str, label: str, offset: int) -> str | InputError:
    if label == "UTF-16" and len(data) % 2:
        return InputError(source, "truncated UTF-16 (an odd number of bytes): the file was cut short")
    if label == "UTF-32" and len(data) % 4:
        return InputError(source, "truncated UTF-32: the file was cut short")
    try:
        text = data.decode(codec)
        return _checked(repair_double_utf8(text) if label == "UTF-8" else text, source)
    except UnicodeDecodeError as exc:
        what = "truncated" if "end of data" in exc.reason else "invalid"
        return InputError(source, f"{what} {label} at byte {exc.start + offset}; the file may be damaged")


def _looks_like_bomless_utf16(data: bytes) -> bool:
    sample = data[:4096]
    even, odd = sample[0::2], sample[1::2]
    zeros = max(even.count(0), odd.count(0))
    return len(sample) >= 4 and zeros >= 0.3 * len(sample) / 2 and min(even.count(0), odd.count(0)) == 0


def _detect(data: bytes, source: str, first_error: UnicodeDecodeError) -> str | InputError:
    from charset_normalizer import from_bytes

    best = from_bytes(data[: 2 * 1024 * 1024]).best()
    if best is not None:
        try:
            return _checked(data.decode(best.encoding), source)
        except (UnicodeDecodeError, LookupError):
            pass
    return InputError(
        source,
        f"not UTF-8 (byte {first_error.start}) and the encoding cannot be detected; "
        "pass --encoding (e.g. --encoding windows-1258)",
    )


def _checked(text: str, source: str) -> str | InputError:
    """Refuse decoded text full of control characters (binary data)."""
    if _too_many_controls(text[:65536]):
        return InputError(source, "binary file, not text")
    return text


def _too_many_controls(sample: str) -> bool:
    """More than a few control characters per thousand (NUL not counted)."""
    if not _CONTROL.search(sample):
        return False  # the usual case, found out without counting
    return len(_CONTROL.findall(sample.replace("\x00", ""))) > max(8, len(sample) // 200)
