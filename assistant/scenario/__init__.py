"""Scripted drives: YAML files of turns with expectations, run through the real pipeline."""
