"""Ingesting articles: read, extract, store, one article per transaction.

``ingest`` never stops at a bad input: each one is counted and named in the
report, and the good ones are stored.  ``reindex`` re-extracts every stored
article from its stored text (after the extractor improved).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, BinaryIO

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
) -> IngestReport:
    """Read every article in ``inputs``, extract its visits and store them.

    Ctrl-C stops at once: what was stored stays stored, the article being
    saved is rolled back as a whole, and the report says ``interrupted``."""
    from visitctl import sources

    report = IngestReport()
    options: dict = {"glob": glob}
    if encoding:
        options["encoding"] = encoding
    if stdin is not None:
        options["stdin"] = stdin
    try:
        for item in sources.iter_articles(list(inputs), **options):
            report.read += 1
            outcome = _ingest_one(db, item, report)
            if progress:
                progress(item.source, outcome)
    except KeyboardInterrupt:
        report.interrupted = True
    return report


def _ingest_one(db: Database, item: Article | InputError, report: IngestReport) -> str:
    """Extract and store one article, or count one bad input; the outcome."""
    from visitctl.extract import extract
    from visitctl.store.write import article_sha256, has_article

    if isinstance(item, InputError):
        return _fail(report, item.source, item.reason)
    if has_article(db, article_sha256(item)):  # skip extraction for a text already stored
        report.count("unchanged")
        return "unchanged"
    try:
        extraction = extract(item)
    except Exception as exc:  # an extractor bug must not stop the other articles
        return _fail(report, item.source, f"extraction failed ({type(exc).__name__}: {exc})")
    return _save(db, item, extraction, report)


def _fail(report: IngestReport, source: str, reason: str) -> str:
    report.failures.append((source, reason))
    return "failed"


def _save(db: Database, article: Article, extraction: Extraction, report: IngestReport) -> str:
    from visitctl.store.write import save_article

    try:
        outcome = save_article(db, article, extraction)
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
