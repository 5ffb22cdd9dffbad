"""Audio in: sources (microphone, files, streams), PCM conversion, voice activity, the
utterance segmenter and the wake-word detector. No speech recognition here (see speech/)."""
