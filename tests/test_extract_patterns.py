"""Each short article under fixtures/patterns/ shows one way Vietnamese news
writes a visit (or a non-visit); its .json under tests/golden/patterns/ says what a user must
get from it: whether it is a visit, the date, the province, the officials
with their titles and the visited units."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from visitctl.extract import extract
from visitctl.extract.normalize import fold, normalize_text
from visitctl.model import Article

PATTERNS = Path(__file__).resolve().parent.parent / "fixtures" / "patterns"
EXPECTED = Path(__file__).resolve().parent / "golden" / "patterns"
CASES = sorted(PATTERNS.glob("*.txt"))


def _expected(path: Path) -> Path:
    return EXPECTED / path.with_suffix(".json").name


def _extract(path: Path):
    text = normalize_text(path.read_text(encoding="utf-8"))
    return extract(Article(text=text, source=str(path), sha256=hashlib.sha256(text.encode()).hexdigest()))


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_pattern(path: Path) -> None:
    want = json.loads(_expected(path).read_text(encoding="utf-8"))
    got = _extract(path)
    assert bool(got.visits) == want["is_visit"]
    if not want["is_visit"]:
        return
    dates = {v.date for v in got.visits}
    assert want["date"] in dates
    assert fold(got.province) == fold(want["province"])
    names = {fold(o.name): o.title for v in got.visits for o in v.officials}
    for name, title in want["officials"]:
        assert fold(name) in names
        assert fold(title) in fold(names[fold(name)]) or fold(names[fold(name)]) in fold(title)
    units = {fold(v.commune.name): v.commune for v in got.visits if v.commune}
    assert set(units) == {fold(c[0]) for c in want["communes"]}
    for item in want["communes"]:
        unit = units[fold(item[0])]
        assert unit.type == item[1]
        if len(item) > 2:
            assert fold(unit.district) == fold(item[2])
    if "author" in want:
        assert got.author == want["author"]


def test_every_pattern_has_expectations() -> None:
    assert CASES
    for path in CASES:
        assert _expected(path).exists(), path.name
