"""Speech: from an utterance's audio to words, and from a reply's words to sound.

- ``pipeline/``: the voice pipeline itself (wake -> asr -> understand -> act -> tts on
  core/runner), the endpointer, the wake gate and the choice between recognisers' readings;
- ``asr/``: the recogniser contract (``base.py``) and its engines (PocketSphinx, Vosk, Whisper);
- ``lm/``: the command language model and grammar built from the sentence templates;
- ``adaptation/``: the user's voice profile (enrolment, SphinxTrain adaptation);
- ``tts/``: spoken replies (Piper, espeak-ng).

``python -m pipelines.speech.speech_builds`` prebuilds the LM, grammar and Whisper at install.
"""
