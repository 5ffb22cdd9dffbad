"""Saved web pages -> RawRecipe with recipe-scrapers, then the page-text reader.

recipe-scrapers (``scrape_html(html, org_url=..., supported_only=False)``) picks the site's own
scraper when the page's address is one of its ~600 sites, else reads the page's schema.org
Recipe (JSON-LD or microdata). The address comes from the page itself (its canonical link or
``og:url``) or, for a URL import, from the download. When neither finds a recipe the
page-text reader (:mod:`.page_text`) looks for Ingredients / Method headings; a recipe found
that way is marked ``page-text`` ("imported without structured data - check it").

recipe-scrapers is imported on first use (about a second), once per process.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from typing import Any

from .build import RawRecipe
from .ingredients import clean_line
from .page_text import raw_from_page_text
from .schema_org import raw_from_schema

log = logging.getLogger(__name__)

UNKNOWN_ADDRESS = "https://saved-page.invalid/"
_ADDRESS = re.compile(
    r"<link[^>]+rel=[\"']canonical[\"'][^>]*href=[\"'](https?://[^\"'\s]+)"
    r"|<meta[^>]+property=[\"']og:url[\"'][^>]*content=[\"'](https?://[^\"'\s]+)",
    re.IGNORECASE,
)
_HEAVY = re.compile(
    r"<script(?![^>]*ld\+json)[^>]*>.*?</script\s*>|<style[^>]*>.*?</style\s*>"
    r"|<svg[^>]*>.*?</svg\s*>|<!--.*?-->",
    re.IGNORECASE | re.DOTALL,
)
PAGE_TEXT = "page-text"
"""source_format of a recipe read from the page's text without structured data."""


def page_address(text: str) -> str:
    """The page's own address (canonical link or og:url), else a placeholder."""
    match = _ADDRESS.search(text[:200_000])
    if match:
        return match.group(1) or match.group(2)
    return UNKNOWN_ADDRESS


def raw_from_html(text: str, *, name: str, url: str = "") -> tuple[RawRecipe, str]:
    """(raw recipe, how it was found) from a web page; InputError when it holds no recipe."""
    address = url or page_address(text)
    text = _HEAVY.sub(" ", text)  # scripts, styles, icons: a third of a page, never the recipe
    scraper = _scraper(text, address)
    if scraper is not None:
        raw = _from_scraper(scraper)
        if raw is not None:
            return raw, _format(scraper)
    raw = raw_from_page_text(text, where=name)
    return raw, PAGE_TEXT


def _scraper(text: str, address: str) -> Any:
    # lazy: start-up speed (recipe_scrapers etc. load only when _scraper() runs)
    from recipe_scrapers import scrape_html
    from recipe_scrapers._exceptions import RecipeScrapersExceptions

    try:
        return scrape_html(text, org_url=address, supported_only=False)
    except RecipeScrapersExceptions:
        return None  # no schema.org recipe: the page-text reader gets its turn
    except (ValueError, TypeError, AttributeError, LookupError, RecursionError) as exc:
        # broken markup can trip the parsers; the page-text reader still gets its turn
        log.debug("recipe-scrapers could not read the page: %s", exc)
        return None


def _format(scraper: Any) -> str:
    kind = type(scraper).__name__
    if kind == "SchemaScraper" or "Schema" in kind:
        return getattr(scraper.schema, "format", None) or "schema.org"
    return f"recipe-scrapers:{kind}"


def _field(call: Callable[[], Any]) -> Any:
    """One scraper field, None when the page does not give it (scrapers raise for that)."""
    try:
        return call()
    except Exception as exc:  # every site scraper raises its own kinds of errors
        log.debug("field not found: %s", exc)
        return None


def _from_scraper(scraper: Any) -> RawRecipe | None:
    title = _field(scraper.title)
    ingredients = _field(scraper.ingredients)
    if not title or not isinstance(ingredients, list) or not ingredients:
        return None
    node = getattr(scraper.schema, "data", None) or {}
    schema = raw_from_schema(node) if isinstance(node, dict) and node else None
    steps: list[tuple[str, str, str]] = list(schema.steps) if schema else []
    if not steps or _format(scraper).startswith("recipe-scrapers:"):
        # a site's own scraper knows its page (it drops "Links: ..." tails and the like);
        # the schema's step titles and sections are kept where the texts agree
        listed = [clean_line(str(s)) for s in _field(scraper.instructions_list) or []]
        steps = _with_sections([s for s in listed if s], steps) or steps
    if not steps:
        return None
    yields = (schema.yields if schema else None) or _field(scraper.yields)
    return RawRecipe(
        title=str(title),
        ingredient_lines=[str(i) for i in ingredients],
        steps=steps,
        yields=yields,
        prep_seconds=_seconds(schema.prep_seconds if schema else None, scraper.prep_time),
        cook_seconds=_seconds(schema.cook_seconds if schema else None, scraper.cook_time),
        total_seconds=_seconds(schema.total_seconds if schema else None, scraper.total_time),
        description=str(_field(scraper.description) or ""),
        author=str(_field(scraper.author) or ""),
        source_url=_address(_field(scraper.canonical_url)),
    )


def _with_sections(
    listed: list[str], schema_steps: list[tuple[str, str, str]]
) -> list[tuple[str, str, str]]:
    def key(text: str) -> str:
        return " ".join(text.lower().split())

    known = {key(text): (section, title) for section, text, title in schema_steps}
    headings = {key(part) for section, _, title in schema_steps for part in (section, title)}
    return [
        (*known.get(key(text), ("", ""))[:1], text, known.get(key(text), ("", ""))[1])
        for text in listed
        if key(text) not in headings
    ]


def _address(value: Any) -> str:
    text = str(value or "")
    return "" if text.startswith(UNKNOWN_ADDRESS) else text


def _seconds(from_schema: int | None, minutes: Callable[[], Any]) -> int | None:
    if from_schema:
        return from_schema
    value = _field(minutes)
    return int(value) * 60 if isinstance(value, int | float) and value > 0 else None
