"""``python -m visitctl.extract.debug FILE``: extract one UTF-8 text file and
print the CONTRACT.md JSON.  A stand-in for ``visitctl extract --format json``
while the CLI is being built; both call the same ``extract()``."""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

from visitctl.extract import extract
from visitctl.extract.normalize import normalize_text
from visitctl.model import Article


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: python -m visitctl.extract.debug FILE", file=sys.stderr)
        return 2
    raw = Path(args[0]).read_text(encoding="utf-8", errors="replace")
    text = normalize_text(raw)
    article = Article(text=text, source=args[0], sha256=hashlib.sha256(text.encode("utf-8")).hexdigest())
    print(json.dumps(extract(article).to_dict(), ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
