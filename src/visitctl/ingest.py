"""Ingesting articles: read, extract, store, one article per transaction.

``ingest`` never stops at a bad input: each one is counted and named in the
report, and the good ones are stored.  ``reindex`` re-extracts every stored
article from its stored text (after the extractor improved).
"""

from __future__ import annotations

import sqlite3
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, BinaryIO

from visitctl.errors import DatabaseError, InputError
from visitctl.model import Article, Extraction

if TYPE_CHECKING:
    from sqlite_utils import Database

# progress(source, outcome): outcome is "new", "unchanged", "replaced" or "failed"
Progress = Callable[[str, str], None]


@dataclass
class IngestReport:
    read: int = 0
    new: int = 0
    unchanged: int = 0
    replaced: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)  # (source, reason)
    interrupted: bool = False  # stopped by Ctrl-C; what was stored before stays stored

    @property
    def failed(self) -> int:
        return len(self.failures)

    def count(self, outcome: str) -> None:
        setattr(self, outcome, getattr(self, outcome) + 1)

    def to_dict(self) -> dict:
        return {
            "read": self.read, "new": self.new, "unchanged": self.unchanged,
            "replaced": self.replaced, "failed": self.failed,
            "failures": [{"source": s, "reason": r} for s, r in self.failures],
            "interrupted": self.interrupted,
        }


def ingest(
    db: Database,
    inputs: Sequence[str],
    *,
    glob: str = "*",
    encoding: str | None = None,
    stdin: BinaryIO | None = None,
    progress: Progress | None = None,
    jobs: int = 1,
) -> IngestReport:
    """Read every article in ``inputs``, extract its visits and store them.

    With ``jobs`` > 1 extraction runs in that many worker processes while
    this process reads the inputs and writes the database, in input order:
    the database ends the same as with ``jobs=1``.  At most a few articles
    per worker are in flight, so memory does not grow with the corpus.

    Ctrl-C stops at once: what was stored stays stored, the article being
    saved is rolled back as a whole, and the report says ``interrupted``."""
    from visitctl import sources

    report = IngestReport()
    options: dict = {"glob": glob}
    if encoding:
        options["encoding"] = encoding
    if stdin is not None:
        options["stdin"] = stdin
    items = sources.iter_articles(list(inputs), **options)
    try:
        if jobs > 1:
            _ingest_parallel(db, items, report, progress, jobs)
        else:
            for item in items:
                report.read += 1
                outcome = _ingest_one(db, item, report)
                if progress:
                    progress(item.source, outcome)
    except KeyboardInterrupt:
        report.interrupted = True
    return report


def _ingest_one(db: Database, item: Article | InputError, report: IngestReport) -> str:
    """Extract and store one article, or count one bad input; the outcome."""
    if isinstance(item, InputError):
        return _fail(report, item.source, item.reason)
    if _stored(db, item):  # skip extraction for a text already stored
        report.count("unchanged")
        return "unchanged"
    return _finish_one(db, item, prepare(item), report)


def _stored(db: Database, article: Article) -> bool:
    from visitctl.store.write import article_sha256, has_article

    return has_article(db, article_sha256(article))


def prepare(article: Article) -> tuple[Extraction, str] | str:
    """The CPU-bound part of ingesting one article, run in a worker process
    with ``jobs`` > 1: its extraction and its folded text for the full-text
    index; or the reason extraction failed (an extractor bug must not stop
    the other articles)."""
    from visitctl.extract import extract
    from visitctl.extract.normalize import fold

    try:
        return extract(article), fold(article.text)
    except Exception as exc:  # noqa: BLE001
        return f"extraction failed ({type(exc).__name__}: {exc})"


def _finish_one(db: Database, article: Article, prepared: tuple[Extraction, str] | str,
                report: IngestReport) -> str:
    if isinstance(prepared, str):
        return _fail(report, article.source, prepared)
    extraction, folded = prepared
    return _save(db, article, extraction, report, folded)


def _ingest_parallel(db: Database, items: Iterable[Article | InputError], report: IngestReport,
                     progress: Progress | None, jobs: int) -> None:
    """``ingest`` with extraction in ``jobs`` worker processes.

    A window of at most ``jobs * IN_FLIGHT`` inputs is open at a time; the
    oldest is stored (or counted) as soon as its extraction is back, so
    outcomes, failures and progress come in input order."""
    window: deque[tuple[Article | InputError, Any]] = deque()
    limit = jobs * IN_FLIGHT
    with _Workers(jobs) as workers:

        def submit(item: Article | InputError) -> Any:
            if isinstance(item, InputError) or _stored(db, item):
                return None  # nothing to extract
            return workers.submit(item)

        def finish_oldest() -> None:
            item, future = window.popleft()
            if future is None:  # a bad input or a stored text (checked again: the window may have changed it)
                outcome = _ingest_one(db, item, report)
            else:
                outcome = _finish_one(db, item, workers.result(item, future), report)
            if progress:
                progress(item.source, outcome)

        for item in items:
            report.read += 1
            window.append((item, submit(item)))
            while window and (len(window) >= limit or window[0][1] is None or window[0][1].done()):
                finish_oldest()
        while window:
            finish_oldest()


# Articles in flight per worker: enough to keep every worker busy while the
# main process stores the oldest one, few enough for memory to stay flat.
IN_FLIGHT = 4


class _Workers:
    """Worker processes running ``prepare``, started on the first article
    to extract.  They ignore Ctrl-C (the main process stops them) and exit
    by themselves when the main process dies.

    When a worker dies (killed, out of memory, a crash in a C library) every
    article it took down with it is extracted again alone in a separate
    worker: the one that stops that worker too is the one that failed."""

    def __init__(self, jobs: int) -> None:
        self.jobs = jobs
        self.pool: Any = None
        self.lone: Any = None
        self.owner: dict[Any, Any] = {}  # future -> the pool running it

    def __enter__(self) -> _Workers:
        return self

    def __exit__(self, *exc: object) -> None:
        for pool in (self.pool, self.lone):
            if pool is not None:  # what the workers were extracting is dropped
                pool.shutdown(wait=True, cancel_futures=True)

    def submit(self, article: Article) -> Any:
        from concurrent.futures.process import BrokenProcessPool

        if self.pool is None:
            self.pool = _start(self.jobs)
        try:
            future = self.pool.submit(prepare, article)
        except BrokenProcessPool:  # a worker died since the last article: its articles fail over in result()
            self._drop_pool()
            self.pool = _start(self.jobs)
            future = self.pool.submit(prepare, article)
        self.owner[future] = self.pool
        return future

    def _drop_pool(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)
        self.pool = None

    def result(self, article: Article, future: Any) -> tuple[Extraction, str] | str:
        from concurrent.futures.process import BrokenProcessPool

        pool = self.owner.pop(future, None)
        try:
            return future.result()
        except BrokenProcessPool:
            if pool is not None and pool is self.pool:
                self._drop_pool()  # the next article starts fresh workers
        if self.lone is None:
            self.lone = _start(1)
        try:
            return self.lone.submit(prepare, article).result()
        except BrokenProcessPool:
            self.lone.shutdown(wait=True)
            self.lone = None
            return "extraction failed (it stopped the worker process: out of memory, or a crash)"


def _start(jobs: int) -> Any:
    """A process pool of ``jobs`` workers; forked where possible, so that
    each starts with the extractor already imported."""
    import multiprocessing
    import os
    from concurrent.futures import ProcessPoolExecutor

    import visitctl.extract.pipeline  # noqa: F401 - imported once, before the workers fork

    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    return ProcessPoolExecutor(jobs, mp_context=context, initializer=_worker_init, initargs=(os.getpid(),))


def _worker_init(parent: int) -> None:
    """In a worker: ignore Ctrl-C, and exit when ``parent`` is gone (a
    ``kill -9`` of the ingest must not leave workers behind)."""
    import os
    import signal
    import threading
    import time

    signal.signal(signal.SIGINT, signal.SIG_IGN)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.25)
        os._exit(1)

    threading.Thread(target=watch, daemon=True, name="visitctl-parent-watch").start()


def _fail(report: IngestReport, source: str, reason: str) -> str:
    report.failures.append((source, reason))
    return "failed"


def _save(db: Database, article: Article, extraction: Extraction, report: IngestReport,
          folded: str | None = None) -> str:
    from visitctl.store.write import save_article

    try:
        outcome = save_article(db, article, extraction, folded_text=folded)
    except sqlite3.IntegrityError as exc:
        return _fail(report, article.source, f"cannot store it ({exc})")
    except sqlite3.DatabaseError as exc:
        raise DatabaseError(f"cannot write to the database: {exc}") from None
    report.count(outcome)
    return outcome


def reindex(db: Database, progress: Progress | None = None) -> IngestReport:
    """Re-extract every stored article from its stored text; ``replaced``
    counts the articles whose records were rebuilt (each in its own
    transaction, so Ctrl-C leaves every article either old or new)."""
    report = IngestReport()
    ids = [r[0] for r in db.execute("SELECT id FROM articles ORDER BY id")]
    try:
        for article_id in ids:
            _reindex_one(db, article_id, report, progress)
    except KeyboardInterrupt:
        report.interrupted = True
    return report


def _reindex_one(db: Database, article_id: int, report: IngestReport, progress: Progress | None) -> None:
    from visitctl.extract import extract
    from visitctl.store.write import replace_records

    row = db.execute(
        "SELECT source, url, sha256, title, published, author, text FROM articles WHERE id = ?", [article_id]
    ).fetchone()
    if row is None:  # deleted meanwhile by another process
        return
    report.read += 1
    source, url, sha, title, published, author, text = row
    article = Article(text=text, source=source, title=title, published=published, author=author,
                      url=url, sha256=sha)
    try:
        extraction = extract(article)
    except Exception as exc:  # an extractor bug must not stop the other articles
        outcome = _fail(report, source, f"extraction failed ({type(exc).__name__}: {exc})")
    else:
        try:
            replace_records(db, article_id, extraction)
        except sqlite3.DatabaseError as exc:
            raise DatabaseError(f"cannot write to the database: {exc}") from None
        outcome = "replaced"
        report.count(outcome)
    if progress:
        progress(source, outcome)
