"""Helpers shared by the reliability tests (tests/test_reliability_*.py).

The tests drive the real command line in subprocesses, as cron jobs and
users do, and look at the database with plain ``sqlite3``.
"""

from __future__ import annotations

import functools
import importlib.util
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
VISITCTL = [sys.executable, "-m", "visitctl"]

# Tables holding an article's records, counted per article.
RECORD_TABLES = ("visits", "projects", "directives", "figures", "gifts", "delegation")


def cli_env() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("VISITCTL_DB", None)
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    env.setdefault("COLUMNS", "200")
    return env


def run_cli(*args: str | os.PathLike, timeout: float = 120, user: int | None = None,
            **kwargs) -> subprocess.CompletedProcess[str]:
    """Run ``visitctl ARGS`` and capture its output (as ``user`` when given)."""
    prefix: list[str] = []
    if user is not None:
        prefix = ["setpriv", f"--reuid={user}", f"--regid={user}", "--clear-groups"]
    return subprocess.run(
        [*prefix, *VISITCTL, *map(str, args)], capture_output=True, text=True, timeout=timeout,
        env=cli_env(), stdin=subprocess.DEVNULL, **kwargs,
    )


def popen_cli(*args: str | os.PathLike, **kwargs) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [*VISITCTL, *map(str, args)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env=cli_env(), stdin=subprocess.DEVNULL, **kwargs,
    )


@functools.lru_cache(maxsize=None)
def has_command(*words: str) -> bool:
    """Whether ``visitctl WORDS --help`` exists (commands land one by one)."""
    return run_cli(*words, "--help", timeout=60).returncode == 0


def require_command(*words: str) -> None:
    if not has_command(*words):
        pytest.skip(f"'visitctl {' '.join(words)}' is not implemented yet")


@functools.lru_cache(maxsize=1)
def make_corpus_module():
    """benchmarks/make_corpus.py, imported by path (benchmarks is no package)."""
    spec = importlib.util.spec_from_file_location("make_corpus", ROOT / "benchmarks" / "make_corpus.py")
    module = importlib.util.module_from_spec(spec)
    assert spec.loader
    spec.loader.exec_module(module)
    return module


def write_corpus(folder: Path, count: int, seed: int = 1) -> list[Path]:
    """``count`` distinct generated articles as .txt files in ``folder``."""
    make_corpus_module().write_folder(folder, count, seed=seed)
    return sorted(Path(folder).glob("*.txt"))


def connect(db: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(str(db), timeout=30)
    conn.execute("PRAGMA busy_timeout = 30000")
    return conn


def integrity(db: Path) -> list[str]:
    """``PRAGMA integrity_check`` and ``foreign_key_check`` problems (empty: none)."""
    with connect(db) as conn:
        rows = [r[0] for r in conn.execute("PRAGMA integrity_check")]
        fks = conn.execute("PRAGMA foreign_key_check").fetchall()
    conn.close()
    problems = [r for r in rows if r != "ok"]
    problems += [f"foreign key: {fk}" for fk in fks]
    return problems


def article_records(db: Path) -> dict[str, tuple[int, ...]]:
    """sha256 -> (number of rows in each record table, FTS rows) for every article."""
    conn = connect(db)
    try:
        counts = {}
        per_table = {
            table: dict(conn.execute(f"SELECT article_id, count(*) FROM {table} GROUP BY article_id"))
            for table in RECORD_TABLES
        }
        fts = {r[0] for r in conn.execute("SELECT rowid FROM articles_fts")}
        dfts = dict(conn.execute(
            "SELECT d.article_id, count(*) FROM directives d JOIN directives_fts f ON f.rowid = d.id"
            " GROUP BY d.article_id"
        ))
        for article_id, sha in conn.execute("SELECT id, sha256 FROM articles"):
            counts[sha] = (
                *(per_table[t].get(article_id, 0) for t in RECORD_TABLES),
                int(article_id in fts),
                dfts.get(article_id, 0),
            )
        return counts
    finally:
        conn.close()


def one_line_messages(stderr: str) -> list[str]:
    """The non-empty lines of ``stderr``; fails on a traceback."""
    assert "Traceback" not in stderr, stderr[-3000:]
    return [line for line in stderr.splitlines() if line.strip()]
