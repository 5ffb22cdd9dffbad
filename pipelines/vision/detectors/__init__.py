"""Detector plug-ins: one small module per model family, found through :mod:`.registry`."""
