"""Camera listing for ``homebody doctor`` and ``homebody vision cameras``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pipelines.core.settings import settings_from_dict
from pipelines.vision import list_cameras


def test_lists_configured_cameras_without_opening_them(tmp_path: Path) -> None:
    (tmp_path / "kitchen").mkdir()
    settings = settings_from_dict({"vision": {"cameras": [
        {"name": "kitchen", "source": str(tmp_path / "kitchen"),
         "zones": {"counter": [[0, 0], [1, 0], [1, 1]]}},
        {"name": "garage", "source": str(tmp_path / "missing.mp4")},
        {"name": "porch", "source": "rtsp://admin:pw@192.168.1.30/live", "enabled": False},
    ]}})  # fmt: skip
    rows = {r["name"]: r for r in list_cameras(settings) if r["configured"]}
    assert rows["kitchen"]["ok"] and rows["kitchen"]["kind"] == "folder"
    assert rows["kitchen"]["zones"] == ["counter"]
    assert not rows["garage"]["ok"] and "not found" in rows["garage"]["detail"]
    assert rows["porch"]["source"] == "rtsp://192.168.1.30"  # no credentials, no path
    assert "pw" not in str(rows["porch"]) and "(disabled)" in rows["porch"]["detail"]


def test_doctor_lists_configured_cameras(app: Any, tmp_path: Path) -> None:
    from dataclasses import replace

    from pipelines.core.settings_schema import CameraSettings
    from pipelines.doctor import check_cameras

    camera = CameraSettings(name="kitchen", source=str(tmp_path))
    app.settings = replace(app.settings, vision=replace(app.settings.vision, cameras=(camera,)))
    checks = {c.name: c for c in check_cameras(app)}
    assert checks["kitchen"].ok and checks["kitchen"].area == "cameras"
