"""The LLM route: what no local intent matches."""
