"""The detector contract: an ONNX model in, boxes with canonical labels out.

A family module (YOLOX, FastestDet, Ultralytics-style YOLO...) subclasses :class:`Detector`
and implements only :meth:`Detector.preprocess` and :meth:`Detector.decode`; running the
ONNX session, score filtering and per-class NMS are shared here.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

import numpy as np

from ...core.errors import InputError, ModelError
from ..geometry import FloatArray, Image, IntArray, batched_nms


@dataclass(frozen=True)
class Detection:
    label: str
    confidence: float
    box: tuple[float, float, float, float]
    """x1, y1, x2, y2 in pixels of the analysed image."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "confidence": round(self.confidence, 4),
            "box": [round(v, 1) for v in self.box],
        }


@dataclass(frozen=True)
class DetectorSpec:
    """Everything needed to build a detector: which family, which files."""

    name: str
    family: str
    model_path: Path
    labels: tuple[str, ...]
    quantized: bool = False
    options: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class RawDetections:
    """Detections as arrays (fast path for benchmarks and evaluation)."""

    boxes: FloatArray
    scores: FloatArray
    classes: IntArray


class Detector(ABC):
    family: ClassVar[str]

    def __init__(
        self,
        spec: DetectorSpec,
        *,
        threads: int = 1,
        min_confidence: float = 0.35,
        iou_threshold: float = 0.45,
    ) -> None:
        self.spec = spec
        self.threads = threads
        self.min_confidence = min_confidence
        self.iou_threshold = iou_threshold
        self._session: Any = None
        self._input_name = ""

    @property
    def name(self) -> str:
        return self.spec.name

    @property
    def labels(self) -> tuple[str, ...]:
        return self.spec.labels

    @property
    def input_name(self) -> str:
        self.prepare()
        return self._input_name

    @property
    def input_shape(self) -> tuple[int, ...]:
        self.prepare()
        shape = self._session.get_inputs()[0].shape
        return tuple(int(v) if isinstance(v, int) else -1 for v in shape)

    def prepare(self) -> None:
        """Open the ONNX session (once); raise :class:`ModelError` with a fix if it fails."""
        if self._session is not None:
            return
        # lazy: start-up speed (onnxruntime loads only when prepare() runs)
        import onnxruntime as ort

        options = ort.SessionOptions()
        options.intra_op_num_threads = self.threads
        options.inter_op_num_threads = 1
        options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        options.log_severity_level = 3
        try:
            self._session = ort.InferenceSession(
                str(self.spec.model_path), options, providers=["CPUExecutionProvider"]
            )
        except Exception as exc:  # onnxruntime raises its own non-exported exception types
            raise ModelError(
                f"The {self.spec.name} detector could not be loaded from "
                f"{self.spec.model_path}: {exc}. Reinstall it with "
                f"`homebody models install {self.spec.name}`."
            ) from exc
        self._input_name = self._session.get_inputs()[0].name
        self.on_prepared()

    def on_prepared(self) -> None:  # noqa: B027 - optional hook
        """Called once the session exists (families read input sizes here)."""

    @abstractmethod
    def preprocess(self, image: Image) -> tuple[FloatArray, Any]:
        """BGR uint8 image -> the model's input tensor and whatever decode needs."""

    @abstractmethod
    def decode(
        self, outputs: list[Any], meta: Any, shape: tuple[int, int]
    ) -> tuple[FloatArray, FloatArray, IntArray]:
        """Model outputs -> (boxes xyxy in image pixels, scores, class ids), above threshold."""

    def propose(
        self, outputs: list[Any], meta: Any, shape: tuple[int, int], limit: int
    ) -> FloatArray:
        """Up to ``limit`` class-agnostic boxes, most object-like first (for taught objects).

        Families without an objectness output propose nothing here."""
        return np.zeros((0, 4), np.float32)

    def run(self, tensor: FloatArray) -> list[Any]:
        self.prepare()
        outputs: list[Any] = self._session.run(None, {self._input_name: tensor})
        return outputs

    def detect_raw(self, image: Image) -> RawDetections:
        return self._detect(image, 0)[0]

    def detect_and_propose(self, image: Image, limit: int) -> tuple[list[Detection], FloatArray]:
        """Detections and up to ``limit`` class-agnostic proposals from one network run."""
        raw, proposals = self._detect(image, limit)
        return self.named(raw), proposals

    def _detect(self, image: Image, limit: int) -> tuple[RawDetections, FloatArray]:
        if not isinstance(image, np.ndarray) or image.ndim != 3 or image.shape[2] != 3:
            raise InputError("The detector needs a colour image (height x width x 3, BGR).")
        self.prepare()
        tensor, meta = self.preprocess(image)
        return self.from_outputs(self.run(tensor), meta, image.shape[:2], limit)

    def from_outputs(
        self, outputs: list[Any], meta: Any, shape: tuple[int, int], limit: int
    ) -> tuple[RawDetections, FloatArray]:
        """Detections (after NMS) and up to ``limit`` proposals from the network's outputs."""
        boxes, scores, classes = self.decode(outputs, meta, shape)
        if len(scores):
            keep = batched_nms(boxes, scores, classes, self.iou_threshold)
            boxes, scores, classes = boxes[keep], scores[keep], classes[keep]
        proposals = (
            self.propose(outputs, meta, shape, limit) if limit > 0 else np.zeros((0, 4), np.float32)
        )
        return RawDetections(boxes, scores, classes), proposals

    def detect(self, image: Image) -> list[Detection]:
        return self.named(self.detect_raw(image))

    def named(self, raw: RawDetections) -> list[Detection]:
        labels = self.labels
        return [
            Detection(
                labels[int(c)] if 0 <= int(c) < len(labels) else f"class {int(c)}",
                float(s),
                (float(b[0]), float(b[1]), float(b[2]), float(b[3])),
            )
            for b, s, c in zip(raw.boxes, raw.scores, raw.classes, strict=True)
        ]

    def close(self) -> None:
        self._session = None


def best_class(
    class_scores: FloatArray, objectness: FloatArray | None, threshold: float
) -> tuple[IntArray, FloatArray, IntArray]:
    """Pick each candidate's best class; returns (candidate index, score, class) above threshold."""
    classes = np.argmax(class_scores, axis=1)
    best = class_scores[np.arange(len(classes)), classes]
    scores = best * objectness if objectness is not None else best
    keep = np.flatnonzero(scores >= threshold)
    return keep, scores[keep].astype(np.float32), classes[keep].astype(np.int64)
