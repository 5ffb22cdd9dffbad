"""What every global-hotkey backend is: it grabs one key combination system-wide and calls
back on the Qt thread when it is pressed, or says in one sentence why it cannot."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass

MODIFIERS = ("ctrl", "alt", "shift", "super")
_ALIASES = {"control": "ctrl", "meta": "super", "win": "super", "cmd": "super"}


class HotkeyUnavailable(Exception):
    """The desktop will not give Homebody this key; ``str(exc)`` says why, for a person."""


@dataclass(frozen=True)
class KeyCombo:
    """``Ctrl+Alt+Space`` as modifiers (a subset of :data:`MODIFIERS`) and one key name."""

    modifiers: frozenset[str]
    key: str
    """Lower case: "space", "f9", "t"."""

    @classmethod
    def parse(cls, text: str) -> KeyCombo:
        parts = [p.strip().lower() for p in text.split("+") if p.strip()]
        if not parts:
            raise HotkeyUnavailable("No push-to-talk key is set.")
        *mods, key = [_ALIASES.get(p, p) for p in parts]
        unknown = [m for m in mods if m not in MODIFIERS]
        if unknown or key in MODIFIERS:
            raise HotkeyUnavailable(f"“{text}” is not a key combination (use e.g. Ctrl+Alt+Space).")
        return cls(frozenset(mods), key)

    def __str__(self) -> str:
        mods = [m.title() for m in MODIFIERS if m in self.modifiers]
        return "+".join([*mods, self.key.title() if len(self.key) > 1 else self.key.upper()])


class GlobalHotkey(ABC):
    """One backend: :meth:`grab` takes the key (or raises :class:`HotkeyUnavailable`),
    ``on_pressed`` runs on the Qt thread for each press, :meth:`close` lets the key go."""

    name = "base"

    def __init__(self, on_pressed: Callable[[], object]) -> None:
        self.on_pressed = on_pressed

    @abstractmethod
    def grab(self, combo: KeyCombo) -> None: ...

    @abstractmethod
    def close(self) -> None: ...
