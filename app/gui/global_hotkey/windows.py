"""Windows backend: ``RegisterHotKey`` through ctypes on user32, on a small thread of its own
whose message loop receives ``WM_HOTKEY``; presses reach the Qt thread through a queued signal.

Written to the Win32 documentation but not run here (the project's CI machines are Linux):
a refused key (``ERROR_HOTKEY_ALREADY_REGISTERED``) becomes :class:`HotkeyUnavailable`.
"""

from __future__ import annotations

import ctypes
import threading
from collections.abc import Callable
from ctypes import wintypes

from PySide6.QtCore import QObject, Signal

from .base import GlobalHotkey, HotkeyUnavailable, KeyCombo

WM_HOTKEY, WM_QUIT, MOD_NOREPEAT, HOTKEY_ID = 0x0312, 0x0012, 0x4000, 0x4842
MODS = {"alt": 0x1, "ctrl": 0x2, "shift": 0x4, "super": 0x8}
NAMED_KEYS = {"space": 0x20, "enter": 0x0D, "return": 0x0D, "tab": 0x09, "pause": 0x13,
              **{f"f{n}": 0x6F + n for n in range(1, 25)}}  # fmt: skip


def virtual_key(key: str) -> int:
    if key in NAMED_KEYS:
        return NAMED_KEYS[key]
    if len(key) == 1 and key.isalnum():
        return ord(key.upper())  # VK_A..VK_Z, VK_0..VK_9 are their ASCII codes
    raise HotkeyUnavailable(f"Homebody can't take “{key}” as a global key on Windows.")


class _Relay(QObject):
    pressed = Signal()


class WindowsHotkey(GlobalHotkey):
    name = "windows"

    def __init__(self, on_pressed: Callable[[], object]) -> None:
        super().__init__(on_pressed)
        self.relay = _Relay()
        self.relay.pressed.connect(lambda: self.on_pressed())
        self.thread: threading.Thread | None = None
        self.thread_id = 0

    def grab(self, combo: KeyCombo) -> None:
        user32 = getattr(ctypes, "WinDLL")("user32", use_last_error=True)  # noqa: B009
        mods = sum(MODS[m] for m in combo.modifiers) | MOD_NOREPEAT
        vk = virtual_key(combo.key)
        outcome: list[str] = []
        ready = threading.Event()

        def loop() -> None:  # RegisterHotKey(NULL, …) posts WM_HOTKEY to *this* thread
            self.thread_id = getattr(ctypes, "windll").kernel32.GetCurrentThreadId()  # noqa: B009
            if not user32.RegisterHotKey(None, HOTKEY_ID, mods, vk):
                outcome.append(f"Another application already uses {combo}.")
                ready.set()
                return
            ready.set()
            msg = wintypes.MSG()
            while user32.GetMessageW(ctypes.byref(msg), None, 0, 0) > 0:
                if msg.message == WM_HOTKEY and msg.wParam == HOTKEY_ID:
                    self.relay.pressed.emit()
            user32.UnregisterHotKey(None, HOTKEY_ID)

        self.thread = threading.Thread(target=loop, name="homebody-hotkey", daemon=True)
        self.thread.start()
        ready.wait(5)
        if outcome:
            raise HotkeyUnavailable(outcome[0])

    def close(self) -> None:
        if self.thread is not None and self.thread.is_alive():
            user32 = getattr(ctypes, "windll").user32  # noqa: B009
            user32.PostThreadMessageW(self.thread_id, WM_QUIT, 0, 0)
            self.thread.join(2)
        self.thread = None
