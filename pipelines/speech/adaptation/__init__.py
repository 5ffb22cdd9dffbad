"""Adapting speech recognition to the household (enrolment, self-adaptation)."""
