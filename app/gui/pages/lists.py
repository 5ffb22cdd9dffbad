"""Lists and alarms: the same stores the voice skills use (shopping, to-do, your own lists).

The alarms card (upcoming, ringing, the set-an-alarm form) lives in :mod:`.alarms_card`.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..fmt import error_text
from ..session import GuiSession
from ..widgets import Card, needs_text, page_header, page_layout, set_tone, status_label
from .alarms_card import AlarmsCard
from .alarms_card import describe_alarm as describe_alarm


def _stores(app: Any) -> tuple[Any, Any]:
    # lazy: start-up speed (pipelines.skills.alarm_store etc. load only when _stores() runs)
    from pipelines.skills.alarm_store import AlarmStore
    from pipelines.skills.list_store import ListStore

    lists = app.services.get("list_store") or ListStore(app.db, ledger=app.ledger)
    alarms = app.services.get("alarm_store") or AlarmStore(app.db, ledger=app.ledger)
    app.services.setdefault("list_store", lists)
    app.services.setdefault("alarm_store", alarms)
    return lists, alarms


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
        self.alarm_card = AlarmsCard(session, self.alarm_store, self.refresh)
        columns.addWidget(self.alarm_card, 2)
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
        self.names.setFixedWidth(150)
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
        needs_text(self.add_button, self.new_item, "Type an item first.")
        add_row.addWidget(self.new_item, 1)
        add_row.addWidget(self.add_button)
        buttons = QHBoxLayout()
        self.remove_button = QPushButton("Remove")
        self.remove_button.setAccessibleName("Remove the selected items")
        self.remove_button.clicked.connect(self.remove_selected)
        self.items.itemSelectionChanged.connect(self._item_selection)
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
            self.list_message.setText(error_text(exc))
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
        self.alarm_card.show_alarms(upcoming, ringing)

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
        self.clear_button.setToolTip("" if items else "The list is empty.")
        self._item_selection()
        self.list_message.setText(
            f"{len(items)} items on the {name} list." if items else f"The {name} list is empty."
        )
        set_tone(self.list_message, "Muted")

    def _item_selection(self) -> None:
        chosen = bool(self.items.selectedItems())
        self.remove_button.setEnabled(chosen)
        self.remove_button.setToolTip("" if chosen else "Select the items to remove first.")

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
