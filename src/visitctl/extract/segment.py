"""Splitting normalised article text into sentences with their offsets.

Every record keeps the sentence it came from as ``Evidence`` whose offsets
index the normalised text, so ``text[e.start:e.end] == e.sentence``.
"""

from __future__ import annotations

import re

from visitctl.model import Evidence

# A sentence ends at . ! ? … or a newline.  A full stop glued to the next
# capitalised word ("thiết thực.Trên") also ends one; decimals ("8.5") and
# abbreviations such as "TP.HCM" do not (the next letter must start a word of
# two or more lower-case letters).
_END = re.compile(r"[.!?…]+[\"”’)]*(?=\s|$)|\n+|(?<=[a-zà-ỹđ])\.(?=[A-ZÀ-ỸĐ][a-zà-ỹđ])")


def sentences(text: str) -> list[Evidence]:
    """The sentences of ``text`` in order, stripped, with offsets."""
    out: list[Evidence] = []
    pos = 0
    for match in _END.finditer(text):
        _add(text, pos, match.end(), out)
        pos = match.end()
    _add(text, pos, len(text), out)
    return out


def _add(text: str, start: int, end: int, out: list[Evidence]) -> None:
    chunk = text[start:end]
    stripped = chunk.strip()
    if not stripped:
        return
    start += len(chunk) - len(chunk.lstrip())
    out.append(Evidence(stripped, start, start + len(stripped)))
