"""Answers to "where is my X?": seen, not seen yet, unknown to every model, no detector."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from pipelines.core.intent import Intent
from pipelines.skills.base import SkillContext
from pipelines.skills.replies import Replies
from pipelines.vision.detectors.base import Detection
from pipelines.vision.locate import _ago, answer
from pipelines.vision.memory import ObjectMemory
from pipelines.vision.skill import ObjectLocateSkill

from .conftest import read

NOW = dt.datetime(2026, 11, 20, 18, 30).timestamp()


@pytest.fixture
def replies() -> Replies:
    return Replies()


def remember(app: Any, photo: Path, camera: str, label: str, ts: float, zones: Any = None) -> None:
    mem = ObjectMemory(app.db, app.paths.data_dir, app.ledger, clock=lambda: ts)
    mem.record(camera, read(photo), [Detection(label, 0.9, (160, 20, 420, 290))], zones=zones)


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (20, "just now"),
        (12 * 60 + 10, "12 minutes ago"),
        (90 * 60, "1 hour and 30 minutes ago"),
        (8 * 3600, "today at 10:30"),
        (20 * 3600, "yesterday at 22:30"),
        (3 * 86400, "on Tuesday at 18:30"),
        (10 * 86400, "on Tuesday, 10 November at 18:30"),
    ],
)
def test_how_long_ago(replies: Replies, seconds: float, text: str) -> None:
    assert _ago(replies, NOW - seconds, NOW) == text


def test_seen_object_names_camera_zone_and_time(
    installed: Any, photos: dict[str, Path], replies: Replies
) -> None:
    desk = {"desk": [[0.0, 0.0], [1.0, 0.0], [1.0, 1.0], [0.0, 1.0]]}
    remember(installed, photos["coffee"], "office", "cell phone", NOW - 12 * 60, desk)
    response = answer(installed, replies, "my phone", NOW)
    assert response.text == "Your phone was last seen on the desk (office camera) 12 minutes ago."
    assert response.card["type"] == "sighting" and response.card["label"] == "cell phone"
    assert Path(response.card["sighting"]["thumbnail"]).is_file()
    assert response.action == "object_found"


def test_plural_words_take_were(installed: Any, photos: dict[str, Path], replies: Replies) -> None:
    remember(installed, photos["coffee"], "kitchen", "cup", NOW - 30)
    assert answer(installed, replies, "the cups", NOW).text.startswith("Your cups were last seen")
    text = answer(installed, replies, "mug", NOW).text
    assert "your mug" in text and "kitchen camera" in text


def test_known_but_never_seen(installed: Any, replies: Replies) -> None:
    response = answer(installed, replies, "remote", NOW)
    assert response.action == "object_not_seen" and "haven't seen your remote" in response.text


def test_unknown_object_gets_the_honest_answer(installed: Any, replies: Replies) -> None:
    response = answer(installed, replies, "my specs", NOW)
    assert response.action == "object_unknown" and not response.success
    assert "can't recognise specs" in response.text
    assert "homebody models install" in response.text and "vision teach" in response.text


def test_without_any_detector_says_how_to_install_one(
    app: Any, replies: Replies, monkeypatch: Any
) -> None:
    monkeypatch.setattr("pipelines.vision.first_run.local_mirrors", lambda **_kw: [])
    response = answer(app, replies, "cup", NOW)
    assert response.action == "no_detector"
    assert "homebody models install yolox-nano" in response.text


def test_skill_asks_what_to_look_for(app: Any, replies: Replies) -> None:
    ctx = SkillContext(app=app, replies=replies, clock=lambda: NOW)
    response = ObjectLocateSkill().handle(Intent("object_locate"), ctx)
    assert response.expects_reply and response.text == "What are you looking for?"


def test_skill_answers_from_the_object_slot(
    installed: Any, photos: dict[str, Path], replies: Replies
) -> None:
    remember(installed, photos["desk"], "office", "laptop", NOW - 5 * 60)
    ctx = SkillContext(app=installed, replies=replies, clock=lambda: NOW)
    intent = Intent("object_locate", slots={"object": "laptop"}, text="where is my laptop")
    response = ObjectLocateSkill().handle(intent, ctx)
    assert response.text == "Your laptop was last seen by the office camera 5 minutes ago."


def test_a_detector_class_is_not_yours(
    installed: Any, photos: dict[str, Path], replies: Replies
) -> None:
    remember(installed, photos["cat"], "hall", "person", NOW - 5 * 60)
    ctx = SkillContext(app=installed, replies=replies, clock=lambda: NOW)
    intent = Intent(
        "object_locate", slots={"object": "person"}, text="when did you last see a person"
    )
    response = ObjectLocateSkill().handle(intent, ctx)
    assert response.text == "The person was last seen by the hall camera 5 minutes ago."


@pytest.mark.parametrize(
    ("hours", "asked", "text"),
    [
        (
            21.5,
            "my glasses",
            "I haven't seen your glasses since yesterday at 21:00, when they were on the "
            "counter (kitchen camera).",
        ),
        (
            8,
            "cup",
            "I haven't seen your cup since 10:30, when it was on the counter (kitchen camera).",
        ),
        (
            5.5,
            "cup",
            "Your cup was last seen on the counter (kitchen camera) 5 hours and 30 minutes ago.",
        ),
    ],
)
def test_an_old_sighting_says_since_when(
    installed: Any, photos: dict[str, Path], replies: Replies, hours: float, asked: str, text: str
) -> None:
    counter = {"counter": [[0.0, 0.0], [1.0, 0.0], [1.0, 1.0], [0.0, 1.0]]}
    label = "glasses" if "glasses" in asked else "cup"
    if label == "glasses":
        from pipelines.vision.teach import TaughtObjects

        TaughtObjects(installed.db, installed.paths.data_dir, installed.ledger).teach(
            "glasses", [read(photos["coffee"])]
        )
    remember(installed, photos["coffee"], "kitchen", label, NOW - hours * 3600, counter)
    assert answer(installed, replies, asked, NOW).text == text
