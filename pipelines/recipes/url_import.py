"""A recipe from a web address: download the one page (:mod:`.fetch`), then read it locally."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from .fetch import TIMEOUT_S, Consent, fetch_page
from .importers import load_recipe_bytes
from .model import Recipe

if TYPE_CHECKING:
    from ..privacy.ledger import Ledger

_SUFFIXES = {
    "application/json": ".json",
    "application/ld+json": ".jsonld",
    "text/plain": ".txt",
    "text/markdown": ".md",
}


def load_url(
    url: str,
    *,
    consent: Consent | None = None,
    ledger: Ledger | None = None,
    timeout: float = TIMEOUT_S,
) -> list[Recipe]:
    """Every recipe on the page at ``url``; InputError (and nothing kept) when it fails."""
    page = fetch_page(url, consent=consent, ledger=ledger, timeout=timeout)
    suffix = _SUFFIXES.get(page.content_type, ".html")
    name = urlsplit(page.url).netloc + urlsplit(page.url).path
    recipes = load_recipe_bytes(page.data, name=name, suffix=suffix, url=page.url)
    return [
        dataclasses.replace(r, source_url=r.source_url or page.url, source_file=page.url)
        for r in recipes
    ]
