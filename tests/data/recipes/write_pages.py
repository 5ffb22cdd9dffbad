"""Write tests/data/recipes/pages/*.html (+ .json expected fields) from page_data.py.

Run: ``python tests/data/recipes/write_pages.py``. The pages copy the layouts recipe sites use:
WP Recipe Maker and Tasty Recipes cards with JSON-LD, Mediavine Create with HowToStep
JSON-LD, Yoast @graph, schema.org microdata, and pages with no structured data at all
(a blog with headings, a blog with bold "Ingredients:" paragraphs and <br> lines, a
Medium-style article with paragraph steps, a magazine layout with "STEP 1" headings), each
wrapped in site chrome: navigation, "Jump to Recipe", ads, share buttons, "why you'll love
it" lists, notes, comments with numbered lists, newsletter boxes and copyright footers.
"""

from __future__ import annotations

import html
import json
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))
from page_data import NOT_RECIPES, R

OUT = Path(__file__).parent / "pages"
e = html.escape


def _iso(minutes: int) -> str:
    hours, mins = divmod(minutes, 60)
    return "PT" + (f"{hours}H" if hours else "") + (f"{mins}M" if mins or not hours else "")


def _total(r: dict[str, Any]) -> int:
    return int(r["prep"]) + int(r["cook"])


def _ld(r: dict[str, Any], steps_as: str = "text") -> dict[str, Any]:
    steps: Any
    if steps_as == "howto":
        steps = [{"@type": "HowToStep", "text": s, "name": s} for s in r["steps"]]
    else:
        steps = [{"@type": "HowToStep", "text": s} for s in r["steps"]]
    node = {
        "@context": "https://schema.org",
        "@type": "Recipe",
        "name": r["title"],
        "author": {"@type": "Person", "name": f"{r['site']} Team"},
        "recipeYield": r["yields"],
        "prepTime": _iso(r["prep"]),
        "cookTime": _iso(r["cook"]),
        "totalTime": _iso(_total(r)),
        "recipeIngredient": r["ingredients"],
        "recipeInstructions": steps,
    }
    return node


def _script(data: Any) -> str:
    return f'<script type="application/ld+json">{json.dumps(data)}</script>'


def _host(r: dict[str, Any]) -> str:
    name = "".join(ch for ch in r["site"].lower().replace("&", "and") if ch.isalnum())
    return f"{name}.example"


def _head(r: dict[str, Any], extra: str = "") -> str:
    return (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f"<title>{e(r['title'])} - {e(r['site'])}</title>"
        f'<meta property="og:title" content="{e(r["title"])}">'
        f'<link rel="canonical" href="https://{_host(r)}/{r["slug"]}/">'
        f"<script>window.dataLayer=window.dataLayer||[];function gtag(){{}}</script>"
        f"<style>.ad{{min-height:250px}}</style>{extra}</head><body>"
        f'<header class="site-header"><nav><ul><li><a href="/">Home</a></li>'
        f'<li><a href="/recipes/">Recipes</a></li><li><a href="/about/">About</a></li>'
        f'<li><a href="/shop/">Shop</a></li></ul></nav>'
        f'<form class="search"><input placeholder="Search"></form></header>'
    )


def _intro(r: dict[str, Any]) -> str:
    return (
        f'<div class="jump"><a href="#recipe">Jump to Recipe</a> · '
        f'<a href="#print">Print Recipe</a></div>'
        f'<h1>{e(r["title"])}</h1><p class="byline">By {e(r["site"])} Team · Updated '
        f"March 3, 2026 · 14 comments</p>"
        f"<p>This {e(r['title'].lower())} is one we make again and again. It comes "
        f"together with pantry staples and a little patience.</p>"
        f'<div class="ad" id="ad-top">Advertisement</div>'
        f"<h2>Why you'll love this recipe</h2><ul><li>Ready with almost no effort</li>"
        f"<li>Made with ingredients you already have</li><li>Kid approved!</li></ul>"
        f'<div class="share"><a>Pin it</a> <a>Share</a> <a>Email</a></div>'
    )


def _tail() -> str:
    return (
        '<div class="ad" id="ad-bottom">Advertisement</div>'
        '<section class="comments" id="comments"><h2>14 Comments</h2><ol class="comment-list">'
        '<li class="comment"><p>Made this last night! My changes:</p><ol><li>Added more '
        "garlic</li><li>Cooked it ten minutes longer</li></ol><p>Reply</p></li>"
        '<li class="comment"><p>Can I freeze this? Thanks!</p><p>Reply</p></li></ol>'
        "<h3>Leave a Reply</h3><form><textarea></textarea><button>Post Comment</button>"
        "</form></section>"
        '<aside class="newsletter"><h3>Get new recipes by email</h3><p>Subscribe to our '
        "newsletter.</p></aside>"
        '<footer class="site-footer"><p>© 2026 All rights reserved.</p><ul><li>Privacy '
        "Policy</li><li>Accessibility</li><li>Contact</li></ul></footer></body></html>"
    )


def _lis(items: list[str], cls: str = "") -> str:
    attr = f' class="{cls}"' if cls else ""
    return "".join(f"<li{attr}>{e(i)}</li>" for i in items)


def wprm(r: dict[str, Any]) -> str:
    graph = {
        "@context": "https://schema.org",
        "@graph": [
            {"@type": "WebPage", "name": r["title"]},
            {"@type": "Person", "name": f"{r['site']} Team"},
            _ld(r),
        ],
    }
    ingredients = "".join(
        f'<li class="wprm-recipe-ingredient"><span class="wprm-recipe-ingredient-name">'
        f"{e(i)}</span></li>"
        for i in r["ingredients"]
    )
    steps = "".join(
        f'<li class="wprm-recipe-instruction"><div class="wprm-recipe-instruction-text">'
        f"{e(s)}</div></li>"
        for s in r["steps"]
    )
    return (
        _head(r, _script(graph))
        + _intro(r)
        + f'<div id="recipe" class="wprm-recipe-container"><h2 class="wprm-recipe-name">'
        f'{e(r["title"])}</h2><div class="wprm-recipe-servings">{e(r["yields"])}</div>'
        f'<h3 class="wprm-recipe-header">Ingredients</h3><ul>{ingredients}</ul>'
        f'<h3 class="wprm-recipe-header">Instructions</h3><ul>{steps}</ul></div>' + _tail()
    )


def tasty(r: dict[str, Any]) -> str:
    return (
        _head(r, _script(_ld(r)))
        + _intro(r)
        + f'<div id="recipe" class="tasty-recipes"><h2>{e(r["title"])}</h2>'
        f'<ul class="tasty-recipes-details"><li>Prep Time: {r["prep"]} minutes</li>'
        f"<li>Yield: {e(r['yields'])}</li></ul><h4>Ingredients</h4>"
        f"<ul>{_lis(r['ingredients'])}</ul><h4>Instructions</h4>"
        f"<ol>{_lis(r['steps'])}</ol><h4>Notes</h4><ul><li>Store leftovers covered.</li>"
        f"</ul></div>" + _tail()
    )


def create(r: dict[str, Any]) -> str:
    return (
        _head(r, _script(_ld(r, "howto")))
        + _intro(r)
        + f'<div id="recipe" class="mv-create-card"><h2 class="mv-create-title">'
        f'{e(r["title"])}</h2><div class="mv-create-yield">Yield: {e(r["yields"])}</div>'
        f'<div class="mv-create-ingredients"><h3>Ingredients</h3>'
        f'<ul>{_lis(r["ingredients"])}</ul></div><div class="mv-create-instructions">'
        f"<h3>Instructions</h3><ol>{_lis(r['steps'])}</ol></div></div>" + _tail()
    )


def yoast(r: dict[str, Any]) -> str:
    graph = {
        "@context": "https://schema.org",
        "@graph": [
            {"@type": ["WebPage", "ItemPage"], "name": r["title"]},
            {"@type": "BreadcrumbList", "itemListElement": []},
            _ld(r, "howto"),
        ],
    }
    return _head(r, _script(graph)) + _intro(r) + _blog_body(r) + _tail()


def microdata(r: dict[str, Any]) -> str:
    ingredients = "".join(f'<li itemprop="recipeIngredient">{e(i)}</li>' for i in r["ingredients"])
    steps = "".join(f'<li itemprop="recipeInstructions">{e(s)}</li>' for s in r["steps"])
    return (
        _head(r) + _intro(r) + f'<div id="recipe" itemscope itemtype="http://schema.org/Recipe">'
        f'<h2 itemprop="name">{e(r["title"])}</h2>'
        f'<meta itemprop="prepTime" content="{_iso(r["prep"])}">'
        f'<meta itemprop="cookTime" content="{_iso(r["cook"])}">'
        f'<p>Yield: <span itemprop="recipeYield">{e(r["yields"])}</span></p>'
        f"<h3>Ingredients</h3><ul>{ingredients}</ul>"
        f"<h3>Directions</h3><ol>{steps}</ol></div>" + _tail()
    )


def _blog_body(r: dict[str, Any]) -> str:
    return (
        f'<div id="recipe"><p><strong>{e(r["yields"])}</strong> · Prep time: '
        f"{r['prep']} minutes · Cook time: {r['cook']} minutes</p>"
        f"<h2>Ingredients</h2><ul>{_lis(r['ingredients'])}</ul>"
        f"<h2>Instructions</h2><ol>{_lis(r['steps'])}</ol>"
        f"<h2>Notes</h2><ul><li>Leftovers keep for 3 days in the fridge.</li>"
        f"<li>Double the recipe for a crowd.</li></ul></div>"
    )


def blog(r: dict[str, Any]) -> str:
    return _head(r) + _intro(r) + _blog_body(r) + _tail()


def bold(r: dict[str, Any]) -> str:
    lines = "<br>".join(e(i) for i in r["ingredients"])
    steps = "".join(f"<p>{n}. {e(s)}</p>" for n, s in enumerate(r["steps"], 1))
    return (
        _head(r)
        + _intro(r)
        + f'<div class="entry-content"><p>{e(r["yields"])} &middot; Prep {r["prep"]} min '
        f"&middot; Cook {r['cook']} min</p><p><strong>Ingredients:</strong></p>"
        f"<p>{lines}</p><p><strong>Directions:</strong></p>{steps}"
        f"<p><em>Enjoy! If you make this, tag us on Instagram.</em></p></div>" + _tail()
    )


def article(r: dict[str, Any]) -> str:
    steps = "".join(f"<p>{e(s)}</p>" for s in r["steps"])
    serves = r["yields"].replace("Serves ", "")
    return (
        _head(r) + f"<article><h1>{e(r['title'])}</h1><p>A short story about why we "
        f"cook this every week, and a few words on the season.</p>"
        f"<p><strong>Serves:</strong> {e(serves)}</p>"
        f"<p><strong>Prep time:</strong> {r['prep']} minutes</p>"
        + (f"<p><strong>Cook time:</strong> {r['cook']} minutes</p>" if r["cook"] else "")
        + f"<h3>You'll need</h3><ul>{_lis(r['ingredients'])}</ul>"
        f"<h3>Method</h3>{steps}<p>Thanks for reading! Subscribe for more.</p></article>" + _tail()
    )


def goodfood(r: dict[str, Any]) -> str:
    steps = "".join(
        f'<li><h3 class="step-heading">STEP {n}</h3><p>{e(s)}</p></li>'
        for n, s in enumerate(r["steps"], 1)
    )
    return (
        _head(r)
        + _intro(r)
        + f'<ul class="recipe-meta"><li>{e(r["yields"])}</li><li>Prep: {r["prep"]} mins'
        f"</li><li>Cook: {r['cook']} mins</li><li>Easy</li></ul>"
        f'<section class="recipe-ingredients"><h2>Ingredients</h2>'
        f"<ul>{_lis(r['ingredients'])}</ul></section>"
        f'<section class="recipe-method"><h2>Method</h2><ol class="method-steps">{steps}'
        f"</ol></section>" + _tail()
    )


def news(r: dict[str, Any]) -> str:
    return (
        _head(r) + f"<article><h1>{e(r['title'])}</h1><p>The city council voted 7-2 on "
        "Tuesday to add protected bike lanes to Main Street.</p><h2>What changes</h2>"
        "<ol><li>Parking moves to one side of the street.</li><li>Two new crossings are "
        "added near the school.</li><li>Work starts in April and takes 8 weeks.</li></ol>"
        "<p>Residents can comment until March 30.</p><h2>Related stories</h2><ul>"
        "<li>New bakery opens downtown</li><li>Farmers market returns</li></ul></article>" + _tail()
    )


def index(r: dict[str, Any]) -> str:
    cards = "".join(
        f'<div class="card"><h2>{e(x["title"])}</h2><p>Ready in {_total(x)} minutes.</p>'
        f'<a href="/{x["slug"]}/">Get the recipe</a></div>'
        for x in R[:8]
    )
    return (
        _head(r) + f"<h1>{e(r['title'])}</h1><p>Our favourite dinners for busy nights."
        f"</p>{cards}<h2>Pantry staples to keep on hand</h2><ul><li>Olive oil</li>"
        "<li>Canned tomatoes</li><li>Rice</li><li>Garlic</li></ul>" + _tail()
    )


def product(r: dict[str, Any]) -> str:
    ld = {
        "@context": "https://schema.org",
        "@type": "Product",
        "name": r["title"],
        "offers": {"@type": "Offer", "price": "8.99", "priceCurrency": "USD"},
    }
    return (
        _head(r, _script(ld)) + f'<main><h1>{e(r["title"])}</h1><p class="price">'
        "$8.99</p><button>Add to cart</button><h2>Ingredients</h2><ul><li>Whole grain "
        "rolled oats</li><li>Maple syrup</li><li>Pecans</li><li>Sunflower oil</li>"
        "<li>Sea salt</li></ul><h2>Nutrition facts</h2><table><tr><td>Calories</td>"
        "<td>140</td></tr></table><h2>Reviews</h2><p>Best granola ever! 5 stars</p>"
        "</main>" + _tail()
    )


LAYOUTS = {
    f.__name__: f
    for f in (
        wprm,
        tasty,
        create,
        yoast,
        microdata,
        blog,
        bold,
        article,
        goodfood,
        news,
        index,
        product,
    )
}
STRUCTURED = {"wprm", "tasty", "create", "yoast", "microdata"}


def main() -> None:
    OUT.mkdir(exist_ok=True)
    for r in R + NOT_RECIPES:
        page = LAYOUTS[r["layout"]](r)
        (OUT / f"{r['slug']}.html").write_text(page, encoding="utf-8")
        expected: dict[str, Any] = {"layout": r["layout"]}
        if "ingredients" in r:
            expected.update(
                title=r["title"],
                yields=r["yields"],
                ingredients=r["ingredients"],
                instructions_list=r["steps"],
                structured=r["layout"] in STRUCTURED,
                prep_time=r["prep"],
                cook_time=r["cook"],
                total_time=_total(r),
            )
        else:
            expected.update(refuse=True, title=r["title"])
        (OUT / f"{r['slug']}.json").write_text(
            json.dumps(expected, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )


if __name__ == "__main__":
    main()
