"""Which detector models are available here, and opening one for the app.

A model is named by its manifest name (``yolox-nano``, ``fastestdet``), by the name of a
folder in ``<models>/custom-detectors/``, or by a path to an ``.onnx`` file. The int8 variant
of a model (``quantized = true``) lives in ``<models>/quantized/NAME.int8.onnx`` and is made
with ``homebody vision quantize``.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from ..core.errors import ModelError, ModelNotInstalledError
from .detectors.base import Detector, DetectorSpec
from .detectors.registry import BUILTIN_MODELS, CUSTOM_DIR, build_detector, custom_spec
from .labels import read_labels

if TYPE_CHECKING:
    from ..app_context import AppContext
    from ..models.manager import ModelManager

QUANTIZED_DIR = "quantized"


def quantized_path(models_dir: Path, name: str) -> Path:
    safe = name.replace("/", "_").replace("\\", "_")
    return models_dir / QUANTIZED_DIR / f"{safe}.int8.onnx"


def resolve(manager: ModelManager, name: str, *, quantized: bool = False) -> DetectorSpec:
    """The files of model ``name``; raises a helpful error when it is not installed."""
    builtin = BUILTIN_MODELS.get(name)
    if builtin is not None:
        spec = DetectorSpec(
            name,
            builtin.family,
            manager.path(name, builtin.onnx),
            tuple(read_labels(manager.path(name, builtin.labels))),
        )
    else:
        custom = manager.models_dir / CUSTOM_DIR / name
        path = Path(name).expanduser()
        if custom.is_dir():
            spec = custom_spec(custom, name)
        elif path.suffix.lower() == ".onnx" or path.is_dir():
            spec = custom_spec(path)
        else:
            known = ", ".join([*BUILTIN_MODELS, *custom_names(manager.models_dir)])
            raise ModelError(
                f"Unknown detector {name!r}. Use one of {known}, or a path to a YOLOv5/YOLOv8 "
                f".onnx file with a labels file beside it."
            )
    if quantized:
        int8 = quantized_path(manager.models_dir, spec.name)
        if not int8.is_file():
            raise ModelNotInstalledError(
                f"There is no int8 version of {spec.name} yet. Make one with "
                f"`homebody vision quantize --model {spec.name}` (it calibrates on your own "
                "camera frames or photos), or set vision.quantized = false."
            )
        spec = replace(spec, model_path=int8, quantized=True)
    return spec


def custom_names(models_dir: Path) -> list[str]:
    folder = models_dir / CUSTOM_DIR
    return sorted(p.name for p in folder.iterdir() if p.is_dir()) if folder.is_dir() else []


def installed_specs(manager: ModelManager) -> list[DetectorSpec]:
    """Every detector that can run here (installed built-ins and bring-your-own folders)."""
    specs: list[DetectorSpec] = []
    names = [n for n in BUILTIN_MODELS if manager.is_installed(n)]
    names += custom_names(manager.models_dir)
    for name in names:
        try:
            specs.append(resolve(manager, name))
        except ModelError:
            continue
    return specs


def known_labels(manager: ModelManager) -> set[str]:
    """Every class name some installed detector can see."""
    return {label for spec in installed_specs(manager) for label in spec.labels}


def open_detector(
    app: AppContext,
    name: str | None = None,
    *,
    quantized: bool | None = None,
    min_confidence: float | None = None,
) -> Detector:
    """Resolve, load and ledger-record the configured (or named) detector."""
    # lazy: start-up speed (..models.manager etc. load only when open_detector() runs)
    from ..models.manager import ModelManager

    settings = app.settings.vision
    manager = ModelManager.from_app(app)
    wanted = name or settings.model
    if wanted in BUILTIN_MODELS:
        # lazy: start-up speed (.first_run loads only when open_detector() runs)
        from .first_run import ensure_detector

        ensure_detector(manager, wanted)  # first run: from the setup cache, never the network
    spec = resolve(
        manager,
        name or settings.model,
        quantized=settings.quantized if quantized is None else quantized,
    )
    detector = build_detector(
        spec,
        threads=settings.threads,
        min_confidence=settings.min_confidence if min_confidence is None else min_confidence,
    )
    detector.prepare()
    # lazy: start-up speed (..models.verify loads only when open_detector() runs)
    from ..models.verify import sha256_of

    app.ledger.record(
        "model_loaded",
        "vision",
        model=spec.name,
        family=spec.family,
        quantized=spec.quantized,
        sha256=sha256_of(spec.model_path),
    )
    return detector
