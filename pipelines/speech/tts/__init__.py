"""Spoken replies: a Piper neural voice with espeak-ng as fallback, through interruptible
outputs."""
