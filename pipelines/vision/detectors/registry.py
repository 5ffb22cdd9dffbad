"""Find detector families and the models Homebody knows how to run.

Families are modules exposing ``DETECTOR`` (a :class:`Detector` subclass); a new family is one
new module plus one line in :data:`FAMILIES`. Built-in models are installed by the model
manager; bring-your-own models are an ``.onnx`` file plus a labels file (see
:func:`custom_spec`).
"""

from __future__ import annotations

import importlib
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ...core.errors import InputError, ModelError
from ..labels import read_labels
from .base import Detector, DetectorSpec

FAMILIES: dict[str, str] = {
    "yolox": "pipelines.vision.detectors.yolox",
    "fastestdet": "pipelines.vision.detectors.fastestdet",
    "yolo": "pipelines.vision.detectors.ultralytics",
}
"""Family name -> module exposing ``DETECTOR``."""


@dataclass(frozen=True)
class BuiltinModel:
    name: str
    family: str
    onnx: str
    labels: str


BUILTIN_MODELS: dict[str, BuiltinModel] = {
    m.name: m
    for m in (
        BuiltinModel("yolox-nano", "yolox", "yolox_nano.onnx", "coco_classes.txt"),
        BuiltinModel("fastestdet", "fastestdet", "FastestDet.onnx", "coco.names"),
    )
}
"""Detectors from the model manifest (installed with ``homebody models install NAME``)."""

LABEL_FILE_NAMES = ("labels.txt", "classes.txt", "coco.names", "coco_classes.txt")
CUSTOM_DIR = "custom-detectors"
"""Below the models folder: one sub-folder per bring-your-own detector."""


def detector_class(family: str) -> type[Detector]:
    try:
        module = importlib.import_module(FAMILIES[family])
    except KeyError:
        known = ", ".join(sorted(FAMILIES))
        raise ModelError(f"Unknown detector family {family!r}. Known families: {known}") from None
    cls: type[Detector] = module.DETECTOR
    return cls


def build_detector(spec: DetectorSpec, **options: Any) -> Detector:
    return detector_class(spec.family)(spec, **options)


def custom_spec(model_path: Path, name: str | None = None) -> DetectorSpec:
    """A bring-your-own detector: ``model.onnx`` + a labels file (+ optional detector.toml).

    The labels file is ``<model stem>.txt`` or one of :data:`LABEL_FILE_NAMES` beside the
    model. ``detector.toml`` may set ``family`` ("yolo" by default, or "yolox"), ``format``
    ("yolov5" / "yolov8") and ``input_size``.
    """
    if model_path.is_dir():
        onnx_files = sorted(model_path.glob("*.onnx"))
        if len(onnx_files) != 1:
            raise InputError(
                f"{model_path} should hold exactly one .onnx model and a labels file "
                f"(found {len(onnx_files)} .onnx files)."
            )
        model_path = onnx_files[0]
    if not model_path.is_file() or model_path.suffix.lower() != ".onnx":
        raise InputError(f"{model_path} is not an .onnx model file.")
    folder = model_path.parent
    candidates = [model_path.with_suffix(".txt"), *(folder / n for n in LABEL_FILE_NAMES)]
    labels_path = next((p for p in candidates if p.is_file()), None)
    if labels_path is None:
        raise InputError(
            f"No labels file found for {model_path.name}: put the class names, one per line, "
            f"in {model_path.with_suffix('.txt').name} or labels.txt beside it."
        )
    options: dict[str, Any] = {}
    config = folder / "detector.toml"
    if config.is_file():
        try:
            options = tomllib.loads(config.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as exc:
            raise InputError(f"{config} is not valid TOML: {exc}") from exc
    family = str(options.pop("family", "yolo"))
    if family not in FAMILIES:
        raise InputError(f"{config}: unknown family {family!r} (use one of {sorted(FAMILIES)})")
    return DetectorSpec(
        name or model_path.stem,
        family,
        model_path,
        tuple(read_labels(labels_path)),
        options=options,
    )
