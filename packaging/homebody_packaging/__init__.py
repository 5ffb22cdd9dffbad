"""Homebody's build and packaging tools: the one-folder bundle, the Linux/macOS/Windows
packages and the smoke test of a frozen build.

A normal package under ``packaging/``, named so it cannot shadow PyPI's ``packaging`` library
(which pip and PyInstaller import): put ``packaging/`` on the path and run a tool as a module,
``PYTHONPATH=packaging python3 -m homebody_packaging.build_bundle`` (scripts/build-linux,
packaging/smoke-test and pytest's ``pythonpath`` do). Shared names live in :mod:`.constants`.
"""
