"""Benchmarks of aictdata: synthetic series of growing size, timed against floors.

Run from the repository root: `.venv/bin/python -m benchmarks.run --help`.
"""
