"""Lists and alarms, Kitchen and Where-is pages against the real stores."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from .conftest import wait_idle


# -- lists and alarms --------------------------------------------------------------------------
def test_add_remove_and_clear_list_items(window: Any, qtbot: Any) -> None:
    from pipelines.skills.list_store import ListStore

    page = window.show_page("lists")
    wait_idle(qtbot, window.session)
    assert page.current_list() == "shopping"
    qtbot.keyClicks(page.new_item, "Eggs, oat milk")
    qtbot.keyClick(page.new_item, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.shown_items() == ["eggs", "oat milk"], timeout=10000)
    store = ListStore(window.session.app.db)
    assert store.items("shopping") == ["eggs", "oat milk"]
    page.items.item(0).setSelected(True)
    page.remove_button.click()
    qtbot.waitUntil(lambda: page.shown_items() == ["oat milk"], timeout=10000)
    page.clear_button.click()
    qtbot.waitUntil(lambda: page.shown_items() == [], timeout=10000)
    assert store.items("shopping") == []


def test_items_added_by_voice_appear_on_the_page(window: Any, qtbot: Any) -> None:
    from pipelines.skills.list_store import ListStore

    page = window.show_page("lists")
    app = window.session.app
    ListStore(app.db, ledger=app.ledger).add("shopping", ["basil"])  # the lists skill's path
    qtbot.waitUntil(lambda: page.shown_items() == ["basil"], timeout=10000)


def test_set_and_cancel_an_alarm(window: Any, qtbot: Any) -> None:
    from PySide6.QtCore import QTime

    card = window.show_page("lists").alarm_card
    card.alarm_time.setTime(QTime(6, 45))
    card.alarm_label.setText("bins")
    card.set_alarm_button.click()
    qtbot.waitUntil(lambda: len(card.shown_alarms()) == 1, timeout=10000)
    assert card.shown_alarms()[0].startswith("06:45")
    assert card.shown_alarms()[0].endswith("— bins")
    card.alarm_list.setCurrentRow(0)
    card.cancel_alarm_button.click()
    qtbot.waitUntil(lambda: card.shown_alarms() == [], timeout=10000)


def test_the_alarm_form_sets_a_repeating_alarm_on_chosen_days(window: Any, qtbot: Any) -> None:
    from PySide6.QtCore import QTime

    from pipelines.skills.alarm_repeat import Repeat
    from pipelines.skills.alarm_store import AlarmStore

    card = window.show_page("lists").alarm_card
    card.alarm_on_date.setChecked(True)
    card.repeat_choice.setCurrentText("Chosen days")
    assert not card.alarm_on_date.isEnabled() and not card.alarm_date.isEnabled()
    assert not card.day_picker.isHidden()
    card.set_alarm_button.click()  # no day chosen: a clear message, nothing stored
    assert "at least one day" in card.alarm_message.text()
    card.alarm_time.setTime(QTime(6, 30))
    card.day_buttons[0].click()  # Monday
    card.day_buttons[2].click()  # Wednesday
    card.set_alarm_button.click()
    qtbot.waitUntil(lambda: len(card.shown_alarms()) == 1, timeout=10000)
    assert card.shown_alarms()[0].startswith("06:30 Mondays and Wednesdays (next: ")
    (alarm,) = AlarmStore(window.session.app.db).upcoming()
    assert alarm.repeat == Repeat.of(0, 2) and alarm.time_hm == "06:30"
    card.repeat_choice.setCurrentText("Once")
    assert card.day_picker.isHidden() and card.alarm_date.isEnabled()


def test_alarm_form_repeat_choices() -> None:
    from app.gui.pages.alarms_card import REPEAT_CHOICES, chosen_repeat
    from pipelines.core.errors import InputError
    from pipelines.skills.alarm_repeat import EVERY_DAY, WEEKDAYS_ONLY, WEEKENDS, Repeat

    none = [False] * 7
    assert [chosen_repeat(c, none) for c in REPEAT_CHOICES[:4]] == [
        None, EVERY_DAY, WEEKDAYS_ONLY, WEEKENDS]  # fmt: skip
    assert chosen_repeat("Chosen days", [False, False, False, False, True, False, True]) == (
        Repeat.of(4, 6)
    )
    with pytest.raises(InputError):
        chosen_repeat("Chosen days", none)


def test_a_repeating_alarm_shows_its_days() -> None:
    import datetime as dt

    from app.gui.pages.alarms_card import describe_alarm
    from pipelines.skills.alarm_repeat import WEEKDAYS_ONLY
    from pipelines.skills.alarm_store import Alarm

    now = dt.datetime(2026, 11, 18, 10, 0)
    fire_at = dt.datetime(2026, 11, 19, 7, 0).timestamp()
    alarm = Alarm(1, "work", "07:00", fire_at, "set", now.timestamp(), repeat=WEEKDAYS_ONLY)
    assert describe_alarm(alarm, now) == "07:00 weekdays (next: tomorrow) — work"


# -- kitchen ------------------------------------------------------------------------------------
def test_import_cook_scale_and_step_timer(window: Any, qtbot: Any, shared: Path) -> None:
    files = sorted((shared / "data" / "recipes" / "jsonld").glob("budgetbytes*.jsonld"))
    assert files, "the shared recipes are missing"
    page = window.show_page("kitchen")
    page.import_files(files)
    qtbot.waitUntil(lambda: "Smash Burgers" in page.titles(), timeout=30000)
    assert "Imported 1 recipe." in page.message.text()
    page.import_files(files)  # again: recognised as a duplicate, nothing added
    qtbot.waitUntil(lambda: "already in the library" in page.message.text(), timeout=30000)
    assert page.titles().count("Smash Burgers") == 1
    page.recipes.setCurrentRow(page.titles().index("Smash Burgers"))
    page.cook_button.click()
    cooking = page.cooking
    qtbot.waitUntil(lambda: cooking.title.text() == "Smash Burgers", timeout=10000)
    assert "1 pound ground beef" in cooking.ingredients_shown()
    cooking.scale.setValue(2.0)
    assert "2 pounds ground beef" in cooking.ingredients_shown()
    assert "8 burgers" in cooking.yields.text()
    timed = next(s.number for s in cooking.recipe.steps if s.durations)
    cooking.go(timed)
    assert cooking.step_label.text().startswith(f"Step {timed} of")
    assert cooking.timer_button.isEnabled()
    cooking.timer_button.click()
    timers = window.page("assistant").timers
    qtbot.waitUntil(
        lambda: any(n.lower().startswith(f"step {timed}") for n in timers.names()), timeout=10000
    )
    from pipelines.recipes.session import SessionStore

    wait_idle(qtbot, window.session)
    state = SessionStore(window.session.app.db).current()
    assert state is not None and state.step == timed and state.factor == 2.0


def test_recipes_dropped_on_the_kitchen_page_are_imported(
    window: Any, qtbot: Any, shared: Path
) -> None:
    from PySide6.QtCore import QMimeData, QPointF, QUrl
    from PySide6.QtGui import QDropEvent

    files = sorted((shared / "data" / "recipes" / "jsonld").glob("cookieandkate*.jsonld"))
    page = window.show_page("kitchen")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(f)) for f in files])
    drop = QDropEvent(
        QPointF(50, 50),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    page.dropEvent(drop)
    qtbot.waitUntil(lambda: len(page.titles()) == len(files), timeout=30000)
    assert "Frittata" in page.titles()[0]


def test_a_broken_recipe_file_is_refused_with_a_message(
    window: Any, qtbot: Any, tmp_path: Path
) -> None:
    bad = tmp_path / "broken.json"
    bad.write_text("{ not json", encoding="utf-8")
    page = window.show_page("kitchen")
    page.import_files([bad])
    qtbot.waitUntil(lambda: "broken.json" in page.message.text(), timeout=10000)
    assert page.titles() == []


# -- where is -----------------------------------------------------------------------------------
def test_where_is_without_cameras_says_so(window: Any, qtbot: Any) -> None:
    page = window.show_page("where")
    wait_idle(qtbot, window.session)
    assert "No cameras configured" in page.camera_state.text()
    assert not page.watch_button.isEnabled()
    assert "Nothing seen yet" in page.memory_state.text()


def _faces() -> Any:
    """The real face finder when this OpenCV build has Haar cascades, else one finding none.

    (opencv-python-headless 5 dropped ``cv2.CascadeClassifier``; the vision capability owns
    that fix. This test is about the page showing real sightings.)
    """
    import cv2

    from pipelines.vision.privacy_crop import FaceFinder

    if hasattr(cv2, "CascadeClassifier"):
        return FaceFinder()

    class NoFaces(FaceFinder):
        def find(self, image: Any) -> list[tuple[int, int, int, int]]:
            return []

    return NoFaces()


def test_object_memory_from_a_real_photo_run(window: Any, qtbot: Any, shared: Path) -> None:
    """Real detector on a real photo through the real memory; the page lists it."""
    import cv2

    from pipelines.models.manager import ModelManager
    from pipelines.vision.catalog import open_detector
    from pipelines.vision.memory import ObjectMemory

    app = window.session.app
    ModelManager.from_app(app).install("yolox-nano", from_dir=shared / "models")
    photos = sorted((shared / "data" / "photos" / "permissive").glob("*"))
    image = next(img for p in photos if (img := cv2.imread(str(p))) is not None)
    detections = open_detector(app, "yolox-nano").detect(image)
    assert detections
    memory = ObjectMemory(app.db, app.paths.data_dir, app.ledger, faces=_faces())
    memory.record("kitchen", image, detections, model="yolox-nano")
    memory.flush_ledger()
    page = window.show_page("where")
    page.refresh()
    qtbot.waitUntil(lambda: bool(page.labels()), timeout=20000)
    assert set(page.labels()) == set(memory.labels())
    page.filter.setText(page.labels()[0][:3])
    assert not page.table.isRowHidden(0)


def test_zone_editor_saves_a_zone_into_the_settings(window: Any, qtbot: Any) -> None:
    from pipelines.core.settings import load_settings

    settings_page = window.show_page("settings")
    settings_page.cameras.add_row("kitchen", "/tmp/frames", True)
    settings_page.save_button.click()
    page = window.show_page("where")
    page.zones.reload()
    page.zones.name.setText("Counter")
    page.zones.edges[2].setValue(50)
    page.zones.save_button.click()
    assert "saved" in page.zones.message.text()
    saved = load_settings(window.session.app.paths.config_file)
    assert saved.vision.cameras[0].zones["counter"] == [[0, 0], [0.5, 0], [0.5, 1], [0, 1]]
    page.zones.edges[0].setValue(80)  # left beyond right: Save is off and says why
    page.zones.name.setText("bad")
    assert not page.zones.save_button.isEnabled()
    assert "must be beyond" in page.zones.save_button.toolTip()


def test_teach_an_object_from_photos_and_forget_it(window: Any, qtbot: Any, shared: Path) -> None:
    photos = sorted((shared / "data" / "photos" / "permissive").glob("*.jp*g"))[:2]
    page = window.show_page("where")
    page.teach.name.setText("mug")
    page.teach.teach(photos)
    qtbot.waitUntil(lambda: page.teach.names() == ["mug"], timeout=30000)
    page.teach.taught.setCurrentRow(0)
    page.teach.forget_selected()
    qtbot.waitUntil(lambda: page.teach.names() == [], timeout=10000)


def test_cooking_view_follows_steps_taken_by_voice(window: Any, qtbot: Any, shared: Path) -> None:
    from pipelines.recipes.session import CookingSession, SessionStore

    files = sorted((shared / "data" / "recipes" / "jsonld").glob("budgetbytes*.jsonld"))
    page = window.show_page("kitchen")
    page.import_files(files)
    qtbot.waitUntil(lambda: "Smash Burgers" in page.titles(), timeout=30000)
    page.recipes.setCurrentRow(page.titles().index("Smash Burgers"))
    page.cook_button.click()
    qtbot.waitUntil(lambda: page.cooking.recipe is not None, timeout=10000)
    wait_idle(qtbot, window.session)
    # the recipe skill (voice: "next step", "double it") writes the shared session
    SessionStore(window.session.app.db).save(CookingSession(page.cooking.recipe_id, 3, 2.0))
    qtbot.waitUntil(lambda: page.cooking.step == 3, timeout=10000)
    assert page.cooking.scale.value() == 2.0
    assert "2 pounds ground beef" in page.cooking.ingredients_shown()
