"""URLs, fetched from a local HTTP server that the tests start."""

from __future__ import annotations

import socket
import threading
from collections import Counter
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

import visitctl
from visitctl.errors import InputError
from visitctl.model import Article
from visitctl.sources import iter_articles, read_file
from visitctl.sources import web

DATA = Path(__file__).parent / "data" / "sources"


class Site:
    """What the handler serves, and what it saw."""

    def __init__(self) -> None:
        self.hits: Counter[str] = Counter()
        self.agents: list[str] = []
        self.release = threading.Event()  # lets the slow page finish at teardown

    routes: dict[str, tuple[int, str, bytes]] = {
        "/article.html": (200, "text/html; charset=utf-8", (DATA / "visit.html").read_bytes()),
        "/legacy": (200, "text/html", (DATA / "visit-legacy.htm").read_bytes()),  # charset only in <meta>
        "/plain": (200, "text/plain; charset=windows-1258", (DATA / "visit-cp1258.txt").read_bytes()),
        "/plain-undeclared": (200, "text/plain", (DATA / "visit-cp1258.txt").read_bytes()),
        "/export": (200, "application/x-ndjson", (DATA / "export.jsonl").read_bytes()),
        "/logo.png": (200, "image/png", b"\x89PNG\r\n\x1a\n\x00\x00"),
        "/empty": (200, "text/html", b""),
        "/download": (200, "application/octet-stream", (DATA / "visit-utf16.txt").read_bytes()),
        "/report.pdf": (200, "application/octet-stream", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"),
    }


def make_handler(site: Site) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:  # keep test output quiet
            pass

        def send(self, status: int, kind: str, body: bytes) -> None:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self) -> None:  # noqa: N802
            site.hits[self.path] += 1
            site.agents.append(self.headers.get("User-Agent", ""))
            if self.path in site.routes:
                self.send(*site.routes[self.path])
            elif self.path == "/flaky":  # fails once, then works
                if site.hits[self.path] == 1:
                    self.send(500, "text/plain", b"internal error")
                else:
                    self.send(*site.routes["/article.html"])
            elif self.path == "/busy":  # too many requests once, with Retry-After
                if site.hits[self.path] == 1:
                    self.send_response(429)
                    self.send_header("Retry-After", "0")
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                else:
                    self.send(*site.routes["/plain"])
            elif self.path == "/down":
                self.send(503, "text/plain", b"maintenance")
            elif self.path == "/moved":
                self.send_response(301)
                self.send_header("Location", "/article.html")
                self.send_header("Content-Length", "0")
                self.end_headers()
            elif self.path == "/slow":
                site.release.wait(5)
                try:
                    self.send(*site.routes["/article.html"])
                except OSError:
                    pass
            else:
                self.send(404, "text/html", b"<html><body>Not found</body></html>")

    return Handler


@pytest.fixture
def server() -> Iterator[tuple[str, Site]]:
    site = Site()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), make_handler(site))
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}", site
    finally:
        site.release.set()
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture(autouse=True)
def quick_backoff(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(web, "BACKOFF", 0.01)


def fetch_one(url: str, **options: object) -> Article | InputError:
    results = list(iter_articles([url], **options))  # type: ignore[arg-type]
    assert len(results) == 1, results
    return results[0]


def plain_text() -> str:
    article = read_file(DATA / "visit.txt")
    assert isinstance(article, Article)
    return article.text


def test_page_is_fetched_and_read_like_a_saved_page(server: tuple[str, Site]) -> None:
    base, site = server
    article = fetch_one(f"{base}/article.html")
    assert isinstance(article, Article)
    assert article.text == plain_text()
    assert article.source == f"{base}/article.html"
    assert article.published == "2026-03-12" and article.author == "Lê Thu Hà"
    assert site.agents == [f"visitctl/{visitctl.__version__} (+offline research tool)"]


def test_redirect_is_followed_and_final_url_kept(server: tuple[str, Site]) -> None:
    base, _ = server
    article = fetch_one(f"{base}/moved")
    assert isinstance(article, Article)
    assert article.source == f"{base}/moved" and article.url == f"{base}/article.html"


@pytest.mark.parametrize("path", ["/legacy", "/plain", "/plain-undeclared"])
def test_charset_from_header_meta_or_detection(server: tuple[str, Site], path: str) -> None:
    base, _ = server
    article = fetch_one(base + path)
    assert isinstance(article, Article), article
    assert article.text == plain_text()


def test_jsonl_export_by_content_type(server: tuple[str, Site]) -> None:
    base, _ = server
    items = list(iter_articles([f"{base}/export"]))
    assert [item.source.rsplit(":", 1)[-1] for item in items] == ["1", "2", "3", "4", "5", "7"]
    assert [type(item).__name__ for item in items].count("Article") == 3


def test_not_found_is_one_line(server: tuple[str, Site]) -> None:
    base, site = server
    error = fetch_one(f"{base}/no-such-page")
    assert isinstance(error, InputError)
    assert error.source == f"{base}/no-such-page" and error.reason == "HTTP 404 Not Found"
    assert site.hits["/no-such-page"] == 1  # a 404 is not retried


def test_server_error_then_success_is_retried(server: tuple[str, Site]) -> None:
    base, site = server
    article = fetch_one(f"{base}/flaky")
    assert isinstance(article, Article) and article.text == plain_text()
    assert site.hits["/flaky"] == 2


def test_too_many_requests_waits_and_retries(server: tuple[str, Site]) -> None:
    base, site = server
    article = fetch_one(f"{base}/busy")
    assert isinstance(article, Article) and article.text == plain_text()
    assert site.hits["/busy"] == 2


def test_server_that_stays_down_gives_up_after_retries(server: tuple[str, Site]) -> None:
    base, site = server
    error = fetch_one(f"{base}/down")
    assert isinstance(error, InputError)
    assert error.reason == "HTTP 503 Service Unavailable (gave up after 4 tries)"
    assert site.hits["/down"] == 4


def test_slow_server_times_out(server: tuple[str, Site]) -> None:
    base, _ = server
    error = fetch_one(f"{base}/slow", timeout=0.3)
    assert isinstance(error, InputError)
    assert "timed out" in error.reason and "\n" not in str(error)


def test_connection_refused_is_retried_then_named() -> None:
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    error = web.fetch(f"http://127.0.0.1:{port}/", retries=1, backoff=0)
    assert isinstance(error, InputError)
    assert error.reason.startswith("cannot connect") and error.reason.endswith("(gave up after 2 tries)")


def test_non_text_content_and_empty_page_are_refused(server: tuple[str, Site]) -> None:
    base, _ = server
    error = fetch_one(f"{base}/logo.png")
    assert isinstance(error, InputError) and error.reason == "the server sent image/png, not an article page"
    error = fetch_one(f"{base}/empty")
    assert isinstance(error, InputError) and error.reason == "empty file"


def test_generic_content_type_is_judged_by_content(server: tuple[str, Site]) -> None:
    base, _ = server
    article = fetch_one(f"{base}/download")
    assert isinstance(article, Article) and article.text == plain_text()
    error = fetch_one(f"{base}/report.pdf")
    assert isinstance(error, InputError) and error.reason == "a PDF document, not text"


def test_page_over_the_size_limit_is_refused(server: tuple[str, Site]) -> None:
    base, _ = server
    error = web.fetch(f"{base}/article.html", max_bytes=100)
    assert isinstance(error, InputError) and "limit" in error.reason


def test_urls_mix_with_files(server: tuple[str, Site]) -> None:
    base, _ = server
    items = list(iter_articles([str(DATA / "visit.txt"), f"{base}/article.html", f"{base}/gone"]))
    assert [type(item).__name__ for item in items] == ["Article", "Article", "InputError"]
    assert items[0].sha256 == items[1].sha256  # type: ignore[union-attr]
