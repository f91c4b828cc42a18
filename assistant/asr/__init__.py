"""Speech recognition: the constrained grammar compiled from the intent templates, and the engines."""
