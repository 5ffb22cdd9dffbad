"""Turning BIO tags and token offsets into slots (no model needed)."""

from __future__ import annotations

from pipelines.language.decode import assemble, tag_spans
from pipelines.language.recognizer import prepare_text


def _offsets(text: str) -> list[tuple[int, int]]:
    spans, pos = [(0, 0)], 0
    for word in text.split():
        start = text.index(word, pos)
        spans.append((start, start + len(word)))
        pos = start + len(word)
    return [*spans, (0, 0)]


def test_bio_tags_become_raw_spans_and_normalised_values() -> None:
    text = "set a pasta timer for twenty five minutes"
    tags = ["O", "O", "O", "B-name", "O", "O", "B-duration", "I-duration", "I-duration", "O"]
    spans = tag_spans(text, tags, _offsets(text))
    assert spans == [("name", "pasta"), ("duration", "twenty five minutes")]
    slots, raw = assemble(text, spans)
    assert slots == {"name": "pasta", "duration": 1500}
    assert raw == {"name": "pasta", "duration": "twenty five minutes"}


def test_word_pieces_widen_to_whole_words() -> None:
    text = "where are my headphones"
    offsets = [(0, 0), (0, 5), (6, 9), (10, 12), (13, 17), (17, 23), (0, 0)]
    tags = ["O", "O", "O", "O", "B-object", "I-object", "O"]
    assert tag_spans(text, tags, offsets) == [("object", "headphones")]
    # a stray I- (no B-) still starts a span; a span is also widened over a missed piece
    tags = ["O", "O", "O", "O", "O", "I-object", "O"]
    assert tag_spans(text, tags, offsets) == [("object", "headphones")]


def test_separate_item_spans_merge_into_one_list() -> None:
    text = "add eggs and milk and bread to my list"
    slots, raw = assemble(text, [("item", "eggs and milk"), ("item", "bread")])
    assert slots["item"] == ["eggs", "milk", "bread"]
    assert "eggs and milk" in raw["item"]


def test_two_units_become_from_and_to() -> None:
    slots, _ = assemble(
        "convert 200 grams of flour to cups",
        [("quantity", "200"), ("unit", "grams"), ("ingredient", "flour"), ("unit", "cups")],
    )
    assert slots == {"quantity": 200, "ingredient": "flour", "unit": ["grams", "cups"]}
    slots, _ = assemble("how many grams in a cup", [("unit", "grams"), ("unit", "cup")])
    assert slots["unit"] == ["cup", "grams"]


def test_first_span_wins_for_single_valued_slots() -> None:
    slots, _ = assemble("kitchen and bedroom", [("room", "kitchen"), ("room", "bedroom")])
    assert slots == {"room": "kitchen"}


def test_prepare_text_keeps_words_and_drops_symbols() -> None:
    assert prepare_text("  Set a timer!!  (5 minutes) ") == "Set a timer 5 minutes"
    assert prepare_text("it's 50% at 7:30") == "it's 50% at 7:30"


def test_touching_b_tags_of_one_slot_form_one_span() -> None:
    text = "turn on the heater in the master bedroom"
    offsets = _offsets(text)
    tags = ["O"] * len(offsets)
    tags[7], tags[8] = "B-room", "B-room"
    assert tag_spans(text, tags, offsets) == [("room", "master bedroom")]
    # word pieces each tagged B- still give one word
    pieces = [(0, 0), (0, 3), (3, 6), (6, 8), (0, 0)]
    assert tag_spans("parmesan", ["O", "B-x", "B-x", "B-x", "O"], pieces) == [("x", "parmesan")]
    # a gap of an untagged word separates spans
    tags = ["O"] * len(offsets)
    tags[4], tags[8] = "B-device", "B-device"
    assert tag_spans(text, tags, offsets) == [("device", "heater"), ("device", "bedroom")]
