"""The ``homebody`` command."""
