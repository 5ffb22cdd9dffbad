"""onnxruntime's static QDQ quantiser with Homebody's fixed settings, calibrating once.

Needs the ``onnx`` package (a Homebody dependency); imported only when quantising.
"""

from __future__ import annotations

import contextlib
import inspect
import io
from collections.abc import Sequence
from pathlib import Path
from typing import Any


class _Reader:
    """onnxruntime's CalibrationDataReader protocol over preprocessed frames."""

    def __init__(self, input_name: str, tensors: Sequence[Any]) -> None:
        self._items = iter([{input_name: t} for t in tensors])

    def get_next(self) -> dict[str, Any] | None:
        return next(self._items, None)


class StaticQuantizer:
    """Quantise one float model into QDQ int8 variants that differ in the nodes left in float.

    Per-channel (or per-tensor) int8 weights and uint8 activations, ranges from ``method``
    ("minmax", "entropy" or "percentile" at ``percentile``), asymmetric unless
    ``symmetric_activations`` (zero point fixed mid-range). onnxruntime versions with
    ``calibration_cache_path`` keep the calibrated ranges in ``cache``, so every variant after
    the first skips the slow calibration; older versions calibrate again.
    """

    def __init__(
        self,
        model: Path,
        input_name: str,
        tensors: Sequence[Any],
        cache: Path,
        *,
        per_channel: bool = True,
        method: str = "percentile",
        percentile: float = 99.99,
        op_types: Sequence[str] | None = ("Conv",),
        symmetric_activations: bool = False,
    ) -> None:
        # lazy: start-up speed (onnxruntime.quantization loads only when __init__() runs)
        from onnxruntime.quantization import quantize_static

        if method not in ("minmax", "entropy", "percentile"):
            raise ValueError(f"Unknown calibration method {method!r}")
        self.model, self.input_name, self.tensors = model, input_name, tensors
        self.per_channel, self.method, self.percentile = per_channel, method, percentile
        self.op_types = list(op_types) if op_types else None
        self.symmetric_activations = symmetric_activations
        caching = "calibration_cache_path" in inspect.signature(quantize_static).parameters
        self._cache = {"calibration_cache_path": str(cache)} if caching else {}

    def __call__(self, output: Path, exclude: Sequence[str]) -> Path:
        """Write the QDQ model with the nodes named in ``exclude`` left in float."""
        # lazy: start-up speed (onnxruntime.quantization loads only when __call__() runs)
        from onnxruntime.quantization import (
            CalibrationMethod,
            QuantFormat,
            QuantType,
            quantize_static,
        )

        methods = {
            "minmax": CalibrationMethod.MinMax,
            "entropy": CalibrationMethod.Entropy,
            "percentile": CalibrationMethod.Percentile,
        }
        with contextlib.redirect_stdout(io.StringIO()):  # the calibrator prints progress
            quantize_static(
                str(self.model),
                str(output),
                _Reader(self.input_name, self.tensors),
                quant_format=QuantFormat.QDQ,
                activation_type=QuantType.QUInt8,
                weight_type=QuantType.QInt8,
                per_channel=self.per_channel,
                calibrate_method=methods[self.method],
                nodes_to_exclude=list(exclude),
                op_types_to_quantize=self.op_types,
                extra_options={
                    "CalibPercentile": self.percentile,
                    "ActivationSymmetric": self.symmetric_activations,
                },
                **self._cache,
            )
        return output
