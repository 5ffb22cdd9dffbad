"""pint's conversions between the spoken units, kept so that a conversion does not import pint.

Importing pint costs ~150 ms (and numpy, which pint loads, ~45 ms more): most of what a
one-shot ``homebody ask "convert 5 miles to km"`` would spend. When pint is loaded anyway (the
first conversion in a home, or a unit the alias tables do not know), :func:`remember` asks it
for the factor of every pair of spoken units (:data:`~.measures.SPOKEN_UNITS`) and keeps them
beside pint's own definitions cache; :func:`quick_convert` then applies a factor the same way
pint does (``value * factor``; for degrees, pint's offset steps in pint's order), so the answer
is bit-for-bit pint's. Each pair is checked against pint on sample values before it is kept,
and the file names the pint installation it came from: another pint version starts afresh.
Rates ("km/h"), units only pint knows ("acres") and the cases that need more than a factor
(cups to grams with a density) go to pint as before.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..core.paths import AppPaths, code_stamp
from .measures import SPOKEN_UNITS

FILE = "spoken-unit-factors.json"
_SAMPLES = (0.0, 1.0, 2.5, 5.0, 37.0, 350.0, 0.1, 1 / 3, 1e-3, 1e6)
_loaded: dict[str, Any] | None = None


def _pint_stamp() -> str:
    """Which pint installation the factors come from."""
    return code_stamp("pint")


def _folder() -> Path:
    return AppPaths.from_environment().cache_dir / "pint"


def _table() -> dict[str, Any]:
    global _loaded
    if _loaded is None:
        try:
            data = json.loads((_folder() / FILE).read_text(encoding="utf-8"))
            ok = isinstance(data, dict) and data.get("pint") == _pint_stamp()
            _loaded = data["pairs"] if ok and isinstance(data.get("pairs"), dict) else {}
        except (OSError, ValueError, KeyError):
            _loaded = {}
    return _loaded


def _apply(step: dict[str, Any], value: float) -> float:
    """pint's arithmetic for one conversion (nonmultiplicative/registry.py ``_convert``)."""
    if step.get("src"):
        scale, offset = step["src"]
        value = value * scale + offset
    value = value * step["factor"]
    if step.get("dst"):
        scale, offset = step["dst"]
        value = (value - offset) / scale
    return value


def quick_convert(quantity: float, source: str, target: str) -> float | None:
    """``quantity`` of ``source`` in ``target`` (pint unit names) as pint gives it, or None
    when no kept factor covers the pair."""
    step = _table().get(f"{source}>{target}")
    return None if step is None else float(_apply(step, float(quantity)))


def _offset(registry: Any, unit: str) -> list[float] | None:
    """Scale and offset of a unit with an offset (degrees Celsius and Fahrenheit)."""
    if registry.Quantity(1.0, unit)._is_multiplicative:
        return None
    converter = registry._units[unit].converter  # pint's definition of an offset unit
    return [float(converter.scale), float(converter.offset)]


def _step(registry: Any, source: str, target: str) -> dict[str, Any] | None:
    """The factor pint uses from ``source`` to ``target``, if pint converts them by one."""
    # lazy: start-up speed (pint loads only when factors are worked out)
    import pint

    try:
        src, dst = _offset(registry, source), _offset(registry, target)
        # offset units (degrees) go through their reference unit, kelvin, as in pint
        frm, to = ("kelvin" if src else source), ("kelvin" if dst else target)
        factor = registry.Quantity(1.0, frm).to(to).magnitude
        step = {"factor": float(factor), "src": src, "dst": dst}
        for value in _SAMPLES:
            if _apply(step, value) != registry.Quantity(value, source).to(target).magnitude:
                return None
    except (pint.PintError, AttributeError, KeyError, TypeError, ValueError):
        return None
    return step


def remember(registry: Any) -> None:
    """Work out and keep the factors of every pair of spoken units (once per pint install)."""
    global _loaded
    if _table():
        return
    units = sorted(set(SPOKEN_UNITS.values()))
    pairs = {}
    for source in units:
        for target in units:
            step = _step(registry, source, target) if source != target else None
            if step is not None:
                pairs[f"{source}>{target}"] = step
    _loaded = pairs
    # lazy: start-up speed (..core.private_fs loads only when factors are written)
    from ..core.private_fs import private_dir, write_private

    try:
        folder = _folder()
        private_dir(folder)
        text = json.dumps({"pint": _pint_stamp(), "pairs": pairs}, sort_keys=True)
        write_private(folder / FILE, text.encode("utf-8"), sync=False)
    except OSError:  # a read-only cache folder only costs time
        pass
