"""The voice pipeline: wake gate, endpointer, reading chooser and the loop that runs a spoken
turn through wake, asr, understand, act and tts."""
