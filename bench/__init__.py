"""Benchmarks: each module measures one capability and writes its section of BENCHMARKS.md."""
