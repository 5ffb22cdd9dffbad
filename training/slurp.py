"""SLURP (CC BY 4.0) devel utterances mapped onto Homebody's intents and slots.

Each SLURP intent maps to one of ours (or is left out when it does not fit either way);
SLURP entity types map to our slot names. ``slots_labelled`` is False where SLURP does not
annotate what our slots mean (e.g. list items), so the slot loss and slot F1 skip those.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator
from pathlib import Path

from .examples import Example

SIMPLE = {
    "alarm_query": "alarm_query", "alarm_remove": "alarm_cancel", "alarm_set": "alarm_set",
    "audio_volume_down": "volume_down", "audio_volume_up": "volume_up",
    "audio_volume_mute": "volume_mute",
    "iot_hue_lightchange": "light_set", "iot_hue_lightdim": "light_set",
    "iot_hue_lightup": "light_set", "iot_hue_lightoff": "light_off", "hue_lightoff": "light_off",
    "iot_hue_lighton": "light_on", "iot_wemo_on": "device_on", "iot_wemo_off": "device_off",
    "lists_createoradd": "list_add", "lists_remove": "list_remove", "lists_query": "list_query",
    "cooking_recipe": "recipe_find", "general_greet": "greeting", "greet": "greeting",
    "email_addcontact": "unsupported_online", "email_query": "unsupported_online",
    "email_querycontact": "unsupported_online", "email_sendemail": "unsupported_online",
    "news_query": "unsupported_online", "qa_currency": "unsupported_online",
    "qa_definition": "unsupported_online", "qa_factoid": "unsupported_online",
    "factoid": "unsupported_online", "qa_stock": "unsupported_online",
    "recommendation_events": "unsupported_online",
    "recommendation_locations": "unsupported_online",
    "recommendation_movies": "unsupported_online", "social_post": "unsupported_online",
    "social_query": "unsupported_online", "post": "unsupported_online",
    "takeaway_order": "unsupported_online", "takeaway_query": "unsupported_online",
    "transport_query": "unsupported_online", "transport_taxi": "unsupported_online",
    "transport_ticket": "unsupported_online", "transport_traffic": "unsupported_online",
    "weather_query": "unsupported_online", "music_query": "unsupported_online",
    "play_radio": "unsupported_online", "play_podcasts": "unsupported_online",
    "play_audiobook": "unsupported_online", "podcasts": "unsupported_online",
    "calendar_query": "out_of_scope", "calendar_remove": "out_of_scope",
    "calendar_set": "out_of_scope", "general_joke": "out_of_scope",
    "general_quirky": "out_of_scope", "quirky": "out_of_scope", "play_game": "out_of_scope",
    "qa_maths": "out_of_scope", "iot_cleaning": "out_of_scope", "cleaning": "out_of_scope",
    "music_likeness": "out_of_scope", "music_dislikeness": "out_of_scope",
    "likeness": "out_of_scope",
}  # fmt: skip
"""SLURP intents left out (ambiguous for us): iot_coffee, music_settings, datetime_convert,
cooking_query, and the tiny inconsistent ``music``/``query``/``set`` classes."""

SLOT_MAP = {
    "time": "time", "date": "date", "house_place": "room", "color_type": "color",
    "change_amount": "level", "device_type": "device", "list_name": "list",
    "food_type": "recipe", "ingredient": "ingredient",
}  # fmt: skip
SLOTS_COMPLETE = {
    "alarm_set", "alarm_query", "alarm_cancel", "volume_up", "volume_down", "volume_mute",
    "light_set", "light_on", "light_off", "device_on", "device_off", "time_query",
    "date_query", "recipe_find",
}  # fmt: skip
NAMED_MUSIC = {"artist_name", "song_name", "playlist_name", "music_genre", "radio_name",
               "podcast_name", "audiobook_name", "album"}  # fmt: skip


ROUND2 = {"calendar_set": "reminder_set", "calendar_query": "reminder_query",
          "calendar_remove": "reminder_cancel"}  # fmt: skip
"""Calendar items that ask about a *reminder* are reminders since round 2 (issue 20)."""


_SUM_WORDS = re.compile(r"\b(?:plus|minus|times|divided|multipl\w*|square root|percent|squared)\b")


def _round2(row: dict[str, object]) -> str | None:
    """The round-2 map: reminders, jokes and world-clock questions have skills now."""
    name = str(row["intent"])
    text = str(row["sentence"])
    entities = {str(e["type"]) for e in row.get("entities", [])}  # type: ignore[attr-defined]
    if name in ROUND2 and re.search(r"\bremind", text):
        return ROUND2[name]
    if name == "general_joke":
        return "smalltalk"
    if name == "qa_maths" and _SUM_WORDS.search(text):  # sums have a skill since round 3
        return "calculate"
    if name == "datetime_query" and entities & {"place_name", "time_zone"}:
        return "time_query" if re.search(r"\b(time|clock)\b", text) else None
    return _intent(row)


def _intent(row: dict[str, object]) -> str | None:
    name = str(row["intent"])
    entities = {str(e["type"]) for e in row.get("entities", [])}  # type: ignore[attr-defined]
    if name in ("play_music",):
        return "unsupported_online" if entities & NAMED_MUSIC else "media_play"
    if name == "datetime_query":
        if entities & {"place_name", "time_zone"}:
            return None
        text = str(row["sentence"])
        if re.search(r"\b(time|hour|clock|late)\b", text):
            return "time_query"
        if re.search(r"\b(date|day|month|year|today|week)\b", text):
            return "date_query"
        return None
    return SIMPLE.get(name)


_ANNOTATION = re.compile(r"\[\s*([a-z_]+)\s*:\s*([^\]]*?)\s*\]")


def _spans(annotation: str) -> tuple[str, list[tuple[str, int, int]]]:
    text_parts: list[str] = []
    spans: list[tuple[str, int, int]] = []
    pos = 0
    length = 0
    for match in _ANNOTATION.finditer(annotation):
        before = annotation[pos : match.start()]
        text_parts.append(before)
        length += len(before)
        value = match.group(2)
        slot = SLOT_MAP.get(match.group(1))
        if slot:
            spans.append((slot, length, length + len(value)))
        text_parts.append(value)
        length += len(value)
        pos = match.end()
    text_parts.append(annotation[pos:])
    return "".join(text_parts), spans


def split_of(slurp_id: int) -> str:
    """Deterministic item split: 60% train, 10% validation, 30% held-out test."""
    bucket = int(hashlib.sha256(f"slurp:{slurp_id}".encode()).hexdigest(), 16) % 10
    return "train" if bucket < 6 else "val" if bucket == 6 else "test"


def devel_sentences(path: Path) -> frozenset[str]:
    """SLURP devel sentences, lower-cased and space-normalised: evaluation only (issue 20), so
    lm.txt lines equal to one of them (a few) never become training text either."""
    if not path.is_file():
        return frozenset()
    with path.open(encoding="utf-8") as handle:
        return frozenset(
            " ".join(str(json.loads(line)["sentence"]).lower().split()) for line in handle
        )


def load_slurp(path: Path, mapping: str = "round1") -> Iterator[tuple[str, Example]]:
    """(split, example) for every SLURP item we can map (``mapping="round2"``: see _round2)."""
    pick = _round2 if mapping == "round2" else _intent
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            intent = pick(row)
            if intent is None:
                continue
            text, spans = _spans(str(row["sentence_annotation"]))
            text = " ".join(text.split())
            if text != " ".join(text.split()) or not text:
                continue
            labelled = intent in SLOTS_COMPLETE
            yield (
                split_of(int(row["slurp_id"])),
                Example(
                    text,
                    intent,
                    tuple(spans) if labelled else (),
                    f"slurp:{row['slurp_id']}",
                    slots_labelled=labelled,
                ),
            )


ONLINE_WORDS = re.compile(
    r"\b(weather|forecast|rain|raining|snow|sunny|umbrella|temperature outside|news|headlines|"
    r"email|emails|inbox|tweet|twitter|facebook|instagram|stock|stocks|shares|uber|taxi|cab|"
    r"train|trains|bus|flight|flights|traffic|takeaway|take away|order food|deliver|delivery|"
    r"who is|who was|what is the capital|how old is|how tall is|wikipedia|exchange rate|"
    r"dollar|dollars|euro|euros|recommend|restaurant|restaurants)\b"
)
CAPABLE_WORDS = re.compile(
    r"\b(timer|alarm|light|lights|lamp|volume|louder|quieter|mute|list|recipe|time is it|"
    r"date|remind|play|pause|skip|next|song|music|wake me|convert|how many|where is|where are)\b"
)


def lm_negatives(
    path: Path, limit: int = 2500, exclude: frozenset[str] = frozenset()
) -> Iterator[tuple[str, Example]]:
    """SLURP lm.txt sentences that clearly need the internet -> ``unsupported_online``.

    Weak labels from keywords; sentences that also mention something we do handle are
    skipped, and so are those in ``exclude`` (SLURP devel's). Split by a hash of the sentence
    (80/0/20) so the test part is never trained on.
    """
    count = 0
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            text = " ".join(line.strip().lower().split())
            if not text or not ONLINE_WORDS.search(text) or CAPABLE_WORDS.search(text):
                continue
            if text in exclude:
                continue
            bucket = int(hashlib.sha256(f"lm:{text}".encode()).hexdigest(), 16) % 10
            split = "test" if bucket >= 8 else "train"
            yield split, Example(text, "unsupported_online", (), "slurp-lm", slots_labelled=False)
            count += 1
            if count >= limit:
                return
