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


def topic_names() -> list[str]:
    """Every topic the lexicon knows, most specific first."""
    return [name for name, _, _ in _lexicon()]


def topics_of(text: str) -> list[str]:
    """Every topic whose keywords occur in ``text``, the main one first.

    The main topic is the one the text names most often (a keyword inside a
    longer keyword of the same topic counts once); ties go to the lexicon's
    order, most specific first.  "rà soát các dự án ..., tránh đầu tư dàn
    trải; ... chuyển dịch cơ cấu lao động" is about investment, though it also
    mentions labour.
    """
    key = f" {fold(text)} "
    if not key.strip():
        return []
    words = set(key.split())
    scored = []
    for order, name, firsts, skip, keys in _plan():
        if firsts.isdisjoint(words):
            continue  # no keyword of this topic can occur
        hay = key
        for needle in skip:
            hay = hay.replace(needle, "  ")
        hits = 0
        for needle, first in keys:  # longest first
            if first not in words:
                continue
            count = hay.count(needle)
            if count:
                hits += count
                hay = hay.replace(needle, "  ")
        if hits:
            scored.append((-hits, order, name))
    return [name for *_, name in sorted(scored)]


@lru_cache(maxsize=1)
def _plan() -> tuple[tuple[int, str, frozenset[str], tuple[str, ...], tuple[tuple[str, str], ...]], ...]:
    """The lexicon ready for matching: (order, topic, first words of its
    keywords, exclusion needles, (keyword needle, its first word))."""
    out = []
    for order, (name, keys, skip) in enumerate(_lexicon()):
        pairs = tuple((f" {k} ", k.split()[0]) for k in keys)
        out.append((order, name, frozenset(first for _, first in pairs), tuple(f" {p} " for p in skip), pairs))
    return tuple(out)
