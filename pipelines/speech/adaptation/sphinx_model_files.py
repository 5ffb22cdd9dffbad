"""Reading and writing the CMU Sphinx acoustic-model files speaker adaptation needs.

PocketSphinx's wheel ships its mixture weights only as ``sendump``: 8-bit quantised negative
log weights, laid out [feature stream][codeword][senone]. SphinxTrain's ``bw`` and
``map_adapt`` read the Sphinx-III ``mixture_weights`` file instead (float32,
[senone][stream][codeword], each senone's weights summing to one per stream), so
:func:`sendump_to_mixture_weights` converts one into the other. ``mk_s2sendump`` converts
back, byte for byte except weights below its floor (tests/speech/test_voice_profile.py).
"""

from __future__ import annotations

import struct
from pathlib import Path
from typing import Any

import numpy as np

from ...core.errors import ModelError

LOG_BASE = 1.0001
"""Sphinx's integer log base: a stored value q stands for LOG_BASE ** -(q << mixw_shift)."""
S3_BYTE_ORDER_MAGIC = 0x11223344


def model_dir() -> Path:
    """The US-English acoustic model and dictionary folder of the PocketSphinx wheel."""
    import pocketsphinx  # lazy: loads the native decoder (start-up speed)

    return Path(pocketsphinx.get_model_path()) / "en-us"


def read_sendump(path: Path) -> Any:
    """The mixture weights of a PocketSphinx ``sendump`` as float64 [senone][stream][codeword]."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ModelError(f"Cannot read the acoustic model's sendump ({path}): {exc}") from exc
    at, shift, streams, clusters = 0, 10, 0, 0
    try:
        while True:  # a header of length-prefixed, NUL-terminated "key value" strings
            (size,) = struct.unpack_from("<i", data, at)
            at += 4
            if size == 0:
                break
            key, _, value = data[at : at + size - 1].decode("latin-1").partition(" ")
            at += size
            if key == "feature_count":
                streams = int(value)
            elif key == "mixw_shift":
                shift = int(value)
            elif key == "cluster_count":
                clusters = int(value)
        codewords, senones = struct.unpack_from("<ii", data, at)
        at += 8
    except (struct.error, ValueError) as exc:
        raise ModelError(f"{path} is not a PocketSphinx sendump file: {exc}") from exc
    if clusters:
        raise ModelError(f"{path}: clustered (compressed) sendump files are not supported.")
    raw = np.frombuffer(data, dtype=np.uint8, offset=at)
    if raw.size != streams * codewords * senones:
        raise ModelError(
            f"{path} is truncated or damaged: {raw.size} weights, expected "
            f"{streams} x {codewords} x {senones}."
        )
    neg_log = raw.reshape(streams, codewords, senones).astype(np.float64) * (1 << shift)
    weights = np.power(LOG_BASE, -neg_log).transpose(2, 0, 1)
    return weights / weights.sum(axis=2, keepdims=True)


def write_mixture_weights(path: Path, weights: Any) -> None:
    """A Sphinx-III ``mixture_weights`` file (float32, little-endian, no checksum)."""
    array = np.ascontiguousarray(weights, dtype="<f4")
    if array.ndim != 3:
        raise ModelError(f"Mixture weights must be [senone][stream][codeword], got {array.shape}.")
    # The header must not name a checksum at all: with "chksum0" present, readers expect one.
    header = b"s3\nversion 1.0\n"
    padding = (len(header) + len(b"endhdr\n")) % 4
    header += (b" " * (4 - padding) if padding else b"") + b"endhdr\n"
    d1, d2, d3 = array.shape
    with path.open("wb") as fh:
        fh.write(header + struct.pack("<i", S3_BYTE_ORDER_MAGIC))
        fh.write(struct.pack("<IIII", d1, d2, d3, d1 * d2 * d3))
        fh.write(array.tobytes())


def sendump_to_mixture_weights(sendump: Path, out: Path) -> tuple[int, int, int]:
    """Convert; returns the (senones, streams, codewords) shape written."""
    weights = read_sendump(sendump)
    write_mixture_weights(out, weights)
    return tuple(int(n) for n in weights.shape)  # type: ignore[return-value]
