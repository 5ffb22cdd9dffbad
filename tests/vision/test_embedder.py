"""EfficientNet-Lite0 from the PyPI wheel's .pth, read and rebuilt as ONNX without torch."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from pipelines.core.errors import ModelError
from pipelines.vision.embedder import ImageEmbedder, ensure_onnx, weights_path
from pipelines.vision.torch_weights import load_state_dict

from .conftest import read

ESPRESSO, CUP, COFFEE_MUG = 967, 968, 504  # ImageNet class indices
BALLPOINT, FOUNTAIN_PEN = 418, 563
TABBY, TIGER_CAT, EGYPTIAN_CAT = 281, 282, 285


@pytest.fixture(scope="module")
def embedder(tmp_path_factory: pytest.TempPathFactory) -> ImageEmbedder:
    return ImageEmbedder(tmp_path_factory.mktemp("models"))


def test_state_dict_is_read_without_torch() -> None:
    weights = load_state_dict(weights_path())
    assert weights["_conv_stem.weight"].shape == (32, 3, 3, 3)
    assert weights["_fc.weight"].shape == (1000, 1280)
    assert sum(v.size for v in weights.values()) == 4_694_073


def test_a_pickle_with_code_is_refused(tmp_path: Path) -> None:
    import os
    import pickle

    class Evil:
        def __reduce__(self) -> Any:
            return (os.system, ("echo pwned",))

    path = tmp_path / "evil.pth"
    with path.open("wb") as f:
        for part in (0x1950A86A20F9469CFC6C, 1001, {}):
            pickle.dump(part, f)
        pickle.dump({"w": Evil()}, f)
    with pytest.raises(ModelError, match="not plain weights"):
        load_state_dict(path)


def test_the_rebuilt_network_names_real_photos(
    embedder: ImageEmbedder, photos: dict[str, Path]
) -> None:
    import cv2

    def top5(image: Any) -> set[int]:
        x = cv2.resize(image, (224, 224))[:, :, ::-1].astype(np.float32).transpose(2, 0, 1)
        logits = embedder.session.run(["logits"], {"image": x[None]})[0][0]
        return set(np.argsort(-logits)[:5].tolist())

    assert top5(read(photos["coffee"])) & {ESPRESSO, CUP, COFFEE_MUG}
    assert top5(read(photos["cat"])) & {TABBY, TIGER_CAT, EGYPTIAN_CAT}
    pen = photos["coffee"].parent / "max_a-pen-i-am.jpg"
    assert top5(read(pen)) & {BALLPOINT, FOUNTAIN_PEN}


def test_embeddings_are_unit_vectors_and_alike_for_alike(
    embedder: ImageEmbedder, photos: dict[str, Path]
) -> None:
    cup, cat = read(photos["coffee"]), read(photos["cat"])
    vectors = embedder.embed([cup, cup[:, ::-1], cat])
    assert vectors.shape == (3, 1280)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2] + 0.2


def test_a_changed_onnx_file_is_rebuilt(tmp_path: Path) -> None:
    path = ensure_onnx(tmp_path)
    receipt = json.loads((path.parent / ".efficientnet_lite0.built.json").read_text())
    assert receipt["weights_sha256"].startswith("579344248a93")
    path.write_bytes(b"tampered")
    assert ensure_onnx(tmp_path).stat().st_size > 10_000_000
