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
