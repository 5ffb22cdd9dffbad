"""Cooking mode: large text, the current step, a scaled ingredient checklist, step timers.

The position (recipe, step, scale) lives in the shared :class:`SessionStore`, so the voice
assistant ("next step", "double it") and this view continue the same session.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QBoxLayout,
    QDoubleSpinBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ..fmt import human_duration, keep_units
from ..session import GuiSession
from ..widgets import Card, set_tone, status_label
from .timers_panel import open_timer_store


def _stores(app: Any) -> tuple[Any, Any]:
    # lazy: start-up speed (pipelines.recipes.library etc. load only when _stores() runs)
    from pipelines.recipes.library import RecipeLibrary
    from pipelines.recipes.session import SessionStore

    return RecipeLibrary(app.db, app.ledger), SessionStore(app.db)


WIDE_COOKING = 640
"""Card width (px) from which the ingredients sit beside the step instead of above it."""


class CookingView(Card):
    timer_started = Signal(str)

    def __init__(self, session: GuiSession, parent: QWidget | None = None) -> None:
        super().__init__("", parent)
        self.session = session
        self.library, self.sessions = _stores(session.app)
        self.recipe: Any = None
        self.recipe_id = 0
        self.step = 0
        self.factor = 1.0
        self._generation = 0
        self._writes = 0
        self.setAccessibleName("Cooking mode")
        self.title = QLabel("Pick a recipe to start cooking")
        self.title.setObjectName("PageTitle")
        self.title.setWordWrap(True)
        self.body.addWidget(self.title)
        scale_row = QHBoxLayout()
        self.yields = status_label("")
        self.scale = QDoubleSpinBox()
        self.scale.setRange(0.25, 8.0)
        self.scale.setSingleStep(0.5)
        self.scale.setDecimals(2)
        self.scale.setPrefix("× ")
        self.scale.setValue(1.0)
        self.scale.setAccessibleName("Scale the recipe")
        self.scale.valueChanged.connect(self._rescale)
        scale_row.addWidget(self.yields, 1)
        scale_row.addWidget(QLabel("Scale"))
        scale_row.addWidget(self.scale)
        self.body.addLayout(scale_row)
        # ingredients beside the step when there is room, above it when the window is narrow
        self.columns = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        columns = self.columns
        self.checklist = QListWidget()
        self.checklist.setAccessibleName("Ingredient checklist")
        self.checklist.setMinimumWidth(200)
        self.checklist.setWordWrap(True)
        self.checklist.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        columns.addWidget(self.checklist, 2)
        step_box = QVBoxLayout()
        self.step_label = status_label("")
        self.step_text = QLabel("")
        self.step_text.setWordWrap(True)
        self.step_text.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.step_text.setStyleSheet("font-size: 18pt; line-height: 140%;")
        self.step_text.setAccessibleName("Current step")
        self.step_text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        step_scroll = QScrollArea()
        step_scroll.setWidgetResizable(True)
        step_scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        step_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        step_scroll.setWidget(self.step_text)
        step_scroll.setStyleSheet("QScrollArea { background: transparent; }")
        step_scroll.viewport().setAutoFillBackground(False)
        self.step_text.setAutoFillBackground(False)
        step_box.addWidget(self.step_label)
        step_box.addWidget(step_scroll, 1)
        nav = QHBoxLayout()
        self.prev_button = QPushButton("◀ Previous")
        self.prev_button.setAccessibleName("Previous step")
        self.next_button = QPushButton("Next ▶")
        self.next_button.setObjectName("Primary")
        self.next_button.setAccessibleName("Next step")
        self.timer_button = QPushButton("Timer for this step")
        self.timer_button.setAccessibleName("Start a timer for this step")
        self.prev_button.clicked.connect(lambda: self.go(self.step - 1))
        self.next_button.clicked.connect(lambda: self.go(self.step + 1))
        self.timer_button.clicked.connect(self.start_step_timer)
        nav.addWidget(self.prev_button)
        nav.addWidget(self.next_button)
        nav.addStretch(1)
        nav.addWidget(self.timer_button)
        step_box.addLayout(nav)
        self.message = status_label("")
        step_box.addWidget(self.message)
        columns.addLayout(step_box, 3)
        self.body.addLayout(columns, 1)
        self._set_enabled(False)
        # "next step" / "double it" said to the assistant (or in a terminal) moves the same
        # session: follow it when the database changes
        session.data_changed.connect(self.resume)
        session.turn_finished.connect(
            lambda turn: self.resume() if turn.intent.name.startswith("recipe") else None
        )

    def resizeEvent(self, event: QResizeEvent) -> None:
        wide = event.size().width() >= WIDE_COOKING
        self.columns.setDirection(
            QBoxLayout.Direction.LeftToRight if wide else QBoxLayout.Direction.TopToBottom
        )
        super().resizeEvent(event)

    def _set_enabled(self, on: bool) -> None:
        for w in (self.scale, self.prev_button, self.next_button, self.timer_button):
            w.setEnabled(on)

    # -- session ------------------------------------------------------------------------------
    def resume(self) -> None:
        """Show the cooking session the household left open (voice or GUI), if any."""
        if self._writes:
            return  # our own change is on its way to the database
        library, sessions = self.library, self.sessions
        generation = self._generation

        def read() -> Any:
            current = sessions.current()
            if current is None:
                return None
            return current, library.get(current.recipe_id)

        self.session.run(read, lambda found: self._resumed(found, generation), lambda _e: None)

    def _resumed(self, found: Any, generation: int = -1) -> None:
        if found is None or generation != self._generation or self._writes:
            return  # read before a local change: the local change wins
        current, recipe = found
        if self.recipe is None or current.recipe_id != self.recipe_id:
            self._show(current.recipe_id, recipe, current.step, current.factor)
            return
        if current.factor != self.factor:
            self.factor = current.factor
            self.scale.blockSignals(True)
            self.scale.setValue(current.factor)
            self.scale.blockSignals(False)
            self._fill_checklist()
        if current.step != self.step:
            self._show_step(current.step)

    def open(self, recipe_id: int) -> None:
        library, sessions = self.library, self.sessions

        def run() -> Any:
            recipe = library.get(recipe_id)
            sessions.open(recipe_id)
            return recipe

        def opened(recipe: Any) -> None:
            self._writes -= 1
            self._show(recipe_id, recipe, 0, 1.0)

        def failed(exc: BaseException) -> None:
            self._writes -= 1
            self._failed(exc)

        self._generation += 1
        self._writes += 1
        self.session.write(run, opened, failed)

    def _failed(self, exc: BaseException) -> None:
        self.message.setText(str(exc))
        set_tone(self.message, "Bad")

    def _show(self, recipe_id: int, recipe: Any, step: int, factor: float) -> None:
        self.recipe, self.recipe_id, self.factor = recipe, recipe_id, factor
        self.title.setText(recipe.title)
        self.scale.blockSignals(True)
        self.scale.setValue(factor)
        self.scale.blockSignals(False)
        self._set_enabled(True)
        self._fill_checklist()
        self._show_step(step)

    def _fill_checklist(self) -> None:
        # lazy: start-up speed (pipelines.recipes.lookup loads only when _fill_checklist() runs)
        from pipelines.recipes.lookup import ingredient_text

        checked = {
            self.checklist.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.checklist.count())
            if self.checklist.item(i).checkState() == Qt.CheckState.Checked
        }
        self.checklist.clear()
        for index, ingredient in enumerate(self.recipe.ingredients):
            item = QListWidgetItem(keep_units(ingredient_text(ingredient, self.factor)))
            item.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled)
            item.setData(Qt.ItemDataRole.UserRole, index)
            item.setCheckState(
                Qt.CheckState.Checked if index in checked else Qt.CheckState.Unchecked
            )
            self.checklist.addItem(item)
        yields = self.recipe.yields
        self.yields.setText(
            f"Makes {yields.describe(self.factor)}"
            if yields
            else "The recipe doesn't say how much it makes."
        )

    def ingredients_shown(self) -> list[str]:
        return [self.checklist.item(i).text() for i in range(self.checklist.count())]

    def _show_step(self, step: int) -> None:
        steps = self.recipe.steps
        self.step = max(0, min(step, len(steps)))
        if self.step == 0:
            self.step_label.setText(f"{len(steps)} steps. Get your ingredients ready.")
            self.step_text.setText("Press Next (or say “next step”) to begin.")
            current = None
        else:
            current = steps[self.step - 1]
            self.step_label.setText(f"Step {self.step} of {len(steps)}")
            self.step_text.setText(keep_units(current.text))
        self.prev_button.setEnabled(self.step > 0)
        self.prev_button.setToolTip("" if self.step > 0 else "This is the start of the recipe.")
        self.next_button.setEnabled(self.step < len(steps))
        self.next_button.setToolTip("" if self.step < len(steps) else "This is the last step.")
        has_time = current is not None and bool(current.durations)
        self.timer_button.setEnabled(has_time)
        self.timer_button.setToolTip("" if has_time else "This step has no time to count down.")
        if has_time and current is not None:
            seconds = current.durations[0].seconds
            self.timer_button.setText(f"Timer: {human_duration(seconds)}")
        else:
            self.timer_button.setText("Timer for this step")

    def go(self, step: int) -> None:
        if self.recipe is None:
            return
        self._show_step(step)
        self._save()

    def _rescale(self, factor: float) -> None:
        if self.recipe is None:
            return
        self.factor = factor
        self._fill_checklist()
        self._save()

    def _save(self) -> None:
        # lazy: start-up speed (pipelines.recipes.session loads only when _save() runs)
        from pipelines.recipes.session import CookingSession

        sessions = self.sessions
        state = CookingSession(self.recipe_id, self.step, self.factor)
        self._generation += 1
        self._writes += 1

        def written(_result: Any) -> None:
            self._writes -= 1

        self.session.write(lambda: sessions.save(state), written, written)

    def start_step_timer(self) -> None:
        if self.recipe is None or self.step < 1:
            return
        step = self.recipe.steps[self.step - 1]
        if not step.durations:
            return
        store = open_timer_store(self.session.app)
        if store is None:
            self.message.setText("Timers are not part of this build.")
            return
        seconds, name = step.durations[0].seconds, step.short_name

        def done(_timer: Any) -> None:
            self.message.setText(f"Timer set: {human_duration(seconds)} for {name}.")
            set_tone(self.message, "Good")
            self.timer_started.emit(name)

        self.session.run(lambda: store.start(seconds, name, source="recipe"), done, self._failed)
