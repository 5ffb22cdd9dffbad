"""Read a cooking question's words: what is asked, about what, in which unit, for how many.

"how much flour in grams for 6 people" -> Question("amount", "flour", unit="grams",
people=6). The reader runs on the words of a question about the open recipe (from `recipe
ask`, or the text of a recognised recipe intent); the answer comes from the recipe
(:mod:`.question_answers`). Scaling words inside a question ("if I double it", "for half the
recipe", "for 2 loaves") scale that answer only; "double it" alone scales the session.
"half and half" is an ingredient, never a scale.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .lookup import fold
from .quantities import NUMBER_PATTERN, parse_number

KINDS = (
    "amount", "ingredients", "servings", "time", "temperature", "step_count", "step_needs",
    "after", "substitute", "diet", "equipment", "scale", "next", "previous", "repeat", "goto",
)  # fmt: skip


@dataclass(frozen=True)
class Question:
    kind: str
    subject: str = ""
    """The ingredient ("flour"), the action ("adding the garlic") or the time asked about."""
    unit: str = ""
    """A unit to answer in: "grams", "celsius"."""
    step: int | None = None
    factor: float | None = None
    """Scale for this answer ("if I double it" -> 2)."""
    people: float | None = None
    """"for 6 people": the factor comes from the recipe's servings."""
    makes: tuple[float, str] | None = None
    """"for 2 loaves" / "for 48 cookies": the factor comes from the recipe's yield."""


_NUM = rf"(?:{NUMBER_PATTERN})"
_HALF_AND_HALF = re.compile(r"\bhalf[\s-]+(?:and|n|&)[\s-]+half\b")
_FACTOR_PHRASES: tuple[tuple[re.Pattern[str], float], ...] = (
    (re.compile(r"\b(?:for|with|in|make|making)?\s*(?:a\s+)?half (?:of )?(?:the|a) "
                r"(?:recipe|batch|amount)\b|\bif i (?:halve|half) it\b|\bhalved\b|"
                r"\bcut (?:it|the recipe) in half\b|\bhalf (?:batch|recipe)\b"), 0.5),
    (re.compile(r"\bif i double (?:it|the recipe|the batch)\b|\bdoubled?\b|\btwice\b"), 2.0),
    (re.compile(r"\bif i triple (?:it|the recipe)\b|\btripled?\b"), 3.0),
)  # fmt: skip
_PEOPLE = re.compile(rf"\bfor\s+({_NUM})\s+(?:people|persons|guests|servings|of us|adults)\b")
_MAKES = re.compile(rf"\b(?:for|to make)\s+({_NUM})\s+([a-z]+)\b")
_IN_UNIT = re.compile(
    r"\bin\s+(grams?|g|kilograms?|kg|ounces?|oz|pounds?|lbs?|cups?|tablespoons?|tbsp|"
    r"teaspoons?|tsp|ml|millilit(?:er|re)s?|lit(?:er|re)s?|l|celsius|centigrade|fahrenheit|"
    r"metric|us|imperial)\b"
)
_HOW_MANY_UNITS = re.compile(
    r"\bhow many (cups?|tablespoons?|tbsp|teaspoons?|tsp|grams?|ounces?|pounds?|ml|"
    r"millilit(?:er|re)s?|lit(?:er|re)s?|kilograms?)\s+(?:of\s+)?(?=\w)"
)
_STEP_WORD = re.compile(rf"\bstep\s+(?:number\s+)?({_NUM}|\d+)\b")
_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6,
             "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10}  # fmt: skip
_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "substitute",
        re.compile(
            r"\b(?:instead of|substitutes? for|substitute|replace|swap "
            r"(?:out )?|alternative to|in place of|don'?t have(?: any)?|"
            r"do not have(?: any)?|out of|ran out of)\s+(?:the\s+)?(.+)"
        ),
    ),
    (
        "diet",
        re.compile(
            r"\b(?:vegetarian|veggie|meat[- ]free|meatless|vegan|plant[- ]based|gluten|"
            r"celiacs?|coeliacs?|wheat[- ]free|dairy|lactose|(?:eggs?|nuts?|peanuts?|milk)[- ]free"
            r")\b|^(?:is|are|does|do|will)\s+(?:it|this|there|the recipe|this recipe)\s+"
            r"(?:contain|have|has|include|use|any)\b.*\b(?:eggs?|nuts?|peanuts?|almonds?|milk|"
            r"meat|fish|honey|wheat)\b"
        ),
    ),
    (
        "equipment",
        re.compile(
            r"\b(?:what|which|what size|what kind of|what type of)\s+(?:of\s+)?(?:size\s+)?"
            r"(?:pans?|pots?|skillets?|dish(?:es)?|equipment|tools?|utensils?|bakeware|"
            r"cookware|appliances?|gear|tins?|bowls?)\b|\b(?:do i need|need) (?:a|an|any) "
            r"(?:mixer|blender|food processor|special equipment|thermometer|slow cooker)\b"
        ),
    ),
    ("step_count", re.compile(r"\bhow many (?:steps|stages)\b|\bnumber of steps\b")),
    (
        "step_needs",
        re.compile(
            r"\b(?:what|which)\b.*\b(?:need|ingredients?|goes|go|use)\b.*"
            r"\b(?:for|in|into)\s+(?:the\s+)?(step\s+\S+|\S+ step)\b|"
            r"^what'?s? (?:is )?in (?:the\s+)?(step\s+\S+|\S+ step)\b"
        ),
    ),
    ("after", re.compile(r"\b(?:after|once|when (?:i'?m|i am) done)\s+(?:i\s+)?(.+)")),
    (
        "servings",
        re.compile(
            r"\bhow many (?:servings|people|portions|persons)\b|\bserv(?:e|es|"
            r"ings)\b|\byield\b|\bhow many\b.*\b(?:does|will) (?:it|this|the "
            r"recipe) (?:make|serve|feed|yield)\b|\bhow much does it make\b|"
            r"\bfeed\b"
        ),
    ),
    (
        "temperature",
        re.compile(
            r"\b(?:temperature|temp|degrees|how hot|preheat|oven "
            r"(?:set|at|to|be))\b|\bwhat.*\boven\b"
        ),
    ),
    (
        "time",
        re.compile(
            r"\bhow long\b|\b(?:prep|preparation|cook|cooking|bake|baking|total"
            r") time\b|\bhow much time\b|\bhow many (?:minutes|hours)\b|"
            r"\bwhen (?:is|will) (?:it|this|they) (?:be )?(?:done|ready)\b"
        ),
    ),
    (
        "ingredients",
        re.compile(
            r"^(?:what|which) (?:do i need|are the ingredients|ingredients"
            r")\b(?!.*\bstep\b)|^(?:list|read|tell me) the ingredients\b|"
            r"^ingredients$"
        ),
    ),
    (
        "next",
        re.compile(
            r"^(?:what'?s next|next(?: step)?|what now|what do i do next|"
            r"continue)$"
        ),
    ),
    ("previous", re.compile(r"^(?:go back|previous(?: step)?|back|last step again)$")),
    (
        "repeat",
        re.compile(
            r"^(?:repeat(?: that| the step)?|say (?:that|it) again|again|"
            r"what was that)$"
        ),
    ),
    (
        "goto",
        re.compile(
            r"^(?:read|go to|skip to|jump to|show)(?: me)? (?:the )?step\b|"
            r"^(?:read|go to) the (?:first|last) step$|"
            r"^what'?s? (?:is )?the (?:first|last|final|\w+th|second|third) step$"
        ),
    ),
    (
        "amount",
        re.compile(
            r"\bhow (?:much|many)\s+(.+)|\bwhat amount of\s+(.+)|"
            r"\bquantity of\s+(.+)|\bdo i need (?:any\s+)?(.+)"
        ),
    ),
)
_FILLER = re.compile(
    r"\b(?:do|does|should|will|would|can|i|we|you|it|this|the recipe|recipe|need|needs|use|"
    r"uses|call for|calls for|is there|are there|goes in|go in|put in|add|in it|in total|"
    r"altogether|for it|for this|please|exactly|about|of|the|a|an|now|then|again|"
    r"after scaling|after that)\b"
)
_RESET = re.compile(
    r"\b(?:(?:back to|use|go with|show|with) (?:the )?original|original (?:amounts?|quantities|"
    r"recipe|size|servings|measurements)|reset (?:the )?(?:recipe|scaling|scale|amounts?|"
    r"quantities)|undo (?:the )?(?:scaling|scale|doubling|halving)|unscale|un-scale|"
    r"(?:stop|cancel) (?:the )?scaling|back to (?:normal|the recipe as written)|as written)\b"
)
_ASKING = re.compile(r"\b(?:how|what|which|when|is|are|do|does|can|should)\b")


def read_question(text: str) -> Question | None:
    """The question the words ask, or None when they are not a question about a recipe."""
    clean = " ".join(fold(text).replace("’", "'").replace("?", " ").split()).strip(" .!")
    if not clean:
        return None
    scale_text = _HALF_AND_HALF.sub("halfandhalf", clean)
    factor, people, makes, rest = _scale(scale_text)
    unit_match = _IN_UNIT.search(rest)
    unit = unit_match.group(1) if unit_match else ""
    if unit_match:
        rest = (rest[: unit_match.start()] + rest[unit_match.end() :]).strip()
    rest = rest.replace("halfandhalf", "half and half")
    measured = _HOW_MANY_UNITS.search(rest)  # "how many tablespoons of butter"
    if measured and not unit:
        unit, rest = measured.group(1), rest[: measured.start(1)] + rest[measured.end(1) :]
    if _RESET.search(rest):  # "go back to the original amounts", "undo the scaling"
        return Question("scale", factor=1.0)
    scaled = factor is not None or people is not None or makes is not None
    if scaled and not _ASKING.search(rest):
        return Question("scale", factor=factor, people=people, makes=makes)
    for kind, pattern in _PATTERNS:
        match = pattern.search(rest)
        if not match:
            continue
        # kinds without a captured subject keep the question's words ("how long ... bake")
        subject = next((g for g in match.groups() if g), "") if match.groups() else rest
        if kind == "diet":
            subject = _diet(rest)
        elif kind == "substitute":
            subject = _swap(rest) or subject
        return Question(kind, _subject(kind, subject), unit, _step(rest), factor, people, makes)
    return None


def _scale(text: str) -> tuple[float | None, float | None, tuple[float, str] | None, str]:
    factor: float | None = None
    people: float | None = None
    makes: tuple[float, str] | None = None
    for pattern, value in _FACTOR_PHRASES:
        match = pattern.search(text)
        if match:
            factor = value
            text = (text[: match.start()] + text[match.end() :]).strip()
            break
    match = _PEOPLE.search(text)
    if match:
        people = parse_number(match.group(1))
        text = (text[: match.start()] + text[match.end() :]).strip()
    else:
        match = _MAKES.search(text)
        number = parse_number(match.group(1)) if match else None
        if match and number and match.group(2) not in ("minutes", "hours", "step", "steps"):
            makes = (number, match.group(2))
            text = (text[: match.start()] + text[match.end() :]).strip()
    return factor, people, makes, " ".join(text.split())


_DIETS = (
    ("vegan", r"vegan|plant[- ]based|animal products?|honey"),
    ("vegetarian", r"vegetarian|veggie|meat|meatless|fish"),
    ("gluten", r"gluten|celiacs?|coeliacs?|wheat"),
    ("dairy", r"dairy|lactose|milk"),
    ("eggs", r"eggs?"),
    ("nuts", r"nuts?|peanuts?|almonds?"),
)


def _diet(text: str) -> str:
    """ "free:gluten" for "is it gluten free", "contains:dairy" for "does it contain dairy"."""
    diet = next((d for d, words in _DIETS if re.search(rf"\b(?:{words})\b", text)), "vegan")
    free = diet in ("vegan", "vegetarian") and not re.search(r"\b(?:contain|have|has)\b", text)
    free = free or bool(re.search(r"[- ]free\b|\bmeatless\b|\bsafe\b|\bintoleran", text))
    return f"{'free' if free else 'contains'}:{diet}"


_SWAP = re.compile(
    r"\b(?:substitute|replace|swap(?: out)?|sub)\s+(?:the\s+)?(?P<a>.+?)\s+(?P<how>with|for|by)"
    r"\s+(?:the\s+)?(?P<b>.+)$"
)


def _swap(text: str) -> str:
    """ "spinach>kale" for "substitute spinach with kale" / "substitute kale for spinach":
    the recipe's ingredient, then the one the user has in mind."""
    match = _SWAP.search(text)
    if match is None:
        return ""
    a, b = _subject("substitute", match["a"]), _subject("substitute", match["b"])
    if match["how"] == "for" and match.group(0).startswith("substitute"):
        a, b = b, a  # "substitute kale for spinach": kale goes where the spinach was
    return f"{a}>{b}" if a and b else ""


def _step(text: str) -> int | None:
    match = _STEP_WORD.search(text)
    if match:
        value = parse_number(match.group(1))
        return int(value) if value is not None and value.is_integer() else None
    for word, number in _ORDINALS.items():
        if re.search(rf"\b{word} step\b", text):
            return number
    if re.search(r"\blast step\b", text):
        return -1
    return None


def _subject(kind: str, subject: str) -> str:
    subject = subject.strip(" ,.")
    if kind in ("amount", "substitute"):
        subject = re.sub(r"\b(?:do|does|should|will) (?:i|we|you|it)\b.*$", "", subject)
        subject = _FILLER.sub(" ", subject)
        subject = re.sub(r"\b(?:is|are|in|for|with)\s*$", "", " ".join(subject.split()))
    return " ".join(subject.split())
