"""Adapting the recogniser to the user's voice: enrolment, SphinxTrain, the voice profile."""
