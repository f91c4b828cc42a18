"""Audio in: WAV files of any common format, converted to what the recognisers take."""
