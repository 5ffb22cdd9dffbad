"""The app's sentence templates: every intent and slot covered, spans exact, API stable."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipelines.core.errors import InputError
from pipelines.core.intent import INTENTS, SLOTS
from pipelines.language.template_syntax import parse, sample
from pipelines.language.templates import expand, load_templates, sample_sentences, slot_values


def test_every_intent_and_slot_has_templates() -> None:
    examples = list(expand(per_template=5, seed=0))
    assert {e.intent for e in examples} == set(INTENTS)
    slots = {s.slot for e in examples for s in e.spans}
    assert slots == set(SLOTS)


def test_spans_point_at_their_text() -> None:
    for example in expand(per_template=8, seed=3):
        for span in example.spans:
            assert example.text[span.start : span.end] == span.text
            assert span.text == span.text.strip() and span.text


def test_sentences_are_plain_lower_case_and_deterministic() -> None:
    first = sample_sentences(200, seed=7)
    assert first == sample_sentences(200, seed=7)
    assert len(first) == 200
    for sentence in first:
        assert sentence == sentence.lower()
        assert "  " not in sentence and sentence == sentence.strip()
        assert not any(c in sentence for c in ",.?!<>{}[]()|")


def test_slot_values_include_devices_from_settings() -> None:
    from pipelines.core.settings_schema import DeviceSettings, MqttSettings, Settings

    settings = Settings(
        mqtt=MqttSettings(devices=(DeviceSettings("Aquarium Pump", kind="switch", room="Den"),))
    )
    assert "aquarium pump" in slot_values("device", settings)
    assert "den" in slot_values("room", settings)
    assert "kitchen" in slot_values("room")


def test_slot_values_read_alone_are_the_full_loads_lists() -> None:
    """slot_values reads one value list without parsing the templates: the same values, in
    the same order, as every list of a full load (with settings' devices too)."""
    from pipelines.core.settings_schema import DeviceSettings, MqttSettings, Settings

    devices = (
        DeviceSettings("Aquarium Pump", kind="switch", room="Den", aliases=("pump",)),
        DeviceSettings("Desk Lamp", kind="light", room="Kitchen"),
    )
    for settings in (None, Settings(mqtt=MqttSettings(devices=devices))):
        full = load_templates(settings=settings).values
        assert {"room", "speaker", "item", "duration", "light", "device"} <= set(full)
        for name, values in full.items():
            assert slot_values(name, settings) == list(values), name
    assert slot_values("no_such_list") == []


def test_syntax_alternatives_optionals_and_errors() -> None:
    import random

    tree = parse("(turn|switch) on [the] {device}")
    seen = set()
    rng = random.Random(0)
    for _ in range(50):
        text, spans = sample(tree, rng, lambda _v, _r: "fan", {})
        seen.add(text)
        assert spans[0].text == "fan"
    assert seen == {"turn on the fan", "turn on fan", "switch on the fan", "switch on fan"}
    with pytest.raises(InputError):
        parse("(unclosed")
    with pytest.raises(InputError):
        parse("stray ) bracket")


def test_unknown_intent_is_rejected(tmp_path: Path) -> None:
    (tmp_path / "intents").mkdir()
    (tmp_path / "intents" / "x.toml").write_text('[make_coffee]\nsentences = ["coffee"]\n')
    with pytest.raises(InputError, match="make_coffee"):
        load_templates(tmp_path)
