"""The spoken conversation: microphone in, replies out, barge-in and the follow-up window."""
