"""The speakers, through sounddevice: the loop hands over blocks, the audio callback plays them.

The hand-off queue is kept short (a few blocks), because what the loop hands over is also its echo
reference: the deeper the queue, the later the reply reaches the microphones.
"""

from __future__ import annotations

import queue
from types import TracebackType
from typing import Any

import numpy as np

from assistant.audio.wav import Samples
from assistant.errors import AudioError

QUEUE_BLOCKS = 4


def output_audio(hint: str = "") -> Any:
    """sounddevice, once we know the audio system has somewhere to play; ``hint`` says what to do instead."""
    try:
        import sounddevice as sd
    except OSError as err:  # PortAudio itself is missing
        raise AudioError(f"no audio output: {err}") from None
    if not [d for d in sd.query_devices() if int(d["max_output_channels"]) > 0]:
        raise AudioError("no speakers found (the audio system lists no output device)" + hint)
    return sd


class Speaker:
    def __init__(self, device: str | int | None = None, rate: int = 16000) -> None:
        self._device = int(device) if isinstance(device, str) and device.isdigit() else device
        self.rate = rate
        self._queue: queue.Queue[Samples] = queue.Queue(QUEUE_BLOCKS)
        self._stream: Any = None
        self.dropped = 0
        self._rest = np.zeros(0, dtype=np.float32)  # what the device has not taken of the last block

    def __enter__(self) -> Speaker:
        sd = output_audio()
        try:
            self._stream = sd.OutputStream(
                device=self._device, channels=1, samplerate=self.rate, dtype="float32", callback=self._callback
            )
            self._stream.start()
        except (sd.PortAudioError, ValueError) as err:
            raise AudioError(f"cannot open the speakers: {err}") from None
        return self

    def write(self, block: Samples) -> None:
        """Never blocks: a full queue means the device stalled, and the block is dropped and counted."""
        try:
            self._queue.put_nowait(block.astype(np.float32))
        except queue.Full:
            self.dropped += 1

    def _callback(self, out: Any, frames: int, time: Any, status: Any) -> None:
        filled = 0
        out[:, 0] = 0.0
        while filled < frames:
            if self._rest.size == 0:
                try:
                    self._rest = self._queue.get_nowait()
                except queue.Empty:
                    return
            take = min(frames - filled, self._rest.size)
            out[filled : filled + take, 0] = self._rest[:take]
            self._rest = self._rest[take:]
            filled += take

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None) -> None:
        if self._stream is not None:
            self._stream.stop()
            self._stream.close()
            self._stream = None
