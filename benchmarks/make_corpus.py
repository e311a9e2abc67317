"""Build a large corpus of distinct articles from a few seed articles.

Each generated article is one of the seeds with its officials' names, its
communes (other real communes of the same province, from the gazetteer), its
dates and a serial line changed, so no two articles share a text and nothing
deduplicates.  Articles are streamed: to a folder (one ``NNNNNN.txt`` each)
or to one JSON Lines file (``{"id", "url", "title", "published", "text"}``).

    python benchmarks/make_corpus.py --articles 20000 --out /tmp/corpus
    python benchmarks/make_corpus.py --articles 20000 --out /tmp/corpus.jsonl

Also imported by the reliability tests (``generate`` and ``write_folder``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import re
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SEEDS = ROOT / "fixtures" / "seeds"

SURNAMES = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi",
            "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Trịnh", "Mai", "Đinh", "Lương")
MIDDLE = ("Văn", "Thị", "Hồng", "Minh", "Đức", "Quang", "Thanh", "Xuân", "Ngọc", "Hữu", "Đình", "Kim")
GIVEN = ("Phong", "Hùng", "Lan", "Dũng", "Hải", "Tuấn", "Hòa", "Bình", "Sơn", "Thắng", "Nam", "Hương",
         "Long", "Trung", "Khánh", "Tâm", "Quý", "Thủy", "Cường", "Vinh", "Hiếu", "Nga", "Yến", "Tùng")

# A person's name: a common surname and one to three capitalised syllables.
_NAME = re.compile(r"\b(?:%s)(?: [^\W\d_]+){1,3}" % "|".join(SURNAMES))
# dd/mm and dd/mm/yyyy as news articles write them, and ISO dates.
_DMY = re.compile(r"(?<![\d/])(\d{1,2})/(\d{1,2})(?:/(\d{4}))?(?![\d/])")
_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")


def load_seeds(folder: Path = DEFAULT_SEEDS) -> list[str]:
    """The text of every ``*.txt`` seed article, in name order."""
    seeds = [p.read_text(encoding="utf-8") for p in sorted(Path(folder).glob("*.txt"))]
    if not seeds:
        raise SystemExit(f"no seed articles (*.txt) in {folder}")
    return seeds


class _Seed:
    """A seed text with the names, communes and province found in it."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.names = sorted({m.group(0)[: _capitalised_end(m.group(0))] for m in _NAME.finditer(text)}
                            - {""}, key=len, reverse=True)
        self.communes, self.pool = _communes_in(text)


def _capitalised_end(match: str) -> int:
    """Length of the leading run of capitalised words of ``match`` (at least two words)."""
    words = match.split(" ")
    keep = [words[0]]
    for word in words[1:]:
        if not word[:1].isupper():
            break
        keep.append(word)
    return len(" ".join(keep)) if len(keep) >= 2 else 0


_UNIT = re.compile(r"(?<!\w)(?:xã|phường|thị trấn)(?: (?:các|hai|ba|\d+))? ", re.IGNORECASE)
_WORD = re.compile(r"[^\W\d_]+")


def _names_after_units(text: str) -> list[str]:
    """Capitalised names listed after a unit word: "các xã Hà Trung, Tống Sơn và Nga Sơn"."""
    names = []
    for unit in _UNIT.finditer(text):
        pos, current = unit.end(), []
        while True:
            word = _WORD.match(text, pos)
            if not word or not word.group(0)[:1].isupper():
                break
            current.append(word.group(0))
            pos = word.end()
            sep = re.match(r" và |, | ", text[pos:pos + 4])
            if not sep:
                break
            if sep.group(0) != " ":
                names.append(" ".join(current))
                current = []
            pos += len(sep.group(0))
        if current:
            names.append(" ".join(current))
    return names


def _communes_in(text: str) -> tuple[list[str], list[str]]:
    """Commune names found in ``text`` (those of the province most of them
    belong to), and the other communes of that province to draw replacements from."""
    try:
        from visitctl import gazetteer
    except ImportError:  # the generator also works without visitctl installed
        return [], []
    found: Counter[str] = Counter()
    hits: dict[str, set[str]] = {}
    for name in _names_after_units(text):
        for unit in gazetteer.find_communes(name):
            found[unit["province"]] += 1
            hits.setdefault(unit["province"], set()).add(name)
    if not found:
        return [], []
    province = found.most_common(1)[0][0]
    names = sorted(hits[province], key=len, reverse=True)
    pool = sorted({u["name"] for u in gazetteer.communes_of(province)} - set(names))
    return names, pool


def _person(rng: random.Random) -> str:
    return f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"


def _shift_dates(text: str, days: int) -> str:
    def dmy(m: re.Match[str]) -> str:
        day, month, year = int(m.group(1)), int(m.group(2)), m.group(3)
        try:
            date = dt.date(int(year) if year else 2025, month, day) + dt.timedelta(days=days)
        except ValueError:  # not a date (a ratio, "2/3")
            return m.group(0)
        return f"{date.day}/{date.month}/{date.year}" if year else f"{date.day}/{date.month}"

    def iso(m: re.Match[str]) -> str:
        try:
            date = dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3))) + dt.timedelta(days=days)
        except ValueError:
            return m.group(0)
        return date.isoformat()

    return _ISO.sub(iso, _DMY.sub(dmy, text))


def _replace_all(text: str, mapping: dict[str, str]) -> str:
    if not mapping:
        return text
    pattern = re.compile(r"(?<!\w)(?:%s)(?!\w)" % "|".join(re.escape(k) for k in mapping))
    return pattern.sub(lambda m: mapping[m.group(0)], text)


def generate(count: int, seed: int = 1, seeds_folder: Path = DEFAULT_SEEDS) -> Iterator[dict]:
    """``count`` distinct articles as dicts: id, url, title, published, text."""
    rng = random.Random(seed)
    seeds = [_Seed(text) for text in load_seeds(seeds_folder)]
    for i in range(count):
        base = seeds[i % len(seeds)]
        mapping = {name: _person(rng) for name in base.names}
        if base.pool:
            picks = rng.sample(base.pool, min(len(base.communes), len(base.pool)))
            mapping.update(zip(base.communes, picks))
        days = rng.randrange(-900, 0)
        text = _shift_dates(_replace_all(base.text, mapping), days)
        text = text.rstrip("\n") + f"\n\n(Bài số {i + 1}, mã {seed}-{rng.getrandbits(32):08x})\n"
        lines = text.lstrip().split("\n", 1)
        published = (dt.date(2025, 11, 27) + dt.timedelta(days=days)).isoformat()
        yield {"id": i + 1, "url": f"https://example.org/tin/{seed}/{i + 1}", "title": lines[0].strip(),
               "published": published, "text": text}


def write_folder(folder: Path, count: int, seed: int = 1, seeds_folder: Path = DEFAULT_SEEDS) -> int:
    """One ``NNNNNN.txt`` file per article in ``folder``; returns the count."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    n = 0
    for article in generate(count, seed, seeds_folder):
        (folder / f"{article['id']:06d}.txt").write_text(article["text"], encoding="utf-8")
        n += 1
    return n


def write_jsonl(path: Path, count: int, seed: int = 1, seeds_folder: Path = DEFAULT_SEEDS) -> int:
    """One JSON object per line in ``path``; returns the count."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    n = 0
    with path.open("w", encoding="utf-8") as out:
        for article in generate(count, seed, seeds_folder):
            out.write(json.dumps(article, ensure_ascii=False))
            out.write("\n")
            n += 1
    return n


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", "-n", type=int, default=20000, help="how many articles (default 20000)")
    parser.add_argument("--out", "-o", type=Path, required=True,
                        help="a folder (one .txt per article) or a .jsonl file")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--seeds", type=Path, default=DEFAULT_SEEDS, help="folder of seed .txt articles")
    args = parser.parse_args(argv)
    if args.out.suffix == ".jsonl":
        n = write_jsonl(args.out, args.articles, args.seed, args.seeds)
    else:
        n = write_folder(args.out, args.articles, args.seed, args.seeds)
    print(f"{n} articles -> {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
