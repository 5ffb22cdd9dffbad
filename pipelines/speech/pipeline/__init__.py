"""The voice pipeline (voice.py) and its stages: wake gate, utterance recognition with the
endpointer, the choice between readings, the turn's runs and types; session.py builds it."""
