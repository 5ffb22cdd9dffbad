"""Paste-a-link on the Kitchen page: a page served on 127.0.0.1 is downloaded and imported."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

PAGES = Path(__file__).resolve().parent.parent / "data" / "recipes" / "pages"


class QuietHandler(SimpleHTTPRequestHandler):
    def do_GET(self) -> None:  # the http.server API names it
        if self.path == "/moved":  # to the same server under another host name
            self.send_response(302)
            port = self.server.server_address[1]
            self.send_header("Location", f"http://localhost:{port}/guacamole.html")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        super().do_GET()

    def log_message(self, *args: Any) -> None:
        return None


@pytest.fixture
def site() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), partial(QuietHandler, directory=str(PAGES)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_a_pasted_link_is_imported_and_flagged(window: Any, qtbot: Any, site: str) -> None:
    page = window.show_page("kitchen")
    page.link.setText(f"{site}/shakshuka.html")
    page.link_button.click()
    qtbot.waitUntil(lambda: "Shakshuka" in " ".join(page.titles()), timeout=30000)
    assert "check it" in page.message.text()  # no structured data on that page
    assert page.link.text() == ""
    shot = os.environ.get("HOMEBODY_SCREENSHOT_DIR")
    if shot:
        window.grab().save(str(Path(shot) / "kitchen-link.png"))
    page.link.setText(f"{site}/not-recipe-news.html")
    page.link_button.click()
    qtbot.waitUntil(lambda: "does not look like a recipe" in page.message.text(), timeout=30000)


def test_a_link_that_moves_to_another_site_asks_first(
    window: Any, qtbot: Any, site: str, monkeypatch: Any
) -> None:
    page = window.show_page("kitchen")
    asked: list[str] = []
    monkeypatch.setattr(page, "_allow_site", lambda host: asked.append(host) is not None)
    page.link.setText(f"{site}/moved")
    page.link_button.click()
    qtbot.waitUntil(lambda: "moved to another site" in page.message.text(), timeout=30000)
    assert asked == ["localhost"] and page.titles() == []
    monkeypatch.setattr(page, "_allow_site", lambda host: True)
    page.link_button.click()
    qtbot.waitUntil(lambda: "Fresh Guacamole" in " ".join(page.titles()), timeout=30000)
