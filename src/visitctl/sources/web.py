"""URLs -> articles, fetched with httpx (imported on first use).

Redirects are followed; connection errors and 5xx answers are retried with
exponential backoff; the body is read up to the size limit and then treated
like a file: HTML, JSON Lines or text by its content type and content.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass

from visitctl.errors import InputError
from visitctl.model import Article

TIMEOUT = 20.0  # seconds, for connecting and for each read
RETRIES = 3
BACKOFF = 0.5  # seconds before the first retry; doubles each time
MAX_RETRY_AFTER = 30.0  # a server's Retry-After is honoured up to this many seconds
_MEDIA_TYPES = ("image/", "audio/", "video/", "font/", "model/")


@dataclass
class Fetched:
    """A successful answer: the body and what the server said about it."""

    url: str  # after redirects
    content: bytes
    content_type: str  # lower case, without parameters ("text/html")
    charset: str | None


def user_agent() -> str:
    from visitctl import __version__

    return f"visitctl/{__version__} (+offline research tool)"


def fetch(
    url: str,
    *,
    timeout: float | None = None,
    retries: int | None = None,
    backoff: float | None = None,
    max_bytes: int | None = None,
) -> Fetched | InputError:
    """GET ``url``; an ``InputError`` with a one-line reason when that fails.

    ``timeout`` (seconds) bounds connecting and each read; connection errors,
    429 and 5xx answers are retried ``retries`` times, waiting ``backoff``
    seconds and then twice as long each time.
    """
    import httpx

    from visitctl.sources import MAX_BYTES

    timeout = TIMEOUT if timeout is None else timeout
    retries = RETRIES if retries is None else retries
    backoff = BACKOFF if backoff is None else backoff
    limit = MAX_BYTES if max_bytes is None else max_bytes
    headers = {"User-Agent": user_agent(), "Accept": "text/html,application/xhtml+xml,text/plain;q=0.9,*/*;q=0.5"}
    reason = "no answer"
    with httpx.Client(headers=headers, timeout=timeout, follow_redirects=True, max_redirects=10) as client:
        wait = None  # seconds the server asked us to wait (Retry-After)
        for attempt in range(retries + 1):
            if attempt:
                time.sleep(wait if wait is not None else backoff * 2 ** (attempt - 1))
            try:
                with client.stream("GET", url) as response:
                    status = response.status_code
                    if status >= 500 or status == 429:
                        reason = f"HTTP {status} {response.reason_phrase}".strip()
                        after = response.headers.get("retry-after", "").strip()
                        wait = min(float(after), MAX_RETRY_AFTER) if after.isdigit() else None
                        continue
                    if status >= 400:
                        return InputError(url, f"HTTP {status} {response.reason_phrase}".strip())
                    declared = response.headers.get("content-length", "")
                    if declared.isdigit() and int(declared) > limit:
                        size = int(declared) // (1024 * 1024)
                        return InputError(url, f"page is {size} MB, larger than the 20 MB limit")
                    body = bytearray()
                    for chunk in response.iter_bytes():
                        body.extend(chunk)
                        if len(body) > limit:
                            return InputError(url, "page is larger than the 20 MB limit")
                    content_type = response.headers.get("content-type", "")
                    return Fetched(
                        url=str(response.url),
                        content=bytes(body),
                        content_type=content_type.split(";")[0].strip().lower(),
                        charset=response.charset_encoding,
                    )
            except httpx.TimeoutException:
                return InputError(url, f"no answer within {timeout:g} s (timed out)")
            except httpx.TooManyRedirects:
                return InputError(url, "too many redirects")
            except httpx.InvalidURL as exc:
                return InputError(url, f"invalid URL ({exc})")
            except httpx.UnsupportedProtocol as exc:
                return InputError(url, f"unsupported URL ({exc})")
            except (httpx.ConnectError, httpx.ReadError, httpx.RemoteProtocolError, httpx.WriteError) as exc:
                reason = _connection_reason(exc)
            except httpx.HTTPError as exc:
                return InputError(url, _connection_reason(exc))
    tries = "1 try" if retries == 0 else f"{retries + 1} tries"
    return InputError(url, f"{reason} (gave up after {tries})")


def iter_url(url: str, *, encoding: str | None = None, timeout: float | None = None) -> Iterator[Article | InputError]:
    """The article (or JSON Lines articles) at ``url``."""
    from visitctl.sources import articles_from_bytes

    fetched = fetch(url, timeout=timeout)
    if isinstance(fetched, InputError):
        yield fetched
        return
    kind = fetched.content_type
    if kind.startswith(_MEDIA_TYPES):
        yield InputError(url, f"the server sent {kind}, not an article page")
        return  # other types (application/octet-stream ...) are judged by their content
    if "html" in kind or "xml" in kind:
        hint = "html"
    elif "ndjson" in kind or "jsonl" in kind:
        hint = "jsonl"
    elif "json" in kind:
        hint = "json"  # a JSON document, or JSON Lines served as JSON
    elif kind == "text/plain":
        hint = "text"
    else:
        hint = None
    yield from articles_from_bytes(
        fetched.content, url, encoding=encoding, charset=fetched.charset, kind=hint, url=fetched.url
    )


def _connection_reason(exc: Exception) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return f"cannot connect ({text[:120]})"
