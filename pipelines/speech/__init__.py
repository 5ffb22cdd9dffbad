"""Speech: recognisers (``asr/``), command language models and grammars (``lm/``), voice
adaptation to one speaker (``adaptation/``), text to speech (``tts/``) and the voice loop that
chains them (``pipeline/``)."""
