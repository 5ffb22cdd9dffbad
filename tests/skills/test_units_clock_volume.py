"""Unit conversions (pint), time and date, the app's own volume, and media commands."""

from __future__ import annotations

from typing import Any

import pytest

from pipelines.core.events import EventType
from pipelines.core.settings import load_settings
from pipelines.language.unit_parsing import parse_conversion
from pipelines.skills.units import ConversionError, convert

from .conftest import Talk


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("convert two cups to ml", 473.18),
        ("how many ml is 3 tablespoons", 44.36),
        ("how many teaspoons in a tablespoon", 3.0),
        ("what is 350 degrees fahrenheit in celsius", 176.67),
        ("180 c to f", 356.0),
        ("how many grams in a pound", 453.59),
        ("8 oz to grams", 226.8),
        ("8 oz to ml", 236.59),  # ounces of a liquid: fluid ounces
        ("2.5 kg to lb", 5.51),
        ("half a cup in tablespoons", 8.0),
        ("how many grams are in a cup of flour", 125.39),
        ("1/2 cup of butter in grams", 113.56),
        ("how much flour is 2 cups in grams", 250.78),
        ("how many grams of sugar are in 2 cups", 402.2),
        ("what is 100 degrees in celsius", 37.78),
        ("how many cups make 500 ml", 2.11),
        ("2 inches to cm", 5.08),
    ],
)
def test_conversions(text: str, expected: float) -> None:
    request = parse_conversion(text)
    assert request is not None
    assert convert(request) == pytest.approx(expected, rel=2e-3)


def test_weight_and_volume_need_an_ingredient() -> None:
    request = parse_conversion("how many grams in a cup")
    assert request is not None
    with pytest.raises(ConversionError) as err:
        convert(request)
    assert err.value.key == "units.need_ingredient"


def test_unit_convert_answers(talk: Talk) -> None:
    r = talk("unit_convert", "convert 2 cups to millilitres", quantity=2, unit="cups")
    assert r.text == "2 cups is about 473 millilitres."
    r = talk("unit_convert", "what's 200 celsius in fahrenheit")
    assert "392 degrees Fahrenheit" in r.text and r.card["to"] == "degF"
    r = talk("unit_convert", "how many grams in a cup")
    assert r.success is False and "ingredient" in r.text
    r = talk("unit_convert", "convert it please")
    assert r.success is False and "convert" in r.text.lower()


@pytest.mark.parametrize(
    ("text", "reply"),
    [
        ("convert 100 km/h to mph", "100 kilometres per hour is about 62.1 miles per hour."),
        ("30 miles an hour in km/h", "30 miles per hour is about 48.3 kilometres per hour."),
        ("convert 10 m/s to km/h", "10 metres per second is about 36 kilometres per hour."),
    ],
)
def test_speeds_convert_any_way_they_are_written(talk: Talk, text: str, reply: str) -> None:
    from pipelines.language.rules import match

    intent = match(text)  # the grammar reads both units, "km/h" and "miles an hour" included
    assert intent is not None and intent.name == "unit_convert"
    response = talk("unit_convert", text, **intent.slots)
    assert response.text == reply


def test_time_and_dates(talk: Talk) -> None:
    assert talk("time_query", "what time is it").text.startswith("It's 10:00")
    assert talk("date_query").text == "Today is Wednesday, 18 November."
    both = talk("time_query", "what's the date and time").text
    assert both == "It's 10:00 on Wednesday, 18 November."
    assert talk("date_query", date="tomorrow").text == "Tomorrow is Thursday, 19 November."
    assert (
        talk("date_query", date="monday").text == "That's Monday, 23 November, 5 days from today."
    )
    christmas = talk("date_query", date="2026-12-25").text
    assert "Friday, 25 December" in christmas and "37 days" in christmas
    assert "2027" in talk("date_query", date="2027-03-03").text  # another year: said


def test_volume_is_saved_and_announced(talk: Talk) -> None:
    app: Any = talk.app
    start = app.settings.audio.volume
    r = talk("volume_up", "louder")
    assert r.card["level"] == start + 10
    assert load_settings(app.paths.config_file).audio.volume == start + 10
    talk("volume_set", "volume to 35 percent", level=35)
    assert load_settings(app.paths.config_file).audio.volume == 35
    notices = [e.data for e in talk.events if e.type == EventType.NOTICE]
    assert notices[-1] == {"kind": "volume_changed", "volume": 35}
    assert talk("volume_mute", "be quiet").action == "volume_muted"
    assert app.settings.audio.volume == 0
    assert "already muted" in talk("volume_down").text
    assert any(e.kind == "settings_changed" for e in app.ledger.entries(limit=50))


def test_asking_the_volume_tells_it_and_unmute_undoes_a_mute(talk: Talk) -> None:
    app: Any = talk.app
    talk("volume_set", "volume to 35 percent", level=35)
    for asked, heard in (("what's the volume", "volume_up"), ("how loud are you", "volume_set")):
        r = talk(heard, asked)  # the model's reading does not matter: the level is only told
        assert r.text == "The volume is at 35 percent." and app.settings.audio.volume == 35
    assert "not muted" in talk("volume_mute", "unmute").text and app.settings.audio.volume == 35
    talk("volume_mute", "mute")
    r = talk("volume_mute", "unmute")
    assert r.action == "volume_set" and app.settings.audio.volume == 50


@pytest.mark.parametrize("intent", ["media_play", "media_pause", "media_next", "media_previous"])
def test_media_says_no_player(talk: Talk, intent: str) -> None:
    r = talk(intent, "play some music")
    assert r.success is False and "no music player" in r.text
