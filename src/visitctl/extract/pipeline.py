"""Assembles the records found by each extractor into visits (placeholder)."""

from __future__ import annotations

from visitctl.model import Article, Extraction


def run(article: Article) -> Extraction:
    return Extraction(title=article.title, published=article.published, author=article.author)
