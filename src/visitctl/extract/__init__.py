"""Pure extraction: normalised article text in, an ``Extraction`` out.

No files, no database, no network.  ``extract(article)`` is the one entry
point; each submodule finds one kind of record.
"""

from __future__ import annotations

from visitctl.model import Article, Extraction


def extract(article: Article) -> Extraction:
    """Extract the visits described in one article."""
    from visitctl.extract.pipeline import run

    return run(article)
