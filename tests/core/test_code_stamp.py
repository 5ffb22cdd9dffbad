"""code_stamp names the installed code caches are derived from (pint's factors, the place
table, settings checked against the schema), without importing it and without failing where
modules have no files (a frozen build)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from pipelines.core.paths import code_stamp


def test_a_module_file_changes_its_stamp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    module = tmp_path / "stamped_mod.py"
    module.write_text("X = 1\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    first = code_stamp("stamped_mod")
    assert "stamped_mod" not in sys.modules  # found, not imported
    module.write_text("X = 1\nY = 2\n", encoding="utf-8")
    assert code_stamp("stamped_mod") != first


def test_modules_without_files_fall_back_to_the_executable() -> None:
    executable = code_stamp("sys")  # built in: no file, as modules in a frozen build
    assert executable == code_stamp("no_such_module_anywhere")
    assert code_stamp("sys", "json").startswith(executable + "-")
