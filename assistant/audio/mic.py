"""The microphone, through sounddevice: the audio callback only copies into a queue and never blocks."""

from __future__ import annotations

import queue
from collections.abc import Iterator
from types import TracebackType
from typing import Any

import numpy as np

from assistant.audio.convert import resample
from assistant.audio.wav import Samples
from assistant.errors import AudioError

BLOCK_MS = 50


class ChunkQueue:
    """Bounded hand-off from the audio thread. When the consumer falls behind, the oldest audio is
    dropped and counted, rather than blocking the audio thread (which would glitch the device)."""

    def __init__(self, max_chunks: int = 200) -> None:
        self._queue: queue.Queue[Samples] = queue.Queue(max_chunks)
        self.dropped = 0

    def put(self, chunk: Samples) -> None:
        while True:
            try:
                self._queue.put_nowait(chunk)
                return
            except queue.Full:
                try:
                    self._queue.get_nowait()
                    self.dropped += 1
                except queue.Empty:
                    pass

    def get(self, timeout: float) -> Samples | None:
        try:
            return self._queue.get(timeout=timeout)
        except queue.Empty:
            return None


class Microphone:
    """``with Microphone() as mic: for chunk in mic.chunks(): ...`` yields blocks; ``to_16k`` resamples them."""

    def __init__(
        self, device: str | int | None = None, channels: int = 1, target_rate: int = 16000, block_ms: int = BLOCK_MS
    ) -> None:
        self._block_ms = block_ms
        self._device = int(device) if isinstance(device, str) and device.isdigit() else device
        self._channels = channels
        self._target = target_rate
        self._queue = ChunkQueue()
        self._stream: Any = None
        self.rate = target_rate

    def __enter__(self) -> Microphone:
        try:
            import sounddevice as sd
        except OSError as err:  # PortAudio itself is missing
            raise AudioError(f"no audio input: {err}") from None
        inputs = [d for d in sd.query_devices() if int(d["max_input_channels"]) > 0]
        if not inputs:
            raise AudioError(
                "no microphone found (the audio system lists no input device); "
                "use `cockpit ask --wav FILE.wav` or `cockpit transcribe FILE.wav` with a recording, "
                "or `cockpit demo` for the whole spoken loop in a simulated cabin"
            )
        try:
            info = sd.query_devices(self._device, "input")
            self._channels = min(self._channels, int(info["max_input_channels"])) or 1
            try:  # let the audio system resample: one continuous filter beats ours applied per block
                sd.check_input_settings(self._device, channels=self._channels, samplerate=self._target)
                self.rate = self._target
            except (sd.PortAudioError, ValueError):
                self.rate = int(info["default_samplerate"])
            self._stream = sd.InputStream(
                device=self._device,
                channels=self._channels,
                samplerate=self.rate,
                dtype="float32",
                blocksize=self.rate * self._block_ms // 1000,
                callback=self._callback,
            )
            self._stream.start()
        except (sd.PortAudioError, ValueError) as err:
            raise AudioError(f"cannot open the microphone: {err}") from None
        return self

    def _callback(self, data: Any, frames: int, time: Any, status: Any) -> None:
        self._queue.put(np.array(data, dtype=np.float32, copy=True))

    def chunks(self, timeout: float = 1.0) -> Iterator[Samples]:
        """(frames, channels) blocks at the device rate; stops when the stream has stopped."""
        while self._stream is not None and self._stream.active:
            chunk = self._queue.get(timeout)
            if chunk is not None:
                yield chunk

    def to_16k(self, chunk: Samples) -> Samples:
        """(frames, channels) at the recogniser's rate, channels kept (the seat estimate needs them)."""
        if self.rate == self._target:
            return chunk
        return np.stack([resample(chunk[:, c], self.rate, self._target) for c in range(chunk.shape[1])], axis=1)

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None) -> None:
        if self._stream is not None:
            self._stream.stop()
            self._stream.close()
            self._stream = None
