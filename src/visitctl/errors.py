"""Errors visitctl raises on purpose, each with a one-line message for users.

The CLI turns a ``VisitctlError`` into ``visitctl: <message>`` on stderr and
the exit code below; anything else is a bug and may show a traceback.
"""

from __future__ import annotations

from enum import IntEnum


class ExitStatus(IntEnum):
    OK = 0
    FAILURE = 1  # the command failed, or some inputs of an ingest failed
    USAGE = 2  # bad options or arguments


class VisitctlError(Exception):
    """A failure the user can act on; ``str(err)`` is the whole message."""

    exit_status = ExitStatus.FAILURE


class UsageError(VisitctlError):
    """The user asked for something that cannot be (bad value, unknown name)."""

    exit_status = ExitStatus.USAGE


class InputError(VisitctlError):
    """One input (file, URL, line) cannot be read or is not an article."""

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason


class DatabaseError(VisitctlError):
    """The database is missing, unreadable, locked for too long, or corrupt."""


class AmbiguousName(UsageError):
    """A commune name matches units in several provinces."""

    def __init__(self, name: str, candidates: list[str], hint: str = "add --province to choose one") -> None:
        super().__init__(f"'{name}' matches several units: {'; '.join(candidates)}; {hint}")
        self.candidates = candidates


class UnknownName(UsageError):
    """A name the user typed is not in the database."""

    def __init__(self, kind: str, name: str, nearest: list[str], scope: str | None = None) -> None:
        hint = f"; nearest known: {', '.join(nearest)}" if nearest else ""
        where = f" in {scope}" if scope else ""
        super().__init__(f"no {kind} named '{name}'{where} in the database{hint}")
        self.nearest = nearest
