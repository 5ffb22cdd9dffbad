"""Shared foundations: errors, events, the pipeline runner, settings, paths and storage."""
