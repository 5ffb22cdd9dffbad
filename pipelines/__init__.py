"""Homebody's GUI-free core: audio, speech, language, skills, vision, recipes, privacy, storage."""

import os as _os

__version__ = "0.1.0"

# ONNX Runtime (1.2x+ wheels) otherwise writes a device id and queues usage events for
# Microsoft's collector in ~/.cache/Microsoft/DeveloperTools at import time. Set before any
# pipeline can import it; a user who wants it can still set the variable to 0.
_os.environ.setdefault("ORT_DISABLE_TELEMETRY", "1")
