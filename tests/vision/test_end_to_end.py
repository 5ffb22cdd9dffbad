"""Acceptance: two photo-folder cameras -> ``vision watch`` -> ``where`` names the right room."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from app.cli.main import main

from .conftest import read


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    code = main(list(argv))
    out = capsys.readouterr().out
    assert code == 0, out
    return out


@pytest.mark.slow
def test_watch_two_cameras_then_ask_where(
    home: Path, shared: Path, photos: dict[str, Path], tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    kitchen, office = tmp_path / "kitchen", tmp_path / "office"
    kitchen.mkdir()
    office.mkdir()
    for name in ("coffee", "pizza"):  # a cup on a table, a pizza
        shutil.copy(photos[name], kitchen / photos[name].name)
    for name in ("desk",):  # laptop, keyboard, mouse, monitor
        shutil.copy(photos[name], office / photos[name].name)

    run(capsys, "models", "install", "yolox-nano", "--from", str(shared / "models"))
    stats = json.loads(
        run(capsys, "vision", "watch", str(kitchen), "--camera-name", "kitchen", "--json")
    )
    assert stats["frames"] == 2 and stats["analysed"] == 2 and "cup" in stats["labels"]
    run(capsys, "vision", "watch", str(office), "--camera-name", "office", "--frames", "5")

    cup = run(capsys, "where", "cup")
    assert "kitchen camera" in cup and "office" not in cup
    laptop = json.loads(run(capsys, "where", "my", "laptop", "--json"))
    assert "office camera" in laptop["text"] and laptop["card"]["sighting"]["camera"] == "office"

    # the same answers by asking in words, through the real intent model and skill
    spoken = json.loads(run(capsys, "ask", "--json", "where did i leave my laptop"))
    assert spoken["intent"] == "object_locate", spoken
    assert "office camera" in spoken["response"]
    spoken = json.loads(run(capsys, "ask", "--json", "where is my cup"))
    assert spoken["intent"] == "object_locate" and "kitchen camera" in spoken["response"]

    unknown = json.loads(run(capsys, "where", "specs", "--json"))
    assert unknown["success"] is False and unknown["action"] == "object_unknown"
    assert "can't recognise specs" in unknown["text"]

    thumbnails = sorted((home / "data" / "thumbnails").glob("*.jpg"))
    assert thumbnails
    frame_sizes = {read(p).shape[:2] for p in (*kitchen.iterdir(), *office.iterdir())}
    for path in thumbnails:
        shape = read(path).shape[:2]
        assert max(shape) <= 128 and shape not in frame_sizes  # crops, never frames
    assert not list((home / "data").rglob("*.png"))  # no frame copies anywhere

    from pipelines.app_context import AppContext

    app: Any = AppContext.create(guard=False)
    try:
        kinds = [e.kind for e in app.ledger.entries(newest_first=False, limit=1000)]
        for kind in ("model_loaded", "camera_started", "data_written", "camera_stopped"):
            assert kind in kinds
        started = app.ledger.entries(kind="camera_started")
        assert {e.detail["camera"] for e in started} == {"kitchen", "office"}
        assert all(e.detail["source"] == "folder" for e in started)  # no paths in the ledger
        assert app.ledger.verify().ok
    finally:
        app.close()


@pytest.mark.slow
def test_detect_command_prints_objects(
    home: Path, shared: Path, photos: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    run(capsys, "models", "install", "fastestdet", "--from", str(shared / "models"))
    out = run(capsys, "detect", str(photos["desk"]), "--model", "fastestdet", "--json")
    labels = {d["label"] for d in json.loads(out)["detections"]}
    assert {"laptop", "keyboard"} <= labels


def test_detect_rejects_unreadable_images(
    home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.jpg"
    bad.write_bytes(b"nope")
    assert main(["detect", str(bad)]) == 2
    assert "not a readable photo" in capsys.readouterr().err


def test_watch_all_without_cameras_says_how_to_add_one(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["vision", "watch-all"]) == 2
    assert "No cameras are configured" in capsys.readouterr().err


@pytest.mark.slow
def test_configured_cameras_with_zones(
    home: Path, shared: Path, photos: dict[str, Path], tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    kitchen = tmp_path / "kitchen"
    kitchen.mkdir()
    shutil.copy(photos["coffee"], kitchen / "frame.png")
    (home / "config").mkdir(parents=True)
    (home / "config" / "settings.toml").write_text(
        f"""
[[vision.cameras]]
name = "kitchen"
source = "{kitchen}"
zones = {{ "counter" = [[0.0, 0.0], [1.0, 0.0], [1.0, 0.6], [0.0, 0.6]] }}
""",
        encoding="utf-8",
    )
    run(capsys, "models", "install", "yolox-nano", "--from", str(shared / "models"))
    out = json.loads(run(capsys, "vision", "watch-all", "--json"))
    assert out["cameras"]["kitchen"]["frames"] == 1 and out["errors"] == {}
    cameras = json.loads(run(capsys, "vision", "cameras", "--json"))
    assert cameras[0]["name"] == "kitchen" and cameras[0]["zones"] == ["counter"]
    assert run(capsys, "where", "my", "mug") == (
        "Your mug was last seen on the counter (kitchen camera) just now.\n"
    )
