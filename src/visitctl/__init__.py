"""visitctl: officials' working visits from Vietnamese news, in SQLite."""

from __future__ import annotations


def __getattr__(name: str) -> str:
    # ``__version__`` is looked up on first use: importlib.metadata costs
    # ~20 ms, which every command would pay at startup.
    if name != "__version__":
        raise AttributeError(f"module 'visitctl' has no attribute {name!r}")
    from importlib.metadata import PackageNotFoundError, version

    try:
        value = version("visitctl")
    except PackageNotFoundError:  # running from a source tree that is not installed
        value = "0+unknown"
    globals()["__version__"] = value
    return value
