"""Camera health lines: one per state change, in words, kept for doctor and the camera card."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pipelines.vision.health import CameraHealth, latest_line, load


def test_one_line_per_state_change(tmp_path: Path) -> None:
    now = [1000.0]
    health = CameraHealth("kitchen", tmp_path, clock=lambda: now[0])
    notices = [
        ("camera_started", {}),
        ("camera_reconnecting", {"attempt": 1, "delay_s": 1.0}),  # not a state change
        ("camera_no_picture", {"seconds": 30.2}),
        ("camera_reconnecting", {"attempt": 2, "delay_s": 2.0}),
        ("camera_no_picture", {"seconds": 45}),  # still no picture: no new line
        ("camera_reconnected", {"attempt": 2, "seconds": 95}),
        ("camera_stopped", {}),
    ]
    lines = [line.text for kind, data in notices if (line := health.update(kind, data))]
    assert lines == [
        "kitchen camera: watching",
        "kitchen camera: no picture for 30 s, retrying",
        "kitchen camera: picture back after 2 min",
        "kitchen camera: stopped",
    ]
    now[0] = 1120.0
    assert latest_line(tmp_path, "kitchen", now=now[0]) == "kitchen camera: stopped (2 min ago)"
    assert latest_line(tmp_path, "garage") == ""


def test_the_reason_a_camera_stopped_stays_on_screen(tmp_path: Path) -> None:
    health = CameraHealth("porch", tmp_path)
    health.update("camera_started", {})
    refused = health.update("stream_refused", {"host": "192.0.2.9", "port": 80})
    assert refused is not None and "192.0.2.9" in refused.text
    assert health.update("camera_error", {"message": "blocked"}) is None
    assert health.update("camera_stopped", {}) is None
    assert load(tmp_path)["porch"]["state"] == "refused"
    lost = CameraHealth("attic", tmp_path)
    line = lost.update("camera_lost", {"attempts": 5, "seconds": 400})
    assert line is not None and line.text.startswith("attic camera: no picture for 7 min, gave up")


def test_cameras_listing_and_doctor_show_the_latest_line(app: Any, tmp_path: Path) -> None:
    from dataclasses import replace

    from pipelines.core.settings_schema import CameraSettings
    from pipelines.doctor import check_cameras
    from pipelines.vision.cameras import list_cameras

    folder = tmp_path / "frames"
    folder.mkdir()
    cams = (CameraSettings(name="kitchen", source=str(folder)),)
    app.settings = replace(app.settings, vision=replace(app.settings.vision, cameras=cams))
    CameraHealth("kitchen", app.paths.data_dir).update("camera_no_picture", {"seconds": 30})
    rows = list_cameras(app.settings, data_dir=app.paths.data_dir)
    assert rows[0]["ok"] is False
    assert "kitchen camera: no picture for 30 s, retrying (just now)" in rows[0]["detail"]
    checks = check_cameras(app)  # HOMEBODY_HOME is the app's home: the same file
    assert any("no picture for 30 s" in c.detail and not c.ok for c in checks)


def test_camera_card_shows_each_cameras_health(app: Any, qtbot: Any) -> None:
    from app.gui.pages.settings_cameras import CamerasCard

    CameraHealth("kitchen", app.paths.data_dir).update("camera_no_picture", {"seconds": 30})
    card = CamerasCard()
    qtbot.addWidget(card)
    card.set_rows([("kitchen", "rtsp://192.168.1.20/live", True), ("hall", "0", True)])
    status = [card.table.item(r, 3).text() for r in range(2)]
    assert status == ["no picture for 30 s, retrying (just now)", "not watched yet"]
    assert card.rows() == [("kitchen", "rtsp://192.168.1.20/live", True), ("hall", "0", True)]
