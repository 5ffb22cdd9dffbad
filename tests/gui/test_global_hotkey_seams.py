"""The global push-to-talk key at its seams: parsing, choosing a backend, and the window's
wiring (a fake backend stands in for the desktop; the real X11 one runs in
``test_global_hotkey.py`` under Xvfb)."""

from __future__ import annotations

from typing import Any, ClassVar

import pytest

from app.gui.global_hotkey import (
    BACKENDS,
    GlobalHotkey,
    HotkeyUnavailable,
    KeyCombo,
    backend_for,
    start_global_hotkey,
)


def test_key_combinations_parse_as_qt_writes_them() -> None:
    assert KeyCombo.parse("Ctrl+Alt+Space") == KeyCombo(frozenset({"ctrl", "alt"}), "space")
    assert KeyCombo.parse("Meta+F9") == KeyCombo(frozenset({"super"}), "f9")
    assert str(KeyCombo.parse("shift+ctrl+t")) == "Ctrl+Shift+T"
    for bad in ("", "Ctrl+", "Hyper+Space", "Ctrl+Alt"):
        with pytest.raises(HotkeyUnavailable):
            KeyCombo.parse(bad)


@pytest.mark.parametrize(
    ("platform", "env", "expected"),
    [
        ("xcb", {"DISPLAY": ":0"}, "x11"),
        ("wayland", {"DISPLAY": ":0", "WAYLAND_DISPLAY": "wayland-0"}, "x11"),
        ("wayland", {"WAYLAND_DISPLAY": "wayland-0"}, "Wayland doesn't let apps take"),
        ("xcb", {}, "no desktop session"),
        ("offscreen", {"DISPLAY": ":0"}, "Qt runs offscreen"),
    ],
)
def test_the_backend_follows_the_session(platform: str, env: dict[str, str], expected: str) -> None:
    try:
        assert backend_for(platform, env) == expected
    except HotkeyUnavailable as exc:
        assert expected in str(exc)


class FakeHotkey(GlobalHotkey):
    """A desktop that grants every key but "F13", which another app owns."""

    name = "fake"
    live: ClassVar[list[FakeHotkey]] = []

    def grab(self, combo: KeyCombo) -> None:
        if combo.key == "f13":
            raise HotkeyUnavailable(f"Another application already uses {combo}.")
        self.combo = combo
        FakeHotkey.live.append(self)

    def close(self) -> None:
        FakeHotkey.live.remove(self)


@pytest.fixture
def fake_desktop(monkeypatch: pytest.MonkeyPatch) -> None:
    import app.gui.global_hotkey as registry

    FakeHotkey.live = []
    monkeypatch.setitem(BACKENDS, "fake", FakeHotkey)
    monkeypatch.setattr(registry, "backend_for", lambda _platform: "fake")


def test_a_refused_key_logs_one_line_naming_the_command(
    fake_desktop: None, caplog: pytest.LogCaptureFixture
) -> None:
    status = start_global_hotkey("Ctrl+F13", lambda: None, "xcb", "homebody talk")
    assert not status.active and status.reason == "Another application already uses Ctrl+F13."
    assert [r.getMessage() for r in caplog.records if r.levelname == "WARNING"] == [
        "Push-to-talk key Ctrl+F13 is not available: Another application already uses "
        "Ctrl+F13. Bind this command to a key in your desktop's keyboard settings instead: "
        "homebody talk"
    ]


def test_the_key_runs_push_to_talk_and_follows_settings(
    fake_desktop: None, window: Any, qtbot: Any
) -> None:
    window._start_hotkey("Ctrl+Alt+Space")  # what the window does at start on a desktop
    [hotkey] = FakeHotkey.live
    audio = window.page("settings").audio
    assert audio.hotkey_note.text().startswith("Press Ctrl+Alt+Space from any window to talk.")
    voice = window.page("assistant").voice
    qtbot.waitUntil(lambda: voice.microphones is not None, timeout=20000)
    voice._set("Say “okay nabu” or press the button.", "Good", True)  # as with a microphone
    window.show_page("kitchen")
    hotkey.on_pressed()
    assert voice.talk.isChecked() and window.stack.currentWidget() is window.page("assistant")

    page = window.show_page("settings")  # the user picks a key another app owns
    from PySide6.QtGui import QKeySequence

    audio.ptt_key.setKeySequence(QKeySequence("Ctrl+F13"))
    page.save_button.click()
    assert window.session.app.settings.audio.push_to_talk_key == "Ctrl+F13"
    assert FakeHotkey.live == [] and not window.hotkey.active  # the old key was let go
    assert "Another application already uses Ctrl+F13. Bind this command" in (
        audio.hotkey_note.text()
    )
    assert audio.talk_command.text().endswith(" talk")
    audio.ptt_key.clear()  # no key at all: only the command
    page.save_button.click()
    assert audio.hotkey_note.text().startswith("No global push-to-talk key is set. Bind this")


def test_offscreen_the_window_says_why_there_is_no_global_key(window: Any) -> None:
    assert not window.hotkey.active
    note = window.page("settings").audio.hotkey_note.text()
    assert note.startswith("Homebody can't take a global key here. Qt runs offscreen")
