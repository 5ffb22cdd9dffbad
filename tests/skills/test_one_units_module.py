"""language/measures.py is Homebody's one units module: the unit skill and recipes keep no alias
tables or pint registries of their own (issue 25, "one vocabulary")."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2] / "pipelines"
USERS = ["language/unit_parsing.py", "skills/units.py", "recipes/units.py", "recipes/densities.py"]


@pytest.mark.parametrize("name", USERS)
def test_unit_users_keep_no_aliases_or_registry(name: str) -> None:
    tree = ast.parse((ROOT / name).read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute | ast.Name):
            assert (node.attr if isinstance(node, ast.Attribute) else node.id) != "UnitRegistry"
        if isinstance(node, ast.Assign | ast.AnnAssign) and node in tree.body:
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                label = ast.unparse(target).upper()
                assert "ALIAS" not in label and "UNITS" not in label, f"{name}: {label}"


def test_spoken_and_written_units_share_canonical_names() -> None:
    from pipelines.language.measures import SPOKEN_UNITS, canonical_unit, is_known_unit

    for spoken, unit in SPOKEN_UNITS.items():
        if is_known_unit(unit):
            assert canonical_unit(unit) == unit, spoken


def test_kept_factors_give_pints_answers_bit_for_bit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every pair of spoken units pint converts by a factor (degrees included) is kept, and
    applying it gives exactly pint's number on many values; other pairs stay with pint."""
    import random

    import pint

    from pipelines.language import unit_factors
    from pipelines.language.measures import SPOKEN_UNITS, unit_registry

    monkeypatch.setenv("HOMEBODY_HOME", str(tmp_path))
    monkeypatch.setattr(unit_factors, "_loaded", None)
    registry = unit_registry()
    unit_factors.remember(registry)
    assert (tmp_path / "cache" / "pint" / unit_factors.FILE).is_file()
    monkeypatch.setattr(unit_factors, "_loaded", None)  # read back from the file
    rng = random.Random(3)
    values = [rng.uniform(-500, 5000) for _ in range(200)] + [0, 1, 0.5, 212, -40, 1 / 3]
    units = sorted(set(SPOKEN_UNITS.values()))
    kept = 0
    for source in units:
        for target in units:
            try:
                registry.Quantity(1, source).to(target)
            except pint.DimensionalityError:
                assert unit_factors.quick_convert(1.0, source, target) is None
                continue
            for value in values:
                quick = unit_factors.quick_convert(value, source, target)
                if source != target:
                    assert quick == registry.Quantity(value, source).to(target).magnitude
            kept += source != target
    assert kept > 150
    assert unit_factors.quick_convert(1.0, "acre", "hectare") is None  # pint's alone
