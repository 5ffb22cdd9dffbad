"""Finding a recipe in the user's library by what they called it.

"Let's make smash burgers" opens the one recipe it names. A name several titles share
("soup", "broccoli soup") asks which one, listing them, rather than opening whichever the
search ranks first; a title said in full opens that recipe. No name ("what can I make with
eggs", "show me my recipes") lists titles.
"""

from __future__ import annotations

import re

from .answer import Answer
from .library import RecipeLibrary

_MAX_LISTED = 10
_MAX_CHOICES = 4
_WORD = re.compile(r"[a-z0-9]+")


def find_by_name(library: RecipeLibrary, name: str) -> Answer | int:
    """The id of the one recipe ``name`` means, or an answer: not found, or which one."""
    titled = library.search(name, _MAX_CHOICES, column="title")
    if len(titled) > 1:
        titles = [s.title for s in library.summaries(titled)]
        said = _words(name)
        exact = [i for i, t in zip(titled, titles, strict=True) if _words(t) == said]
        if exact:
            return exact[0]
        return Answer(
            "which_recipe",
            {"name": name, "count": len(titles), "titles": "; ".join(titles), "first": titles[0]},
            "recipes_listed",
            data={"titles": titles},
        )
    if titled:
        return titled[0]
    using = library.search(name, _MAX_CHOICES, column="ingredients")
    if using:  # "let's make pasta": no pasta recipe, but some use pasta (never open one)
        titles = [s.title for s in library.summaries(using)]
        values = {"name": name, "titles": "; ".join(titles), "first": titles[0]}
        return Answer("not_found_but_using", values, "none", False, data={"titles": titles})
    return Answer("not_found", {"name": name}, "none", False)


def browse(library: RecipeLibrary, ingredient: str) -> Answer:
    """ "What can I make with eggs?" / "show me my recipes": list matching titles."""
    ids = library.search(ingredient, _MAX_LISTED, column="ingredients") if ingredient else None
    every = [s.title for s in library.summaries(ids)]
    titles = every[:_MAX_LISTED]
    if not titles:
        key = "none_with" if ingredient else "library_empty"
        return Answer(key, {"ingredient": ingredient}, "none", False)
    more = len(every) - len(titles)  # "show me my recipes" on a big library: say how many
    return Answer(
        "recipes_with" if ingredient else "recipes_all_one" if len(every) == 1 else "recipes_all",
        {
            "ingredient": ingredient,
            "count": len(titles),
            "titles": "; ".join(titles),
            "total": len(every),
            "more": f", and {more} more" if more else "",
        },
        "recipes_listed",
        data={"titles": titles},
    )


def _words(text: str) -> list[str]:
    return _WORD.findall(text.lower())
