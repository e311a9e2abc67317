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
    """Read every article in ``inputs``, extract its visits and store them."""
    from visitctl import sources
    from visitctl.extract import extract
    from visitctl.store.write import article_sha256, has_article, save_article

    report = IngestReport()
    options: dict = {"glob": glob}
    if encoding:
        options["encoding"] = encoding
    if stdin is not None:
        options["stdin"] = stdin
    for item in sources.iter_articles(list(inputs), **options):
        report.read += 1
        if isinstance(item, InputError):
            outcome = _fail(report, item.source, item.reason)
        elif has_article(db, article_sha256(item)):
            outcome = "unchanged"
            report.count(outcome)
        else:
            try:
                extraction = extract(item)
            except Exception as exc:  # an extractor bug must not stop the other articles
                outcome = _fail(report, item.source, f"extraction failed ({type(exc).__name__}: {exc})")
            else:
                outcome = _save(db, item, extraction, report, save_article)
        if progress:
            progress(item.source, outcome)
    return report


def _fail(report: IngestReport, source: str, reason: str) -> str:
    report.failures.append((source, reason))
    return "failed"


def _save(db, article, extraction, report: IngestReport, save_article) -> str:  # type: ignore[no-untyped-def]
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
    counts the articles whose records were rebuilt."""
    from visitctl.extract import extract
    from visitctl.model import Article
    from visitctl.store.write import replace_records

    report = IngestReport()
    ids = [r[0] for r in db.execute("SELECT id FROM articles ORDER BY id")]
    for article_id in ids:
        row = db.execute(
            "SELECT source, url, sha256, title, published, author, text FROM articles WHERE id = ?", [article_id]
        ).fetchone()
        if row is None:
            continue
        report.read += 1
        source, url, sha, title, published, author, text = row
        article = Article(text=text, source=source, title=title, published=published, author=author,
                          url=url, sha256=sha)
        try:
            extraction = extract(article)
        except Exception as exc:
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
    return report
