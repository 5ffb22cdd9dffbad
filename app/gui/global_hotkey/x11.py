"""X11 (and XWayland) backend: ``XGrabKey`` on the root window through ctypes on libX11, read
on the Qt thread through a :class:`QSocketNotifier` on Homebody's own X connection.

Homebody opens a second X connection for this (Qt keeps its own), so the grab belongs to a
client that only ever sees this one key. A key another client already grabbed gives
``BadAccess``: that is reported as :class:`HotkeyUnavailable`, never the Xlib default of
exiting the process.
"""

from __future__ import annotations

import ctypes
import ctypes.util
from collections.abc import Callable
from ctypes import POINTER, c_char_p, c_int, c_long, c_uint, c_ulong, c_void_p

from .base import GlobalHotkey, HotkeyUnavailable, KeyCombo

KEY_PRESS, KEY_RELEASE, GRAB_MODE_ASYNC, BAD_ACCESS = 2, 3, 1, 10
MASKS = {"shift": 1 << 0, "ctrl": 1 << 2, "alt": 1 << 3, "super": 1 << 6}
LOCK_MASKS = (0, 1 << 1, 1 << 4, (1 << 1) | (1 << 4))
"""Caps Lock and Num Lock (Mod2) must not stop the key: grab it under each of them too."""


class XKeyEvent(ctypes.Structure):
    _fields_ = [
        ("type", c_int), ("serial", c_ulong), ("send_event", c_int), ("display", c_void_p),
        ("window", c_ulong), ("root", c_ulong), ("subwindow", c_ulong), ("time", c_ulong),
        ("x", c_int), ("y", c_int), ("x_root", c_int), ("y_root", c_int),
        ("state", c_uint), ("keycode", c_uint), ("same_screen", c_int),
    ]  # fmt: skip


class XEvent(ctypes.Union):
    _fields_ = [("type", c_int), ("xkey", XKeyEvent), ("pad", c_long * 24)]


class XErrorEvent(ctypes.Structure):
    _fields_ = [
        ("type", c_int), ("display", c_void_p), ("resourceid", c_ulong), ("serial", c_ulong),
        ("error_code", ctypes.c_ubyte), ("request_code", ctypes.c_ubyte),
        ("minor_code", ctypes.c_ubyte),
    ]  # fmt: skip


ERROR_HANDLER = ctypes.CFUNCTYPE(c_int, c_void_p, POINTER(XErrorEvent))


def load_xlib() -> ctypes.CDLL:
    try:
        lib = ctypes.CDLL(ctypes.util.find_library("X11") or "libX11.so.6")
    except OSError as exc:
        raise HotkeyUnavailable("libX11 is not installed, so no X11 key can be taken.") from exc
    lib.XOpenDisplay.argtypes, lib.XOpenDisplay.restype = [c_char_p], c_void_p
    lib.XCloseDisplay.argtypes = [c_void_p]
    lib.XDefaultRootWindow.argtypes, lib.XDefaultRootWindow.restype = [c_void_p], c_ulong
    lib.XStringToKeysym.argtypes, lib.XStringToKeysym.restype = [c_char_p], c_ulong
    lib.XKeysymToKeycode.argtypes, lib.XKeysymToKeycode.restype = [c_void_p, c_ulong], c_uint
    lib.XGrabKey.argtypes = [c_void_p, c_int, c_uint, c_ulong, c_int, c_int, c_int]
    lib.XUngrabKey.argtypes = [c_void_p, c_int, c_uint, c_ulong]
    lib.XSync.argtypes = [c_void_p, c_int]
    lib.XSetErrorHandler.argtypes, lib.XSetErrorHandler.restype = [c_void_p], c_void_p
    lib.XConnectionNumber.argtypes, lib.XConnectionNumber.restype = [c_void_p], c_int
    lib.XPending.argtypes, lib.XPending.restype = [c_void_p], c_int
    lib.XNextEvent.argtypes = [c_void_p, POINTER(XEvent)]
    lib.XkbSetDetectableAutoRepeat.argtypes = [c_void_p, c_int, c_void_p]
    return lib


def keysym(lib: ctypes.CDLL, key: str) -> int:
    """X's name for ``key`` ("space", "F9", "t"); 0 when X knows no such key."""
    for name in (key, key.upper(), key.title()):
        found = int(lib.XStringToKeysym(name.encode()))
        if found:
            return found
    return 0


class X11Hotkey(GlobalHotkey):
    name = "x11"

    def __init__(self, on_pressed: Callable[[], object], display: str | None = None) -> None:
        super().__init__(on_pressed)
        self.display_name = display
        self.lib = load_xlib()
        self.display: int | None = None
        self.grabbed: list[tuple[int, int]] = []
        self.notifier: object = None
        self.held = False
        self.errors: list[int] = []
        self._handler = ERROR_HANDLER(self._on_error)  # kept alive while Xlib may call it

    def _on_error(self, _display: int | None, event: object) -> int:
        self.errors.append(int(event.contents.error_code))  # type: ignore[attr-defined]
        return 0

    def _checked(self, call: Callable[[], object]) -> list[int]:
        """Run X requests with our error handler (not Xlib's exit()); the errors they caused."""
        self.errors = []
        previous = self.lib.XSetErrorHandler(ctypes.cast(self._handler, c_void_p))
        try:
            call()
            self.lib.XSync(self.display, 0)
        finally:
            self.lib.XSetErrorHandler(previous)
        return self.errors

    def grab(self, combo: KeyCombo) -> None:
        name = self.display_name.encode() if self.display_name else None
        self.display = self.lib.XOpenDisplay(name)
        if not self.display:
            raise HotkeyUnavailable("No X server answers, so no global key can be taken.")
        sym = keysym(self.lib, combo.key)
        code = int(self.lib.XKeysymToKeycode(self.display, sym)) if sym else 0
        if not code:
            self.close()
            raise HotkeyUnavailable(f"This keyboard has no “{combo.key}” key.")
        mods = sum(MASKS[m] for m in combo.modifiers)
        root = self.lib.XDefaultRootWindow(self.display)
        wanted = [(code, mods | lock) for lock in LOCK_MASKS]

        def grab_all() -> None:
            for keycode, modifiers in wanted:
                self.lib.XGrabKey(self.display, keycode, modifiers, root, 0,
                                  GRAB_MODE_ASYNC, GRAB_MODE_ASYNC)  # fmt: skip

        if self._checked(grab_all):  # BadAccess: another application owns the key
            self.grabbed = wanted
            self.close()
            raise HotkeyUnavailable(f"Another application already uses {combo}.")
        self.grabbed, self.root = wanted, root
        # Held down, the key repeats as presses only (no fake releases): one press = one talk.
        self.lib.XkbSetDetectableAutoRepeat(self.display, 1, None)
        from PySide6.QtCore import QSocketNotifier

        fd = self.lib.XConnectionNumber(self.display)
        self.notifier = notifier = QSocketNotifier(fd, QSocketNotifier.Type.Read)
        notifier.activated.connect(self.drain)
        self.drain()

    def drain(self, *_args: object) -> None:
        """Handle every event the X connection holds (the notifier fires once per read)."""
        event = XEvent()
        while self.display and self.lib.XPending(self.display):
            self.lib.XNextEvent(self.display, ctypes.byref(event))
            if event.type == KEY_PRESS and not self.held:
                self.held = True
                self.on_pressed()
            elif event.type == KEY_RELEASE:
                self.held = False

    def close(self) -> None:
        if self.notifier is not None:
            self.notifier.setEnabled(False)  # type: ignore[attr-defined]
            self.notifier = None
        if self.display:
            root = self.lib.XDefaultRootWindow(self.display)

            def ungrab() -> None:
                for keycode, modifiers in self.grabbed:
                    self.lib.XUngrabKey(self.display, keycode, modifiers, root)

            self._checked(ungrab)
            self.lib.XCloseDisplay(self.display)
        self.display, self.grabbed = None, []
