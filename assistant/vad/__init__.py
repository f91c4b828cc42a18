"""Voice activity detection and endpointing: a pure state machine over audio frames."""
