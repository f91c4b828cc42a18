"""Speech out: text -> audio (synthesisers), and audio -> speakers or WAV files (sinks)."""
