"""Adapting the recogniser to one speaker: voice profile, enrolment capture, SphinxTrain."""
