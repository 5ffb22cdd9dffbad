"""skills/measures.py is Homebody's one units module: the unit skill and recipes keep no alias
tables or pint registries of their own (issue 25, "one vocabulary")."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2] / "pipelines"
USERS = ["skills/unit_parsing.py", "skills/units.py", "recipes/units.py", "recipes/densities.py"]


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
    from pipelines.skills.measures import SPOKEN_UNITS, canonical_unit, is_known_unit

    for spoken, unit in SPOKEN_UNITS.items():
        if is_known_unit(unit):
            assert canonical_unit(unit) == unit, spoken
