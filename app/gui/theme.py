"""Light and dark themes: a Fusion palette plus one small style sheet."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication


@dataclass(frozen=True)
class Colors:
    window: str
    surface: str
    sidebar: str
    text: str
    muted: str
    accent: str
    accent_text: str
    border: str
    good: str
    warn: str
    bad: str
    bubble_user: str
    bubble_bot: str


LIGHT = Colors(
    window="#f5f6f4",
    surface="#ffffff",
    sidebar="#e9ece8",
    text="#1f2a27",
    muted="#5f6b67",
    accent="#2f6f5e",
    accent_text="#ffffff",
    border="#d5dad6",
    good="#2e7d4f",
    warn="#b7791f",
    bad="#b83232",
    bubble_user="#dcefe8",
    bubble_bot="#ffffff",
)
DARK = Colors(
    window="#1c2120",
    surface="#252b2a",
    sidebar="#161a19",
    text="#e6ebe9",
    muted="#9aa6a2",
    accent="#5fb49c",
    accent_text="#0d1513",
    border="#37403e",
    good="#6cc08f",
    warn="#e0b15a",
    bad="#f07b7b",
    bubble_user="#24453c",
    bubble_bot="#2c3331",
)


def resolve(theme: str) -> str:
    """ "light", "dark" or "system" -> "light" or "dark"."""
    if theme in ("light", "dark"):
        return theme
    hints = QGuiApplication.styleHints()
    scheme = hints.colorScheme() if hints is not None else None
    # lazy: start-up speed (PySide6.QtCore loads only when resolve() runs)
    from PySide6.QtCore import Qt

    return "dark" if scheme == Qt.ColorScheme.Dark else "light"


def colors(theme: str) -> Colors:
    return DARK if resolve(theme) == "dark" else LIGHT


def _palette(c: Colors) -> QPalette:
    pal = QPalette()
    role = QPalette.ColorRole
    pal.setColor(role.Window, QColor(c.window))
    pal.setColor(role.WindowText, QColor(c.text))
    pal.setColor(role.Base, QColor(c.surface))
    pal.setColor(role.AlternateBase, QColor(c.window))
    pal.setColor(role.Text, QColor(c.text))
    pal.setColor(role.Button, QColor(c.surface))
    pal.setColor(role.ButtonText, QColor(c.text))
    pal.setColor(role.Highlight, QColor(c.accent))
    pal.setColor(role.HighlightedText, QColor(c.accent_text))
    pal.setColor(role.ToolTipBase, QColor(c.surface))
    pal.setColor(role.ToolTipText, QColor(c.text))
    pal.setColor(role.PlaceholderText, QColor(c.muted))
    pal.setColor(role.Link, QColor(c.accent))
    pal.setColor(QPalette.ColorGroup.Disabled, role.Text, QColor(c.muted))
    pal.setColor(QPalette.ColorGroup.Disabled, role.ButtonText, QColor(c.muted))
    pal.setColor(QPalette.ColorGroup.Disabled, role.WindowText, QColor(c.muted))
    return pal


def style_sheet(c: Colors) -> str:
    return f"""
    QWidget {{ font-size: 10.5pt; }}
    #Sidebar {{ background: {c.sidebar}; border: none; padding-top: 8px; outline: 0; }}
    #Sidebar::item {{ padding: 10px 14px; border-radius: 8px; margin: 2px 8px; color: {c.text}; }}
    #Sidebar::item:selected {{ background: {c.accent}; color: {c.accent_text}; }}
    #Brand {{ font-size: 15pt; font-weight: 600; color: {c.text}; padding: 14px 16px 6px 16px; }}
    #BrandTag {{ color: {c.muted}; padding: 0 16px 10px 16px; font-size: 9pt; }}
    #PageTitle {{ font-size: 17pt; font-weight: 600; color: {c.text}; }}
    #PageSubtitle {{ color: {c.muted}; }}
    #Card {{ background: {c.surface}; border: 1px solid {c.border}; border-radius: 12px; }}
    #CardTitle {{ font-weight: 600; font-size: 11.5pt; color: {c.text}; }}
    #Muted {{ color: {c.muted}; }}
    #Good {{ color: {c.good}; font-weight: 600; }}
    #Warn {{ color: {c.warn}; font-weight: 600; }}
    #Bad {{ color: {c.bad}; font-weight: 600; }}
    #BigNumber {{ font-size: 20pt; font-weight: 600; color: {c.text}; }}
    #TimerTime {{ font-size: 18pt; font-weight: 600; font-family: "DejaVu Sans Mono"; }}
    #Transcript {{ color: {c.muted}; font-style: italic; font-size: 11pt; }}
    #UserBubble {{ background: {c.bubble_user}; border-radius: 12px; padding: 8px 12px; }}
    #BotBubble {{ background: {c.bubble_bot}; border: 1px solid {c.border};
                  border-radius: 12px; padding: 8px 12px; }}
    #Understood {{ color: {c.muted}; font-size: 9pt; }}
    QPushButton {{ padding: 6px 14px; border-radius: 8px; border: 1px solid {c.border};
                   background: {c.surface}; color: {c.text}; }}
    QPushButton:hover {{ border-color: {c.accent}; }}
    QPushButton:focus {{ border: 2px solid {c.accent}; }}
    QPushButton:disabled {{ color: {c.muted}; }}
    QPushButton#Primary {{ background: {c.accent}; color: {c.accent_text}; border: none; }}
    QPushButton#Primary:disabled {{ background: {c.border}; color: {c.muted}; }}
    QPushButton#Danger {{ color: {c.bad}; border-color: {c.bad}; }}
    QPushButton#Danger:disabled {{ color: {c.muted}; border-color: {c.border}; }}
    QPushButton#TalkButton {{ background: {c.accent}; color: {c.accent_text}; border: none;
                              border-radius: 44px; font-size: 12pt; font-weight: 600; }}
    QPushButton#TalkButton:disabled {{ background: {c.border}; color: {c.muted}; }}
    QPushButton#TalkButton:checked {{ background: {c.bad}; }}
    QLineEdit, QPlainTextEdit {{
        padding: 5px 8px; border-radius: 8px; border: 1px solid {c.border};
        background: {c.surface}; color: {c.text}; }}
    QLineEdit:focus {{ border: 2px solid {c.accent}; }}
    QComboBox, QSpinBox, QDoubleSpinBox, QTimeEdit, QDateEdit {{ min-height: 24px; }}
    QListWidget::item {{ padding: 5px 4px; }}
    QListWidget {{ outline: 0; }}
    QTableView, QTreeView, QListView {{ background: {c.surface}; border: 1px solid {c.border};
        border-radius: 8px; gridline-color: {c.border}; }}
    QHeaderView::section {{ background: {c.window}; color: {c.muted}; border: none;
        padding: 6px; font-weight: 600; }}
    QTabWidget::pane {{ border: none; }}
    QTabBar::tab {{ padding: 8px 14px; color: {c.muted}; border: none; }}
    QTabBar::tab:selected {{ color: {c.text}; border-bottom: 2px solid {c.accent}; }}
    QScrollArea {{ border: none; background: transparent; }}
    QStatusBar {{ color: {c.muted}; }}
    """


def apply_theme(app: QApplication, theme: str) -> Colors:
    c = colors(theme)
    app.setStyle("Fusion")
    app.setPalette(_palette(c))
    app.setStyleSheet(style_sheet(c))
    return c
