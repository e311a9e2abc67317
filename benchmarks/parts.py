"""Where the time of an ingest goes: CPU milliseconds per article for each
step, one process, no workers.

    python benchmarks/parts.py /tmp/visitctl-bench/corpus-20000 --articles 2000

Steps, in the order ``visitctl ingest`` runs them: read (decode, normalise,
hash), extract, fold (the keys and full-text index texts), store (one
transaction per article, records and full-text index, into a fresh WAL
database).  ``store`` alone is the floor under visitctl's own storage rules,
whatever the extractor costs.  Prints one JSON object.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path


def measure(folder: Path, count: int) -> dict:
    from visitctl import sources
    from visitctl.extract import extract
    from visitctl.store import open_db
    from visitctl.store.write import fold_all, save_article

    files = [str(p) for p in sorted(folder.iterdir())[:count]]
    clock = time.process_time
    t0 = clock()
    articles = [a for a in sources.iter_articles(files) if not isinstance(a, Exception)]
    t1 = clock()
    extractions = [extract(a) for a in articles]
    t2 = clock()
    folded = [fold_all(a, e) for a, e in zip(articles, extractions)]
    t3 = clock()
    with tempfile.TemporaryDirectory() as tmp:
        db = open_db(Path(tmp) / "parts.db", write=True)
        t4 = clock()
        for a, e, f in zip(articles, extractions, folded):
            save_article(db, a, e, folded=f)
        t5 = clock()
        db.close()
    n = len(articles)
    return {"articles": n, "read": (t1 - t0) / n * 1000, "extract": (t2 - t1) / n * 1000,
            "fold": (t3 - t2) / n * 1000, "store": (t5 - t4) / n * 1000}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path, help="a folder of articles (benchmarks/make_corpus.py)")
    parser.add_argument("--articles", type=int, default=2000, help="how many of them (default 2000)")
    args = parser.parse_args()
    print(json.dumps(measure(args.folder, args.articles)))


if __name__ == "__main__":
    main()
