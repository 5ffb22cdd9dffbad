"""Linux packages: .desktop file, .tar.gz with install.sh, .deb (packaging/linux_packages.py).

Built from a small fake one-folder bundle (a shell script standing in for the frozen app), so
these tests are fast and need no PyInstaller build."""

from __future__ import annotations

import os
import shutil
import subprocess
import tarfile
from pathlib import Path

import pytest
from homebody_packaging import linux_packages as linux

pytestmark = pytest.mark.skipif(os.name != "posix", reason="Linux packaging")


@pytest.fixture
def bundle(tmp_path: Path) -> Path:
    folder = tmp_path / "dist" / "homebody"
    (folder / "_internal" / "assets").mkdir(parents=True)
    (folder / "_internal" / "assets" / "data.txt").write_text("bundled")
    exe = folder / "homebody"
    exe.write_text('#!/bin/sh\necho "fake homebody $*"\n')
    exe.chmod(0o755)
    return folder


def _validate(desktop: Path) -> None:
    tool = shutil.which("desktop-file-validate")
    if tool is None:
        pytest.skip("desktop-file-validate is not installed (apt install desktop-file-utils)")
    result = subprocess.run([tool, str(desktop)], capture_output=True, text=True)
    assert result.returncode == 0 and not result.stdout.strip(), result.stdout + result.stderr


def test_desktop_entry_fields() -> None:
    text = linux.desktop_entry("homebody")
    lines = text.splitlines()
    assert lines[0] == "[Desktop Entry]"
    fields = dict(line.split("=", 1) for line in lines[1:] if line)
    assert fields["Type"] == "Application" and fields["Exec"] == "homebody"
    assert fields["Icon"] == "homebody" and fields["Terminal"] == "false"
    assert fields["Categories"].endswith(";")


def test_desktop_entry_validates(tmp_path: Path) -> None:
    desktop = tmp_path / "homebody.desktop"
    desktop.write_text(linux.desktop_entry("homebody"))
    _validate(desktop)
    desktop.write_text(linux.desktop_entry("/home/user/.local/opt/homebody/homebody"))
    _validate(desktop)


def test_tarball_layout_and_modes(bundle: Path, tmp_path: Path) -> None:
    target = linux.make_tarball(bundle, tmp_path / "out", "9.8.7")
    top = f"homebody-9.8.7-linux-{linux.platform.machine()}"
    assert target.name == f"{top}.tar.gz"
    with tarfile.open(target) as tar:
        members = {m.name: m for m in tar.getmembers()}
    for name in (
        "homebody/homebody",
        "homebody/_internal/assets/data.txt",
        "homebody.desktop",
        "install.sh",
        "homebody.svg",
    ):
        assert f"{top}/{name}" in members, name
    assert members[f"{top}/homebody/homebody"].mode & 0o111
    assert members[f"{top}/install.sh"].mode & 0o111


def test_install_sh_installs_and_uninstalls_for_the_user(bundle: Path, tmp_path: Path) -> None:
    target = linux.make_tarball(bundle, tmp_path / "out", "1.0.0")
    with tarfile.open(target) as tar:
        tar.extractall(tmp_path / "unpacked", filter="tar")
    (top,) = (tmp_path / "unpacked").iterdir()
    home = tmp_path / "home"
    home.mkdir()
    env = {"PATH": os.environ["PATH"], "HOME": str(home)}
    subprocess.run(["sh", str(top / "install.sh")], env=env, check=True, capture_output=True)
    command = home / ".local" / "bin" / "homebody"
    out = subprocess.run([str(command), "--version"], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "fake homebody --version"
    desktop = home / ".local" / "share" / "applications" / "homebody.desktop"
    assert f"Exec={home}/.local/opt/homebody/homebody" in desktop.read_text()
    _validate_if_possible(desktop)
    assert (home / ".local/share/icons/hicolor/scalable/apps/homebody.svg").is_file()
    subprocess.run(
        ["sh", str(top / "install.sh"), "--uninstall"], env=env, check=True, capture_output=True
    )
    assert not command.exists() and not desktop.exists()
    assert not (home / ".local" / "opt" / "homebody").exists()


def _validate_if_possible(desktop: Path) -> None:
    if shutil.which("desktop-file-validate"):
        _validate(desktop)


def test_deb_control_and_contents(bundle: Path, tmp_path: Path) -> None:
    if shutil.which("dpkg-deb") is None:
        pytest.skip("dpkg-deb is not installed")
    deb = linux.make_deb(bundle, tmp_path / "out", "2.0.1")
    assert deb.name == f"homebody_2.0.1_{linux.machine_arch()}.deb"
    info = subprocess.run(["dpkg-deb", "-f", str(deb)], capture_output=True, text=True, check=True)
    fields = dict(
        line.split(": ", 1) for line in info.stdout.splitlines() if ": " in line and line[0] != " "
    )
    assert fields["Package"] == "homebody" and fields["Version"] == "2.0.1"
    assert "libportaudio2" in fields["Depends"] and "libxcb-cursor0" in fields["Depends"]
    assert int(fields["Installed-Size"]) >= 1
    root = tmp_path / "root"
    subprocess.run(["dpkg-deb", "-x", str(deb), str(root)], check=True)
    assert os.readlink(root / "usr/bin/homebody") == "/opt/homebody/homebody"
    assert os.access(root / "opt/homebody/homebody", os.X_OK)
    assert (root / "opt/homebody/_internal/assets/data.txt").read_text() == "bundled"
    assert (root / "usr/share/icons/hicolor/scalable/apps/homebody.svg").is_file()
    desktop = root / "usr/share/applications/homebody.desktop"
    _validate_if_possible(desktop)
    listing = subprocess.run(
        ["dpkg-deb", "-c", str(deb)], capture_output=True, text=True, check=True
    ).stdout
    assert "root/root" in listing  # --root-owner-group: no build-user ids leak


def test_missing_bundle_is_reported(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="build-linux"):
        linux.make_tarball(tmp_path / "nothing", tmp_path, "1.0")
    assert linux.main([str(tmp_path / "nothing"), "--out", str(tmp_path)]) == 1


def test_deb_builds_under_the_apps_owner_only_umask(bundle: Path, tmp_path: Path) -> None:
    """Homebody sets umask 077 (owner-only files); a build run in such a process (a test
    process that ran the CLI before) must still give dpkg-deb 0755 folders."""
    import os

    if shutil.which("dpkg-deb") is None:
        pytest.skip("dpkg-deb is not installed")
    old = os.umask(0o077)
    try:
        deb = linux.make_deb(bundle, tmp_path / "out", "2.0.1")
    finally:
        os.umask(old)
    contents = subprocess.run(["dpkg-deb", "-c", str(deb)], capture_output=True, text=True)
    assert contents.returncode == 0 and "drwx------" not in contents.stdout
