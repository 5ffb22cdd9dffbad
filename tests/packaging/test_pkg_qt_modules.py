"""Which Qt the app needs: PySide6-Essentials alone, and no network-information plugin.

pyproject.toml depends on ``PySide6-Essentials`` only (issue 25): ``PySide6-Addons`` is 160 MB
installed (WebEngine, Multimedia, 3D, Charts...) and nothing Homebody runs imports it. The
frozen build drops Qt's network-information plugins (bundle_data.DROPPED_FILES), which only
``QNetworkInformation`` loads."""

from __future__ import annotations

import ast
import importlib.metadata
import tomllib
from pathlib import Path

import pytest
from homebody_packaging import bundle_data
from homebody_packaging.constants import ROOT

SHIPPED = ("app", "pipelines")
"""What the installers carry and a source install runs (tests and bench are dev tools)."""


def _python_files() -> list[Path]:
    return sorted(f for folder in SHIPPED for f in (ROOT / folder).rglob("*.py"))


def qt_modules_imported(source: str) -> set[str]:
    """``PySide6.QtX`` modules a Python source imports (``import``/``from`` forms)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module]
            if node.module == "PySide6":
                names = [f"PySide6.{alias.name}" for alias in node.names]
        else:
            continue
        found.update(".".join(n.split(".")[:2]) for n in names if n.startswith("PySide6."))
    return found


def test_the_import_scan_sees_every_form() -> None:
    source = (
        "import PySide6.QtCore\n"
        "from PySide6.QtGui import QIcon\n"
        "from PySide6 import QtWidgets, QtMultimedia\n"
        "def f():\n    from PySide6.QtSvg import QSvgRenderer\n"
    )
    assert qt_modules_imported(source) == {
        "PySide6.QtCore",
        "PySide6.QtGui",
        "PySide6.QtWidgets",
        "PySide6.QtMultimedia",
        "PySide6.QtSvg",
    }


def test_pyproject_depends_on_pyside6_essentials_only() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    names = [dep.split(";")[0].split(">=")[0].strip().lower() for dep in project["dependencies"]]
    assert "pyside6-essentials" in names
    assert "pyside6-addons" not in names and "pyside6" not in names


def test_every_qt_module_the_app_imports_comes_with_essentials() -> None:
    try:
        files = importlib.metadata.files("PySide6-Essentials") or []
    except importlib.metadata.PackageNotFoundError:
        pytest.skip("PySide6-Essentials is not installed here: nothing to compare with")
    essentials = {
        f"PySide6.{Path(str(f)).name.split('.')[0]}"
        for f in files
        if str(f).startswith("PySide6/Qt") and str(f).endswith((".so", ".pyd"))
    }
    assert {"PySide6.QtCore", "PySide6.QtWidgets", "PySide6.QtSvg"} <= essentials
    imported: dict[str, set[str]] = {}
    for path in _python_files():
        for module in qt_modules_imported(path.read_text(encoding="utf-8")):
            imported.setdefault(module, set()).add(str(path.relative_to(ROOT)))
    assert imported, "no Qt import found: the scan is broken"
    outside = {m: sorted(where) for m, where in imported.items() if m not in essentials}
    assert not outside, f"Qt modules from PySide6-Addons (not a dependency): {outside}"


def test_network_information_plugins_are_dropped_and_never_used() -> None:
    plugins = "PySide6/Qt/plugins/networkinformation"
    for name in ("libqglib.so", "libqnetworkmanager.so", "libqconnman.so"):
        assert bundle_data.is_dropped(f"{plugins}/{name}"), name
    users = [
        str(path.relative_to(ROOT))
        for path in _python_files()
        if "QNetworkInformation" in path.read_text(encoding="utf-8")
    ]
    assert not users, f"QNetworkInformation needs the dropped plugins: {users}"
