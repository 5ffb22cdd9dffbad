"""Lists and alarms: the same stores the voice skills use (shopping, to-do, your own lists)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QDate, QTime, QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from pipelines.core.errors import HomebodyError

from ..session import GuiSession
from ..widgets import Card, page_header, page_layout, set_tone, status_label


def _stores(app: Any) -> tuple[Any, Any]:
    from pipelines.skills.alarm_store import AlarmStore
    from pipelines.skills.list_store import ListStore

    lists = app.services.get("list_store") or ListStore(app.db, ledger=app.ledger)
    alarms = app.services.get("alarm_store") or AlarmStore(app.db, ledger=app.ledger)
    app.services.setdefault("list_store", lists)
    app.services.setdefault("alarm_store", alarms)
    return lists, alarms


def describe_alarm(alarm: Any, now: dt.datetime | None = None) -> str:
    """ "07:30 tomorrow — Wake up" / "18:00 Fri 28 Nov" / "06:45 weekdays (next: today)"."""
    now = now or dt.datetime.now()
    when = dt.datetime.fromtimestamp(alarm.fire_at)
    if when.date() == now.date():
        day = "today"
    elif when.date() == (now + dt.timedelta(days=1)).date():
        day = "tomorrow"
    else:
        day = when.strftime("%a %d %b")
    text = f"{alarm.time_hm} {day}"
    if getattr(alarm, "repeat", None) is not None:  # "07:00 weekdays (next: tomorrow)"
        text = f"{alarm.time_hm} {alarm.repeat.describe()} (next: {day})"
    return f"{text} — {alarm.label}" if alarm.label else text


class ListsPage(QWidget):
    title = "Lists and alarms"
    icon_name = "lists"

    def __init__(self, session: GuiSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.lists_store, self.alarm_store = _stores(session.app)
        outer = page_layout(self)
        header, _sub = page_header(
            "Lists and alarms", "Say “add eggs to the shopping list” — or edit them here."
        )
        outer.addWidget(header)
        columns = QHBoxLayout()
        columns.setSpacing(12)
        columns.addWidget(self._lists_card(), 3)
        columns.addWidget(self._alarms_card(), 2)
        outer.addLayout(columns, 1)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(150)
        self._debounce.timeout.connect(self.refresh)
        session.data_changed.connect(self._debounce.start)
        self.refresh()

    # -- lists --------------------------------------------------------------------------------
    def _lists_card(self) -> Card:
        card = Card("Lists")
        row = QHBoxLayout()
        self.names = QListWidget()
        self.names.setAccessibleName("Lists")
        self.names.setFixedWidth(170)
        self.names.currentTextChanged.connect(lambda _t: self._load_items())
        right = QVBoxLayout()
        self.items = QListWidget()
        self.items.setAccessibleName("Items on the list")
        self.items.setSelectionMode(QListWidget.SelectionMode.ExtendedSelection)
        add_row = QHBoxLayout()
        self.new_item = QLineEdit()
        self.new_item.setPlaceholderText("Add items, separated by commas")
        self.new_item.setAccessibleName("New item")
        self.new_item.returnPressed.connect(self.add_items)
        self.add_button = QPushButton("Add")
        self.add_button.setAccessibleName("Add to the list")
        self.add_button.clicked.connect(self.add_items)
        add_row.addWidget(self.new_item, 1)
        add_row.addWidget(self.add_button)
        buttons = QHBoxLayout()
        self.remove_button = QPushButton("Remove selected")
        self.remove_button.setAccessibleName("Remove the selected items")
        self.remove_button.clicked.connect(self.remove_selected)
        self.clear_button = QPushButton("Clear list")
        self.clear_button.setObjectName("Danger")
        self.clear_button.setAccessibleName("Clear the whole list")
        self.clear_button.clicked.connect(self.clear_list)
        self.new_list = QLineEdit()
        self.new_list.setPlaceholderText("New list name")
        self.new_list.setAccessibleName("New list name")
        self.new_list.returnPressed.connect(self._create_list)
        buttons.addWidget(self.remove_button)
        buttons.addWidget(self.clear_button)
        buttons.addStretch(1)
        right.addLayout(add_row)
        right.addWidget(self.items, 1)
        right.addLayout(buttons)
        left = QVBoxLayout()
        left.addWidget(self.names, 1)
        left.addWidget(self.new_list)
        row.addLayout(left)
        row.addLayout(right, 1)
        card.body.addLayout(row, 1)
        self.list_message = status_label("")
        card.body.addWidget(self.list_message)
        return card

    def current_list(self) -> str:
        item = self.names.currentItem()
        return item.text() if item is not None else "shopping"

    def _run(self, fn: Any, done: Any = None) -> None:
        def failed(exc: BaseException) -> None:
            message = exc.message if isinstance(exc, HomebodyError) else str(exc)
            self.list_message.setText(message)
            set_tone(self.list_message, "Bad")

        self.session.write(fn, done or (lambda _r: self.refresh()), failed)

    def refresh(self) -> None:
        store, alarms = self.lists_store, self.alarm_store

        def read() -> tuple[list[str], list[Any], list[Any]]:
            return store.names(), alarms.upcoming(), alarms.ringing()

        self.session.run(read, self._show)

    def _show(self, data: tuple[list[str], list[Any], list[Any]]) -> None:
        names, upcoming, ringing = data
        current = self.current_list()
        self.names.blockSignals(True)
        self.names.clear()
        for name in names:
            self.names.addItem(name)
        matches = [i for i in range(self.names.count()) if self.names.item(i).text() == current]
        self.names.setCurrentRow(matches[0] if matches else 0)
        self.names.blockSignals(False)
        self._load_items()
        self._show_alarms(upcoming, ringing)

    def _load_items(self) -> None:
        name = self.current_list()
        store = self.lists_store
        self.session.run(lambda: (name, store.items(name)), self._show_items)

    def _show_items(self, result: tuple[str, list[str]]) -> None:
        name, items = result
        if name != self.current_list():
            return
        self.items.clear()
        for item in items:
            self.items.addItem(QListWidgetItem(item))
        self.clear_button.setEnabled(bool(items))
        self.remove_button.setEnabled(bool(items))
        self.list_message.setText(
            f"{len(items)} items on the {name} list." if items else f"The {name} list is empty."
        )
        set_tone(self.list_message, "Muted")

    def shown_items(self) -> list[str]:
        return [self.items.item(i).text() for i in range(self.items.count())]

    def add_items(self) -> None:
        parts = [p.strip() for p in self.new_item.text().split(",") if p.strip()]
        if not parts:
            return
        self.new_item.clear()
        name, store = self.current_list(), self.lists_store
        self._run(lambda: store.add(name, parts))

    def remove_selected(self) -> None:
        chosen = [i.text() for i in self.items.selectedItems()]
        if chosen:
            name, store = self.current_list(), self.lists_store
            self._run(lambda: store.remove(name, chosen))

    def clear_list(self) -> None:
        name, store = self.current_list(), self.lists_store
        self._run(lambda: store.clear(name))

    def _create_list(self) -> None:
        name = self.new_list.text().strip()
        if not name:
            return
        self.new_list.clear()
        for i in range(self.names.count()):
            if self.names.item(i).text() == name.lower():
                self.names.setCurrentRow(i)
                return
        self.names.addItem(name.lower())
        self.names.setCurrentRow(self.names.count() - 1)
        self.new_item.setFocus()

    # -- alarms -------------------------------------------------------------------------------
    def _alarms_card(self) -> Card:
        card = Card("Alarms")
        self.ringing = QLabel("")
        self.ringing.setObjectName("Bad")
        self.ringing.hide()
        self.stop_button = QPushButton("Stop ringing")
        self.stop_button.setObjectName("Primary")
        self.stop_button.setAccessibleName("Stop the ringing alarm")
        self.stop_button.clicked.connect(self._stop_ringing)
        self.stop_button.hide()
        card.body.addWidget(self.ringing)
        card.body.addWidget(self.stop_button)
        self.alarm_list = QListWidget()
        self.alarm_list.setAccessibleName("Upcoming alarms")
        card.body.addWidget(self.alarm_list, 1)
        self.cancel_alarm_button = QPushButton("Cancel selected alarm")
        self.cancel_alarm_button.setAccessibleName("Cancel the selected alarm")
        self.cancel_alarm_button.clicked.connect(self._cancel_alarm)
        card.body.addWidget(self.cancel_alarm_button)
        form = QHBoxLayout()
        self.alarm_time = QTimeEdit(QTime(7, 0))
        self.alarm_time.setDisplayFormat("HH:mm")
        self.alarm_time.setAccessibleName("Alarm time")
        self.alarm_on_date = QCheckBox("on")
        self.alarm_on_date.setAccessibleName("Set the alarm for a date")
        self.alarm_date = QDateEdit(QDate.currentDate().addDays(1))
        self.alarm_date.setCalendarPopup(True)
        self.alarm_date.setAccessibleName("Alarm date")
        self.alarm_date.setEnabled(False)
        self.alarm_on_date.toggled.connect(self.alarm_date.setEnabled)
        form.addWidget(self.alarm_time)
        form.addWidget(self.alarm_on_date)
        form.addWidget(self.alarm_date)
        card.body.addLayout(form)
        label_row = QHBoxLayout()
        self.alarm_label = QLineEdit()
        self.alarm_label.setPlaceholderText("Label (optional)")
        self.alarm_label.setAccessibleName("Alarm label")
        self.set_alarm_button = QPushButton("Set alarm")
        self.set_alarm_button.setObjectName("Primary")
        self.set_alarm_button.setAccessibleName("Set the alarm")
        self.set_alarm_button.clicked.connect(self.set_alarm)
        label_row.addWidget(self.alarm_label, 1)
        label_row.addWidget(self.set_alarm_button)
        card.body.addLayout(label_row)
        self.alarm_message = status_label("")
        card.body.addWidget(self.alarm_message)
        self.alarms: list[Any] = []
        return card

    def _show_alarms(self, upcoming: list[Any], ringing: list[Any]) -> None:
        self.alarms = upcoming
        self.alarm_list.clear()
        for alarm in upcoming:
            self.alarm_list.addItem(describe_alarm(alarm))
        if not upcoming:
            self.alarm_list.addItem("No alarms set.")
        self.cancel_alarm_button.setEnabled(bool(upcoming))
        self.ringing.setVisible(bool(ringing))
        self.stop_button.setVisible(bool(ringing))
        if ringing:
            self.ringing.setText("Ringing: " + ", ".join(describe_alarm(a) for a in ringing))

    def shown_alarms(self) -> list[str]:
        return [describe_alarm(a) for a in self.alarms]

    def set_alarm(self) -> None:
        time_hm = self.alarm_time.time().toString("HH:mm")
        date = (
            self.alarm_date.date().toString("yyyy-MM-dd")
            if self.alarm_on_date.isChecked()
            else None
        )
        label = self.alarm_label.text().strip() or None
        store = self.alarm_store

        def done(alarm: Any) -> None:
            self.alarm_label.clear()
            self.alarm_message.setText(f"Alarm set for {describe_alarm(alarm)}.")
            set_tone(self.alarm_message, "Good")
            self.refresh()

        def failed(exc: BaseException) -> None:
            message = exc.message if isinstance(exc, HomebodyError) else str(exc)
            self.alarm_message.setText(message)
            set_tone(self.alarm_message, "Bad")

        self.session.run(lambda: store.set(time_hm, date, label), done, failed)

    def _cancel_alarm(self) -> None:
        row = self.alarm_list.currentRow()
        if 0 <= row < len(self.alarms):
            alarm_id = self.alarms[row].id
            store = self.alarm_store
            self._run(lambda: store.cancel(alarm_id))

    def _stop_ringing(self) -> None:
        store = self.alarm_store
        self._run(store.dismiss_ringing)
