"""SQLite storage through sqlite-utils.

``open_db(path, write=False)`` is the way in.  Read commands open the file
read-only and never migrate or create anything; write commands create the file
(and its folder), switch on WAL and a busy timeout, and apply pending
migrations in a transaction.  ``open_reader(path)`` opens the file read-only
like ``open_db`` but over plain ``sqlite3``: the queries need nothing more,
and a query command starts faster without importing sqlite-utils.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

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
    conn = _connect(path, write)
    try:
        db = Database(conn)
        if write:
            from visitctl.store.schema import migrate

            migrate(db)
    except sqlite3.DatabaseError as exc:
        raise DatabaseError(f"{path}: {exc}") from None
    return db


class Reader:
    """A read-only database over plain ``sqlite3``, with the part of
    ``sqlite_utils.Database`` the queries use: ``conn`` and ``execute``."""

    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        self.conn = conn
        self.path = path

    def execute(self, sql: str, parameters: Sequence[Any] | None = None) -> sqlite3.Cursor:
        return self.conn.execute(sql, parameters or [])

    def has_table(self, name: str) -> bool:
        return self.conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", [name]
        ).fetchone() is not None

    def close(self) -> None:
        self.conn.close()


def open_reader(path: str | Path) -> Reader:
    """The database at ``path``, read-only (it must exist), without sqlite-utils."""
    path = Path(path)
    return Reader(_connect(path, write=False), path)


def _connect(path: Path, write: bool) -> sqlite3.Connection:
    """A connection with the busy timeout and foreign keys on; for writing,
    the file (and folder) created and WAL on; for reading, the file opened
    read-only and checked to be a database."""
    try:
        if write:
            path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
        else:
            if not path.is_file():
                raise DatabaseError(f"no database at {path}; run 'visitctl ingest' first or pass --db")
            conn = _connect_read_only(path)
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA foreign_keys = ON")
        if write:
            if conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                _switch_to_wal(conn)
            conn.execute("PRAGMA synchronous = NORMAL")
    except sqlite3.DatabaseError as exc:
        raise DatabaseError(f"{path}: {exc}") from None
    except OSError as exc:
        raise DatabaseError(f"{path}: {exc.strerror or exc}") from None
    return conn


def _switch_to_wal(conn: sqlite3.Connection) -> None:
    """``PRAGMA journal_mode = wal``, waiting while another process holds
    the database (the switch does not use the busy timeout: two processes
    creating the same new database would otherwise fail at once)."""
    import time

    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            conn.execute("PRAGMA journal_mode = wal").fetchone()
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.02)


def _connect_read_only(path: Path) -> sqlite3.Connection:
    """``path`` opened read-only and checked to be a database.  A database
    in WAL mode in a folder this user cannot write (another user's, or
    read-only media) cannot be opened that way, as SQLite would create its
    -shm file: when no writer is at work (no -wal file), it is opened as
    immutable instead."""
    uri = f"{path.resolve().as_uri()}?mode=ro"
    conn = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.OperationalError:
        conn.close()
        if Path(f"{path}-wal").exists() or os.access(path.parent, os.W_OK):
            raise
        conn = sqlite3.connect(f"{uri}&immutable=1", uri=True, isolation_level=None)
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    return conn
