"""Ingesting articles: read, extract, store, one article per transaction.

``ingest`` never stops at a bad input: each one is counted and named in the
report, and the good ones are stored.  ``reindex`` re-extracts every stored
article from its stored text (after the extractor improved).

Both run the CPU-bound part (``prepare``: extraction and folding) in
``jobs`` worker processes when asked, and everything else in this process:
reading, the database (one writer), the report, in input order, so the
database ends the same whatever ``jobs`` is.
"""

from __future__ import annotations

import sqlite3
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, BinaryIO, TypeVar

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
    """Read every article in ``inputs``, extract its visits and store them;
    with ``jobs`` > 1, extraction runs in that many worker processes.

    Ctrl-C stops at once: what was stored stays stored (and counted), the
    article being saved is rolled back as a whole, and the report says
    ``interrupted``."""
    from visitctl import sources

    report = IngestReport()
    options: dict = {"glob": glob}
    if encoding:
        options["encoding"] = encoding
    if stdin is not None:
        options["stdin"] = stdin

    def work() -> Iterator[tuple[Article | InputError, Article | None]]:
        for item in sources.iter_articles(list(inputs), **options):
            report.read += 1
            # the fast path: a text already stored is not extracted again
            fresh = isinstance(item, Article) and not _stored(db, item)
            yield item, item if fresh else None

    def finish(item: Article | InputError, prepared: Prepared | None) -> None:
        if isinstance(item, InputError):
            outcome = _fail(report, item.source, item.reason)
        elif prepared is None and _stored(db, item):  # checked again: an earlier article may have replaced it
            report.count("unchanged")
            outcome = "unchanged"
        else:
            outcome = _store(db, item, prepared or prepare(item), report)
        if progress:
            progress(item.source, outcome)

    try:
        in_order(work(), finish, jobs)
    except KeyboardInterrupt:
        report.interrupted = True
    return report


def reindex(db: Database, progress: Progress | None = None, jobs: int = 1) -> IngestReport:
    """Re-extract every stored article from its stored text; ``replaced``
    counts the articles whose records were rebuilt (each in its own
    transaction, so Ctrl-C leaves every article either old or new)."""
    report = IngestReport()
    ids = [r[0] for r in db.execute("SELECT id FROM articles ORDER BY id")]

    def work() -> Iterator[tuple[tuple[int, str], Article | None]]:
        for article_id in ids:
            row = db.execute(
                "SELECT source, url, sha256, title, published, author, text FROM articles WHERE id = ?", [article_id]
            ).fetchone()
            if row is None:  # deleted meanwhile by another process
                continue
            report.read += 1
            source, url, sha, title, published, author, text = row
            yield (article_id, source), Article(text=text, source=source, title=title, published=published,
                                                author=author, url=url, sha256=sha)

    def finish(key: tuple[int, str], prepared: Prepared | None) -> None:
        from visitctl.store.write import replace_records

        article_id, source = key
        if isinstance(prepared, str):
            outcome = _fail(report, source, prepared)
        else:
            extraction, folded = prepared  # type: ignore[misc]
            try:
                with _counted():
                    replace_records(db, article_id, extraction, folded=folded)
                    report.count("replaced")
            except sqlite3.DatabaseError as exc:
                raise DatabaseError(f"cannot write to the database: {exc}") from None
            outcome = "replaced"
        if progress:
            progress(source, outcome)

    try:
        in_order(work(), finish, jobs)
    except KeyboardInterrupt:
        report.interrupted = True
    return report


# An article's extraction and its texts folded (``store.write.fold_all``),
# or why extraction failed.
Prepared = tuple[Extraction, dict[str, str]] | str


def prepare(article: Article) -> Prepared:
    """The CPU-bound part of storing one article: its extraction and the
    folded texts the database keys and indexes; or the reason extraction
    failed (an extractor bug must not stop the other articles)."""
    from visitctl.extract import extract
    from visitctl.store.write import fold_all

    try:
        extraction = extract(article)
        return extraction, fold_all(article, extraction)
    except Exception as exc:  # noqa: BLE001
        return f"extraction failed ({type(exc).__name__}: {exc})"


K = TypeVar("K")


def in_order(work: Iterable[tuple[K, Article | None]], finish: Callable[[K, Prepared | None], None],
             jobs: int = 1) -> None:
    """``finish(key, prepare(article))`` for each item of ``work``, in the
    order of ``work`` (``finish(key, None)`` when there is no article).

    With ``jobs`` > 1, ``prepare`` runs in that many worker processes, on
    batches of ``BATCH`` articles; at most ``jobs * IN_FLIGHT`` items are in
    flight, so memory does not grow with the input, and the oldest is
    finished as soon as it is ready."""
    if jobs <= 1:
        for key, article in work:
            finish(key, None if article is None else prepare(article))
        return
    window: deque[tuple[K, _Job | None]] = deque()
    with _Workers(jobs) as workers:

        def finish_oldest() -> None:
            key, job = window.popleft()
            finish(key, None if job is None else workers.result(job))

        for key, article in work:
            window.append((key, None if article is None else workers.submit(article)))
            while window and (len(window) >= jobs * IN_FLIGHT or window[0][1] is None or window[0][1].done()):
                finish_oldest()
        while window:
            finish_oldest()


# Articles sent to a worker at once.  Sent one at a time, an article cost
# the main process 0.5 ms more than in batches of 8 (measured on 1,000
# articles of 10 kB): as much as reading it from disk.
BATCH = 8
# Items in flight per worker: a batch being extracted and one queued while
# the main process stores the oldest article; few enough for memory to stay
# flat.
IN_FLIGHT = 2 * BATCH


def _stored(db: Database, article: Article) -> bool:
    from visitctl.store.write import article_sha256, has_article

    return has_article(db, article_sha256(article))


def _fail(report: IngestReport, source: str, reason: str) -> str:
    report.failures.append((source, reason))
    return "failed"


def _store(db: Database, article: Article, prepared: Prepared, report: IngestReport) -> str:
    """Save one prepared article and count it; the outcome."""
    from visitctl.store.write import save_article

    if isinstance(prepared, str):
        return _fail(report, article.source, prepared)
    extraction, folded = prepared
    try:
        with _counted():  # Ctrl-C lands after the article is stored and counted, or before
            outcome = save_article(db, article, extraction, folded=folded)
            report.count(outcome)
    except sqlite3.IntegrityError as exc:
        return _fail(report, article.source, f"cannot store it ({exc})")
    except sqlite3.DatabaseError as exc:
        raise DatabaseError(f"cannot write to the database: {exc}") from None
    return outcome


def prepare_batch(articles: list[Article]) -> list[Prepared]:
    """``prepare`` each of ``articles`` (in a worker process)."""
    return [prepare(article) for article in articles]


@dataclass(eq=False)
class _Job:
    """One article handed to the workers: the batch it went in, once sent."""

    article: Article
    pool: Any = None
    future: Any = None  # of prepare_batch, shared by the batch
    index: int = 0  # the article's place in its batch

    def done(self) -> bool:
        return self.future is not None and self.future.done()


class _Workers:
    """Worker processes running ``prepare`` on batches of articles, started
    on the first article to extract.  They ignore Ctrl-C (the main process
    stops them) and exit by themselves when the main process dies.

    When a worker dies (killed, out of memory, a crash in a C library) every
    article it took down with it is extracted again alone in a separate
    worker: the one that stops that worker too is the one that failed."""

    def __init__(self, jobs: int) -> None:
        self.jobs = jobs
        self.pool: Any = None
        self.lone: Any = None
        self.batch: list[_Job] = []  # not sent yet

    def __enter__(self) -> _Workers:
        return self

    def __exit__(self, *exc: object) -> None:
        # Workers finish the batch at hand (killing one mid-write would
        # leave its result half-sent, and the pool waiting for the rest).
        for pool in (self.pool, self.lone):
            if pool is not None:
                pool.shutdown(wait=True, cancel_futures=True)

    def submit(self, article: Article) -> _Job:
        job = _Job(article)
        self.batch.append(job)
        if len(self.batch) >= BATCH:
            self._send()
        return job

    def _send(self) -> None:
        from concurrent.futures.process import BrokenProcessPool

        batch, self.batch = self.batch, []
        if self.pool is None:
            self.pool = _start(self.jobs)
        articles = [job.article for job in batch]
        try:
            future = self.pool.submit(prepare_batch, articles)
        except BrokenProcessPool:  # a worker died since the last batch: its articles fail over in result()
            self._drop_pool()
            self.pool = _start(self.jobs)
            future = self.pool.submit(prepare_batch, articles)
        for index, job in enumerate(batch):
            job.pool, job.future, job.index = self.pool, future, index

    def _drop_pool(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)
        self.pool = None

    def result(self, job: _Job) -> Prepared:
        from concurrent.futures.process import BrokenProcessPool

        if job.future is None:  # still waiting for its batch to fill
            self._send()
        try:
            return job.future.result()[job.index]
        except BrokenProcessPool:
            if job.pool is self.pool:
                self._drop_pool()  # the next batch starts fresh workers
        if self.lone is None:
            self.lone = _start(1)
        try:
            return self.lone.submit(prepare, job.article).result()
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
    import contextlib
    import os
    import signal
    import sys
    import threading
    import time

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if sys.platform == "linux":  # the kernel kills the worker when its parent dies
        import ctypes

        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG

    def watch() -> None:  # elsewhere, and should the parent die before prctl took effect
        while os.getppid() == parent:
            time.sleep(0.25)
        os._exit(1)

    threading.Thread(target=watch, daemon=True, name="visitctl-parent-watch").start()


@contextmanager
def _counted() -> Iterator[None]:
    """Hold Ctrl-C (SIGINT) back while the block runs, and raise it right
    after: an article stored is then always counted in the report.  Outside
    the main thread, or when SIGINT is not Python's usual handler, nothing
    changes."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread() or \
            signal.getsignal(signal.SIGINT) is not signal.default_int_handler:
        yield
        return
    held: list[int] = []
    signal.signal(signal.SIGINT, lambda signum, frame: held.append(signum))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, signal.default_int_handler)
        if held:
            raise KeyboardInterrupt


