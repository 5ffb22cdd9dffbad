"""The alarms card of the Lists page: upcoming and ringing alarms, and a form to set one.

The form sets one-off alarms (a time, optionally a date) and repeating ones (every day,
weekdays, weekends or chosen days) through the same :class:`AlarmStore` the voice skill uses.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QDate, QLocale, Qt, QTime
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QTimeEdit,
    QToolButton,
    QWidget,
)

from pipelines.core.errors import HomebodyError

from ..fmt import error_text
from ..session import GuiSession
from ..widgets import Card, set_tone, status_label

REPEAT_CHOICES = ("Once", "Every day", "Weekdays", "Weekends", "Chosen days")
"""The repeat menu; "Chosen days" shows a toggle button per weekday."""
_DAY_LABELS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


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


def locale_date_format(locale: QLocale) -> str:
    """The user's short date format with a four-digit year ("dd/MM/yyyy", "M/d/yyyy").

    With no locale set (C/POSIX, whose "d MM yyyy" reads "8 12 2026") the month is named.
    """
    if locale.language() == QLocale.Language.C:
        return "ddd d MMM yyyy"
    fmt = locale.dateFormat(QLocale.FormatType.ShortFormat)
    return fmt if "yyyy" in fmt else fmt.replace("yy", "yyyy")


def chosen_repeat(choice: str, days: list[bool]) -> Any:
    """The :class:`Repeat` a menu choice (and the day toggles) asks for; None = rings once."""
    # lazy: start-up speed (pipelines.skills.alarm_repeat loads only when chosen_repeat() runs)
    from pipelines.skills.alarm_repeat import EVERY_DAY, WEEKDAYS_ONLY, WEEKENDS, Repeat

    fixed = {"Every day": EVERY_DAY, "Weekdays": WEEKDAYS_ONLY, "Weekends": WEEKENDS}
    if choice in fixed:
        return fixed[choice]
    if choice == "Chosen days":
        return Repeat.of(*(d for d, on in enumerate(days) if on))  # InputError when none
    return None


class AlarmsCard(Card):
    """Upcoming alarms, the ringing one with a stop button, and the set-an-alarm form."""

    def __init__(
        self, session: GuiSession, store: Any, changed: Callable[[], None], parent: Any = None
    ) -> None:
        """``changed`` is called after every edit (the page re-reads its stores)."""
        super().__init__("Alarms", parent)
        self.session, self.store, self._changed = session, store, changed
        self.alarms: list[Any] = []
        self.ringing = QLabel("")
        self.ringing.setObjectName("Bad")
        self.ringing.hide()
        self.stop_button = QPushButton("Stop ringing")
        self.stop_button.setObjectName("Primary")
        self.stop_button.setAccessibleName("Stop the ringing alarm")
        self.stop_button.clicked.connect(lambda: self._write(self.store.dismiss_ringing))
        self.stop_button.hide()
        self.body.addWidget(self.ringing)
        self.body.addWidget(self.stop_button)
        self.alarm_list = QListWidget()
        self.alarm_list.setAccessibleName("Upcoming alarms")
        self.alarm_list.setWordWrap(True)
        self.alarm_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.body.addWidget(self.alarm_list, 1)
        self.cancel_alarm_button = QPushButton("Cancel selected alarm")
        self.cancel_alarm_button.setAccessibleName("Cancel the selected alarm")
        self.cancel_alarm_button.clicked.connect(self.cancel_selected)
        self.alarm_list.itemSelectionChanged.connect(self._selection_changed)
        self.body.addWidget(self.cancel_alarm_button)
        self._when_row()
        self._repeat_row()
        self._label_row()
        self.alarm_message = status_label("")
        self.body.addWidget(self.alarm_message)

    def _when_row(self) -> None:
        locale = QLocale()
        form = QHBoxLayout()
        self.alarm_time = QTimeEdit(QTime(7, 0))
        self.alarm_time.setDisplayFormat("HH:mm")
        self.alarm_time.setAccessibleName("Alarm time")
        self.alarm_on_date = QCheckBox("On a date:")
        self.alarm_on_date.setAccessibleName("Set the alarm for a date")
        self.alarm_date = QDateEdit(QDate.currentDate().addDays(1))
        self.alarm_date.setLocale(locale)
        self.alarm_date.setDisplayFormat(locale_date_format(locale))
        self.alarm_date.setCalendarPopup(True)
        self.alarm_date.setAccessibleName("Alarm date")
        self.alarm_date.setEnabled(False)
        self.alarm_on_date.toggled.connect(lambda _on: self._sync_form())
        form.addWidget(self.alarm_on_date)
        form.addWidget(self.alarm_date, 1)
        self.body.addLayout(form)

    def _repeat_row(self) -> None:
        row = QHBoxLayout()
        row.addWidget(self.alarm_time)
        self.repeat_choice = QComboBox()
        self.repeat_choice.addItems(list(REPEAT_CHOICES))
        self.repeat_choice.setAccessibleName("Repeat the alarm")
        self.repeat_choice.currentTextChanged.connect(lambda _t: self._sync_form())
        row.addWidget(self.repeat_choice)
        self.day_buttons: list[QToolButton] = []
        days = QWidget()
        day_row = QHBoxLayout(days)
        day_row.setContentsMargins(0, 0, 0, 0)
        day_row.setSpacing(2)
        for name in _DAY_LABELS:
            button = QToolButton()
            button.setText(name)
            button.setCheckable(True)
            button.setAccessibleName(f"Ring on {name}")
            day_row.addWidget(button)
            self.day_buttons.append(button)
        self.day_picker = days
        self.body.addLayout(row)
        self.body.addWidget(days)
        self._sync_form()

    def _label_row(self) -> None:
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
        self.body.addLayout(label_row)

    def _sync_form(self) -> None:
        """A repeating alarm has no date; the day toggles show only for "Chosen days"."""
        repeating = self.repeat_choice.currentText() != "Once"
        self.alarm_on_date.setEnabled(not repeating)
        self.alarm_date.setEnabled(not repeating and self.alarm_on_date.isChecked())
        self.day_picker.setVisible(self.repeat_choice.currentText() == "Chosen days")

    def show_alarms(self, upcoming: list[Any], ringing: list[Any]) -> None:
        self.alarms = upcoming
        self.alarm_list.clear()
        for alarm in upcoming:
            self.alarm_list.addItem(describe_alarm(alarm))
        if not upcoming:
            self.alarm_list.addItem("No alarms set.")
        self._selection_changed()
        self.ringing.setVisible(bool(ringing))
        self.stop_button.setVisible(bool(ringing))
        if ringing:
            self.ringing.setText("Ringing: " + ", ".join(describe_alarm(a) for a in ringing))

    def _selection_changed(self) -> None:
        row = self.alarm_list.currentRow()
        chosen = 0 <= row < len(self.alarms) and bool(self.alarm_list.selectedItems())
        self.cancel_alarm_button.setEnabled(chosen)
        self.cancel_alarm_button.setToolTip(
            "" if chosen else ("Select an alarm to cancel." if self.alarms else "No alarms set.")
        )

    def shown_alarms(self) -> list[str]:
        return [describe_alarm(a) for a in self.alarms]

    def set_alarm(self) -> None:
        time_hm = self.alarm_time.time().toString("HH:mm")
        label = self.alarm_label.text().strip() or None
        store = self.store
        try:
            repeat = chosen_repeat(
                self.repeat_choice.currentText(), [b.isChecked() for b in self.day_buttons]
            )
        except HomebodyError:
            self._say("Pick at least one day for the alarm to ring on.", "Bad")
            return
        date = None
        if repeat is None and self.alarm_on_date.isChecked():
            date = self.alarm_date.date().toString("yyyy-MM-dd")

        def done(alarm: Any) -> None:
            self.alarm_label.clear()
            self._say(f"Alarm set for {describe_alarm(alarm)}.", "Good")
            self._changed()

        self._write(lambda: store.set(time_hm, date, label, repeat=repeat), done)

    def cancel_selected(self) -> None:
        row = self.alarm_list.currentRow()
        if 0 <= row < len(self.alarms):
            alarm_id = self.alarms[row].id
            store = self.store
            self._write(lambda: store.cancel(alarm_id))

    def _write(self, fn: Callable[[], Any], done: Callable[[Any], None] | None = None) -> None:
        def failed(exc: BaseException) -> None:
            self._say(error_text(exc), "Bad")

        self.session.write(fn, done or (lambda _r: self._changed()), failed)

    def _say(self, text: str, tone: str) -> None:
        self.alarm_message.setText(text)
        set_tone(self.alarm_message, tone)
