"""Concurrency: two ingests and several readers on one database at once.

Cron jobs and people share one database.  Nobody sees "database is locked"
(every command exits 0), and no article is lost or stored twice, whether
the two ingests read different files, the same files, or copies of the same
texts under other names.
"""

from __future__ import annotations

import shutil
import threading
import time
from pathlib import Path

from reliability_util import (
    article_records, connect, integrity, popen_cli, require_command, run_cli, write_corpus,
)


def _corpora(root: Path) -> dict[str, Path]:
    folders = {name: root / name for name in ("only1", "only2", "shared")}
    write_corpus(folders["only1"], 40, seed=11)
    write_corpus(folders["only2"], 40, seed=12)
    write_corpus(folders["shared"], 40, seed=13)
    # The same texts as "shared" under other file names: same articles.
    shutil.copytree(folders["shared"], root / "copies")
    for path in (root / "copies").iterdir():
        path.rename(path.with_name("copy-" + path.name))
    folders["copies"] = root / "copies"
    return folders


class _Readers:
    """Threads that run read commands in a loop until stopped."""

    def __init__(self, db: Path, commands: list[list[str]]) -> None:
        self.db = db
        self.commands = commands
        self.failures: list[str] = []
        self.runs = 0
        self._stop = threading.Event()
        self._threads = [threading.Thread(target=self._loop, args=(c,), daemon=True) for c in commands]

    def _loop(self, command: list[str]) -> None:
        while not self._stop.is_set():
            result = run_cli(*command, "--db", self.db, "--format", "json", timeout=120)
            self.runs += 1
            if result.returncode != 0 or "locked" in result.stderr:
                self.failures.append(f"{command}: exit {result.returncode}: {result.stderr.strip()[-500:]}")

    def __enter__(self) -> _Readers:
        for thread in self._threads:
            thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout=180)


def _distinct_texts(*folders: Path) -> int:
    return len({p.read_bytes() for folder in folders for p in folder.iterdir()})


def test_two_ingests_and_readers_at_once(tmp_path):
    require_command("ingest")
    require_command("visits")
    require_command("search")
    folders = _corpora(tmp_path)
    db = tmp_path / "shared.db"
    # A database that already exists (readers need one): a first small ingest.
    seed = tmp_path / "seed"
    write_corpus(seed, 3, seed=10)
    first = run_cli("ingest", "--db", db, seed)
    assert first.returncode == 0, first.stderr

    with _Readers(db, [["visits"], ["search", "xã"]]) as readers:
        one = popen_cli("ingest", "--db", db, folders["only1"], folders["shared"])
        two = popen_cli("ingest", "--db", db, folders["copies"], folders["only2"], folders["shared"])
        out1, err1 = one.communicate(timeout=600)
        out2, err2 = two.communicate(timeout=600)
        time.sleep(0.5)

    assert one.returncode == 0, err1[-2000:]
    assert two.returncode == 0, err2[-2000:]
    assert "locked" not in err1 + err2
    assert readers.failures == [], readers.failures[:3]
    assert readers.runs >= 2
    assert integrity(db) == []

    expected = _distinct_texts(seed, folders["only1"], folders["only2"], folders["shared"])
    stored = article_records(db)
    assert len(stored) == expected  # none lost, none twice (sha256 is unique)
    with connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == expected
        assert conn.execute("SELECT count(DISTINCT sha256) FROM articles").fetchone()[0] == expected
    conn.close()

    # The same result as one ingest after the other.
    ref = tmp_path / "ref.db"
    for batch in ([seed], [folders["only1"], folders["shared"]], [folders["copies"], folders["only2"]]):
        result = run_cli("ingest", "--db", ref, *batch)
        assert result.returncode == 0, result.stderr[-2000:]
    assert article_records(ref) == stored


def test_two_ingests_create_the_same_new_database(tmp_path):
    """Two cron jobs starting on a database that does not exist yet: both
    create and migrate it at the same moment, and both succeed."""
    require_command("ingest")
    write_corpus(tmp_path / "a", 5, seed=21)
    write_corpus(tmp_path / "b", 5, seed=22)
    for attempt in range(3):
        db = tmp_path / f"new{attempt}.db"
        procs = [popen_cli("ingest", "--db", db, tmp_path / name) for name in ("a", "b")]
        for proc in procs:
            _, err = proc.communicate(timeout=300)
            assert proc.returncode == 0, f"attempt {attempt}: {err[-2000:]}"
        assert integrity(db) == []
        assert len(article_records(db)) == 10


def test_reindex_while_an_ingest_and_readers_run(tmp_path):
    """``reindex`` from cron while new articles arrive and people read."""
    require_command("reindex")
    require_command("visits")
    old, new = tmp_path / "old", tmp_path / "new"
    write_corpus(old, 40, seed=31)
    write_corpus(new, 40, seed=32)
    db = tmp_path / "v.db"
    first = run_cli("ingest", "--db", db, old)
    assert first.returncode == 0, first.stderr
    with _Readers(db, [["visits"], ["stats"]]) as readers:
        reindex = popen_cli("reindex", "--db", db)
        ingest = popen_cli("ingest", "--db", db, new)
        _, err1 = reindex.communicate(timeout=600)
        _, err2 = ingest.communicate(timeout=600)
    assert reindex.returncode == 0, err1[-2000:]
    assert ingest.returncode == 0, err2[-2000:]
    assert readers.failures == [], readers.failures[:3]
    assert integrity(db) == []
    ref = tmp_path / "ref.db"
    for folder in (old, new):
        assert run_cli("ingest", "--db", ref, folder).returncode == 0
    assert article_records(db) == article_records(ref)
