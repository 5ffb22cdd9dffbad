"""Prebuild the speech files of the shipped templates at install time.

``./scripts/setup`` runs ``python -m pipelines.speech.speech_builds [FOLDER]``: it builds the
command LM, the command grammar and the command sentences (``lm/phrase_build.py``) of the
shipped templates and joins Whisper base into ``FOLDER`` (default: the install's
``share/homebody``, see :mod:`.lm.builds`), so that a fresh home starts listening in seconds
instead of building them first (~20 s).
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from ..language.spoken_form import extra_dictionary
from .adaptation.sphinx_model_files import model_dir
from .asr.whisper_models import locate
from .lm.builds import install_dir
from .lm.command_grammar import ensure_command_graph
from .lm.command_lm import ensure_command_lm
from .lm.phrase_build import load_phrase_index

log = logging.getLogger(__name__)


def prebuild(target: Path | None = None) -> Path:
    """Build the command LM and grammar of the shipped templates and join Whisper base into
    ``target`` (default: :func:`~.lm.builds.install_dir`)."""
    root = target or install_dir()
    dicts = [model_dir() / "cmudict-en-us.dict", extra_dictionary()]
    lm = ensure_command_lm(root, [d for d in dicts if d.exists()], None, use_prebuilt=False)
    ensure_command_graph(root, None, None, use_prebuilt=False)
    load_phrase_index(root, [d for d in dicts if d.exists()], None, use_prebuilt=False)
    try:
        whisper = locate("base", root / "models", root / "models" / ".sha256")
    except Exception as exc:
        log.warning("speech: Whisper base could not be prepared: %s", exc)
        whisper = None
    print(f"speech: command LM {lm.path.name}, grammar and Whisper base ready in {root}"
          + ("" if whisper else " (without Whisper)"))  # fmt: skip
    return root


if __name__ == "__main__":
    logging.basicConfig(level=logging.WARNING, format="%(message)s")
    prebuild(Path(sys.argv[1]) if len(sys.argv) > 1 else None)
