"""Recipes on web pages without structured data: read the page the way a cook does.

The page is flattened into blocks in reading order (headings, list items, paragraph lines),
after dropping what is never the recipe: scripts, navigation, forms, comments, share
buttons, ads, newsletter boxes, footers. Then an "Ingredients" (or "You'll need") heading
starts the ingredient list and a "Method" / "Directions" / "Instructions" heading the steps;
"Notes", "Nutrition", "Comments" and any heading at the same level end them. Yield and time
lines ("Serves 4", "Prep time: 10 minutes", "Makes 2 loaves · Cook 25 min") are read from
the whole page. A page without both an ingredient list and steps is not a recipe.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ..core.errors import InputError
from .build import RawRecipe
from .ingredients import clean_line
from .step_facts import find_durations

_DROP_TAGS = (
    "script",
    "style",
    "noscript",
    "template",
    "iframe",
    "nav",
    "form",
    "button",
    "svg",
    "footer",
    "aside",
    "select",
    "table",
)
_CHROME_CLASS = re.compile(
    r"(?:^|[-_ ])(?:comments?|comment-list|footer|sidebar|widget|newsletter|share|sharing|"
    r"social|related|breadcrumbs?|advert\w*|ads?|jump|cookie|popup|modal|menu|nav|byline|"
    r"rating|reviews?)(?:[-_ ]|$)",
    re.IGNORECASE,
)
_CHROME_LINE = re.compile(
    r"instagram|pinterest|facebook|subscribe|newsletter|tag us|rate this|leave a (?:comment|"
    r"review|reply)|©|copyright|all rights reserved|advertisement|jump to recipe|print recipe|"
    r"thanks for reading|sign up|^reply$|^pin it$|^share$|^scale$|^\d+x(?:\s+\d+x)*$|"
    r"^us customary|^metric$|^video$|^cook mode|prevent your screen",
    re.IGNORECASE,
)
_INGREDIENTS = re.compile(
    r"^(?:the\s+)?(?:ingredients?|you(?:'ll| will)? need|what you(?:'ll)? need|shopping list)"
    r"\b",
    re.IGNORECASE,
)
_STEPS = re.compile(
    r"^(?:the\s+)?(?:instructions?|directions?|method|steps?|preparation|how to make(?: it)?)"
    r"\s*:?\s*$",
    re.IGNORECASE,
)
_STOP = re.compile(
    r"^(?:notes?|recipe notes|tips?|nutrition|storage|variations?|faqs?|comments?|reviews?|"
    r"video|related|more recipes|you (?:may|might) also like|\d+\s+comments?)\b",
    re.IGNORECASE,
)
_MEASURED = re.compile(r"^\s*(?:[\d½¼¾⅓⅔⅛]|an?\s|one\s|two\s|three\s|half\s)", re.I)
_STEP_LABEL = re.compile(r"^step\s*\d+\s*[:.)-]?\s*$", re.IGNORECASE)
_BULLET = re.compile(r"^\s*(?:[-*•▢☐□+]\s*|\d{1,2}[.)]\s+|step\s+\d+\s*[:.)-]\s*)", re.I)
_YIELD = re.compile(r"\b(serves|servings|yield|yields|makes)\b\s*:?\s*(.{1,40})$", re.I)
_TIME = re.compile(r"^(prep|cook|cooking|baking|total)(?:\s*time)?\s*:?\s*(.+)$", re.I)
_SEPARATORS = re.compile(r"\s*[·|•]\s*")
_HEADING_TAGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
_BLOCK_TAGS = {
    "p",
    "div",
    "section",
    "article",
    "ul",
    "ol",
    "li",
    "main",
    "header",
    "dl",
    "dt",
    "dd",
    "blockquote",
    *_HEADING_TAGS,
}
_NEVER_CHROME = frozenset({"html", "body", "main", "article"})
_BOLD_LEVEL = 7
"""A paragraph that is only bold text ("**Ingredients:**") is a heading below h6."""


@dataclass(frozen=True)
class Block:
    kind: str
    """"heading", "item" (a list item) or "line" (a paragraph or one of its <br> lines)."""
    text: str
    level: int = 0


def raw_from_page_text(text: str, *, where: str) -> RawRecipe:
    # lazy: start-up speed (bs4 loads only when raw_from_page_text() runs)
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(text, "lxml")
    title = _title(soup)
    _drop_chrome(soup)
    blocks = list(_blocks(soup.body or soup))
    ingredients, steps = _sections(blocks)
    if not ingredients or not steps:
        raise InputError(
            f"{where} does not look like a recipe: it has no recipe card (schema.org) and no "
            "'Ingredients' list followed by 'Method' / 'Instructions' steps. "
            "Nothing was imported."
        )
    yields, times = _facts(blocks)
    return RawRecipe(
        title=title,
        ingredient_lines=ingredients,
        steps=[(section, step, "") for section, step in steps],
        yields=yields,
        prep_seconds=times.get("prep"),
        cook_seconds=times.get("cook"),
        total_seconds=times.get("total"),
    )


def _title(soup: Any) -> str:
    h1 = soup.find("h1")
    if h1 is not None and clean_line(h1.get_text(" ")):
        return clean_line(h1.get_text(" "))
    og = soup.find("meta", attrs={"property": "og:title"})
    if og is not None and og.get("content"):
        return clean_line(str(og["content"]))
    if soup.title is not None:
        return re.split(r"\s+[-|–—]\s+", clean_line(soup.title.get_text()))[0]
    return ""


def _drop_chrome(soup: Any) -> None:
    for tag in soup.find_all(_DROP_TAGS):
        tag.decompose()
    for tag in soup.find_all(True):
        if tag.decomposed or tag.attrs is None or tag.name in _NEVER_CHROME:
            continue
        names = " ".join(tag.get("class") or []) + " " + str(tag.get("id") or "")
        if names.strip() and _CHROME_CLASS.search(names) and not _holds_recipe(tag):
            tag.decompose()


def _holds_recipe(tag: Any) -> bool:
    """A "sidebar" or "nav" class on a wrapper that holds the recipe's own headings."""
    for heading in tag.find_all([*_HEADING_TAGS, "strong", "b"]):
        text = clean_line(heading.get_text(" ")).rstrip(":")
        if len(text) < 40 and (_INGREDIENTS.match(text) or _STEPS.match(text)):
            return True
    return False


def _blocks(node: Any) -> Any:
    for child in node.children:
        name = getattr(child, "name", None)
        if name is None:
            continue
        if name in _HEADING_TAGS:
            yield Block("heading", _tidy(child.get_text(" ")), _HEADING_TAGS[name])
        elif name == "li" and not child.find(["ul", "ol", "li", *_HEADING_TAGS]):
            yield Block("item", _tidy(child.get_text(" ")))
        elif name == "p":
            yield from _paragraph(child)
        elif name in _BLOCK_TAGS:
            if not child.find(list(_BLOCK_TAGS)):
                yield from _paragraph(child)
            else:
                yield from _blocks(child)


def _tidy(text: str) -> str:
    """Text of nested spans joined with spaces, without "( 167g )" or "garlic , minced"."""
    text = clean_line(text)
    text = re.sub(r"\s+([,.;:!?)\]])", r"\1", text)
    text = re.sub(r"(\d)\s+-\s+(\d)", r"\1-\2", text)
    return re.sub(r"([(\[])\s+", r"\1", text)


def _paragraph(tag: Any) -> Any:
    text = _tidy(tag.get_text(" "))
    if not text:
        return
    bold = "".join(b.get_text(" ") for b in tag.find_all(["strong", "b"]))
    bare = text.rstrip(":").strip()
    named = len(bare.split()) <= 3 and bool(
        _INGREDIENTS.fullmatch(bare) or _STEPS.fullmatch(bare) or _STOP.fullmatch(bare)
    )  # a card's "Ingredients" label in a <div>
    if named or (len(text) <= 60 and clean_line(bold) == text and not text[:1].isdigit()):
        yield Block("heading", text.rstrip(":").strip(), _BOLD_LEVEL)
        return
    parts = [_tidy(str(p)) for p in re.split(r"<br\s*/?>", tag.decode_contents())]
    for part in parts:
        if part:
            yield Block("line", part)


def _sections(blocks: list[Block]) -> tuple[list[str], list[tuple[str, str]]]:
    """The ingredient list and steps ((section, text)) of the best-looking recipe on the page:
    blogs often have an "Ingredients" section of notes before the recipe card itself."""
    candidates: list[_Candidate] = []
    mode, level, section = "", 0, ""
    for block in blocks:
        text = block.text
        if not text or _CHROME_LINE.search(text):
            continue
        current = candidates[-1] if candidates else None
        if block.kind == "heading":
            if _STEP_LABEL.match(text):
                continue
            if _INGREDIENTS.match(text):
                candidates.append(_Candidate([], []))
                mode, level = "ingredients", block.level
            elif _STEPS.match(text.rstrip(":")) and current and current.lines and not current.steps:
                mode, level, section = "steps", block.level, ""
            elif _STOP.match(text) or block.level <= level:
                mode = ""
            elif mode == "steps":
                section = text.rstrip(":")  # "For the sauce" inside the method
            continue
        if current is None:
            continue
        if mode == "ingredients":
            if text.endswith(":") and not any(ch.isdigit() for ch in text):
                continue  # "For the sauce:" inside the list
            current.lines.append(_BULLET.sub("", text))
        elif mode == "steps":
            current.steps.append((section, _BULLET.sub("", text)))
    complete = [c for c in candidates if c.lines and c.steps]
    if not complete:
        return [], []
    best = max(reversed(complete), key=lambda c: c.score())
    return best.lines, best.steps


@dataclass
class _Candidate:
    lines: list[str]
    steps: list[tuple[str, str]]

    def score(self) -> float:
        """Share of lines that start like an ingredient line ("2 cups", "½", "a pinch")."""
        measured = sum(1 for line in self.lines if _MEASURED.match(line))
        return measured / len(self.lines)


def _facts(blocks: list[Block]) -> tuple[str | None, dict[str, int]]:
    yields: str | None = None
    times: dict[str, int] = {}
    for block in blocks:
        for part in _SEPARATORS.split(block.text):
            if len(part) > 60:
                continue
            time_match = _TIME.match(part)
            if time_match:
                found = find_durations(time_match.group(2))
                kind = time_match.group(1).lower()
                key = {"cooking": "cook", "baking": "cook"}.get(kind, kind)
                if found and key not in times:
                    times[key] = found[0].seconds
                continue
            yield_match = _YIELD.search(part)
            if yields is None and yield_match and any(ch.isdigit() for ch in part):
                yields = _yield_text(yield_match.group(1).lower(), yield_match.group(2))
    return yields, times


def _yield_text(word: str, rest: str) -> str | None:
    """ "Serves 4" -> "4 servings", "Servings 4 burgers" -> "4 burgers", "Yield: 6 to 8
    servings 1x" -> "6 to 8 servings" (a recipe card's scale buttons cut off); None when
    what follows is not an amount."""
    # lazy: start-up speed (.yields loads only when _yield_text() runs)
    from .yields import parse_yields

    rest = re.sub(r"\s+\d+\s*x\b.*$", "", rest.strip())
    if not rest[:1].isdigit():
        return None
    if word in ("serves", "servings") and parse_number_only(rest):
        rest = f"{rest} servings"
    return rest if parse_yields(rest) is not None else None


def parse_number_only(text: str) -> bool:
    return bool(re.fullmatch(r"\d+(?:\s*(?:-|to)\s*\d+)?", text.strip()))
