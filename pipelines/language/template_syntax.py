"""The sentence-template mini language, parsed into a tree and sampled at random.

Syntax (a small subset of Home Assistant's hassil):
``(a|b)`` one of the alternatives, ``[x]`` optional, ``{slot}`` a value from the ``slot`` list,
``{slot:list}`` a value from ``list`` tagged as ``slot``, ``<rule>`` a named rule (expanded in
place). Whitespace is collapsed after expansion.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from ..core.errors import InputError


@dataclass(frozen=True)
class Text:
    text: str


@dataclass(frozen=True)
class SlotRef:
    slot: str
    values: str


@dataclass(frozen=True)
class RuleRef:
    name: str


@dataclass(frozen=True)
class Alt:
    options: tuple[Seq, ...]
    optional: bool = False


@dataclass(frozen=True)
class Seq:
    items: tuple[Text | SlotRef | RuleRef | Alt, ...]


Node = Text | SlotRef | RuleRef | Alt


def parse(template: str) -> Seq:
    """Parse a template string; raise InputError naming the template on bad syntax."""
    seq, pos = _parse_alt(template, 0, None)
    if pos != len(template):
        raise InputError(f"template {template!r}: unexpected {template[pos]!r} at {pos}")
    if len(seq.options) == 1:
        return seq.options[0]
    return Seq((seq,))


def _parse_alt(src: str, pos: int, closer: str | None) -> tuple[Alt, int]:
    options: list[Seq] = []
    items: list[Node] = []
    buf: list[str] = []

    def flush() -> None:
        if buf:
            items.append(Text("".join(buf)))
            buf.clear()

    while pos < len(src):
        char = src[pos]
        if char == closer:
            break
        if char == "|":
            flush()
            options.append(Seq(tuple(items)))
            items = []
            pos += 1
        elif char in "([":
            flush()
            inner, pos = _parse_alt(src, pos + 1, ")" if char == "(" else "]")
            if pos >= len(src):
                raise InputError(f"template {src!r}: {char!r} is never closed")
            items.append(Alt(inner.options, optional=char == "["))
            pos += 1
        elif char in "{<":
            flush()
            end = src.find("}" if char == "{" else ">", pos)
            if end < 0:
                raise InputError(f"template {src!r}: {char!r} is never closed")
            name = src[pos + 1 : end].strip()
            if char == "{":
                slot, _, values = name.partition(":")
                items.append(SlotRef(slot.strip(), (values or slot).strip()))
            else:
                items.append(RuleRef(name))
            pos = end + 1
        elif char in ")]}>":
            raise InputError(f"template {src!r}: unbalanced {char!r} at {pos}")
        else:
            buf.append(char)
            pos += 1
    flush()
    options.append(Seq(tuple(items)))
    return Alt(tuple(options)), pos


@dataclass(frozen=True)
class Span:
    slot: str
    start: int
    end: int
    text: str


ValuePicker = Callable[[str, random.Random], str]


def sample(
    seq: Seq, rng: random.Random, pick: ValuePicker, rules: Mapping[str, Seq]
) -> tuple[str, tuple[Span, ...]]:
    """One random sentence from ``seq`` with the character spans of its slot values."""
    parts: list[str] = []
    spans: list[Span] = []
    length = 0

    def emit(text: str, slot: str | None) -> None:
        nonlocal length
        if slot is None:
            parts.append(text)
            length += len(text)
            return
        # slot values are surrounded by spaces so that spans never glue onto words
        parts.append(" ")
        start = length + 1
        parts.append(text)
        parts.append(" ")
        spans.append(Span(slot, start, start + len(text), text))
        length += len(text) + 2

    def walk(node: Seq | Node, depth: int) -> None:
        if depth > 20:
            raise InputError("templates: rules nest too deeply (a rule refers to itself?)")
        if isinstance(node, Seq):
            for item in node.items:
                walk(item, depth + 1)
        elif isinstance(node, Text):
            emit(node.text, None)
        elif isinstance(node, SlotRef):
            emit(pick(node.values, rng), node.slot)
        elif isinstance(node, RuleRef):
            if node.name not in rules:
                raise InputError(f"templates: unknown rule <{node.name}>")
            walk(rules[node.name], depth + 1)
        else:
            if node.optional and rng.random() < 0.5:
                return
            walk(rng.choice(node.options), depth + 1)

    walk(seq, 0)
    return _collapse("".join(parts), spans)


def _collapse(text: str, spans: list[Span]) -> tuple[str, tuple[Span, ...]]:
    """Collapse runs of whitespace and strip, moving the spans along."""
    out: list[str] = []
    mapping: list[int] = []  # old index -> new index
    prev_space = True
    for index, char in enumerate(text):
        if char.isspace():
            following = text[index + 1 : index + 3]
            if following[:1] == "'" and following[1:].isalpha():
                mapping.append(len(out))  # "what 're" -> "what're"
            elif not prev_space:
                out.append(" ")
                mapping.append(len(out) - 1)
            else:
                mapping.append(len(out))
            prev_space = True
        else:
            if char == "'" and text[index + 1 : index + 2].isalpha() and out and out[-1] == " ":
                out.pop()
            mapping.append(len(out))
            out.append(char)
            prev_space = False
    mapping.append(len(out))
    result = "".join(out).rstrip()
    moved = []
    for span in spans:
        start = mapping[span.start]
        end = start + len(span.text)
        if result[start:end] != span.text:
            raise InputError(f"templates: span {span.text!r} lost while collapsing {text!r}")
        moved.append(Span(span.slot, start, end, span.text))
    return result, tuple(moved)
