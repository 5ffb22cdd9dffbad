"""Text to speech: the espeak-ng/Flite speaker (separate programs) and the Piper voice."""
