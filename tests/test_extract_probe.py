"""Fresh articles written for probing (tests/probe/*.txt, not fitted on): for
each, a user must get whether it reports a visit, the visit's date, the
visiting officials and the units visited, as tests/probe/gold.json says."""

from __future__ import annotations

import hashlib
import json
import unicodedata
from collections import Counter
from pathlib import Path

import pytest

from visitctl.extract import extract
from visitctl.extract.normalize import normalize_text
from visitctl.model import Article

PROBE = Path(__file__).resolve().parent / "probe"
GOLD = json.loads((PROBE / "gold.json").read_text(encoding="utf-8"))
_UNIT_WORDS = ("thanh pho ", "thi tran ", "thi xa ", "dac khu ", "phuong ", "huyen ", "quan ", "xa ", "tp ")


def _fold(text: str | None) -> str:
    text = unicodedata.normalize("NFD", (text or "").replace("đ", "d").replace("Đ", "D"))
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    return " ".join("".join(c if c.isalnum() else " " for c in text).split())


def _place(text: str | None) -> str:
    key = _fold(text)
    for word in _UNIT_WORDS:
        if key.startswith(word) and len(key) > len(word):
            return key[len(word):]
    return key


def _extract(name: str):
    text = normalize_text((PROBE / name).read_text(encoding="utf-8"))
    return extract(Article(text=text, source=name, sha256=hashlib.sha256(text.encode()).hexdigest()))


@pytest.mark.parametrize("gold", GOLD, ids=[g["file"] for g in GOLD])
def test_probe_article(gold: dict) -> None:
    got = _extract(gold["file"])
    assert bool(got.visits) == gold["is_visit"]
    if not gold["is_visit"]:
        return
    dates = Counter(v.date for v in got.visits if v.date)
    date = dates.most_common(1)[0][0] if dates else None
    if gold["date"] and gold["date"].startswith("--"):
        assert (date or "")[-5:] == gold["date"][-5:]
    else:
        assert date == gold["date"]
    names = {_fold(o.name) for v in got.visits for o in v.officials}
    assert names == {_fold(o["name"]) for o in gold["officials"]}
    units = {_place(v.commune.name) for v in got.visits if v.commune}
    assert units == {_place(c["name"]) for c in gold["communes"]}
