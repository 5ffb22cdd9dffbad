"""The detector's own features at any box: what YOLOX-Nano "sees" there, almost for free.

YOLOX's head has, per stride (8, 16, 32), a stem whose output feeds a classification branch
and a box-regression branch; those three maps were trained to tell small objects from
background. :class:`FeatureDetector` runs the detector's ONNX graph with those maps added as
extra outputs (the graph is edited in memory when loaded; the model file is not changed), so
one network run per frame gives the detections, the class-agnostic proposals and the maps.
:meth:`FeatureDetector.at` pools the maps inside boxes (:func:`pool`: RoIAlign on a
:data:`GRID` x :data:`GRID` grid, every level) into one vector per box. The maps of the last
frame are kept, so describing the proposals of the frame just analysed costs no second run.

Only the tensors' roles are looked up (:func:`head_features`), not their names, so other
YOLOX exports work; a graph without that structure raises :class:`ModelError`.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import numpy as np

from ..core.errors import ModelError
from .detectors.base import Detection
from .detectors.yolox import STRIDES, YoloxDetector
from .geometry import FloatArray, Image, Letterbox

GRID = 2
"""Each box is pooled on a GRID x GRID grid per level (bench.vision_teach, dev views:
2 x 2 recall at precision >= 0.95 0.58, 1 x 1 0.42, with EfficientNet features beside)."""
GROW = 0.1
"""The pooled region is the box grown by this share of its size on each side."""


def head_features(model: Any) -> list[str]:
    """Names of the head's [stem, classification, regression] feature maps, stride 8 first."""
    producers = {out: node for node in model.graph.node for out in node.output}
    consumers: dict[str, list[Any]] = defaultdict(list)
    for node in model.graph.node:
        for name in node.input:
            consumers[name].append(node)
    weights = {w.name: tuple(w.dims) for w in model.graph.initializer}

    def predictors(out_channels: int) -> list[str]:
        found = []
        for node in model.graph.node:
            shape = weights.get(node.input[1]) if node.op_type == "Conv" else None
            if shape is not None and shape[0] == out_channels and shape[2:] == (1, 1):
                found.append(node.input[0])
        return found

    classes, boxes = predictors(80), predictors(4)

    def stem(tensor: str) -> str | None:
        for _ in range(64):  # walk back to the map both branches start from
            node = producers.get(tensor)
            if node is None:
                return None
            tensor = next((t for t in node.input if t in producers), "")
            if sum(n.op_type == "Conv" for n in consumers[tensor]) >= 2:
                return tensor
        return None

    names = []
    for cls, reg in zip(classes, boxes, strict=False):
        start = stem(cls)
        if start is None or stem(reg) != start:
            break
        names += [start, cls, reg]
    if len(classes) != len(STRIDES) or len(names) != 3 * len(STRIDES):
        raise ModelError("This detector's graph does not have YOLOX's head; no box features.")
    return names


def pool(maps: list[FloatArray], place: Letterbox, boxes: FloatArray, grid: int = GRID
         ) -> FloatArray:  # fmt: skip
    """[N, sum(C) * grid^2] RoIAlign means (2 x 2 bilinear samples per cell) of ``maps``
    ([C, H, W] per stride) inside ``boxes`` (image pixels), grown by :data:`GROW`."""
    b = np.asarray(boxes, np.float32).reshape(-1, 4).copy()
    size = b[:, 2:] - b[:, :2]
    b[:, :2] -= GROW * size
    b[:, 2:] += GROW * size
    b = b * place.scale + np.array([place.pad_x, place.pad_y] * 2, np.float32)
    steps = (np.arange(2 * grid, dtype=np.float32) + 0.5) / (2 * grid)
    parts = []
    for fmap, stride in zip(maps, STRIDES, strict=True):
        channels, height, width = fmap.shape
        xs = np.clip((b[:, :1] + steps * (b[:, 2:3] - b[:, :1])) / stride - 0.5, 0, width - 1)
        ys = np.clip((b[:, 1:2] + steps * (b[:, 3:4] - b[:, 1:2])) / stride - 0.5, 0, height - 1)
        x0, y0 = xs.astype(np.int64), ys.astype(np.int64)
        x1, y1 = np.minimum(x0 + 1, width - 1), np.minimum(y0 + 1, height - 1)
        ax, ay = (xs - x0)[:, None, :, None], (ys - y0)[:, :, None, None]
        hwc = fmap.transpose(1, 2, 0)

        def at(yy: Any, xx: Any, hwc: Any = hwc) -> Any:
            return hwc[yy[:, :, None], xx[:, None, :]]

        top = at(y0, x0) * (1 - ax) + at(y0, x1) * ax
        bottom = at(y1, x0) * (1 - ax) + at(y1, x1) * ax
        samples = top * (1 - ay) + bottom * ay  # [N, 2g, 2g, C]
        cells = samples.reshape(len(b), grid, 2, grid, 2, channels).mean(axis=(2, 4))
        parts.append(cells.reshape(len(b), grid * grid * channels))
    return np.concatenate(parts, axis=1).astype(np.float32)


def normalise(vectors: FloatArray) -> FloatArray:
    """Signed square root, then unit length (pooled activations are heavy-tailed)."""
    rooted = np.sign(vectors) * np.sqrt(np.abs(vectors))
    norms = np.linalg.norm(rooted, axis=1, keepdims=True)
    return np.asarray(rooted / np.maximum(norms, 1e-9), np.float32)


class FeatureDetector:
    """A YOLOX detector whose one run per frame also yields its feature maps."""

    def __init__(self, detector: YoloxDetector) -> None:
        self.detector = detector
        self._session: Any = None
        self._names: list[str] = []
        self._last: tuple[Image, list[FloatArray], Letterbox] | None = None

    def _prepare(self) -> None:
        if self._session is None:
            self._session = self.session()

    def session(self, free_size: bool = False) -> Any:
        """An onnxruntime session of the detector's graph with the head's maps as extra
        outputs; ``free_size``: any input height and width (multiples of 32:
        :mod:`.detector_zoom`), else the model's own."""
        # lazy: start-up speed (onnx, onnxruntime load only when session() runs)
        import onnx
        import onnxruntime as ort

        self.detector.prepare()
        try:
            model = onnx.load(str(self.detector.spec.model_path))
        except Exception as exc:  # onnx raises DecodeError and friends
            raise ModelError(f"{self.detector.spec.model_path} could not be read: {exc}") from exc
        self._names = head_features(model)
        for name in self._names:
            model.graph.output.append(
                onnx.helper.make_tensor_value_info(name, onnx.TensorProto.FLOAT, None)
            )
        if free_size:
            dims = model.graph.input[0].type.tensor_type.shape.dim
            dims[2].dim_param, dims[3].dim_param = "height", "width"
            for output in model.graph.output:
                output.type.tensor_type.ClearField("shape")
            del model.graph.value_info[:]
        options = ort.SessionOptions()
        options.intra_op_num_threads = self.detector.threads
        options.inter_op_num_threads = 1
        options.log_severity_level = 3
        return ort.InferenceSession(
            model.SerializeToString(), options, providers=["CPUExecutionProvider"]
        )

    def detect_and_propose(self, image: Image, limit: int) -> tuple[list[Detection], FloatArray]:
        """As :meth:`.detectors.base.Detector.detect_and_propose`, keeping the maps."""
        self._prepare()
        detector = self.detector
        tensor, place = detector.preprocess(image)
        outputs = self._session.run(None, {detector.input_name: tensor})
        raw, proposals = detector.from_outputs(outputs[:1], place, image.shape[:2], limit)
        levels = [np.asarray(m[0]) for m in outputs[1:]]
        maps = [np.concatenate(levels[i : i + 3]) for i in range(0, len(levels), 3)]
        self._last = (image, maps, place)
        return detector.named(raw), proposals

    def propose(self, image: Image, limit: int) -> FloatArray:
        return self.detect_and_propose(image, limit)[1]

    def at(self, image: Image, boxes: FloatArray) -> FloatArray:
        """Unit vectors of the detector's features in ``boxes`` of ``image`` (the last frame
        analysed is not run again)."""
        if self._last is None or self._last[0] is not image:
            self.detect_and_propose(image, 0)
        assert self._last is not None
        return normalise(pool(self._last[1], self._last[2], boxes))
