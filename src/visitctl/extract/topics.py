"""Topics of a directive, from a keyword lexicon kept as data (data/topics.json).

Keywords and text are both folded (normalize.fold), so diacritics, case and
tone placement do not matter; keywords match whole words only.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources

from visitctl.extract.normalize import fold


@lru_cache(maxsize=1)
def _lexicon() -> tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...]:
    """(topic, folded keywords, folded exclusions) in the lexicon's order
    (most specific first)."""
    raw = json.loads(resources.files("visitctl").joinpath("data", "topics.json").read_text(encoding="utf-8"))
    out = []
    for entry in raw["topics"]:
        keys = tuple(sorted({k for k in (fold(w) for w in entry["keywords"]) if k}, key=len, reverse=True))
        skip = tuple(sorted({k for k in (fold(w) for w in entry.get("exclude", [])) if k}, key=len, reverse=True))
        out.append((entry["topic"], keys, skip))
    return tuple(out)


@lru_cache(maxsize=1)
def _longest() -> int:
    """Number of words of the longest keyword."""
    return max((k.count(" ") + 1 for _, keys, _ in _lexicon() for k in keys), default=1)


def topic_names() -> list[str]:
    """Every topic the lexicon knows, most specific first."""
    return [name for name, _, _ in _lexicon()]


def topics_of(text: str) -> list[str]:
    """Every topic whose keywords occur in ``text``, most specific first."""
    key = f" {fold(text)} "
    if not key.strip():
        return []
    lexicon = _lexicon()
    longest = _longest()
    grams = _grams(key, longest)
    out = []
    for name, keys, skip in lexicon:
        topic_grams = grams
        if any(f" {phrase} " in key for phrase in skip):
            trimmed = key
            for phrase in skip:
                trimmed = trimmed.replace(f" {phrase} ", "  ")
            topic_grams = _grams(trimmed, longest)
        if any(k in topic_grams for k in keys):
            out.append(name)
    return out


def _grams(key: str, longest: int) -> set[str]:
    """Every run of 1 to ``longest`` words of a folded text."""
    words = key.split()
    return {" ".join(words[i:i + n]) for n in range(1, longest + 1) for i in range(len(words) - n + 1)}
