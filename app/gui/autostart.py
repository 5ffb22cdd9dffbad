"""Start Homebody at login (XDG autostart on Linux desktops). Qt-free."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

from pipelines.core.errors import HomebodyError

DESKTOP_ENTRY = """[Desktop Entry]
Type=Application
Name=Homebody
Comment=The home assistant that stays home
Exec={command}
Icon=homebody
Terminal=false
X-GNOME-Autostart-enabled=true
"""


def autostart_file() -> Path:
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "autostart" / "homebody.desktop"


def supported() -> bool:
    return sys.platform.startswith("linux")


def is_enabled() -> bool:
    return supported() and autostart_file().is_file()


def set_enabled(enabled: bool) -> Path | None:
    """Create or remove the autostart entry; returns the file written (None when removed)."""
    if not supported():
        if enabled:
            raise HomebodyError(
                "Starting at login is only set up automatically on Linux desktops; add "
                "`homebody` to your system's login items instead.",
                code="autostart_unsupported",
            )
        return None
    path = autostart_file()
    if not enabled:
        path.unlink(missing_ok=True)
        return None
    command = shutil.which("homebody") or f"{sys.executable} -m app.cli.main"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(DESKTOP_ENTRY.format(command=command), encoding="utf-8")
    return path
