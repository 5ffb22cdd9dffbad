"""Speech recognisers: the contract every recogniser implements (``base.SpeechRecognizer``),
PocketSphinx, Vosk, Whisper, the wake-word verifier, and ``engines`` (which one to build)."""
