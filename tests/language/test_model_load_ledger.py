"""Loading the intent model is recorded in the privacy ledger with its real sha256."""

from __future__ import annotations

from typing import Any

import pytest

from pipelines.language.loader import load_recognizer
from pipelines.models.manifest import load_manifest
from pipelines.models.verify import cached_sha256, sha256_of


def test_model_load_records_the_files_sha256(app: Any) -> None:
    recognizer = load_recognizer(app)
    if recognizer.name == "none":
        pytest.skip("the intent model is not bundled in this checkout")
    recognizer.prepare()
    [entry] = app.ledger.entries(kind="model_loaded")
    expected = {f.name: f.sha256 for f in load_manifest()["homebody-intent"].files}
    assert entry.detail["model"] == "homebody-intent"
    assert entry.detail["sha256"] == expected[entry.detail["file"]]


def test_cached_sha256_notices_a_changed_file(tmp_path: Any) -> None:
    model = tmp_path / "m.onnx"
    model.write_bytes(b"first")
    cache = tmp_path / "cache"
    assert cached_sha256(model, cache) == sha256_of(model)
    assert (cache / "m.onnx.sha256").exists()
    model.write_bytes(b"second version")  # new size: the memo no longer applies
    assert cached_sha256(model, cache) == sha256_of(model)
