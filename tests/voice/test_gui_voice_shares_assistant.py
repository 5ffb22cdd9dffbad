"""The GUI's voice service answers through the process's one Assistant (pipelines.services):
voice turns share its intent cache and turn lock with typed ones, no second Assistant."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from app.gui.voice_service import VoiceService
from pipelines.services import services


@pytest.mark.slow
def test_the_voice_pipeline_answers_through_the_one_assistant(app: Any) -> None:
    audio = dataclasses.replace(app.settings.audio, tts="none", wake_word_enabled=False)
    app.settings = dataclasses.replace(app.settings, audio=audio)
    hub = services(app)
    pipeline = VoiceService(app)._make_loop()
    try:
        assert hub.assistant_loaded
        assert pipeline.answerer is hub.assistant()
    finally:
        pipeline.close()
