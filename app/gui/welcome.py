"""The first-run welcome: a short, skippable set of steps, re-openable from Settings.

Shown at start-up until it was finished or skipped once (a marker file in the config folder).
Finishing with a camera and the detector starts watching, so "where is my cup?" answers.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app import first_run

from .fmt import error_text
from .session import GuiSession
from .welcome_steps import MicStep, Step, VoiceStep, WakeStep
from .welcome_vision import CameraStep, DetectorStep
from .widgets import status_label


class IntroStep(Step):
    title = "Welcome to Homebody"

    def __init__(self, session: GuiSession) -> None:
        super().__init__(
            session,
            "Homebody listens, understands and answers on this computer: nothing you say or "
            "show it leaves. Five short steps set up the microphone, wake word, voice, a "
            "camera and the object detector. Skip any of them; Settings → Welcome brings "
            "this back.",
        )
        self.finish_layout()


class DoneStep(Step):
    title = "All set"

    def __init__(self, session: GuiSession) -> None:
        super().__init__(session, "Try: “set a pasta timer for 10 minutes”, “add eggs to the "
                                  "shopping list”, “where is my cup?”.")  # fmt: skip
        self.finish_layout()

    def refresh(self) -> None:
        app = self.session.app
        cameras = [c.name for c in app.settings.vision.cameras if c.enabled]
        has_detector = first_run.detector_installed(app)
        if cameras and has_detector:
            self.say(f"Homebody will watch {', '.join(cameras)} when you press Finish.", "Good")
        elif cameras:
            self.say("Install the detector (back one step) so the camera can find things.")
        else:
            self.say("No camera yet: add one any time in Settings → Cameras.")


class WelcomeDialog(QDialog):
    def __init__(self, session: GuiSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setWindowTitle("Welcome to Homebody")
        self.setAccessibleName("Welcome")
        self.resize(640, 520)
        self.intro = IntroStep(session)
        self.mic = MicStep(session)
        self.wake = WakeStep(session)
        self.voice = VoiceStep(session)
        self.camera = CameraStep(session)
        self.detector = DetectorStep(session)
        self.done_step = DoneStep(session)
        self.steps: list[Step] = [self.intro, self.mic, self.wake, self.voice, self.camera,
                                  self.detector, self.done_step]  # fmt: skip
        self.stack = QStackedWidget()
        for step in self.steps:
            self.stack.addWidget(step)
        self.position = status_label("")
        self.message = status_label("")
        self.back_button = QPushButton("Back")
        self.skip_button = QPushButton("Skip the welcome")
        self.skip_button.setAccessibleName("Skip the rest of the welcome")
        self.next_button = QPushButton("Next")
        self.next_button.setObjectName("Primary")
        self.back_button.clicked.connect(lambda: self.go(self.stack.currentIndex() - 1))
        self.next_button.clicked.connect(self.next)
        self.skip_button.clicked.connect(self.skip)
        nav = QHBoxLayout()
        nav.addWidget(self.position)
        nav.addStretch(1)
        for b in (self.skip_button, self.back_button, self.next_button):
            nav.addWidget(b)
        layout = QVBoxLayout(self)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.message)
        layout.addLayout(nav)
        self.go(0)

    def go(self, index: int) -> None:
        index = max(0, min(index, len(self.steps) - 1))
        self.stack.setCurrentIndex(index)
        last = index == len(self.steps) - 1
        self.back_button.setEnabled(index > 0)
        self.back_button.setToolTip("" if index > 0 else "This is the first step.")
        self.next_button.setText("Finish" if last else "Next")
        self.next_button.setAccessibleName("Finish the welcome" if last else "Next step")
        self.skip_button.setVisible(not last)
        self.position.setText(f"Step {index + 1} of {len(self.steps)}")
        if last:
            self.done_step.refresh()

    def next(self) -> None:
        step = self.steps[self.stack.currentIndex()]
        try:
            step.apply()
        except Exception as exc:  # a setting that didn't validate: say so, stay here
            self.message.setText(error_text(exc))
            return
        self.message.setText("")
        if step is self.done_step:
            self.finish()
        else:
            self.go(self.stack.currentIndex() + 1)

    def skip(self) -> None:
        first_run.mark_welcome_done(self.session.app)
        self.reject()

    def finish(self) -> None:
        first_run.mark_welcome_done(self.session.app)
        self.start_watching()
        self.accept()

    def start_watching(self) -> None:
        """With a camera and the detector, start watching (the Where-is page's service)."""
        app = self.session.app
        if not app.settings.vision.cameras or not first_run.detector_installed(app):
            return
        # lazy: start-up speed (.camera_service loads only when start_watching() runs)
        from .camera_service import CameraService

        service: Any = app.services.setdefault("cameras", CameraService(app))
        self.session.run(service.start)


def maybe_welcome(session: GuiSession, parent: QWidget) -> WelcomeDialog | None:
    """Open the welcome (non-modal) unless it was finished or skipped before."""
    if first_run.welcome_done(session.app):
        return None
    dialog = WelcomeDialog(session, parent)
    dialog.show()
    return dialog
