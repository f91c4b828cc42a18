"""Read any common WAV: 8/16/24/32-bit integer or 32/64-bit float PCM, mono or multichannel, any rate.

A small RIFF reader rather than the standard ``wave`` module, which rejects float and extensible files.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from assistant.errors import AudioError

PCM = 1
IEEE_FLOAT = 3
EXTENSIBLE = 0xFFFE

Samples = npt.NDArray[np.float32]


@dataclass(frozen=True)
class AudioClip:
    """Samples in [-1, 1], shape (frames, channels)."""

    samples: Samples
    rate: int

    @property
    def channels(self) -> int:
        return int(self.samples.shape[1])

    @property
    def duration_s(self) -> float:
        return float(self.samples.shape[0]) / self.rate


@dataclass(frozen=True)
class _Format:
    code: int
    channels: int
    rate: int
    bits: int


def read_wav(path: Path) -> AudioClip:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise AudioError(f"{path}: file does not exist") from None
    except OSError as err:
        raise AudioError(f"{path}: cannot read: {err.strerror}") from None
    try:
        return parse_wav(data)
    except AudioError as err:
        raise AudioError(f"{path}: {err}") from None


def parse_wav(data: bytes) -> AudioClip:
    if len(data) < 12 or data[:4] != b"RIFF" or data[8:12] != b"WAVE":
        raise AudioError("not a WAV file (no RIFF/WAVE header)")
    fmt: _Format | None = None
    payload: bytes | None = None
    declared = 0
    offset = 12
    while offset + 8 <= len(data):
        chunk_id, size = data[offset : offset + 4], struct.unpack("<I", data[offset + 4 : offset + 8])[0]
        body = data[offset + 8 : offset + 8 + size]
        if chunk_id == b"fmt ":
            fmt = _parse_fmt(body)
        elif chunk_id == b"data":
            payload, declared = body, size
            break
        offset += 8 + size + (size & 1)  # chunks are padded to an even length
    if fmt is None:
        raise AudioError("no 'fmt ' chunk: the header is incomplete")
    if payload is None:
        raise AudioError("no audio data (header only)")
    width = fmt.bits // 8
    frame = width * fmt.channels
    if declared > len(payload) and declared != 0xFFFFFFFF:  # streamed files may say "unknown" (all ones)
        if len(payload) < frame:
            raise AudioError(f"truncated: the header promises {declared} bytes of audio, the file has none")
        raise AudioError(f"truncated: the header promises {declared} bytes of audio, the file has {len(payload)}")
    usable = len(payload) - len(payload) % frame
    if usable == 0:
        raise AudioError("empty: no audio samples")
    return AudioClip(_decode(payload[:usable], fmt).reshape(-1, fmt.channels), fmt.rate)


def decode_pcm16(data: bytes, rate: int, channels: int) -> AudioClip:
    """Headerless little-endian 16-bit PCM (raw audio on stdin) as a clip."""
    frame = 2 * channels
    if not data:
        raise AudioError("raw PCM: no data")
    if len(data) % frame:
        raise AudioError(f"raw PCM: {len(data)} bytes is not a whole number of {frame}-byte frames")
    return AudioClip(_decode(data, _Format(PCM, channels, rate, 16)).reshape(-1, channels), rate)


def _parse_fmt(body: bytes) -> _Format:
    if len(body) < 16:
        raise AudioError("the 'fmt ' chunk is too short")
    code, channels, rate, _, _, bits = struct.unpack("<HHIIHH", body[:16])
    if code == EXTENSIBLE and len(body) >= 26:
        code = struct.unpack("<H", body[24:26])[0]  # the sub-format GUID starts with the real code
    if channels < 1 or rate < 1000 or rate > 384000:
        raise AudioError(f"implausible header: {channels} channels at {rate} Hz")
    supported = {PCM: (8, 16, 24, 32), IEEE_FLOAT: (32, 64)}
    if code not in supported or bits not in supported[code]:
        kind = {PCM: "integer PCM", IEEE_FLOAT: "float"}.get(code, f"format code {code}")
        raise AudioError(f"unsupported WAV encoding: {bits}-bit {kind} (need 8/16/24/32-bit PCM or float)")
    return _Format(code, channels, rate, bits)


def _decode(payload: bytes, fmt: _Format) -> Samples:
    if fmt.code == IEEE_FLOAT:
        values = np.frombuffer(payload, dtype="<f4" if fmt.bits == 32 else "<f8").astype(np.float32)
        return np.nan_to_num(np.clip(values, -1.0, 1.0))
    if fmt.bits == 8:  # 8-bit WAV is unsigned
        return (np.frombuffer(payload, dtype=np.uint8).astype(np.float32) - 128.0) / 128.0
    if fmt.bits == 24:
        raw = np.frombuffer(payload, dtype=np.uint8).reshape(-1, 3).astype(np.int32)
        ints = raw[:, 0] | (raw[:, 1] << 8) | (raw[:, 2] << 16)
        ints = np.where(ints >= 1 << 23, ints - (1 << 24), ints)
        return (ints / float(1 << 23)).astype(np.float32)
    dtype = "<i2" if fmt.bits == 16 else "<i4"
    scale = float(1 << (fmt.bits - 1))
    return (np.frombuffer(payload, dtype=dtype).astype(np.float64) / scale).astype(np.float32)


def write_wav(path: Path, samples: npt.NDArray[np.floating], rate: int) -> None:
    """16-bit PCM; ``samples`` is (frames,) or (frames, channels) in [-1, 1]."""
    array = np.asarray(samples, dtype=np.float64)
    if array.ndim == 1:
        array = array[:, None]
    pcm = (np.clip(array, -1.0, 1.0) * 32767.0).round().astype("<i2")
    body = pcm.tobytes()
    channels = array.shape[1]
    header = struct.pack(
        "<4sI4s4sIHHIIHH4sI",
        b"RIFF", 36 + len(body), b"WAVE", b"fmt ", 16, PCM, channels, rate,
        rate * channels * 2, channels * 2, 16, b"data", len(body),
    )  # fmt: skip
    path.write_bytes(header + body)
