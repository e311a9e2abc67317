"""SQLite storage through sqlite-utils.

``open_db(path, write=False)`` is the only way in.  Read commands open the file
read-only and never migrate or create anything; write commands create the file
(and its folder), switch on WAL and a busy timeout, and apply pending
migrations in a transaction.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

from visitctl.errors import DatabaseError

if TYPE_CHECKING:
    from sqlite_utils import Database

BUSY_TIMEOUT_MS = 30_000


def open_db(path: str | Path, write: bool = False) -> Database:
    """Open the database at ``path``.

    With ``write=False`` the file must exist; it is opened read-only, and a
    database from an older schema is read as it is (queries only use columns
    present since the first version).  With ``write=True`` the file is created
    when missing and migrated to the current schema.
    """
    from sqlite_utils import Database

    path = Path(path)
    try:
        if write:
            path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
        else:
            if not path.is_file():
                raise DatabaseError(f"no database at {path}; run 'visitctl ingest' first or pass --db")
            conn = sqlite3.connect(
                f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_MS / 1000,
                isolation_level=None,
            )
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA foreign_keys = ON")
        db = Database(conn)
        if write:
            if conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                conn.execute("PRAGMA journal_mode = wal")
            conn.execute("PRAGMA synchronous = NORMAL")
            from visitctl.store.schema import migrate

            migrate(db)
        else:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.DatabaseError as exc:
        raise DatabaseError(f"{path}: {exc}") from None
    except OSError as exc:
        raise DatabaseError(f"{path}: {exc.strerror or exc}") from None
    return db
