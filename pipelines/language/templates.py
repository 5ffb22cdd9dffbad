"""The app's own sentence templates: training data for the intent model and text for the
speech recogniser's language model.

Files (``assets/templates/``):
- ``intents/*.toml``: ``[intent_name]`` tables with ``sentences = [...]`` templates
  (syntax in :mod:`pipelines.language.template_syntax`);
- ``rules.toml``: named rules (``<polite>``, ``<timer>`` ...) shared by templates;
- ``values/<list>.txt``: slot value lists, one surface form per line.

Public API::

    load_templates() -> TemplateSet
    expand(per_template=20, seed=0) -> Iterator[Example]      # (text, intent, spans)
    sample_sentences(n, seed=0) -> list[str]                  # plain lower-case sentences
    slot_values("device", settings) -> list[str]
"""

from __future__ import annotations

import random
import tomllib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..core.errors import InputError
from ..core.intent import INTENTS, SLOTS
from ..core.paths import assets_dir
from .template_syntax import Alt, RuleRef, Seq, SlotRef, Span, parse, sample

if TYPE_CHECKING:
    from ..core.settings_schema import Settings

__all__ = [
    "Example",
    "Span",
    "Template",
    "TemplateSet",
    "expand",
    "load_templates",
    "sample_sentences",
    "slot_values",
]


@dataclass(frozen=True)
class Template:
    id: str
    """``"<intent>/<index>"``: stable, used to split whole templates into train/held-out."""
    intent: str
    source: str
    tree: Seq


@dataclass(frozen=True)
class Example:
    text: str
    intent: str
    spans: tuple[Span, ...] = ()
    source: str = ""
    """Where it came from: a template id, ``slurp:<id>``, ``ha:<file>``, ``taught`` ..."""


@dataclass(frozen=True)
class TemplateSet:
    templates: tuple[Template, ...]
    rules: Mapping[str, Seq]
    values: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    def for_intent(self, intent: str) -> tuple[Template, ...]:
        return tuple(t for t in self.templates if t.intent == intent)

    def pick(self, values: str, rng: random.Random) -> str:
        options = self.values.get(values)
        if not options:
            raise InputError(f"templates: no values for {{{values}}} (add values/{values}.txt)")
        return rng.choice(options)

    def sample(self, template: Template, rng: random.Random) -> Example:
        text, spans = sample(template.tree, rng, self.pick, self.rules)
        return Example(text, template.intent, spans, template.id)


def templates_dir() -> Path:
    return assets_dir() / "templates"


def load_templates(folder: Path | None = None, settings: Settings | None = None) -> TemplateSet:
    """Read every template, rule and value list; raise InputError on unknown intents/slots."""
    folder = folder or templates_dir()
    rules: dict[str, Seq] = {}
    rules_file = folder / "rules.toml"
    if rules_file.exists():
        for name, body in _read_toml(rules_file).items():
            options = body if isinstance(body, list) else [body]
            rules[name] = parse("(" + "|".join(str(o) for o in options) + ")")
    templates: list[Template] = []
    for path in sorted((folder / "intents").glob("*.toml")):
        for intent, table in _read_toml(path).items():
            if intent not in INTENTS or not isinstance(table, dict):
                raise InputError(f"{path.name}: unknown intent {intent!r} (see core/intent.py)")
            for index, source in enumerate(table.get("sentences", [])):
                tree = parse(source)
                for slot in _slots_in(tree, rules):
                    if slot not in SLOTS:
                        raise InputError(f"{path.name}: {intent}: unknown slot {{{slot}}}")
                templates.append(Template(f"{intent}/{index}", intent, source, tree))
    values = {name: tuple(vals) for name, vals in _value_lists(folder, settings).items()}
    return TemplateSet(tuple(templates), rules, values)


def _read_toml(path: Path) -> dict[str, object]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"{path}: not valid TOML: {exc}") from exc


def _slots_in(tree: Seq, rules: Mapping[str, Seq]) -> set[str]:

    found: set[str] = set()
    stack: list[object] = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, Seq):
            stack.extend(node.items)
        elif isinstance(node, Alt):
            stack.extend(node.options)
        elif isinstance(node, SlotRef):
            found.add(node.slot)
        elif isinstance(node, RuleRef) and node.name in rules:
            stack.append(rules[node.name])
    return found


def _value_lists(
    folder: Path, settings: Settings | None, only: str | None = None
) -> dict[str, list[str]]:
    """Every value list, or only the list ``only`` (the same values, in the same order)."""
    # lazy: start-up speed (.generated_values loads only when _value_lists() runs)
    from .generated_values import generated_values

    lists: dict[str, list[str]] = {}
    pattern = "*.txt" if only is None else f"{only}.txt"
    for path in sorted((folder / "values").glob(pattern)):
        lines = path.read_text(encoding="utf-8").splitlines()
        lists[path.stem] = [v.strip().lower() for v in lines if v.strip() and v[0] != "#"]
    for name, extra in generated_values().items():
        if only is None or name == only:
            lists.setdefault(name, []).extend(extra)
    if settings is not None:
        for device in settings.mqtt.devices:
            names = [device.name, *device.aliases]
            key = "light" if device.kind == "light" else "device"
            lists.setdefault(key, []).extend(n.lower() for n in names)
            if device.room:
                lists.setdefault("room", []).append(device.room.lower())
    wanted = lists.items() if only is None else [(only, lists.get(only, []))]
    return {name: list(dict.fromkeys(vals)) for name, vals in wanted}


def slot_values(slot: str, settings: Settings | None = None) -> list[str]:
    """Surface forms for a slot value list (defaults plus devices/rooms from settings).

    Reads that one list, not the templates: the grammars ask for rooms, speakers and list
    items at run time, and parsing every template took ~0.2 s of a one-shot request."""
    return _value_lists(templates_dir(), settings, only=slot)[slot]


def expand(
    per_template: int = 20,
    seed: int = 0,
    templates: TemplateSet | None = None,
    intents: Iterable[str] | None = None,
) -> Iterator[Example]:
    """Up to ``per_template`` distinct random expansions of every template."""
    tset = templates or load_templates()
    wanted = set(intents) if intents is not None else None
    rng = random.Random(seed)
    for template in tset.templates:
        if wanted is not None and template.intent not in wanted:
            continue
        seen: set[str] = set()
        for _ in range(per_template * 4):
            example = tset.sample(template, rng)
            if example.text in seen:
                continue
            seen.add(example.text)
            yield example
            if len(seen) >= per_template:
                break


def sample_sentences(n: int, seed: int = 0, templates: TemplateSet | None = None) -> list[str]:
    """``n`` plain lower-case sentences drawn evenly over the intents (for a speech LM)."""
    tset = templates or load_templates()
    rng = random.Random(seed)
    by_intent: dict[str, list[Template]] = {}
    for template in tset.templates:
        by_intent.setdefault(template.intent, []).append(template)
    intents = sorted(by_intent)
    out: list[str] = []
    while len(out) < n and intents:
        intent = intents[len(out) % len(intents)]
        example = tset.sample(rng.choice(by_intent[intent]), rng)
        out.append(_plain(example.text))
    return out


def _plain(text: str) -> str:
    kept = "".join(c if c.isalnum() or c in " '" else " " for c in text.lower())
    return " ".join(kept.split())
