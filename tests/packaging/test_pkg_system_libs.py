"""The system libraries the Linux build leaves to the distribution (packaging/system_libraries.py):
real sonames owned by the Debian packages the table names, declared by the .deb, checked by the
tarball's install.sh, and explained by the frozen entry point when one is missing."""

from __future__ import annotations

import ctypes
import importlib
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from homebody_packaging import bundle_data, linux_packages, system_libraries

linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux only")

KEPT = (
    "libportaudio.so.2",  # not on every desktop
    "libcrypto.so.3",  # OpenSSL 3: not on older distributions
    "libssl.so.3",
    "libsqlite3.so.0",
    "libffi.so.8",  # libffi.so.7 on older distributions
    "libbz2.so.1.0",  # Debian's soname; Fedora ships libbz2.so.1
    "libpython3.11.so.1.0",
)


def test_only_top_level_system_copies_are_left_out() -> None:
    assert bundle_data.is_system_library("libX11.so.6")
    assert bundle_data.is_system_library("libglib-2.0.so.0")
    assert bundle_data.is_system_library("libstdc++.so.6")
    for kept in KEPT:
        assert not bundle_data.is_system_library(kept), kept
    # Copies vendored in a wheel's folder (renamed or not) and Qt's own libraries stay.
    assert not bundle_data.is_system_library("numpy.libs/libz.so.1")
    assert not bundle_data.is_system_library("PySide6/Qt/lib/libQt6Gui.so.6")
    assert not bundle_data.is_system_library("PySide6/Qt/lib/libicudata.so.73")


def test_the_deb_depends_on_every_left_out_library() -> None:
    depends = set(linux_packages.DEB_DEPENDS)
    for soname, (package, _purpose) in system_libraries.SYSTEM_LIBRARIES.items():
        assert package in depends, f"{soname}: the .deb does not depend on {package}"
    assert len(linux_packages.DEB_DEPENDS) == len(depends), "a dependency is listed twice"


@linux_only
def test_every_left_out_library_loads_here() -> None:
    """The sonames are real: scripts/install-system-deps installs what the app now needs."""
    assert system_libraries.missing(system_libraries.SYSTEM_LIBRARIES) == []


@linux_only
def test_the_debian_packages_named_own_the_libraries() -> None:
    if shutil.which("dpkg-query") is None:
        pytest.skip("not a Debian system")
    for soname, (package, _purpose) in system_libraries.SYSTEM_LIBRARIES.items():
        result = subprocess.run(
            ["dpkg-query", "-S", f"*/{soname}"], capture_output=True, text=True, check=False
        )
        owners = {line.split(":")[0] for line in result.stdout.splitlines() if line.strip()}
        assert owners & set(package.split(" | ")), f"{soname} belongs to {owners}, not {package}"


def test_missing_names_what_the_loader_cannot_find() -> None:
    present = "libc.so.6" if sys.platform.startswith("linux") else None
    names = ["libhomebody-nowhere.so.7"] + ([present] if present else [])
    assert system_libraries.missing(names) == ["libhomebody-nowhere.so.7"]


def test_the_window_needs_x11_only_on_x11() -> None:
    on_x11 = system_libraries.window_libraries({"DISPLAY": ":0"})
    offscreen = system_libraries.window_libraries({"QT_QPA_PLATFORM": "offscreen"})
    wayland = system_libraries.window_libraries({"WAYLAND_DISPLAY": "wayland-0"})
    assert "libxcb-cursor.so.0" in on_x11 and "libglib-2.0.so.0" in on_x11
    assert "libxcb-cursor.so.0" not in offscreen and "libglib-2.0.so.0" in offscreen
    assert "libX11.so.6" not in wayland and "libfontconfig.so.1" in wayland
    assert "libasound.so.2" not in on_x11  # sound is checked where it is used


@linux_only
def test_a_real_loader_error_is_explained_with_the_package() -> None:
    with pytest.raises(OSError) as caught:
        ctypes.CDLL("libhomebody-nowhere.so.7")
    text = system_libraries.explain_load_error(caught.value)
    assert text is not None and "libhomebody-nowhere.so.7" in text
    error = ImportError(
        "libglib-2.0.so.0: cannot open shared object file: No such file or directory"
    )
    text = system_libraries.explain_load_error(error)
    assert text is not None
    assert "libglib-2.0.so.0" in text and "sudo apt-get install libglib2.0-0" in text
    assert system_libraries.explain_load_error(ImportError("No module named 'vosk'")) is None


@linux_only
def test_the_frozen_entry_point_names_missing_window_libraries(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    main = importlib.import_module("homebody_main")
    monkeypatch.setattr(sys, "argv", ["homebody"])
    monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)  # an X11 desktop
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.setattr(main, "add_downloaded_engines", lambda: None)
    monkeypatch.setattr(
        system_libraries, "missing", lambda names: [n for n in names if "xcb-cursor" in n]
    )
    monkeypatch.setattr(main, "main", lambda: pytest.fail("the window must not be opened"))
    assert main.run() == 1
    err = capsys.readouterr().err
    assert "libxcb-cursor.so.0" in err and "sudo apt-get install libxcb-cursor0" in err


@linux_only
def test_install_sh_reports_missing_system_libraries(tmp_path: Path) -> None:
    ldconfig = shutil.which("ldconfig") or "/sbin/ldconfig"
    if not Path(ldconfig).exists():
        pytest.skip("no ldconfig")
    script = linux_packages.install_script()
    here = tmp_path / "unpacked"
    (here / "homebody").mkdir(parents=True)
    (here / "homebody" / "homebody").write_text("#!/bin/sh\n")
    for name in ("homebody.svg", "homebody.desktop"):
        (here / name).write_text("x\n")
    env = {"HOME": str(tmp_path / "home"), "PATH": "/usr/bin:/bin:/usr/sbin:/sbin"}

    def install(text: str) -> str:
        (here / "install.sh").write_text(text)
        done = subprocess.run(
            ["sh", str(here / "install.sh")], env=env, capture_output=True, text=True, check=True
        )
        return done.stdout

    assert "lacks" not in install(script)  # this machine has them all
    fake = script.replace("libuuid.so.1=libuuid1", "libuuid.so.1=libuuid1 libnope.so.3=nope3")
    out = install(fake)
    assert "lacks: libnope.so.3" in out and "Debian/Ubuntu: nope3" in out
