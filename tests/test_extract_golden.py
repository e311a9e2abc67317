"""Golden output for the seed articles.

tests/golden/<name>.json holds what ``extract()`` gives for
fixtures/seeds/<name>.txt.  The visit structure (which units, dates,
officials, titles, province, title and byline) must match exactly; these
are the facts the seeds were chosen to pin down.  After an intended change,
regenerate with ``VISITCTL_UPDATE_GOLDEN=1 pytest tests/test_extract_golden.py``
and review the diff.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest

from visitctl.extract import extract
from visitctl.extract.normalize import normalize_text
from visitctl.model import Article

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = sorted((ROOT / "tests" / "golden").glob("*.json"))


def _run(name: str) -> dict:
    path = ROOT / "fixtures" / "seeds" / f"{name}.txt"
    text = normalize_text(path.read_text(encoding="utf-8"))
    article = Article(text=text, source=str(path), sha256=hashlib.sha256(text.encode()).hexdigest())
    return extract(article).to_dict()


def _structure(data: dict) -> dict:
    """The parts of an extraction the visit assembly decides."""
    return {
        "title": data["title"],
        "published": data["published"],
        "author": data["author"],
        "province": data["province"],
        "visits": [
            {"date": v["date"], "officials": v["officials"], "commune": v["commune"]}
            for v in data["visits"]
        ],
    }


@pytest.mark.parametrize("golden", GOLDEN, ids=[g.stem for g in GOLDEN])
def test_seed_matches_golden(golden: Path) -> None:
    got = _run(golden.stem)
    if os.environ.get("VISITCTL_UPDATE_GOLDEN"):
        golden.write_text(json.dumps(got, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    want = json.loads(golden.read_text(encoding="utf-8"))
    assert _structure(got) == _structure(want)


def test_every_seed_has_a_golden_file() -> None:
    seeds = {p.stem for p in (ROOT / "fixtures" / "seeds").glob("*.txt")}
    assert seeds and seeds <= {g.stem for g in GOLDEN}


def test_seed_directives_are_filed_by_commune() -> None:
    """Hà Trung's instructions stay with Hà Trung, Tống Sơn's with Tống Sơn;
    the two wards addressed together both get every instruction; photo
    captions are never instructions."""
    ha = _run("ha-trung-tong-son-2025-11-25")
    by_unit = {v["commune"]["name"]: " ".join(d["text"] for d in v["directives"]) for v in ha["visits"]}
    assert "quy hoạch xã" in by_unit["Hà Trung"] and "quy hoạch xã" not in by_unit["Tống Sơn"]
    assert "đánh đổi môi trường" in by_unit["Tống Sơn"] and "đánh đổi môi trường" not in by_unit["Hà Trung"]
    bim = _run("bim-son-quang-trung-2025-11-27")
    texts = [[d["text"] for d in v["directives"]] for v in bim["visits"]]
    assert len(texts) == 2 and texts[0] == texts[1] and texts[0]
    assert not any("Quang cảnh" in t for t in texts[0])


@pytest.mark.parametrize("golden", GOLDEN, ids=[g.stem for g in GOLDEN])
def test_evidence_offsets_index_the_normalised_text(golden: Path) -> None:
    path = ROOT / "fixtures" / "seeds" / f"{golden.stem}.txt"
    text = normalize_text(path.read_text(encoding="utf-8"))
    result = extract(Article(text=text, source=str(path)))
    for visit in result.visits:
        records = [*visit.officials, *visit.directives, *visit.figures, *visit.projects, *visit.gifts]
        if visit.commune is not None:
            records.append(visit.commune)
        for record in records:
            if record.evidence is not None:
                ev = record.evidence
                assert text[ev.start:ev.end] == ev.sentence
