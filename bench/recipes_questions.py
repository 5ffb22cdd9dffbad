"""The cooking questions of bench.recipes: read tests/data/recipes/questions.txt, grade answers.

Format (see the file's header): ``# page: shared/<site>`` or ``# page: pages/<file>`` opens a
recipe; ``question => a; b|c !! d`` is right when the answer contains ``a``, ``b`` or ``c``,
and not ``d`` (case-insensitive, spacing and degree signs folded).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

QUESTIONS = Path(__file__).resolve().parent.parent / "tests" / "data" / "recipes" / "questions.txt"
TRYOUT_QUESTIONS = QUESTIONS.with_name("questions_tryout.txt")
"""A separate, later set from the new-user tryout, written with its fixes (a regression set)."""


@dataclass(frozen=True)
class CookingQuestion:
    page: str
    text: str
    expect: tuple[tuple[str, ...], ...]
    """All groups must match; within a group any alternative."""
    forbid: tuple[str, ...]


def load_questions(path: Path = QUESTIONS) -> list[CookingQuestion]:
    out: list[CookingQuestion] = []
    page = ""
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line.startswith("# page:"):
            page = line.split(":", 1)[1].strip()
            continue
        if not line or line.startswith("#"):
            continue
        question, _, wanted = line.partition("=>")
        wanted, _, forbidden = wanted.partition("!!")
        groups = tuple(
            tuple(alt.strip() for alt in group.split("|") if alt.strip())
            for group in wanted.split(";")
            if group.strip()
        )
        forbid = tuple(f.strip() for f in forbidden.split(";") if f.strip())
        out.append(CookingQuestion(page, question.strip(), groups, forbid))
    return out


def _norm(text: str) -> str:
    text = text.lower().replace("º", "°").replace("’", "'")
    text = re.sub(r"\s*°\s*", "°", text)
    return " ".join(text.split())


def is_right(question: CookingQuestion, answer: str) -> bool:
    said = _norm(answer)
    if any(_norm(f) in said for f in question.forbid):
        return False
    return all(any(_norm(alt) in said for alt in group) for group in question.expect)


def resolve_page(page: str, shared_recipes: Path, own_pages: Path) -> Path:
    """``shared/<site>`` -> the saved page in that folder; ``pages/<file>`` -> our page."""
    kind, _, name = page.partition("/")
    if kind == "shared":
        return sorted((shared_recipes / "html" / name).glob("*.testhtml"))[0]
    return own_pages / name
