"""Homebody's GUI-free core: audio, speech, language, skills, vision, recipes, privacy, storage."""

__version__ = "0.1.0"
