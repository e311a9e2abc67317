"""Crash safety: ``kill -9`` at any moment of an ingest loses nothing stored.

A real ``visitctl ingest`` over a folder of generated articles is killed at
random (seeded) moments.  After each kill the database passes
``PRAGMA integrity_check`` and every article in it has exactly the records an
uninterrupted run gives it (all or nothing).  Running the same ingest again
then completes it, to the same database as the uninterrupted run.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import time
from pathlib import Path

import pytest

from reliability_util import article_records, integrity, popen_cli, require_command, run_cli, write_corpus

ARTICLES = 200
KILLS = 15


def _kill_group(proc) -> None:
    """Kill whatever the killed ingest left behind (worker processes)."""
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def _orphans(pgid: int) -> list[int]:
    """Processes still alive in the killed ingest's process group."""
    alive = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if os.getpgid(int(entry.name)) == pgid:
                    alive.append(int(entry.name))
            except (ProcessLookupError, PermissionError):
                pass
    return alive


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("crash") / "articles"
    write_corpus(folder, ARTICLES, seed=6)
    return folder


@pytest.fixture(scope="module")
def reference(corpus, tmp_path_factory) -> tuple[dict, float]:
    """The per-article records of an uninterrupted ingest, and how long it took."""
    require_command("ingest")
    db = tmp_path_factory.mktemp("crash-ref") / "ref.db"
    start = time.monotonic()
    result = run_cli("ingest", "--db", db, corpus, timeout=300)
    elapsed = time.monotonic() - start
    assert result.returncode == 0, result.stderr[-2000:]
    records = article_records(db)
    assert len(records) == ARTICLES
    return records, elapsed


def test_kill_9_at_random_moments_loses_nothing(corpus, reference, tmp_path):
    expected, elapsed = reference
    rng = random.Random(20261124)
    orphaned = []
    dbs = [tmp_path / "crash0.db"]
    partial = 0  # kills that left some articles stored and others not
    for kill in range(KILLS):
        db = dbs[-1]
        # From startup to mid-run: each killed run resumes where the last one
        # stopped, so later kills land later in the corpus (and the test stays short).
        delay = rng.uniform(0.05, max(elapsed, 0.5) * 0.6)
        proc = popen_cli("ingest", "--db", db, corpus, start_new_session=True)
        try:
            proc.wait(timeout=delay)
        except subprocess.TimeoutExpired:
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait()
        finished = proc.returncode == 0
        # Workers of a killed ingest must not live on (they would hold memory
        # and CPU for nothing); give them a moment to notice.
        deadline = time.monotonic() + 10
        while _orphans(proc.pid) and time.monotonic() < deadline:
            time.sleep(0.1)
        if _orphans(proc.pid):
            orphaned.append(kill)
            _kill_group(proc)
        proc.communicate(timeout=60)  # orphans would hold its output pipes open
        if not db.exists():
            continue
        assert integrity(db) == [], f"kill {kill} after {delay:.2f}s"
        stored = article_records(db)
        for sha, records in stored.items():
            assert sha in expected, f"kill {kill}: an article that the full run does not store"
            assert records == expected[sha], f"kill {kill} after {delay:.2f}s: article stored partially"
        partial += 0 < len(stored) < len(expected)
        if finished:  # this database is complete: kill the next runs on a new one
            assert stored == expected
            dbs.append(tmp_path / f"crash{len(dbs)}.db")

    for db in dbs:
        result = run_cli("ingest", "--db", db, corpus, timeout=300)
        assert result.returncode == 0, result.stderr[-2000:]
        assert integrity(db) == []
        assert article_records(db) == expected
    assert partial, "no kill landed in the middle of an ingest"
    assert not orphaned, f"worker processes outlived a killed ingest (kills {orphaned})"
