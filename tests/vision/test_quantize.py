"""Static int8 (QDQ) quantisation calibrated on real photos, used beside the fp32 model."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from app.cli.main import main
from pipelines.core.errors import InputError, ModelNotInstalledError
from pipelines.vision.quantize import head_nodes, quantize_detector, stem_convs


def test_int8_model_must_be_made_first(installed: Any) -> None:
    from pipelines.vision.catalog import open_detector

    with pytest.raises(ModelNotInstalledError, match="homebody vision quantize"):
        open_detector(installed, "fastestdet", quantized=True)


def test_calibration_needs_real_frames(yolox: Any, tmp_path: Path) -> None:
    with pytest.raises(InputError, match="at least 4"):
        quantize_detector(yolox, [], tmp_path / "x.onnx")


def test_head_and_stem_stay_float(installed: Any) -> None:
    from pipelines.models.manager import ModelManager

    path = ModelManager.from_app(installed).path("yolox-nano", "yolox_nano.onnx")
    head = head_nodes(path)
    assert "Transpose_423" in head and "Concat_422" in head  # the output concat/transpose
    assert sum(1 for n in head if n.startswith("Conv")) == 9  # reg/obj/cls convs x 3 strides
    assert len(stem_convs(path, 3)) == 3


@pytest.mark.slow
def test_quantize_command_then_detect_with_int8(
    home: Path, shared: Path, photos: dict[str, Path], tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    calibration = tmp_path / "calibration"
    calibration.mkdir()
    for name in ("room", "living", "cat", "pizza"):  # not the photo detected below
        shutil.copy(photos[name], calibration / photos[name].name)
    assert main(["models", "install", "fastestdet", "--from", str(shared / "models")]) == 0
    capsys.readouterr()
    assert main(["vision", "quantize", "--model", "fastestdet", "--calibration",
                 str(calibration), "--json"]) == 0  # fmt: skip
    made = json.loads(capsys.readouterr().out)
    assert made["calibration_frames"] == 4 and Path(made["int8"]).is_file()
    assert "quantized" in made["int8"] and Path(made["int8"]).stat().st_size > 100_000
    assert main(["detect", str(photos["desk"]), "--model", "fastestdet", "--int8", "--json"]) == 0
    labels = {d["label"] for d in json.loads(capsys.readouterr().out)["detections"]}
    assert {"laptop", "keyboard", "tv"} <= labels
