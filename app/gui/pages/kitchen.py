"""The Kitchen page: the recipe library (import by drag-and-drop) and cooking mode."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QWidget,
)

from ..fmt import error_text
from ..session import GuiSession
from ..widgets import Card, needs_text, page_header, page_layout, set_tone, status_label
from .cooking import CookingView, _stores

RECIPE_FILES = "Recipes (*.html *.htm *.testhtml *.json *.jsonld *.txt *.md);;All files (*)"


class KitchenPage(QWidget):
    title = "Kitchen"
    icon_name = "kitchen"

    def __init__(self, session: GuiSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.library, _sessions = _stores(session.app)
        self.setAcceptDrops(True)
        outer = page_layout(self)
        header, _sub = page_header(
            "Kitchen",
            "Drop saved recipe pages, JSON-LD or text files here, or paste a recipe link.",
        )
        outer.addWidget(header)
        columns = QHBoxLayout()
        columns.setSpacing(12)
        library = Card("Recipe library")
        library.setFixedWidth(300)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search recipes or ingredients")
        self.search.setAccessibleName("Search recipes")
        self.search.setClearButtonEnabled(True)
        self.recipes = QListWidget()
        self.recipes.setAccessibleName("Recipes")
        self.recipes.itemActivated.connect(self._activated)
        self.recipes.setWordWrap(True)
        self.recipes.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        buttons = QHBoxLayout()
        self.import_button = QPushButton("Import…")
        self.import_button.setAccessibleName("Import recipe files")
        self.import_button.clicked.connect(self.choose_files)
        self.cook_button = QPushButton("Cook")
        self.cook_button.setObjectName("Primary")
        self.cook_button.setAccessibleName("Cook the selected recipe")
        self.cook_button.clicked.connect(
            lambda: (
                self._activated(self.recipes.currentItem()) if self.recipes.currentItem() else None
            )
        )
        self.delete_button = QPushButton("Delete")
        self.delete_button.setObjectName("Danger")
        self.delete_button.setAccessibleName("Delete the selected recipe")
        self.delete_button.clicked.connect(self.delete_selected)
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.cook_button)
        buttons.addWidget(self.delete_button)
        self.link = QLineEdit()
        self.link.setPlaceholderText("Paste a recipe link (https://…)")
        self.link.setAccessibleName("Recipe link to import")
        self.link.returnPressed.connect(lambda: self.import_link())
        self.link_button = QPushButton("Get")
        self.link_button.setAccessibleName("Download and import the recipe link")
        self.link_button.clicked.connect(lambda: self.import_link())  # not `checked`
        needs_text(self.link_button, self.link, "Paste a recipe link first.")
        link_row = QHBoxLayout()
        link_row.addWidget(self.link, 1)
        link_row.addWidget(self.link_button)
        self.message = status_label("")
        self.message.setAccessibleName("Recipe library message")
        self.recipes.itemSelectionChanged.connect(self._selection_changed)
        self._selection_changed()
        library.body.addWidget(self.search)
        library.body.addWidget(self.recipes, 1)
        library.body.addLayout(buttons)
        library.body.addLayout(link_row)
        library.body.addWidget(self.message)
        columns.addWidget(library)
        self.cooking = CookingView(session)
        columns.addWidget(self.cooking, 1)
        outer.addLayout(columns, 1)

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(200)
        self._debounce.timeout.connect(self.refresh)
        self.search.textChanged.connect(lambda _t: self._debounce.start())
        session.data_changed.connect(self._debounce.start)
        self.refresh()
        self.cooking.resume()

    # -- library --------------------------------------------------------------------------------
    def refresh(self) -> None:
        library = self.library
        query = self.search.text().strip()

        def read() -> list[Any]:
            if query:
                return list(library.summaries(library.search(query, limit=50)))
            return list(library.summaries())

        self.session.run(read, self._show)

    def _show(self, summaries: list[Any]) -> None:
        chosen = self.recipes.currentItem()
        keep = chosen.data(Qt.ItemDataRole.UserRole) if chosen is not None else None
        self.recipes.clear()
        for s in summaries:
            detail = f"{s.ingredients} ingredients · {s.steps} steps"
            if s.yields:
                detail += f" · {s.yields}"
            item = QListWidgetItem(f"{s.title}\n{detail}")
            item.setData(Qt.ItemDataRole.UserRole, s.id)
            item.setData(Qt.ItemDataRole.AccessibleTextRole, s.title)
            self.recipes.addItem(item)
            if s.id == keep:
                self.recipes.setCurrentItem(item)
        self._selection_changed()
        if not summaries and not self.search.text().strip():
            self.message.setText("No recipes yet: drop recipe files here or press Import.")
            set_tone(self.message, "Muted")
        elif summaries and self.message.text().startswith("No recipes yet"):
            self.message.setText("")

    def _selection_changed(self) -> None:
        """Cook and Delete act on the selected recipe: disabled, with the reason, without one."""
        chosen = self.recipes.currentItem() is not None and bool(self.recipes.selectedItems())
        for button, what in ((self.cook_button, "cook"), (self.delete_button, "delete")):
            button.setEnabled(chosen)
            button.setToolTip("" if chosen else f"Select a recipe to {what} first.")

    def titles(self) -> list[str]:
        return [self.recipes.item(i).text().split("\n")[0] for i in range(self.recipes.count())]

    def _activated(self, item: QListWidgetItem | None) -> None:
        if item is not None:
            self.cooking.open(int(item.data(Qt.ItemDataRole.UserRole)))

    def delete_selected(self) -> None:
        item = self.recipes.currentItem()
        if item is None:
            return
        recipe_id = int(item.data(Qt.ItemDataRole.UserRole))
        library = self.library
        self.session.run(lambda: library.delete(recipe_id), lambda _r: self.refresh())

    # -- import ---------------------------------------------------------------------------------
    def choose_files(self) -> None:
        paths, _filter = QFileDialog.getOpenFileNames(
            self, "Import recipes", str(Path.home()), RECIPE_FILES
        )
        if paths:
            self.import_files([Path(p) for p in paths])

    def import_files(self, paths: list[Path]) -> None:
        library = self.library
        self.message.setText(f"Importing {len(paths)} files…")
        set_tone(self.message, "Muted")
        self.session.run(lambda: library.import_files(paths), self._imported, self._failed)

    def import_link(self, allowed: frozenset[str] = frozenset()) -> None:
        """Download the one page the user pasted (the egress guard allows its host for that
        request; the ledger records it), then read it locally like a saved page. A redirect
        to another site asks first (``allowed``: the sites the user said yes to)."""
        url = self.link.text().strip()
        if not url:
            return
        library, ledger = self.library, self.session.app.ledger
        self.message.setText(f"Downloading {url}…")
        set_tone(self.message, "Muted")

        def work() -> list[Any]:
            # lazy: start-up speed (pipelines.recipes.url_import loads only when work() runs)
            from pipelines.recipes.url_import import load_url

            recipes = load_url(url, consent=allowed.__contains__, ledger=ledger)
            return list(library.add_all(recipes))

        def failed(exc: BaseException) -> None:
            # lazy: start-up speed (pipelines.recipes.fetch loads only when failed() runs)
            from pipelines.recipes.fetch import RedirectNotAllowed

            if isinstance(exc, RedirectNotAllowed) and self._allow_site(exc.host):
                self.import_link(allowed | {exc.host})
            else:
                self._failed(exc)

        self.session.run(work, self._link_imported, failed)

    def _allow_site(self, host: str) -> bool:
        answer = QMessageBox.question(
            self,
            "The recipe page moved",
            f"The page moved to another site, {host}.\nDownload the recipe from {host}?",
        )
        return answer == QMessageBox.StandardButton.Yes

    def _link_imported(self, results: list[Any]) -> None:
        self.link.clear()
        self._imported(results)

    def _imported(self, results: list[Any]) -> None:
        new = [r for r in results if not r.duplicate]
        dupes = len(results) - len(new)
        checks = [r.title for r in new if getattr(r, "note", "")]
        text = (
            f"Imported {len(new)} recipe{'' if len(new) == 1 else 's'}"
            + (f" ({dupes} already in the library)" if dupes else "")
            + "."
            + (
                f" {', '.join(checks)}: imported without structured data - check it."
                if checks
                else ""
            )
        )
        self.message.setText(text)
        set_tone(self.message, "Warn" if checks else "Good")
        self.refresh()

    def _failed(self, exc: BaseException) -> None:
        self.message.setText(error_text(exc))
        set_tone(self.message, "Bad")

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.import_files(paths)
