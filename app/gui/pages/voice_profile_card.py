"""The Settings page's "Your voice" card: learn the user's voice (speaker adaptation) or forget it.

Whether there is a profile and whether the SphinxTrain tools are installed is checked on a
worker. Learning opens :class:`EnrolDialog`; forgetting goes through the privacy inventory's
"voice_profile" category (so the ledger and the privacy dashboard agree). A running voice
service is restarted afterwards, since the recogniser loads the profile when it starts.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QHBoxLayout, QPushButton, QWidget

from ..enrol_dialog import EnrolDialog
from ..fmt import error_text
from ..session import GuiSession
from ..widgets import Card, UpdatesOnSet, ask_yes_no, set_tone, status_label

MIC_OFF = "The microphone is switched off in the privacy dashboard."
NO_MIC = "No microphone is connected: plug one in to read the sentences."
STANDARD_MODEL = (
    "Homebody uses its standard voice model. Learning your voice takes about 3 minutes and "
    "usually cuts recognition errors a lot."
)


def check_voice_profile(data_dir: Any) -> tuple[Any, str]:
    """(the saved profile or None, why learning is impossible: the install message or "")."""
    # lazy: start-up speed (pipelines.core.errors etc. load only when check_voice_profile() runs)
    from pipelines.core.errors import ModelNotInstalledError
    from pipelines.speech.adaptation.sphinxtrain_tools import SphinxTrainTools

    # lazy: start-up speed (loaded only when check_voice_profile() runs)
    from pipelines.speech.adaptation.voice_profile import load_profile

    try:
        SphinxTrainTools.find()
        missing = ""
    except ModelNotInstalledError as exc:
        missing = exc.message
    return load_profile(data_dir), missing


class VoiceProfileCard(Card):
    backend_factory = UpdatesOnSet()
    """Makes the audio backend each dialog records from (tests: a fake microphone)."""

    def __init__(self, session: GuiSession, parent: QWidget | None = None) -> None:
        super().__init__("Your voice", parent)
        self.session = session
        self.confirm: Callable[[str], bool] = lambda text: ask_yes_no(self, "Forget my voice", text)
        self.method = "mllr+map"
        self.profile: Any = None
        self.tools_missing = ""
        self.microphones = 0
        self.checked = False
        self.busy = False
        self.dialog: EnrolDialog | None = None
        self.status = status_label("Checking…")
        self.status.setAccessibleName("Voice profile")
        self.warning = status_label("", "Warn")
        self.warning.setAccessibleName("Why learning your voice is unavailable")
        self.warning.hide()
        self.note = status_label("")
        self.note.setAccessibleName("Voice profile message")
        self.learn = QPushButton("Learn my voice…")
        self.learn.setObjectName("Primary")
        self.learn.setAccessibleName("Learn my voice")
        self.learn.setEnabled(False)
        self.forget = QPushButton("Forget my voice")
        self.forget.setObjectName("Danger")
        self.forget.setAccessibleName("Forget my voice")
        self.forget.setEnabled(False)
        self.learn.clicked.connect(self.open_dialog)
        self.forget.clicked.connect(self.forget_voice)
        buttons = QHBoxLayout()
        buttons.addWidget(self.learn)
        buttons.addWidget(self.forget)
        buttons.addStretch(1)
        self.body.addWidget(self.status)
        self.body.addWidget(self.warning)
        self.body.addLayout(buttons)
        self.body.addWidget(self.note)
        self.body.addStretch(1)  # keep the text under the title when the grid row is taller
        session.data_changed.connect(self.refresh)
        session.switches_changed.connect(self._update)
        self.refresh()

    # -- state --------------------------------------------------------------------------------
    def refresh(self) -> None:
        from app.first_run import microphones

        data_dir = self.session.app.paths.data_dir
        self.session.run(
            lambda: (*check_voice_profile(data_dir), len(microphones())), self._checked
        )

    def _checked(self, result: tuple[Any, str, int]) -> None:
        self.profile, self.tools_missing, self.microphones = result
        self.checked = True
        self._update()

    def _update(self) -> None:
        self.status.setText(self.profile.describe() if self.profile else STANDARD_MODEL)
        set_tone(self.status, "Good" if self.profile else "Muted")
        has_mic = bool(self.microphones) or self.backend_factory is not None
        why_not = self.tools_missing or ("" if self.session.mic_allowed else MIC_OFF) or (
            "" if has_mic or not self.checked else NO_MIC)  # fmt: skip
        self.warning.setText(why_not)
        self.warning.setVisible(bool(why_not))
        dialog_open = self.dialog is not None and self.dialog.isVisible()
        self.learn.setEnabled(self.checked and not why_not and not self.busy and not dialog_open)
        self.learn.setToolTip(why_not or "Read 40 sentences aloud (about 3 minutes)")
        self.forget.setEnabled(self.profile is not None and not self.busy and not dialog_open)
        self.forget.setToolTip("" if self.profile is not None else "No voice profile to forget.")

    def _say(self, text: str, tone: str = "Muted") -> None:
        self.note.setText(text)
        set_tone(self.note, tone)

    # -- learning -----------------------------------------------------------------------------
    def open_dialog(self) -> EnrolDialog:
        """Show the enrolment dialog (window-modal; returns at once)."""
        backend = self.backend_factory() if self.backend_factory is not None else None
        dialog = EnrolDialog(self.session, backend=backend, method=self.method, parent=self)
        dialog.enrolled.connect(self._enrolled)
        dialog.finished.connect(lambda _result: self._update())
        self.dialog = dialog
        dialog.open()
        self._update()
        return dialog

    def _enrolled(self, profile: Any) -> None:
        self.profile = profile
        self._say("✔ Homebody now uses the model adapted to your voice.", "Good")
        self._update()

    # -- forgetting ---------------------------------------------------------------------------
    def forget_voice(self) -> None:
        if self.profile is None or not self.confirm(
            "Forget your voice? Homebody goes back to its standard voice model. "
            "This cannot be undone."
        ):
            return
        # lazy: start-up speed (loaded only when forget_voice() runs)
        from pipelines.speech.adaptation.voice_profile import load_profile

        app = self.session.app
        data_dir = app.paths.data_dir

        def run() -> Any:
            app.inventory.forget("voice_profile")  # with any half-swapped copy; ledger row
            return load_profile(data_dir)

        self.busy = True
        self._say("Deleting…")
        self._update()
        self.session.write(run, self._forgotten, self._forget_failed)

    def _forgotten(self, left: Any) -> None:
        self.busy = False
        self.profile = left
        if left is None:
            self._say("✔ Your voice profile was deleted.", "Good")  # voice panel restarts voice
        else:
            self._say("The voice profile could not be deleted. Try again.", "Bad")
        self._update()

    def _forget_failed(self, exc: BaseException) -> None:
        self.busy = False
        self._say(f"Deleting failed: {error_text(exc)}", "Bad")
        self.refresh()
