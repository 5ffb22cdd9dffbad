"""Services: one of each long-lived capability per process (assistant, voice, vision,
recipes), typed accessors over the app context, and one ``apply_settings()``."""

from .conversation import HistoryTurn
from .hub import Services, VoiceService, changed_sections, services

__all__ = ["HistoryTurn", "Services", "VoiceService", "changed_sections", "services"]
