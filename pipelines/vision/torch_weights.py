"""Read a PyTorch ``.pth`` state dict into NumPy arrays without importing torch.

Supports both of torch's file formats: the legacy one (a run of pickles followed by raw
storages, what ``torch.save`` wrote before 1.6) and the zip one (``archive/data.pkl`` plus
``archive/data/N``). Only plain tensors in (ordered) dicts are understood; anything else in the
pickle is refused — a weights file is data, and no code from it is ever run.
"""

from __future__ import annotations

import pickle
import struct
import zipfile
from collections import OrderedDict
from pathlib import Path
from typing import IO, Any

import numpy as np

from ..core.errors import ModelError

_DTYPES = {
    "FloatStorage": np.float32,
    "DoubleStorage": np.float64,
    "HalfStorage": np.float16,
    "LongStorage": np.int64,
    "IntStorage": np.int32,
    "ShortStorage": np.int16,
    "CharStorage": np.int8,
    "ByteStorage": np.uint8,
    "BoolStorage": np.bool_,
}
_LEGACY_MAGIC = 0x1950A86A20F9469CFC6C


class _StorageType:
    def __init__(self, name: str) -> None:
        self.dtype = np.dtype(_DTYPES[name])


class _TensorRef:
    def __init__(self, key: str, offset: int, size: tuple[int, ...], stride: tuple[int, ...]):
        self.key, self.offset, self.size, self.stride = key, offset, size, stride


def _rebuild_tensor(storage: Any, offset: int, size: Any, stride: Any, *_rest: Any) -> _TensorRef:
    return _TensorRef(storage, int(offset), tuple(size), tuple(stride))


class _Unpickler(pickle.Unpickler):
    def __init__(self, file: IO[bytes], storage_types: dict[str, _StorageType]) -> None:
        super().__init__(file)
        self.storage_types = storage_types

    def find_class(self, module: str, name: str) -> Any:
        if module == "collections" and name == "OrderedDict":
            return OrderedDict
        if module == "torch._utils" and name in ("_rebuild_tensor_v2", "_rebuild_tensor"):
            return _rebuild_tensor
        if module == "torch" and name in _DTYPES:
            return _StorageType(name)
        raise ModelError(f"The weights file holds {module}.{name}, which is not plain weights.")

    def persistent_load(self, pid: Any) -> Any:
        # ('storage', storage_type, key, location, numel[, view_metadata])
        kind, storage_type, key = pid[0], pid[1], str(pid[2])
        if kind != "storage" or not isinstance(storage_type, _StorageType):
            raise ModelError("The weights file has an unknown storage record.")
        self.storage_types[key] = storage_type
        return key


def _materialise(refs: Any, storages: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    out: dict[str, np.ndarray] = {}
    for name, ref in refs.items():
        if not isinstance(ref, _TensorRef):
            continue  # e.g. BatchNorm's num_batches_tracked is a tensor too; others are skipped
        flat = storages[ref.key]
        item = flat.dtype.itemsize
        strides = tuple(s * item for s in ref.stride)
        view = np.lib.stride_tricks.as_strided(flat[ref.offset :], ref.size, strides)
        out[str(name)] = np.array(view)
    return out


def _load_legacy(path: Path) -> dict[str, np.ndarray]:
    with path.open("rb") as f:
        if pickle.load(f) != _LEGACY_MAGIC:
            raise ModelError(f"{path.name} is not a PyTorch weights file.")
        pickle.load(f)
        pickle.load(f)
        types: dict[str, _StorageType] = {}
        refs = _Unpickler(f, types).load()
        keys = pickle.load(f)
        storages: dict[str, np.ndarray] = {}
        for key in keys:
            (count,) = struct.unpack("<q", f.read(8))
            dtype = types[str(key)].dtype
            storages[str(key)] = np.frombuffer(f.read(count * dtype.itemsize), dtype=dtype)
    return _materialise(refs, storages)


def _load_zip(path: Path) -> dict[str, np.ndarray]:
    with zipfile.ZipFile(path) as zf:
        names = zf.namelist()
        pkl = next(n for n in names if n.endswith("data.pkl"))
        root = pkl[: -len("data.pkl")]
        types: dict[str, _StorageType] = {}
        with zf.open(pkl) as f:
            refs = _Unpickler(f, types).load()
        storages = {
            key: np.frombuffer(zf.read(f"{root}data/{key}"), dtype=t.dtype)
            for key, t in types.items()
        }
    return _materialise(refs, storages)


def load_state_dict(path: Path) -> dict[str, np.ndarray]:
    """name -> array for every tensor in a ``.pth`` state dict."""
    try:
        if zipfile.is_zipfile(path):
            return _load_zip(path)
        return _load_legacy(path)
    except (OSError, EOFError, pickle.UnpicklingError, struct.error, KeyError) as exc:
        raise ModelError(f"Cannot read the weights file {path.name}: {exc}") from exc
