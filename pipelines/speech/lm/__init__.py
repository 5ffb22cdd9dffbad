"""The command language model and grammar generated from the sentence templates, and where
their builds are kept (builds.py)."""
