"""The extraction quality gate: the scorer of ../shared/eval/score.py run on
gold sets, compared with floors pinned in tests/eval/floors.json.

A change that makes any field of any set score below its floor fails CI, the
way trafilatura's eval gate does.  Floors sit a little under the scores
measured when they were pinned; raise them when extraction improves.
Extraction runs in-process (``visitctl.extract``), exactly as
``visitctl extract --format json`` does.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
from pathlib import Path

import pytest

from visitctl.extract import extract
from visitctl.extract.normalize import normalize_text
from visitctl.model import Article

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("VISITCTL_SHARED", ROOT.parent / "shared"))
FLOORS = json.loads((ROOT / "tests" / "eval" / "floors.json").read_text(encoding="utf-8"))


def _place(spec: str) -> Path:
    """'shared:eval/gold/x.json' is under ../shared; other paths are in the repo."""
    return SHARED / spec[len("shared:"):] if spec.startswith("shared:") else ROOT / spec


def _scorer():
    path = SHARED / "eval" / "score.py"
    if not path.is_file():
        pytest.skip(f"no scorer at {path}")
    spec = importlib.util.spec_from_file_location("visitctl_eval_score", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _predict(path: Path) -> dict:
    text = normalize_text(path.read_text(encoding="utf-8"))
    article = Article(text=text, source=str(path), sha256=hashlib.sha256(text.encode()).hexdigest())
    return extract(article).to_dict()


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_scores_stay_above_floors(name: str) -> None:
    score = _scorer()
    spec = FLOORS[name]
    gold_path, root = _place(spec["gold"]), _place(spec["root"])
    if not gold_path.is_file():
        pytest.skip(f"no gold file at {gold_path}")
    golds = json.loads(gold_path.read_text(encoding="utf-8"))
    preds = {g["file"]: _predict(root / g["file"]) for g in golds}
    tallies = score.score(golds, preds)
    measured = {
        field: (t.f1() if isinstance(t, score.Tally) else t.value()) for field, t in tallies.items()
    }
    measured["overall"] = score.overall(tallies)
    below = {
        field: (round(measured[field], 3), floor)
        for field, floor in spec["floors"].items()
        if measured.get(field) is not None and measured[field] < floor
    }
    assert not below, f"{name}: fields below their floors (measured, floor): {below}"
