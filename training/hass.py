"""Home Assistant Assist sentence templates (CC BY 4.0) as labelled examples.

The hassil syntax is close to ours; differences handled here: ``{list:slot}`` (ours is
``{slot:list}``), permutations ``(a;b)``, and HA's wildcard lists (entity and area names),
which take values from our own lists (devices, rooms, timer names, items).
"""

from __future__ import annotations

import hashlib
import random
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pipelines.core.errors import InputError
from pipelines.language.template_syntax import Seq, parse, sample
from pipelines.language.templates import TemplateSet

from .examples import Example

FILES = {
    "light_HassTurnOn": "light_on", "light_HassTurnOff": "light_off",
    "light_HassLightSet": "light_set", "fan_HassTurnOn": "device_on",
    "fan_HassTurnOff": "device_off", "homeassistant_HassTurnOn": "device_on",
    "homeassistant_HassTurnOff": "device_off", "homeassistant_HassStartTimer": "timer_start",
    "homeassistant_HassCancelTimer": "timer_cancel",
    "homeassistant_HassCancelAllTimers": "timer_cancel",
    "homeassistant_HassPauseTimer": "timer_pause", "homeassistant_HassUnpauseTimer": "timer_resume",
    "homeassistant_HassTimerStatus": "timer_status",
    "homeassistant_HassGetCurrentDate": "date_query",
    "homeassistant_HassGetCurrentTime": "time_query", "homeassistant_HassNevermind": "stop",
    "media_player_HassMediaNext": "media_next", "media_player_HassMediaPrevious": "media_previous",
    "media_player_HassMediaPause": "media_pause", "media_player_HassMediaUnpause": "media_play",
    "media_player_HassSetVolume": "volume_set",
    "shopping_list_HassShoppingListAddItem": "list_add", "todo_HassListAddItem": "list_add",
    "shopping_list_HassShoppingListCompleteItem": "list_remove",
    "todo_HassListCompleteItem": "list_remove", "weather_HassGetWeather": "unsupported_online",
    "cover_HassTurnOn": "out_of_scope", "cover_HassTurnOff": "out_of_scope",
    "lock_HassTurnOn": "out_of_scope", "lock_HassTurnOff": "out_of_scope",
    "vacuum_HassVacuumStart": "out_of_scope", "climate_HassClimateSetTemperature": "out_of_scope",
    "climate_HassClimateGetTemperature": "out_of_scope",
}  # fmt: skip
LISTS = {  # HA list name -> (our slot, our value list)
    "name": ("device", "device"), "area": ("room", "room"), "floor": ("room", "room"),
    "color": ("color", "color"), "brightness": ("level", "level"),
    "brightness_level": ("level", "level"), "volume": ("level", "level"),
    "timer_name": ("name", "name"), "shopping_list_item": ("item", "item"),
    "todo_list_item": ("item", "item"), "todo_list_name": ("list", "list"),
}  # fmt: skip
RULE_OVERRIDES = {"timer_duration": "{duration}", "brightness": "{level}", "volume": "{level}"}
_SLOT = re.compile(r"\{([^}:]+)(?::([^}]+))?\}")


def _permutations(text: str) -> str:
    """Rewrite every ``(a;b)`` group as ``((a) (b)|(b) (a))`` (two-part groups; more: in order)."""
    while ";" in text:
        depth_open: list[int] = []
        for index, char in enumerate(text):
            if char in "([":
                depth_open.append(index)
            elif char in ")]":
                start = depth_open.pop()
                inner = text[start + 1 : index]
                if ";" in inner and not re.search(r"[(\[]", inner.replace("(", "", 0)):
                    parts = _split_top(inner, ";")
                    if len(parts) == 2:
                        a, b = parts
                        new = f"(({a}) ({b})|({b}) ({a}))"
                    else:
                        new = "(" + " ".join(f"({p})" for p in parts) + ")"
                    text = text[:start] + new + text[index + 1 :]
                    break
                if ";" in inner and len(_split_top(inner, ";")) > 1:
                    parts = _split_top(inner, ";")
                    new = (
                        f"(({parts[0]}) ({parts[1]})|({parts[1]}) ({parts[0]}))"
                        if len(parts) == 2
                        else "(" + " ".join(f"({p})" for p in parts) + ")"
                    )
                    text = text[:start] + new + text[index + 1 :]
                    break
        else:
            return text.replace(";", " ")
    return text


def _split_top(text: str, sep: str) -> list[str]:
    parts, depth, current = [], 0, []
    for char in text:
        if char in "([{<":
            depth += 1
        elif char in ")]}>":
            depth -= 1
        if char == sep and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return parts


def _convert(sentence: str, light: bool, lists_are_named: bool = False) -> str | None:
    """hassil -> our syntax; None when a list we cannot fill is used."""

    def swap(match: re.Match[str]) -> str:
        list_name = match.group(1)
        if list_name not in LISTS:
            raise KeyError(list_name)
        slot, values = LISTS[list_name]
        if list_name == "name" and lists_are_named:
            slot, values = "list", "list"
        elif slot == "device" and light:
            values = "light"
        return "{" + slot + ":" + values + "}"

    try:
        return _permutations(_SLOT.sub(swap, sentence))
    except KeyError:
        return None


def load_hass(
    folder: Path,
    tset: TemplateSet,
    seed: int = 0,
    per_template: int = 6,
    test_fraction: float = 0.3,
) -> Iterator[tuple[str, Example]]:
    """(split, example): whole HA sentence templates go to train or test by a hash."""
    import yaml

    sentences_dir = folder / "sentences" / "en"
    common = yaml.safe_load((sentences_dir / "_common.yaml").read_text(encoding="utf-8"))
    base_rules: dict[str, str] = {**common.get("expansion_rules", {}), **RULE_OVERRIDES}
    rng = random.Random(seed)
    for stem, intent in FILES.items():
        path = sentences_dir / f"{stem}.yaml"
        if not path.exists():
            continue
        doc: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
        for ha_intent, body in doc.get("intents", {}).items():
            for block in body.get("data", []):
                domain = str((block.get("requires_context") or {}).get("domain", ""))
                light = stem.startswith("light_") or domain == "light"
                ours = intent
                if stem.startswith("homeassistant_HassTurn"):
                    ours = ("light_on" if "On" in ha_intent else "light_off") if light else intent
                rules_src = {**base_rules, **(block.get("expansion_rules") or {}), **RULE_OVERRIDES}
                yield from _expand_block(
                    block, ours, light, rules_src, tset, rng, per_template, test_fraction, stem
                )


def _expand_block(
    block: dict[str, Any],
    intent: str,
    light: bool,
    rules_src: dict[str, str],
    tset: TemplateSet,
    rng: random.Random,
    per_template: int,
    test_fraction: float,
    stem: str,
) -> Iterator[tuple[str, Example]]:
    rules: dict[str, Seq] = {}
    named_lists = stem.startswith(("shopping_list_", "todo_"))
    for name, body in rules_src.items():
        converted = _convert(str(body), light, named_lists)
        if converted is None:
            continue
        try:
            rules[name] = parse("(" + converted + ")")
        except InputError:
            continue
    for sentence in block.get("sentences", []):
        converted = _convert(str(sentence), light, named_lists)
        if converted is None:
            continue
        try:
            tree = parse(converted)
        except InputError:
            continue
        key = f"ha:{stem}:{sentence}"
        bucket = int(hashlib.sha256(key.encode()).hexdigest(), 16) % 1000 / 1000
        split = "test" if bucket < test_fraction else "train"
        seen: set[str] = set()
        for _ in range(per_template * 3):
            try:
                text, spans = sample(tree, rng, tset.pick, rules)
            except InputError:
                break
            text = text.lower()
            if text in seen or not text:
                continue
            seen.add(text)
            found = [(span.slot, span.start, span.end) for span in spans]
            yield split, Example(text, intent, tuple(found), key)
            if len(seen) >= per_template:
                break
