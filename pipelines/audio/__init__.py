"""Audio in and out of the voice pipeline: sources (microphone, WAV files), PCM helpers and
resampling, wake-word detection, voice-activity detection and the utterance segmenter, and the
listing of sound devices."""
