"""One test per defect a household hit (issue 24), each written to fail on the old pages."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QDate, QLocale

from .conftest import wait_idle
from .walk import fake_enabled, label_problem


# -- assistant ----------------------------------------------------------------------------------
def test_the_chat_keeps_the_newest_reply_in_view(window: Any, qtbot: Any) -> None:
    chat = window.show_page("assistant").conversation
    for n in range(25):
        chat.add_user(f"question {n}")
        chat.add_reply(f"answer {n} " + "with a longer sentence " * 4, "Understood: greeting")
    bar = chat.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0 and chat.newest_in_view(), timeout=3000)
    assert bar.value() == bar.maximum()
    bar.setValue(0)  # the user scrolls up to read: a new bubble brings them back down
    chat.add_reply("the newest one")
    qtbot.waitUntil(lambda: bar.value() > 0 and chat.newest_in_view(), timeout=3000)
    assert not chat.horizontalScrollBar().isVisible()


def test_numbers_stay_with_their_units() -> None:
    from app.gui.fmt import human_size, keep_units
    from app.gui.pages.conversation import describe_understanding

    note = describe_understanding("timer_start", {"duration": 600}, 1.0)
    assert "10\xa0min" in note and note.endswith("100\xa0%")
    assert keep_units("Bake at 425 °F for 20 minutes, 50 %") == (
        "Bake at 425\xa0°F for 20\xa0minutes, 50\xa0%"
    )
    assert keep_units("step 2 of 4 eggs") == "step 2 of 4 eggs"  # no unit: untouched
    assert human_size(1536) == "1.5\xa0KiB" and human_size(3 * 1024**2) == "3.0\xa0MiB"


def test_an_empty_chat_says_what_to_try(window: Any, qtbot: Any) -> None:
    chat = window.show_page("assistant").conversation
    wait_idle(qtbot, window.session)
    assert chat.hint.isVisible() and "set a pasta timer" in chat.hint.text()
    chat.add_user("hello")
    assert not chat.hint.isVisible()
    chat.clear()
    assert chat.hint.isVisible()


def test_a_long_timer_name_is_not_cut(window: Any, qtbot: Any) -> None:
    from pipelines.skills.timer_store import TimerStore

    app = window.session.app
    TimerStore(app.db, ledger=app.ledger).start(754, "Step 4: arrange the patties")
    timers = window.show_page("assistant").timers
    qtbot.waitUntil(lambda: bool(timers.rows), timeout=5000)
    window.resize(1024, 700)
    qtbot.wait(100)
    assert label_problem(timers.rows[0].name) == ""


# -- kitchen ------------------------------------------------------------------------------------
def test_cook_and_delete_wait_for_a_chosen_recipe(window: Any, qtbot: Any, shared: Any) -> None:
    page = window.show_page("kitchen")
    assert not page.cook_button.isEnabled() and "Select a recipe" in page.cook_button.toolTip()
    assert not page.delete_button.isEnabled()
    files = sorted((shared / "data" / "recipes" / "jsonld").glob("budgetbytes*.jsonld"))
    page.import_files(files)
    qtbot.waitUntil(lambda: bool(page.titles()), timeout=30000)
    assert not page.cook_button.isEnabled()  # imported, still nothing chosen
    page.recipes.setCurrentRow(0)
    assert page.cook_button.isEnabled() and page.delete_button.isEnabled()


def test_the_step_timer_button_fits_at_the_small_size(window: Any, qtbot: Any, shared: Any) -> None:
    from .walk import button_problem

    page = window.show_page("kitchen")
    page.import_files(sorted((shared / "data" / "recipes" / "jsonld").glob("budgetbytes*")))
    qtbot.waitUntil(lambda: bool(page.titles()), timeout=30000)
    page.recipes.setCurrentRow(0)
    page.cook_button.click()
    cooking = page.cooking
    qtbot.waitUntil(lambda: cooking.recipe is not None, timeout=10000)
    window.resize(1024, 700)
    cooking.go(next(s.number for s in cooking.recipe.steps if s.durations))
    qtbot.wait(100)
    assert cooking.timer_button.text().startswith("Timer: ")
    for button in (cooking.timer_button, cooking.prev_button, cooking.next_button):
        assert button_problem(button) == ""
    assert "\xa0" in cooking.step_text.text() or not any(
        c.isdigit() for c in cooking.step_text.text()
    )


# -- where is -----------------------------------------------------------------------------------
def test_where_is_says_how_to_get_the_detector(window: Any, qtbot: Any) -> None:
    page = window.page("where")
    window.page("settings").cameras.add_row("kitchen", "/tmp/frames", True)
    window.page("settings").save_button.click()
    window.show_page("where")
    page.update_camera_state()
    qtbot.waitUntil(lambda: page.detector_button.isVisible(), timeout=10000)
    assert "No object detector yet" in page.camera_state.text()
    assert not page.watch_button.isEnabled() and "detector" in page.watch_button.toolTip()
    page.detector_button.click()
    assert page.welcome.stack.currentWidget() is page.welcome.detector
    page.welcome.close()


# -- lists and alarms ---------------------------------------------------------------------------
def test_the_alarm_date_reads_in_the_users_locale(app: Any, qtbot: Any) -> None:
    from app.gui.launch import close_window, open_window

    QLocale.setDefault(QLocale("en_GB"))
    try:
        session, win = open_window(app, start=False)
        qtbot.addWidget(win)
        card = win.page("lists").alarm_card
        card.alarm_date.setDate(QDate(2026, 12, 8))
        assert card.alarm_date.text() == "08/12/2026"
        assert card.alarm_on_date.text() != "on" and "date" in card.alarm_on_date.text()
        close_window(session, win)
    finally:
        QLocale.setDefault(QLocale.c())
    from app.gui.pages.alarms_card import locale_date_format

    assert QDate(2026, 12, 8).toString(locale_date_format(QLocale.c())) == "Tue 8 Dec 2026"
    assert locale_date_format(QLocale("en_US")) == "M/d/yyyy"


def test_buttons_for_a_selection_are_disabled_with_a_reason(window: Any, qtbot: Any) -> None:
    from pipelines.skills.alarm_store import AlarmStore
    from pipelines.skills.list_store import ListStore

    app = window.session.app
    ListStore(app.db, ledger=app.ledger).add("shopping", ["eggs"])
    AlarmStore(app.db, ledger=app.ledger).set("06:30", label="work")
    window.page("settings").cameras.add_row("kitchen", "/tmp/frames", True)
    for key in ("lists", "where", "kitchen", "settings", "privacy"):
        page = window.show_page(key)
        wait_idle(qtbot, window.session)
        qtbot.wait(300)
        assert fake_enabled(page) == [], key
    lists = window.page("lists")
    lists.items.setCurrentRow(0)
    assert lists.remove_button.isEnabled()


# -- privacy ------------------------------------------------------------------------------------
def test_the_ledger_reads_as_sentences_with_the_json_behind_details(
    window: Any, qtbot: Any
) -> None:
    from pipelines.skills.timer_store import TimerStore

    app = window.session.app
    TimerStore(app.db, ledger=app.ledger).start(60, "tea")
    page = window.show_page("privacy")
    ledger = page.ledger
    qtbot.waitUntil(lambda: any(e.category == "timers" for e in ledger.model.rows), timeout=5000)
    row = next(i for i, e in enumerate(ledger.model.rows) if e.category == "timers")
    what = ledger.model.index(row, 2).data()
    assert what == "Homebody saved 1 timer on this computer."
    assert ledger.table.isColumnHidden(4)
    ledger.details.setChecked(True)
    assert not ledger.table.isColumnHidden(4)
    assert ledger.model.index(row, 4).data() == '{"items": 1}'


def test_conversation_context_says_one_thing_about_keeping(window: Any, qtbot: Any) -> None:
    data = window.show_page("privacy").data
    qtbot.waitUntil(lambda: bool(data.usage), timeout=5000)
    row = next(i for i, u in enumerate(data.usage) if u.category.name == "conversation")
    described = data.table.item(row, 1).text()
    kept = data.table.item(row, 4).text()
    assert "few minutes" in described and "minutes" in kept and "until you delete" not in kept


def test_the_models_table_fits_without_sideways_scrolling(window: Any, qtbot: Any) -> None:
    page = window.show_page("privacy")
    page.tabs.setCurrentWidget(page.models)
    window.resize(1024, 700)
    qtbot.waitUntil(lambda: bool(page.models.rows), timeout=10000)
    qtbot.wait(200)
    table = page.models.table
    assert not table.horizontalScrollBar().isVisible()
    header = table.horizontalHeader()
    licence = 2
    assert table.horizontalHeaderItem(licence).text() == "Licence"
    assert header.sectionViewportPosition(licence) + header.sectionSize(licence) <= (
        table.viewport().width()
    )


# -- settings -----------------------------------------------------------------------------------
def test_settings_cards_start_at_the_top_with_titles_level(window: Any, qtbot: Any) -> None:
    page = window.show_page("settings")
    wait_idle(qtbot, window.session)
    assert not page.message.isVisible()  # no empty gap above the cards
    appearance = page.theme.parentWidget()
    voice = page.input_device.parentWidget()
    titles = [card.title_label for card in (appearance, voice)]
    tops = [t.mapTo(page, t.rect().topLeft()).y() for t in titles if t is not None]
    assert len(tops) == 2 and tops[0] == tops[1]
    assert not page.voice_profile.forget.isEnabled()
    assert page.voice_profile.forget.toolTip() == "No voice profile to forget."


def test_a_zone_is_drawn_as_a_rectangle_on_the_camera_picture(
    window: Any, qtbot: Any, shared: Any
) -> None:
    from PySide6.QtCore import QPoint, Qt

    from pipelines.core.settings import load_settings

    photos = shared / "data" / "photos" / "permissive"
    settings_page = window.page("settings")
    settings_page.cameras.add_row("kitchen", str(photos), True)
    settings_page.save_button.click()
    page = window.show_page("where")
    zones = page.zones
    zones.reload()
    window.resize(1280, 800)
    canvas = zones.canvas
    qtbot.waitUntil(lambda: canvas.picture is not None, timeout=20000)  # the real view
    frame = canvas.frame_rect()
    start = QPoint(int(frame.x() + frame.width() * 0.1), int(frame.y() + frame.height() * 0.5))
    end = QPoint(int(frame.x() + frame.width() * 0.6), int(frame.y() + frame.height() * 0.9))
    qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(canvas, end)
    qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=end)
    edges = [s.value() for s in zones.edges]
    assert all(abs(a - b) <= 1 for a, b in zip(edges, [10, 50, 60, 90], strict=True)), edges
    assert not zones.save_button.isEnabled()  # not named yet
    qtbot.keyClicks(zones.name, "Counter")
    zones.save_button.click()
    saved = load_settings(window.session.app.paths.config_file)
    left, top, right, bottom = (e / 100 for e in edges)
    assert saved.vision.cameras[0].zones["counter"] == [
        [left, top], [right, top], [right, bottom], [left, bottom]]  # fmt: skip
    assert set(canvas.zones) == {"counter"}  # drawn over the picture from now on
    zones.edges[2].setValue(5)  # right edge left of the left one: Save says why not
    assert not zones.save_button.isEnabled() and "beyond" in zones.save_button.toolTip()
    # the live preview: a few new pictures a second, none of them stored anywhere
    data = window.session.app.paths.data_dir
    files_before = sorted(str(p) for p in data.rglob("*") if p.is_file() and "db" not in p.name)
    written_before = len(window.session.app.ledger.entries(kind="data_written", limit=10000))
    shown: list[Any] = []
    real_set = canvas.set_picture
    canvas.set_picture = lambda picture, *a: (shown.append(picture), real_set(picture, *a))
    zones.live.setChecked(True)
    assert zones._timer.isActive()
    qtbot.waitUntil(lambda: len([p for p in shown if p is not None]) >= 3, timeout=20000)
    files_after = sorted(str(p) for p in data.rglob("*") if p.is_file() and "db" not in p.name)
    assert files_after == files_before
    assert len(window.session.app.ledger.entries(kind="data_written", limit=10000)) == (
        written_before
    )
    window.show_page("kitchen")  # off screen: the live preview stops
    assert not zones.live.isChecked() and not zones._timer.isActive()


def test_the_theme_follows_the_system_while_running(
    window: Any, qtbot: Any, monkeypatch: Any
) -> None:
    """The desktop switching to dark mode re-themes the open window (offscreen Qt can't switch
    its colour scheme, so the scheme is read through a stand-in and the signal sent by hand)."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QPalette

    from app.gui import theme

    assert window.session.app.settings.general.theme == "system"
    scheme = {"now": "dark"}
    monkeypatch.setattr(theme, "resolve", lambda t: scheme["now"] if t == "system" else t)
    hints = QGuiApplication.styleHints()
    hints.colorSchemeChanged.emit(Qt.ColorScheme.Dark)
    assert window.colors == theme.DARK
    assert QGuiApplication.palette().color(QPalette.ColorRole.Window).name() == theme.DARK.window
    scheme["now"] = "light"
    hints.colorSchemeChanged.emit(Qt.ColorScheme.Light)
    assert window.colors == theme.LIGHT


def test_the_welcome_has_accessible_names_and_keyboard_order(window: Any, qtbot: Any) -> None:
    from PySide6.QtCore import Qt

    from app.gui.welcome import WelcomeDialog

    from .test_notifications_and_shell import test_controls_have_accessible_names

    dialog = WelcomeDialog(window.session, window)  # a child: the name check covers it too
    qtbot.addWidget(dialog)
    dialog.show()
    test_controls_have_accessible_names(window, qtbot)
    dialog.go(dialog.steps.index(dialog.camera))
    dialog.activateWindow()
    dialog.camera.name.setFocus()
    qtbot.keyClick(dialog.camera.name, Qt.Key.Key_Tab)
    assert dialog.focusWidget() is dialog.camera.source  # name -> source -> Folder… in order
