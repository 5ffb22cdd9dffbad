"""Linux packages of the one-folder build: a portable .tar.gz and a .deb.

    python3 -m homebody_packaging.linux_packages dist/homebody [--out dist] [--formats tar,deb]

tar.gz: ``homebody-VERSION-linux-ARCH/`` with the app folder, the .desktop file, the icons and
``install.sh`` (per-user install into ~/.local: app, ``homebody`` command, menu entry, icon).

.deb (built with plain ``dpkg-deb``): the app in /opt/homebody, /usr/bin/homebody, the menu
entry in /usr/share/applications and the icons in the hicolor theme. It depends on the system
libraries the Qt window and sound need (the same list scripts/install-system-deps installs).
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

from . import bundle_data, system_libraries
from .constants import ROOT

SVG_ICON = ROOT / "assets" / "icons" / "homebody.svg"
PNG_ICON = ROOT / "build" / "icons" / "homebody.png"  # packaging/make_icons.py

_DEB_BASE = (
    "libc6 (>= 2.31)",
    "libportaudio2",
    "libpulse0",
    "libegl1",
    "libgl1",
    "libxcb-xinerama0",
)
DEB_DEPENDS = _DEB_BASE + tuple(p for p in system_libraries.debian_packages() if p not in _DEB_BASE)
"""What the app needs from the system: the libraries the bundle leaves out
(system_libraries.SYSTEM_LIBRARIES) plus those it never carried (PortAudio's PulseAudio route,
EGL/GL, which must match the graphics driver)."""
DEB_RECOMMENDS = ("espeak-ng",)  # spoken replies
DEB_SUGGESTS = ("mosquitto", "sphinxtrain", "sphinxbase-utils", "pocketsphinx")
"""A local MQTT broker for the lights skill; the CMU Sphinx tools `homebody voice enrol` uses."""
DESCRIPTION = (
    "The home assistant that stays home\n"
    " Homebody listens for a wake word, understands spoken or typed commands, runs timers,\n"
    " alarms and lists, switches lights over your own MQTT broker, helps with recipes and\n"
    " remembers where your things were last seen by your cameras. Every model runs on this\n"
    " computer, and a privacy dashboard shows that nothing leaves it."
)


def desktop_entry(exec_command: str, icon: str = bundle_data.APP_NAME) -> str:
    """A freedesktop.org menu entry for the app (validated by desktop-file-validate)."""
    return "\n".join(
        [
            "[Desktop Entry]",
            "Type=Application",
            f"Name={bundle_data.DISPLAY_NAME}",
            "GenericName=Home Assistant",
            "Comment=A home assistant whose models all run on this computer",
            f"Exec={exec_command}",
            f"Icon={icon}",
            "Terminal=false",
            "Categories=Utility;",
            "Keywords=assistant;voice;timer;alarm;recipe;lights;privacy;",
            "StartupNotify=true",
            "",
        ]
    )


INSTALL_SH = """#!/bin/sh
# Install Homebody for this user: ~/.local/opt/homebody, ~/.local/bin/homebody, a menu entry
# and an icon. Remove it again with:  ./install.sh --uninstall
set -eu
here="$(cd "$(dirname "$0")" && pwd)"
data="${XDG_DATA_HOME:-$HOME/.local/share}"
app="$HOME/.local/opt/homebody"
bin="$HOME/.local/bin"
rm -rf "$app" "$bin/homebody" "$data/applications/homebody.desktop" \\
  "$data/icons/hicolor/scalable/apps/homebody.svg" "$data/icons/hicolor/256x256/apps/homebody.png"
if [ "${1:-}" = "--uninstall" ]; then
  echo "Homebody removed (your settings and data stay; 'homebody privacy forget --all' first"
  echo "deletes them)."
  exit 0
fi
mkdir -p "$app" "$bin" "$data/applications" "$data/icons/hicolor/scalable/apps" \\
  "$data/icons/hicolor/256x256/apps"
cp -R "$here/homebody/." "$app/"
ln -s "$app/homebody" "$bin/homebody"
cp "$here/homebody.svg" "$data/icons/hicolor/scalable/apps/homebody.svg"
if [ -f "$here/homebody.png" ]; then
  cp "$here/homebody.png" "$data/icons/hicolor/256x256/apps/homebody.png"
fi
sed "s|^Exec=.*|Exec=$app/homebody|" "$here/homebody.desktop" \\
  > "$data/applications/homebody.desktop"
command -v update-desktop-database >/dev/null 2>&1 && \\
  update-desktop-database "$data/applications" >/dev/null 2>&1 || true
echo "Homebody installed: run 'homebody' (make sure $bin is on your PATH) or open it from the menu."
# The app uses the desktop's own X11, GLib, fontconfig, ALSA... libraries: name any missing.
ldconfig="$(command -v ldconfig || echo /sbin/ldconfig)"
if [ -x "$ldconfig" ]; then
  known="$("$ldconfig" -p 2>/dev/null || true)"
  missing="" packages=""
  for pair in @SYSTEM_LIBRARIES@; do
    lib="${pair%%=*}"
    if ! printf '%s\\n' "$known" | grep -q "^[[:space:]]*$lib "; then
      missing="$missing $lib"
      case " $packages " in *" ${pair#*=} "*) ;; *) packages="$packages ${pair#*=}" ;; esac
    fi
  done
  if [ -n "$missing" ]; then
    echo "Homebody needs these system libraries, which this computer lacks:$missing"
    echo "Install your distribution's packages for them (Debian/Ubuntu:$packages)."
  fi
fi
"""


def install_script() -> str:
    """The tarball's install.sh, checking for the system libraries the bundle leaves out."""
    pairs = (
        f"{soname}={package.split(' | ')[0]}"
        for soname, (package, _purpose) in system_libraries.SYSTEM_LIBRARIES.items()
    )
    return INSTALL_SH.replace("@SYSTEM_LIBRARIES@", " ".join(pairs))


def machine_arch() -> str:
    """Architecture names as Debian spells them (amd64, arm64) and as tarballs do (x86_64)."""
    return {"x86_64": "amd64", "aarch64": "arm64"}.get(platform.machine(), platform.machine())


def _check_bundle(bundle: Path) -> None:
    if not (bundle / bundle_data.APP_NAME).is_file():
        raise FileNotFoundError(
            f"{bundle} has no {bundle_data.APP_NAME} executable; build it with scripts/build-linux"
        )


def make_tarball(bundle: Path, out_dir: Path, version: str) -> Path:
    _check_bundle(bundle)
    top = f"{bundle_data.APP_NAME}-{version}-linux-{platform.machine()}"
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / f"{top}.tar.gz"
    with tempfile.TemporaryDirectory() as tmp:
        extras = Path(tmp)
        (extras / "homebody.desktop").write_text(desktop_entry(bundle_data.APP_NAME))
        (extras / "install.sh").write_text(install_script())
        (extras / "install.sh").chmod(0o755)
        with tarfile.open(target, "w:gz", compresslevel=6) as tar:
            tar.add(bundle, arcname=f"{top}/{bundle_data.APP_NAME}")
            tar.add(extras / "homebody.desktop", arcname=f"{top}/homebody.desktop")
            tar.add(extras / "install.sh", arcname=f"{top}/install.sh")
            tar.add(SVG_ICON, arcname=f"{top}/homebody.svg")
            if PNG_ICON.is_file():
                tar.add(PNG_ICON, arcname=f"{top}/homebody.png")
    return target


def deb_control(version: str, arch: str, installed_kib: int) -> str:
    return "\n".join(
        [
            f"Package: {bundle_data.APP_NAME}",
            f"Version: {version}",
            "Section: utils",
            "Priority: optional",
            f"Architecture: {arch}",
            "Maintainer: Homebody developers <homebody@example.org>",
            f"Installed-Size: {installed_kib}",
            f"Depends: {', '.join(DEB_DEPENDS)}",
            f"Recommends: {', '.join(DEB_RECOMMENDS)}",
            f"Suggests: {', '.join(DEB_SUGGESTS)}",
            f"Description: {DESCRIPTION}",
            "",
        ]
    )


def _normalise_modes(root: Path) -> None:
    """Directories 755, files 644 or 755 (executable bit kept): what dpkg expects."""
    for folder, dirs, files in os.walk(root):
        for name in dirs:
            path = Path(folder) / name
            if not path.is_symlink():
                path.chmod(0o755)
        for name in files:
            path = Path(folder) / name
            if not path.is_symlink():
                path.chmod(0o755 if path.stat().st_mode & 0o111 else 0o644)


def make_deb(bundle: Path, out_dir: Path, version: str) -> Path:
    _check_bundle(bundle)
    arch = machine_arch()
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / f"{bundle_data.APP_NAME}_{version}_{arch}.deb"
    with tempfile.TemporaryDirectory() as tmp:
        stage = Path(tmp) / "root"
        shutil.copytree(bundle, stage / "opt" / bundle_data.APP_NAME, symlinks=True)
        (stage / "usr" / "bin").mkdir(parents=True)
        (stage / "usr" / "bin" / bundle_data.APP_NAME).symlink_to(
            f"/opt/{bundle_data.APP_NAME}/{bundle_data.APP_NAME}"
        )
        apps = stage / "usr" / "share" / "applications"
        apps.mkdir(parents=True)
        (apps / "homebody.desktop").write_text(desktop_entry(bundle_data.APP_NAME))
        icons = stage / "usr" / "share" / "icons" / "hicolor"
        (icons / "scalable" / "apps").mkdir(parents=True)
        shutil.copy(SVG_ICON, icons / "scalable" / "apps" / "homebody.svg")
        if PNG_ICON.is_file():
            (icons / "256x256" / "apps").mkdir(parents=True)
            shutil.copy(PNG_ICON, icons / "256x256" / "apps" / "homebody.png")
        kib = sum(p.stat().st_size for p in stage.rglob("*") if p.is_file() and not p.is_symlink())
        (stage / "DEBIAN").mkdir()
        (stage / "DEBIAN" / "control").write_text(deb_control(version, arch, -(-kib // 1024)))
        # after DEBIAN/ exists: under Homebody's owner-only umask (077, set by the app and left
        # in a test process that ran it) new folders are 0700, which dpkg-deb refuses
        _normalise_modes(stage)
        stage.chmod(0o755)
        # xz level 1: about 1/6 of the default level's time on this 500 MB tree (minutes, not
        # a quarter of an hour on two cores) for a package a few percent larger.
        subprocess.run(
            ["dpkg-deb", "--root-owner-group", "-Zxz", "-z1", "--build", str(stage), str(target)],
            check=True,
            stdout=subprocess.DEVNULL,
        )
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("bundle", type=Path, help="the one-folder build, e.g. dist/homebody")
    parser.add_argument("--out", type=Path, default=ROOT / "dist")
    parser.add_argument("--formats", default="tar,deb", help="comma-separated: tar, deb")
    args = parser.parse_args(argv)
    version = bundle_data.project_version(ROOT)
    formats = {f.strip() for f in args.formats.split(",") if f.strip()}
    unknown = formats - {"tar", "deb"}
    if unknown:
        parser.error(f"unknown formats: {', '.join(sorted(unknown))}")
    try:
        if "tar" in formats:
            print(f"wrote {make_tarball(args.bundle, args.out, version)}")
        if "deb" in formats:
            if not shutil.which("dpkg-deb"):
                print(
                    "linux_packages: dpkg-deb is not installed; skipping the .deb", file=sys.stderr
                )
                return 1
            print(f"wrote {make_deb(args.bundle, args.out, version)}")
    except (FileNotFoundError, subprocess.CalledProcessError) as exc:
        print(f"linux_packages: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
