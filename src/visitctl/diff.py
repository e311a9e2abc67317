"""Grouping directives that ask for the same thing, across communes or visits.

Pure: takes directive texts per column (a commune, or one visit of a commune),
returns groups; prints nothing, reads only its stop list.

The method, deterministic and without a model:

1. **Features.**  A directive is folded (``normalize.fold``: no case, no
   diacritics, đ -> d, so "đầu từ" and "đầu tư" meet), the names of the
   columns compared are removed ("xã Hà Trung" tells nothing about what Hà
   Trung was asked), and so are the phrases of the stop list
   (``data/diff_stopwords.txt``: function words, who is addressed, unit words,
   and the verbs every directive uses).  The features are what is left: each
   remaining syllable, and each pair of remaining syllables that stood next
   to each other in the text -- Vietnamese words are mostly two syllables
   ("dự án", "dàn trải", "trạm y tế"), and a shared pair says much more than
   a shared syllable.
2. **Similarity** of two directives: the Dice coefficient of their feature
   sets, ``2 |A ∩ B| / (|A| + |B|)``, times ``TOPIC_MISMATCH`` when both have
   topics and share none.
3. **Candidates.**  Only directives of different columns are compared, and
   only pairs that share a feature in both their *prefixes* (features sorted
   rarest first; a prefix leaves out as many of the commonest features as a
   pair can miss and still reach ``LINK_FLOOR``), found through an inverted
   index.  This prefix filter is exact -- no pair above the floor is missed --
   and it skips the common features that make all-pairs comparison
   quadratic: 100 communes of 10 directives take about 0.15 s
   (``benchmarks/bench_diff.py``).
4. **Clustering.**  Average-linkage agglomerative clustering, best pair
   first: the link between two groups is the mean similarity over their pairs
   of directives from different columns (pairs below ``LINK_FLOOR`` count as
   0), and groups merge while the best link is at least ``THRESHOLD``.  Ties
   break on input order, so the same input always gives the same groups.
5. **Order.**  Groups present in several columns first (most columns first),
   then what is unique to each column, in column order; inside each part, by
   where the group's first directive appears in the input.

Successive visits of one commune use the same machinery with one column per
visit (``compare_visits``): a group spanning several visits is a directive
given again.
"""

from __future__ import annotations

import heapq
import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

from visitctl.extract.normalize import fold

# Tuned on the cases in tests/test_diff.py (the seed articles' directives at
# clause and at sentence length, paraphrases, near misses that share a word).
THRESHOLD = 0.38  # merge two groups while their average link is at least this
LINK_FLOOR = 0.19  # pairs less similar than this count as 0 in a link
TOPIC_MISMATCH = 0.8  # both directives have topics and share none


@dataclass(frozen=True)
class Item:
    """One directive to group: its text and topics (the first is the main one)."""

    text: str
    topics: tuple[str, ...] = ()


@dataclass
class Group:
    """Directives that ask for the same thing; ``members`` maps a column label
    to its directive texts, in column order, only for columns that have some."""

    topic: str | None
    members: dict[str, list[str]]

    @property
    def shared(self) -> bool:
        return len(self.members) > 1

    def to_dict(self) -> dict[str, Any]:
        return {"topic": self.topic, "members": {k: list(v) for k, v in self.members.items()}}


@dataclass
class DiffResult:
    """Columns (communes, or visits) in the order given, and their groups."""

    columns: list[str]
    groups: list[Group] = field(default_factory=list)

    def to_dict(self, key: str = "communes") -> dict[str, Any]:
        return {key: list(self.columns), "groups": [g.to_dict() for g in self.groups]}

    def shared(self) -> list[Group]:
        return [g for g in self.groups if g.shared]

    def unique(self, column: str) -> list[Group]:
        return [g for g in self.groups if not g.shared and column in g.members]


# --------------------------------------------------------------------------- features


# Pairs of syllables never form across punctuation ("nhân lực, cơ sở").
_PUNCTUATION = re.compile(r"[^\w\s]+|_")


@dataclass(frozen=True)
class StopList:
    """Phrases ignored when comparing directives, as folded token tuples."""

    phrases: frozenset[tuple[str, ...]]
    longest: int

    @classmethod
    def from_text(cls, text: str) -> StopList:
        """One phrase a line; "#" starts a comment."""
        phrases = {tuple(fold(line.split("#", 1)[0]).split()) for line in text.splitlines()}
        phrases.discard(())
        return cls(frozenset(phrases), max((len(p) for p in phrases), default=1))

    @classmethod
    def load(cls) -> StopList:
        """The list shipped in ``visitctl/data/diff_stopwords.txt``."""
        path = resources.files("visitctl") / "data" / "diff_stopwords.txt"
        return cls.from_text(path.read_text(encoding="utf-8"))

    def with_names(self, names: Iterable[str]) -> StopList:
        """This list plus ``names`` (commune names, folded)."""
        extra = {tuple(fold(n).split()) for n in names} - {()}
        return StopList(self.phrases | extra, max([self.longest, *(len(p) for p in extra)]))


def content_tokens(text: str, stop: StopList) -> list[str | None]:
    """The folded syllables of ``text``, each stop phrase replaced by None
    (longest match first), and a None at each punctuation break, so that
    pairs never form across a removed word or a comma."""
    tokens: list[str | None] = []
    for piece in _PUNCTUATION.split(text):
        words = fold(piece).split()
        if words:
            if tokens:
                tokens.append(None)
            tokens.extend(words)
    i, n = 0, len(tokens)
    while i < n:
        for size in range(min(stop.longest, n - i), 0, -1):
            if tuple(tokens[i : i + size]) in stop.phrases:
                tokens[i : i + size] = [None] * size
                i += size
                break
        else:
            i += 1
    return tokens


def features(text: str, stop: StopList | None = None) -> frozenset[str]:
    """Features of a directive: its remaining syllables, and each pair of
    remaining syllables that stood next to each other ("du an", "dan trai")."""
    tokens = content_tokens(text, stop or StopList.load())
    feats = {t for t in tokens if t is not None}
    feats.update(f"{a} {b}" for a, b in zip(tokens, tokens[1:]) if a is not None and b is not None)
    return frozenset(feats)


def similarity(a: frozenset[str], b: frozenset[str], topics_a: Sequence[str] = (),
               topics_b: Sequence[str] = ()) -> float:
    """Dice coefficient of two feature sets, lowered when the topics disagree."""
    return _dice(a, b) * _topic_factor({fold(t) for t in topics_a}, {fold(t) for t in topics_b})


def _dice(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    return 2 * len(a & b) / (len(a) + len(b))


def _topic_factor(keys_a: frozenset[str] | set[str], keys_b: frozenset[str] | set[str]) -> float:
    return TOPIC_MISMATCH if keys_a and keys_b and keys_a.isdisjoint(keys_b) else 1.0


# --------------------------------------------------------------------------- grouping


@dataclass
class _Node:
    column: int
    position: int  # index in the flattened input: the tie-breaker everywhere
    text: str
    topics: tuple[str, ...]
    feats: frozenset[str]
    topic_keys: frozenset[str]


def _as_item(value: Item | str | Mapping[str, Any]) -> Item:
    if isinstance(value, Item):
        return value
    if isinstance(value, str):
        return Item(value)
    topics = value.get("topics") or ()
    if isinstance(topics, str):
        topics = (topics,)
    return Item(str(value.get("text") or ""), tuple(topics))


def group_directives(
    columns: Sequence[tuple[str, Sequence[Item | str | Mapping[str, Any]]]],
    *,
    names: Iterable[str] = (),
    threshold: float = THRESHOLD,
) -> DiffResult:
    """Group the directives of each column (label, directives) by what they ask.

    Directives may be ``Item``, plain strings, or mappings with ``text`` and
    ``topics``.  ``names`` are extra phrases to ignore in the texts besides the
    column labels (e.g. commune names when the columns are visit dates).
    Repeated texts inside one column (same folded text) are kept once.
    """
    labels = [label for label, _ in columns]
    if len(set(labels)) != len(labels):
        raise ValueError("column labels must be distinct")
    stop = StopList.load().with_names([*labels, *names])
    nodes: list[_Node] = []
    for col, (_, items) in enumerate(columns):
        seen: set[str] = set()
        for raw in items:
            item = _as_item(raw)
            key = fold(item.text)
            if not key or key in seen:
                continue
            seen.add(key)
            feats = features(item.text, stop)
            topic_keys = frozenset(fold(t) for t in item.topics if fold(t))
            nodes.append(_Node(col, len(nodes), item.text, item.topics, feats, topic_keys))

    clusters = _cluster(nodes, _candidate_pairs(nodes, min(LINK_FLOOR, threshold)), threshold)
    clusters.sort(key=lambda c: _order_key(c, nodes))
    return DiffResult(labels, [_make_group(c, nodes, labels) for c in clusters])


def _candidate_pairs(nodes: Sequence[_Node], floor: float) -> dict[tuple[int, int], float]:
    """Similarity of every pair from different columns that can reach ``floor``.

    Prefix filtering: features ordered by rarity (then name); a node's prefix
    holds its rarest features, all but the last ``ceil(t/(2-t) * size) - 1``
    (Dice >= t implies the pair shares at least t/(2-t) of either side).  Two
    nodes above the floor share their rarest common feature within both
    prefixes, so probing prefixes through an index misses no pair.
    """
    df: Counter[str] = Counter()
    for node in nodes:
        df.update(node.feats)
    ratio = floor / (2 - floor)
    index: dict[str, list[int]] = {}
    pairs: dict[tuple[int, int], float] = {}
    for node in nodes:
        size = len(node.feats)
        if not size:
            continue
        ordered = sorted(node.feats, key=lambda f: (df[f], f))
        prefix = ordered[: size - max(math.ceil(ratio * size - 1e-9), 1) + 1]
        seen: set[int] = set()
        for feat in prefix:
            for other in index.get(feat, ()):
                if other in seen:
                    continue
                seen.add(other)
                peer = nodes[other]
                if peer.column == node.column:
                    continue
                sim = _dice(node.feats, peer.feats) * _topic_factor(node.topic_keys, peer.topic_keys)
                if sim >= floor:
                    pairs[(other, node.position)] = sim
            index.setdefault(feat, []).append(node.position)
    return pairs


def _cluster(nodes: Sequence[_Node], pairs: Mapping[tuple[int, int], float], threshold: float) -> list[list[int]]:
    """Average-linkage agglomerative clustering over the sparse ``pairs``."""
    members: dict[int, list[int]] = {n.position: [n.position] for n in nodes}
    cols: dict[int, Counter[int]] = {n.position: Counter([n.column]) for n in nodes}
    sums: dict[int, dict[int, float]] = {n.position: {} for n in nodes}
    for (a, b), sim in pairs.items():
        sums[a][b] = sums[a].get(b, 0.0) + sim
        sums[b][a] = sums[b].get(a, 0.0) + sim

    def cross(a: int, b: int) -> int:
        ca, cb = cols[a], cols[b]
        if len(ca) > len(cb):
            ca, cb = cb, ca
        same = sum(count * cb[col] for col, count in ca.items() if col in cb)
        return len(members[a]) * len(members[b]) - same

    heap: list[tuple[float, int, int]] = []

    def push(a: int, b: int) -> None:
        if a > b:
            a, b = b, a
        n = cross(a, b)
        if n:
            link = sums[a][b] / n
            if link >= threshold:
                heapq.heappush(heap, (-link, a, b))

    for a, b in sorted(pairs):
        push(a, b)
    while heap:
        neg, a, b = heapq.heappop(heap)
        if a not in members or b not in members:
            continue
        n = cross(a, b)
        if not n or not math.isclose(-neg, sums[a].get(b, 0.0) / n):
            continue  # stale entry: one side grew since it was pushed
        # merge b into a (a is the earlier cluster id)
        members[a].extend(members.pop(b))
        cols[a].update(cols.pop(b))
        for other, value in sums.pop(b).items():
            if other == a:
                continue
            sums[a][other] = sums[a].get(other, 0.0) + value
            sums[other][a] = sums[other].get(a, 0.0) + value
            del sums[other][b]
        sums[a].pop(b, None)
        for other in sorted(sums[a]):
            push(a, other)
    return [sorted(m) for _, m in sorted(members.items())]


def _make_group(positions: Sequence[int], nodes: Sequence[_Node], labels: Sequence[str]) -> Group:
    """A group from node positions: members in column order, and as topic the
    one most of its directives carry (ties: the earliest named)."""
    by_column: dict[int, list[str]] = {}
    for pos in positions:
        by_column.setdefault(nodes[pos].column, []).append(nodes[pos].text)
    members = {labels[col]: by_column[col] for col in sorted(by_column)}
    counts: Counter[str] = Counter()
    order: dict[str, int] = {}
    for pos in positions:
        for topic in dict.fromkeys(nodes[pos].topics):
            counts[topic] += 1
            order.setdefault(topic, len(order))
    topic = min(counts, key=lambda t: (-counts[t], order[t])) if counts else None
    return Group(topic, members)


def _order_key(group_positions: Sequence[int], nodes: Sequence[_Node]) -> tuple[int, int, int]:
    columns = {nodes[p].column for p in group_positions}
    first = min(group_positions)
    if len(columns) > 1:
        return (0, -len(columns), first)
    return (1, nodes[first].column, first)


def compare_visits(
    visits: Sequence[tuple[str, Sequence[Item | str | Mapping[str, Any]]]],
    *,
    commune: str | None = None,
    threshold: float = THRESHOLD,
) -> DiffResult:
    """Group the directives of one commune's visits (label, directives), given
    in date order: a group spanning several visits is a directive repeated.
    ``commune`` is the commune's name, ignored in the texts."""
    return group_directives(visits, names=[commune] if commune else (), threshold=threshold)


def repeated(result: DiffResult) -> list[Group]:
    """Groups present in more than one column (for visits: given again)."""
    return result.shared()
