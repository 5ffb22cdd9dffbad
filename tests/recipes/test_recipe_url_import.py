"""Importing a recipe from a web address, against a real HTTP server on 127.0.0.1.

The server serves one of tests/data/recipes/pages, redirects (same host and to "localhost",
which is another host name), a 404, a page that never answers, and a non-recipe page.
"""

from __future__ import annotations

import contextlib
import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from app.cli.main import main
from pipelines.core.errors import InputError
from pipelines.core.storage import Database
from pipelines.privacy.ledger import Ledger
from pipelines.recipes import fetch
from pipelines.recipes.url_import import load_url

PAGES = Path(__file__).resolve().parent.parent / "data" / "recipes" / "pages"


class Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        port = self.server.server_address[1]
        routes: dict[str, Any] = {
            "/recipe": (200, (PAGES / "banana-bread.html").read_bytes()),
            "/news": (200, (PAGES / "not-recipe-news.html").read_bytes()),
            "/moved-here": (302, "/recipe"),
            "/moved-away": (302, f"http://localhost:{port}/recipe"),
            "/missing": (404, b"not here"),
        }
        if self.path == "/slow":
            time.sleep(3)
        status, body = routes.get(self.path, (404, b""))
        self.send_response(status)
        if status == 302:
            self.send_header("Location", body)
            body = b""
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self.wfile.write(body)  # the timeout test's client has gone

    def log_message(self, *args: Any) -> None:
        return None


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


class RecordingGuard:
    """Stands in for the egress guard: records each one-request host allowance."""

    def __init__(self) -> None:
        self.windows: list[str] = []

    @contextmanager
    def download_window(self, host: str) -> Iterator[None]:
        self.windows.append(host)
        yield


def _ledger(tmp_path: Path) -> Ledger:
    return Ledger(Database(tmp_path / "db.sqlite"), tmp_path / "ledger.head")


def test_import_from_a_url_opens_the_guard_for_that_host_and_ledgers_it(
    server: str, tmp_path: Path
) -> None:
    guard = RecordingGuard()
    ledger = _ledger(tmp_path)
    page = fetch.fetch_page(f"{server}/recipe", ledger=ledger, guard=guard)  # type: ignore[arg-type]
    assert guard.windows == ["127.0.0.1"]
    assert b"Classic Banana Bread" in page.data and page.content_type == "text/html"
    rows = [e for e in ledger.entries() if e.kind == "network_allowed"]
    assert rows[-1].category == "recipes"
    assert rows[-1].detail["host"] == "127.0.0.1"
    assert rows[-1].detail["bytes"] == len(page.data) and rows[-1].detail["seconds"] >= 0
    recipes = load_url(f"{server}/recipe")
    assert recipes[0].title == "Classic Banana Bread"
    assert recipes[0].source_file == f"{server}/recipe"


def test_redirect_on_the_same_host_is_followed(server: str) -> None:
    assert load_url(f"{server}/moved-here")[0].title == "Classic Banana Bread"


def test_redirect_to_another_host_needs_consent(server: str) -> None:
    asked: list[str] = []
    with pytest.raises(InputError, match="moved to another site, localhost"):
        load_url(f"{server}/moved-away")
    with pytest.raises(InputError, match="localhost"):
        load_url(f"{server}/moved-away", consent=lambda host: asked.append(host) is not None)
    assert asked == ["localhost"]
    guard = RecordingGuard()
    page = fetch.fetch_page(f"{server}/moved-away", consent=lambda h: True, guard=guard)  # type: ignore[arg-type]
    assert guard.windows == ["127.0.0.1", "localhost"] and page.url.startswith("http://localhost")


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/missing", "answered 404"),
        ("/news", "does not look like a recipe"),
    ],
)
def test_failures_are_clear(server: str, path: str, message: str) -> None:
    with pytest.raises(InputError, match=message):
        load_url(server + path)


def test_timeout_and_refused_connection(server: str) -> None:
    with pytest.raises(InputError, match=r"did not answer within 0\.5 seconds"):
        load_url(f"{server}/slow", timeout=0.5)
    with pytest.raises(InputError, match=r"Could not download the page from 127\.0\.0\.1"):
        load_url("http://127.0.0.1:9/recipe", timeout=2)  # discard port: nothing listens
    with pytest.raises(InputError, match="not a web address"):
        load_url("ftp://example.org/recipe")


def test_page_too_large(server: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fetch, "MAX_PAGE_BYTES", 1000)
    with pytest.raises(InputError, match="larger than"):
        load_url(f"{server}/recipe")


def test_cli_imports_a_url_and_refuses_an_unallowed_redirect(
    server: str, home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["recipe", "import", f"{server}/recipe"])
    out = capsys.readouterr().out
    assert code == 0 and "imported #1: Classic Banana Bread" in out
    code = main(["recipe", "import", f"{server}/moved-away"])
    captured = capsys.readouterr()
    assert code != 0 and "localhost" in captured.err
    code = main(["recipe", "import", f"{server}/moved-away", "--allow-redirects"])
    assert code == 0 and "already in your library as #1" in capsys.readouterr().out
    from pipelines.app_context import AppContext

    app = AppContext.create(guard=False)
    try:  # what the privacy dashboard's ledger view lists: host, bytes, time; no address
        rows = [e for e in app.ledger.entries(kind="network_allowed") if e.category == "recipes"]
    finally:
        app.close()
    assert {r.detail["host"] for r in rows} == {"127.0.0.1", "localhost"}
    assert all(r.detail["bytes"] > 0 or r.detail["host"] == "127.0.0.1" for r in rows)
    assert not any("/recipe" in json.dumps(r.detail) for r in rows)
