"""Topics of a directive, from a keyword lexicon kept as data (data/topics.json).

Keywords and text are both folded (normalize.fold), so diacritics, case and
tone placement do not matter; keywords match whole words only.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from itertools import chain

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
    return topics_of_folded(fold(text))


def topics_of_folded(folded: str) -> list[str]:
    """``topics_of`` of a text whose ``normalize.fold`` is ``folded`` (for a
    caller that has folded the text already)."""
    key = f" {folded} "
    if not key.strip():
        return []
    # The folded text is words joined by single spaces.  A keyword can only be
    # found where its first two words (its first word, when it has one) follow
    # each other in the text; the lexicon is indexed on those heads, so only
    # the keywords whose head the text holds are counted.
    seq = key.split()
    by_head = _by_head()
    present = _heads().intersection(chain(seq, zip(seq, seq[1:])))
    if not present:
        return []
    wanted: dict[int, list[int]] = {}  # topic order -> positions of its keywords to count
    for head in present:
        for order, j in by_head[head]:
            wanted.setdefault(order, []).append(j)
    plan = _plan()
    scored = []
    for order, js in wanted.items():
        _, name, skip, keys = plan[order]
        hay = key
        for needle in skip:
            hay = hay.replace(needle, "  ")
        hits = 0
        for j in sorted(js):  # longest first, as in the lexicon
            needle = keys[j]
            count = hay.count(needle)
            if count:
                hits += count
                hay = hay.replace(needle, "  ")
        if hits:
            scored.append((-hits, order, name))
    return [name for *_, name in sorted(scored)]


@lru_cache(maxsize=1)
def _plan() -> tuple[tuple[int, str, tuple[str, ...], tuple[str, ...]], ...]:
    """The lexicon ready for matching: (order, topic, exclusion needles,
    keyword needles), a needle being the phrase between spaces."""
    return tuple((order, name, tuple(f" {p} " for p in skip), tuple(f" {k} " for k in keys))
                 for order, (name, keys, skip) in enumerate(_lexicon()))


@lru_cache(maxsize=1)
def _by_head() -> dict[str | tuple[str, str], list[tuple[int, int]]]:
    """Keyword head (its first word, or its first two words as a pair) ->
    (topic order, position of the keyword in the topic's needles)."""
    out: dict[str | tuple[str, str], list[tuple[int, int]]] = {}
    for order, _, _, keys in _plan():
        for j, needle in enumerate(keys):
            words = needle.split()
            out.setdefault(words[0] if len(words) == 1 else (words[0], words[1]), []).append((order, j))
    return out


@lru_cache(maxsize=1)
def _heads() -> frozenset[str | tuple[str, str]]:
    return frozenset(_by_head())
