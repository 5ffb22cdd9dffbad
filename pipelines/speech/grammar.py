"""A JSGF grammar compiled from the assistant's sentence templates.

The template language (:mod:`pipelines.language.template_syntax`) maps onto JSGF directly:
``(a|b)`` -> ``( a | b )``, ``[x]`` -> ``[ x ]``, ``<rule>`` -> ``<rule>``, ``{slot}`` -> a rule
listing the slot's values. Every word is put into spoken form (digits spelled out) and checked
against the pronunciation dictionary; alternatives with unknown words are left out, as are
templates that cannot be said without one.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from .command_lm import spoken_form

_RULE_NAME = re.compile(r"[^A-Za-z0-9_]")


@dataclass(frozen=True)
class Grammar:
    jsgf: str
    templates: int
    dropped_templates: int
    oov: tuple[str, ...]


def _rule(prefix: str, name: str) -> str:
    return f"<{prefix}_{_RULE_NAME.sub('_', name)}>"


class _Compiler:
    def __init__(self, known: Callable[[str], bool], rules: Mapping[str, object]) -> None:
        self.known = known
        self.rules = rules
        self.oov: set[str] = set()
        self.used_rules: set[str] = set()
        self.used_values: set[str] = set()

    def words(self, text: str) -> str | None:
        if "'" in text and text.lstrip()[:1] == "'":
            return None  # a contraction glued onto the previous piece
        spoken = spoken_form(text)
        unknown = [w for w in spoken.split() if not self.known(w)]
        if unknown:
            self.oov.update(unknown)
            return None
        return spoken

    def node(self, node: object) -> str | None:
        """JSGF for a node; "" for something that can be empty; None if unsayable."""
        from ..language.template_syntax import Alt, RuleRef, Seq, SlotRef, Text

        if isinstance(node, Seq):
            parts = []
            for item in node.items:
                part = self.node(item)
                if part is None:
                    return None
                if part:
                    parts.append(part)
            return " ".join(parts)
        if isinstance(node, Text):
            return self.words(node.text)
        if isinstance(node, SlotRef):
            self.used_values.add(node.values)
            return _rule("v", node.values)
        if isinstance(node, RuleRef):
            if node.name not in self.rules:
                return None
            self.used_rules.add(node.name)
            return _rule("r", node.name)
        if isinstance(node, Alt):
            options = [self.node(o) for o in node.options]
            sayable = [o for o in options if o is not None]
            if not sayable:
                return None
            nonempty = sorted(set(o for o in sayable if o))
            optional = node.optional or len(nonempty) < len(sayable)
            if not nonempty:
                return ""
            body = " | ".join(nonempty)
            return f"[ {body} ]" if optional else f"( {body} )"
        return None


def build_grammar(
    known: Callable[[str], bool], settings: object = None, name: str = "homebody"
) -> Grammar:
    """The JSGF text for every template; ``known(word)`` says if a word can be pronounced."""
    from ..language.templates import load_templates

    tset = load_templates(settings=settings)  # type: ignore[arg-type]
    compiler = _Compiler(known, tset.rules)
    bodies: list[str] = []
    dropped = 0
    for template in tset.templates:
        body = compiler.node(template.tree)
        if not body:
            dropped += 1
            continue
        bodies.append(body)
    lines = ["#JSGF V1.0;", f"grammar {name};", ""]
    lines.append("public <command> = " + " | ".join(f"( {b} )" for b in sorted(set(bodies))) + ";")
    # Rules may refer to other rules and values: compile until nothing new is used.
    done_rules: set[str] = set()
    done_values: set[str] = set()
    while compiler.used_rules - done_rules or compiler.used_values - done_values:
        for rule in sorted(compiler.used_rules - done_rules):
            done_rules.add(rule)
            body = compiler.node(tset.rules[rule])
            lines.append(f"{_rule('r', rule)} = {_nonempty(body)};")
        for values in sorted(compiler.used_values - done_values):
            done_values.add(values)
            sayable = sorted({w for v in tset.values.get(values, ()) if (w := compiler.words(v))})
            lines.append(f"{_rule('v', values)} = {' | '.join(sayable) or '<VOID>'};")
    return Grammar("\n".join(lines) + "\n", len(bodies), dropped, tuple(sorted(compiler.oov)))


def _nonempty(body: str | None) -> str:
    if not body:
        return "<NULL>"
    return body
