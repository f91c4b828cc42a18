"""Benchmarks: the measuring instruments behind `cockpit bench` (no timed tests; medians and percentiles)."""
