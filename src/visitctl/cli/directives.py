"""Commands (placeholder; filled in by its owner)."""

from __future__ import annotations

from visitctl.cli import app  # noqa: F401
