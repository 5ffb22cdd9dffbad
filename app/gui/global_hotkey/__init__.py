"""Push-to-talk from anywhere: one global key, taken by whichever backend this desktop allows.

A registry in the spirit of Frigate's detector plug-ins: :func:`backend_for` picks the backend
(X11/XWayland through libX11, Windows through user32), :func:`start_global_hotkey` grabs the
key and answers a :class:`HotkeyStatus` whose ``message`` the window logs and Settings shows.
Where no backend can (Wayland without X, macOS, a key another application owns, Qt offscreen)
nothing crashes: the status says why, and the ``homebody talk`` command is the fallback.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass

from .base import GlobalHotkey, HotkeyUnavailable, KeyCombo

log = logging.getLogger(__name__)

__all__ = ["GlobalHotkey", "HotkeyStatus", "HotkeyUnavailable", "KeyCombo", "backend_for",
           "start_global_hotkey"]  # fmt: skip


def _x11(on_pressed: Callable[[], object]) -> GlobalHotkey:
    # lazy: start-up speed (.x11 loads only when _x11() runs)
    from .x11 import X11Hotkey

    return X11Hotkey(on_pressed)


def _windows(on_pressed: Callable[[], object]) -> GlobalHotkey:
    # lazy: start-up speed (.windows loads only when _windows() runs)
    from .windows import WindowsHotkey

    return WindowsHotkey(on_pressed)


BACKENDS: dict[str, Callable[[Callable[[], object]], GlobalHotkey]] = {
    "x11": _x11,
    "windows": _windows,
}


def backend_for(qt_platform: str, env: dict[str, str] | None = None) -> str:
    """The backend's name for this session, or raise :class:`HotkeyUnavailable` saying why."""
    env = dict(os.environ) if env is None else env
    if qt_platform in ("offscreen", "minimal"):
        raise HotkeyUnavailable("Qt runs offscreen, with no desktop to take a key from.")
    if sys.platform == "win32":
        return "windows"
    if sys.platform == "darwin":
        raise HotkeyUnavailable("macOS only gives global keys to apps with Accessibility "
                                "access, which Homebody does not ask for.")  # fmt: skip
    if env.get("DISPLAY"):
        return "x11"
    if env.get("WAYLAND_DISPLAY"):
        raise HotkeyUnavailable("Wayland doesn't let apps take a global key.")
    raise HotkeyUnavailable("There is no desktop session to take a key from.")


@dataclass(frozen=True)
class HotkeyStatus:
    key: str
    """The combination as the settings give it, e.g. "Ctrl+Alt+Space"."""
    hotkey: GlobalHotkey | None
    """The active backend holding the key, or None when there is none."""
    reason: str = ""
    """Why there is no global key (empty when there is one)."""
    note: str = ""
    """A caveat while it works (XWayland: only while an X11 window has focus)."""

    @property
    def active(self) -> bool:
        return self.hotkey is not None

    def close(self) -> None:
        if self.hotkey is not None:
            self.hotkey.close()


def start_global_hotkey(
    key: str, on_pressed: Callable[[], object], qt_platform: str, command: str
) -> HotkeyStatus:
    """Grab ``key`` system-wide; ``command`` is named in the log when that isn't possible."""
    hotkey: GlobalHotkey | None = None
    if not key.strip():
        log.info("no push-to-talk key is set; `%s` can be bound to one instead", command)
        return HotkeyStatus("", None, reason="No global push-to-talk key is set.")
    try:
        combo = KeyCombo.parse(key)
        hotkey = BACKENDS[backend_for(qt_platform)](on_pressed)
        hotkey.grab(combo)
    except HotkeyUnavailable as exc:
        log.warning("Push-to-talk key %s is not available: %s Bind this command to a key in "
                    "your desktop's keyboard settings instead: %s", key, exc, command)  # fmt: skip
        return HotkeyStatus(key, None, reason=str(exc))
    note = ""
    if os.environ.get("WAYLAND_DISPLAY") and hotkey.name == "x11":
        note = "On Wayland it works only while an X11 window has focus."
    log.info("push-to-talk from anywhere: %s (%s)", combo, hotkey.name)
    return HotkeyStatus(str(combo), hotkey, note=note)
