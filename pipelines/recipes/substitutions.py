"""What to use instead of an ingredient: a small offline table of common kitchen swaps.

The swaps are the standard ones cookbooks and extension services print (buttermilk = milk
soured with lemon juice, and so on). The longest matching name wins ("rice vinegar" before
"vinegar"); accents and plurals do not matter.
"""

from __future__ import annotations

import re

from .lookup import fold

SUBSTITUTES: dict[str, str] = {
    "buttermilk": "1 cup milk with 1 tablespoon lemon juice or white vinegar stirred in, left "
    "for 5 minutes, for each cup; or thinned plain yogurt",
    "half and half": "equal parts whole milk and heavy cream, or 3/4 cup milk with "
    "1/4 cup melted butter per cup",
    "heavy cream": "3/4 cup milk with 1/3 cup melted butter per cup (not for whipping)",
    "cream": "3/4 cup milk with 1/3 cup melted butter per cup (not for whipping)",
    "sour cream": "plain Greek yogurt, the same amount",
    "greek yogurt": "sour cream or strained plain yogurt, the same amount",
    "yogurt": "sour cream or buttermilk, the same amount",
    "milk": "any plant milk (soy, oat, almond), or half water and half evaporated milk",
    "butter": "the same amount of margarine, or 3/4 as much oil (melted butter only)",
    "egg": "1 tablespoon ground flaxseed with 3 tablespoons water per egg (left 5 minutes), "
    "or 1/4 cup applesauce in baking",
    "lemon juice": "lime juice, or half as much white wine vinegar",
    "lime juice": "lemon juice, the same amount",
    "lemon": "lime (juice and zest), the same amount",
    "lime": "lemon (juice and zest), the same amount",
    "white wine": "chicken or vegetable stock with a splash of white wine vinegar or lemon juice",
    "red wine": "beef or vegetable stock with a splash of red wine vinegar",
    "rice vinegar": "apple cider vinegar or white wine vinegar with a pinch of sugar",
    "vinegar": "lemon juice, or another mild vinegar (cider, white wine)",
    "cheddar": "Colby, Monterey Jack or Gruyère",
    "parmesan": "Pecorino Romano or Grana Padano (or a vegetarian hard cheese)",
    "feta": "goat cheese or ricotta salata",
    "mozzarella": "provolone or fontina",
    "cream cheese": "mascarpone, or ricotta blended smooth",
    "ricotta": "cottage cheese blended smooth",
    "brown sugar": "1 cup white sugar with 1 tablespoon molasses per cup",
    "sugar": "the same amount of caster sugar, or 3/4 as much honey (use a little less liquid)",
    "honey": "maple syrup or agave syrup, the same amount",
    "maple syrup": "honey, or 3/4 cup brown sugar with 1/4 cup water per cup",
    "baking powder": "1/4 teaspoon baking soda with 1/2 teaspoon cream of tartar per teaspoon",
    "baking soda": "3 times as much baking powder (the taste changes a little)",
    "cornstarch": "twice as much all-purpose flour, or the same amount of arrowroot",
    "all-purpose flour": "plain flour; or 1 cup plus 2 tablespoons cake flour per cup",
    "bread flour": "all-purpose flour, the same amount (a little less chewy)",
    "self-raising flour": "1 cup all-purpose flour with 1 1/2 teaspoons baking powder and "
    "1/4 teaspoon salt per cup",
    "breadcrumbs": "crushed crackers or rolled oats, the same amount",
    "chicken broth": "vegetable broth, or water with a stock cube",
    "chicken stock": "vegetable stock, or water with a stock cube",
    "beef broth": "vegetable or mushroom broth",
    "vegetable broth": "chicken broth, or water with a stock cube",
    "vegetable stock": "chicken stock, or water with a stock cube",
    "garlic": "1/8 teaspoon garlic powder per clove",
    "shallot": "a little red or yellow onion",
    "onion": "shallots or leeks, or 1 tablespoon onion powder per onion",
    "fresh ginger": "1/4 teaspoon ground ginger per tablespoon of fresh",
    "ginger": "1/4 teaspoon ground ginger per tablespoon of fresh",
    "fresh basil": "1 teaspoon dried basil per tablespoon of fresh, or fresh parsley",
    "basil": "1 teaspoon dried basil per tablespoon of fresh, or fresh parsley",
    "parsley": "fresh chervil or cilantro, or 1 teaspoon dried parsley per tablespoon",
    "cilantro": "fresh parsley with a little lime zest",
    "coriander": "fresh parsley with a little lime zest",
    "thyme": "1/3 as much dried thyme, or oregano",
    "oregano": "marjoram or thyme",
    "soy sauce": "tamari or coconut aminos",
    "fish sauce": "soy sauce with a squeeze of lime",
    "tamarind paste": "lime juice mixed with an equal amount of brown sugar",
    "tomato paste": "3 tablespoons tomato sauce per tablespoon, cooked down",
    "chili powder": "paprika with a pinch of cayenne and cumin",
    "smoked paprika": "sweet paprika with a pinch of chipotle or cumin",
    "paprika": "chili powder (spicier) or cayenne in a small amount",
    "cumin": "ground coriander or chili powder",
    "jalapeno": "serrano (hotter) or a mild green chili",
    "serrano": "jalapeño (milder)",
    "coconut milk": "evaporated milk, or heavy cream thinned with water",
    "vanilla extract": "maple syrup, the same amount, or vanilla bean paste",
    "chocolate chips": "chopped chocolate bar, the same weight",
    "cashews": "blanched almonds or macadamias",
    "walnuts": "pecans",
    "pecans": "walnuts",
    "peanuts": "cashews or toasted sunflower seeds",
    "shrimp": "chicken thighs cut small, or firm tofu",
    "tofu": "chickpeas or paneer",
    "rice noodles": "thin spaghetti or linguine",
    "arborio rice": "carnaroli or any short-grain rice",
    "rice": "quinoa or cauliflower rice",
    "mayonnaise": "plain Greek yogurt",
    "chia seeds": "ground flaxseed",
    "cornmeal": "polenta (fine) or semolina",
    "escarole": "curly endive, spinach or kale",
    "spinach": "kale or chard",
}
_WORD = re.compile(r"[a-z]+")


def _normal(text: str) -> str:
    words = [w[:-1] if w.endswith("s") and len(w) > 3 else w for w in _WORD.findall(fold(text))]
    return " ".join(w for w in words if w not in ("the", "a", "an", "some"))


_KEYS = sorted(((_normal(k), k) for k in SUBSTITUTES), key=lambda kv: -len(kv[0]))


def substitute_for(name: str) -> tuple[str, str] | None:
    """(table name, swap) for an ingredient, the longest name found in ``name``; else None."""
    text = f" {_normal(name.replace('-', ' '))} "
    for normal, key in _KEYS:
        if f" {normal} " in text:
            return key, SUBSTITUTES[key]
    return None
