"""The PyInstaller spec, hooks and entry point, checked without running PyInstaller.

The spec is executed with recording stand-ins for PyInstaller's build objects, so the test
sees exactly the datas, excludes, hidden imports and executables a real build would get."""

from __future__ import annotations

import ast
import re
import sys
import types
from pathlib import Path
from typing import Any, ClassVar

import pytest
from homebody_packaging import bundle_data
from homebody_packaging.constants import PACKAGING, ROOT

SPEC = PACKAGING / "homebody.spec"


class Recorder:
    """Stands in for Analysis/PYZ/EXE/COLLECT/BUNDLE and remembers its arguments."""

    made: ClassVar[list[Recorder]] = []

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.args, self.kwargs = args, kwargs
        self.binaries: list[tuple[str, str, str]] = [
            ("PySide6/Qt/translations/qt_de.qm", "/x/qt_de.qm", "DATA"),
            ("PySide6/Qt/lib/libQt6Core.so.6", "/x/libQt6Core.so.6", "BINARY"),
        ]
        self.datas = list(kwargs.get("datas", []))
        self.pure: list[Any] = []
        self.scripts: list[tuple[str, str, str]] = [
            ("pyi_rth_nltk", "/x/pyi_rth_nltk.py", "PYSOURCE"),
            ("pyi_rth_pyside6", "/x/pyi_rth_pyside6.py", "PYSOURCE"),
            ("homebody_main", str(PACKAGING / "homebody_main.py"), "PYSOURCE"),
        ]
        Recorder.made.append(self)


def run_spec(platform: str, monkeypatch: pytest.MonkeyPatch) -> dict[str, list[Recorder]]:
    hooks = types.ModuleType("PyInstaller.utils.hooks")
    hooks.collect_submodules = lambda package: [f"{package}.everything"]  # type: ignore[attr-defined]
    for name in ("PyInstaller", "PyInstaller.utils"):
        monkeypatch.setitem(sys.modules, name, types.ModuleType(name))
    monkeypatch.setitem(sys.modules, "PyInstaller.utils.hooks", hooks)
    monkeypatch.setattr(sys, "platform", platform)
    Recorder.made = []
    kinds = {k: type(k, (Recorder,), {}) for k in ("Analysis", "PYZ", "EXE", "COLLECT", "BUNDLE")}
    namespace: dict[str, Any] = {"SPECPATH": str(PACKAGING), "__file__": str(SPEC), **kinds}
    exec(compile(SPEC.read_text(encoding="utf-8"), str(SPEC), "exec"), namespace)
    return {k: [r for r in Recorder.made if type(r).__name__ == k] for k in kinds}


def test_spec_is_valid_python() -> None:
    ast.parse(SPEC.read_text(encoding="utf-8"))


def test_linux_spec_makes_one_folder_build(monkeypatch: pytest.MonkeyPatch) -> None:
    made = run_spec("linux", monkeypatch)
    (analysis,) = made["Analysis"]
    assert analysis.args[0] == [str(PACKAGING / "homebody_main.py")]
    assert analysis.kwargs["datas"] == bundle_data.data_files(ROOT)
    assert set(bundle_data.EXCLUDED_MODULES) <= set(analysis.kwargs["excludes"])
    assert {"app.everything", "pipelines.everything"} <= set(analysis.kwargs["hiddenimports"])
    assert analysis.kwargs["hookspath"] == [str(PACKAGING / "hooks")]
    # Dropped files are filtered out after the analysis.
    assert [b[0] for b in analysis.binaries] == ["PySide6/Qt/lib/libQt6Core.so.6"]
    # ...and so is the nltk runtime hook, while the app's own script stays.
    assert [s[0] for s in analysis.scripts] == ["pyi_rth_pyside6", "homebody_main"]
    (exe,) = made["EXE"]
    assert exe.kwargs["name"] == "homebody" and exe.kwargs["console"] is True
    assert exe.kwargs["exclude_binaries"] is True  # one-folder, not one-file
    (coll,) = made["COLLECT"]
    assert coll.kwargs["name"] == "homebody"
    assert made["BUNDLE"] == []


def test_windows_spec_adds_a_windowed_exe_for_the_start_menu(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    made = run_spec("win32", monkeypatch)
    names = {e.kwargs["name"]: e.kwargs["console"] for e in made["EXE"]}
    assert names == {"homebody": True, "homebody-gui": False}
    (coll,) = made["COLLECT"]
    assert len([a for a in coll.args if type(a).__name__ == "EXE"]) == 2


def test_macos_spec_makes_an_app_that_may_use_mic_and_camera(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    made = run_spec("darwin", monkeypatch)
    (app,) = made["BUNDLE"]
    assert app.kwargs["name"] == "Homebody.app"
    assert app.kwargs["bundle_identifier"] == bundle_data.BUNDLE_ID
    plist = app.kwargs["info_plist"]
    assert plist["CFBundleShortVersionString"] == bundle_data.project_version(ROOT)
    assert "never leaves" in plist["NSMicrophoneUsageDescription"]
    assert plist["NSCameraUsageDescription"]


@pytest.mark.parametrize("hook", sorted((PACKAGING / "hooks").glob("hook-*.py")), ids=str)
def test_hooks_name_installed_packages(hook: Path) -> None:
    ast.parse(hook.read_text(encoding="utf-8"))
    package = hook.stem.removeprefix("hook-")
    import importlib.metadata
    import importlib.util

    assert importlib.util.find_spec(package) is not None, f"{hook.name}: no package {package}"
    # Metadata the hook copies must belong to an installed distribution.
    for dist in re.findall(r'copy_metadata\("([^"]+)"\)', hook.read_text(encoding="utf-8")):
        importlib.metadata.distribution(dist)


def test_hooks_cover_the_packages_that_read_files_next_to_their_code() -> None:
    hooks = {p.stem.removeprefix("hook-") for p in (PACKAGING / "hooks").glob("hook-*.py")}
    assert {"pocketsphinx", "pymicro_wakeword", "vosk", "ingredient_parser", "mf2py"} <= hooks


def test_entry_point_runs_the_cli() -> None:
    tree = ast.parse((PACKAGING / "homebody_main.py").read_text(encoding="utf-8"))
    imports = {
        (node.module, alias.name)
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom)
        for alias in node.names
    }
    assert ("app.cli.main", "main") in imports
