"""One spoken conversation over a duplex audio stream, block by block.

For each block the caller first takes what the speakers play (``play``), then hands over what the
microphones heard in the same block (``step``). The loop cancels its own voice out of the microphone
signal, finds utterances, admits them (wake word, push-to-talk, follow-up window), runs the turn,
synthesises the reply sentence by sentence and queues it for the speakers. Speech over the reply
stops it (barge-in). Time is the audio's own plus the measured compute time of each stage, so the
same input gives the same conversation, and a simulated cabin can drive it in virtual time.
"""

from __future__ import annotations

import queue
import re
import threading
import time

import numpy as np

from assistant.asr.engine import SAMPLE_RATE
from assistant.asr.listen import SpeechListener, Utterance
from assistant.audio.convert import resample
from assistant.audio.echo import EchoCanceller
from assistant.audio.wav import Samples
from assistant.cockpit.state import CockpitState, Zone
from assistant.config import Settings
from assistant.errors import CockpitError
from assistant.events import (
    BargeIn,
    Dismissed,
    FinalTranscript,
    LoopError,
    LoopEvent,
    PartialTranscript,
    ReplyReady,
    SpeakingFinished,
    SpeakingStarted,
    SpeechStarted,
    SpeechStopped,
    TurnRouted,
)
from assistant.live.activation import Activation
from assistant.live.playback import Playback
from assistant.live.stereo import StereoHistory
from assistant.pipeline import Assistant
from assistant.tts.engine import Synthesizer
from assistant.vad.endpoint import Endpointer, VadSettings

_WORDS = re.compile(r"[\w']+")
CALIBRATE_MS = 300


class LiveLoop:
    def __init__(
        self,
        assistant: Assistant,
        synth: Synthesizer,
        settings: Settings,
        activation: Activation,
        seat: Zone | None = None,
        background: bool = False,
    ) -> None:
        """``background``: run turns on a worker thread (a live device keeps streaming meanwhile);
        otherwise inline, which keeps a simulated conversation deterministic."""
        self._assistant = assistant
        self._synth = synth
        self._settings = settings
        self.activation = activation
        self._seat = seat
        self._background = background
        # A live stream has no reason to assume a quiet cabin: the first moments teach the noise floor.
        vad = VadSettings(stop_ms=settings.asr.silence_ms, calibrate_ms=CALIBRATE_MS)
        self._listener = SpeechListener(assistant.speech, assistant.accepts, settings.asr, vad, assistant.denoiser)
        self._echo = EchoCanceller(SAMPLE_RATE)
        self._barge_vad = VadSettings(start_ms=settings.live.barge_in_ms, calibrate_ms=CALIBRATE_MS)
        self._barge = Endpointer(self._barge_vad, SAMPLE_RATE)
        self.playback = Playback()
        self._stereo = StereoHistory(SAMPLE_RATE)
        self._stop_words = {" ".join(_WORDS.findall(w.lower())) for w in settings.live.stop_words}
        self._frames = 0
        self._played = np.zeros(0, dtype=np.float32)
        self._sounding = False
        self._spoken: tuple[float, float | None] | None = None  # the last reply's (start, end) on the speakers
        self._barge_pending = np.zeros(0, dtype=np.float32)
        self._barged_at: float | None = None
        self._announced = False
        self._partial = ""
        self._reply_text = ""
        self._worker: threading.Thread | None = None
        self._events: queue.SimpleQueue[LoopEvent] = queue.SimpleQueue()
        self.reply_audio: list[Samples] = []  # the last turn's reply, sentence by sentence (16 kHz)

    @property
    def now_s(self) -> float:
        return self._frames / SAMPLE_RATE

    @property
    def busy(self) -> bool:
        """A turn is being answered or spoken."""
        return self.playback.active or (self._worker is not None and self._worker.is_alive())

    @property
    def state(self) -> CockpitState:
        return self._assistant.session.state

    @property
    def listening(self) -> bool:
        """An utterance is open."""
        return self._listener.active

    def press(self) -> None:
        """Push-to-talk."""
        self.activation.press(self.now_s)

    def play(self, frames: int) -> Samples:
        """The speakers' next block (16 kHz mono)."""
        block = self.playback.read(frames, self.now_s)
        if not self._sounding and np.any(block):
            self._sounding = True
            self._spoken = (self.now_s, None)
            self._emit(SpeakingStarted(t=self.now_s, text=self._reply_text))
            self._barge.commit()  # a turn still open in the detector must not hide the next one
        elif self._sounding and not self.playback.active:
            self._stopped_speaking()
            self._emit(SpeakingFinished(t=self.now_s))
            self.activation.reply_finished(self.now_s)
        self._played = block
        return block

    def step(self, mic: Samples) -> list[LoopEvent]:
        """One block from the microphones: (frames,) or (frames, channels) at 16 kHz."""
        if mic.ndim == 1:
            mic = mic[:, None]
        self._stereo.add(mic)
        played = self._played if self._played.size == mic.shape[0] else np.zeros(mic.shape[0], np.float32)
        self._played = np.zeros(0, dtype=np.float32)
        residual = self._echo.process(mic[:, self._stereo.nearest()].astype(np.float32), played)
        self._frames += mic.shape[0]
        self._watch_for_barge_in(residual)
        for utterance in self._listener.feed(residual):
            self._utterance(utterance)
        self._report_listening()
        return self._drain()

    def _stopped_speaking(self) -> None:
        self._sounding = False
        if self._spoken is not None:
            self._spoken = (self._spoken[0], self.now_s)

    def _watch_for_barge_in(self, residual: Samples) -> None:
        """Speech in what is left after cancelling our own voice, for ``barge_in_ms``, stops the reply.
        The detector hears everything, so that its noise floor is learnt before the reply starts."""
        size = self._barge.frame_samples
        pending = np.concatenate([self._barge_pending, residual])
        used = pending.size - pending.size % size
        self._barge_pending = pending[used:]
        for offset in range(0, used, size):
            for event in self._barge.feed(pending[offset : offset + size]):
                if event.kind == "speech_started" and self._sounding and self._settings.live.barge_in:
                    self.playback.stop()
                    self._stopped_speaking()
                    self._barged_at = event.time_s
                    # The speakers go quiet from the next block on: that is when barge-in takes effect.
                    self._emit(BargeIn(t=self.now_s, onset=round(self._barged_at, 3)))
                    self._emit(SpeakingFinished(t=self.now_s, interrupted=True))
                    return

    def _report_listening(self) -> None:
        if self._listener.active and not self._announced:
            self._announced = True
            self._emit(SpeechStarted(t=self._listener.start_s))
        partial = self._listener.partial_text if self._listener.active else ""
        if partial and partial != self._partial:
            self._emit(PartialTranscript(t=self.now_s, text=partial))
        self._partial = partial

    def _utterance(self, utterance: Utterance) -> None:
        self._announced = False
        transcript = utterance.transcript
        self._emit(SpeechStopped(t=utterance.committed_s, speech_end=utterance.speech_end_s, early=utterance.early))
        final_t = utterance.committed_s + transcript.decode_ms / 1000
        self._emit(
            FinalTranscript(t=final_t, text=transcript.text, mode=transcript.mode, confidence=transcript.confidence)
        )
        spoken = self._spoken
        own_voice = spoken is not None and spoken[0] <= utterance.start_s <= (spoken[1] or self.now_s)
        if own_voice and (self._barged_at is None or self._barged_at < utterance.start_s - 0.5):
            self._emit(Dismissed(t=final_t, text=transcript.text, why="heard while speaking, no barge-in"))
            return
        barged = self._barged_at is not None and self._barged_at >= utterance.start_s - 0.5
        self._barged_at = None
        words = " ".join(_WORDS.findall(transcript.text.lower()))
        if barged and words in self._stop_words:
            self._emit(Dismissed(t=final_t, text=transcript.text, why="stop word over the reply"))
            return
        admission = self.activation.admit(transcript.text, utterance.start_s)
        if admission.text is None:
            self._emit(Dismissed(t=final_t, text=transcript.text, why=admission.why))
            return
        seat = self._seat or self._stereo.seat(utterance.start_s, utterance.committed_s)
        if self._worker is not None:
            self._worker.join()  # one turn at a time: the state changes in order
        self.playback.stop()
        self.playback.expect()
        self._reply_text = ""
        self.reply_audio = []
        if self._background:
            self._worker = threading.Thread(target=self._turn, args=(admission.text, seat, final_t), daemon=True)
            self._worker.start()
        else:
            self._turn(admission.text, seat, final_t)

    def _turn(self, text: str, seat: Zone | None, start_t: float) -> None:
        """Route and answer one request; each reply sentence is synthesised and queued as it arrives."""
        started = time.perf_counter()

        def clock() -> float:
            return start_t + time.perf_counter() - started

        def speak(sentence: str) -> None:
            self._emit(ReplyReady(t=clock(), text=sentence))
            try:
                clip = self._synth.synthesize(sentence)
            except CockpitError as err:
                self._emit(LoopError(t=clock(), kind="tts", message=str(err)))
                return
            self._reply_text = f"{self._reply_text} {sentence}".strip()
            audio = resample(clip.samples[:, 0], clip.rate, SAMPLE_RATE)
            self.reply_audio.append(audio)
            self.playback.queue(audio, ready_s=clock())

        try:
            result = self._assistant.ask(text, seat, on_sentence=speak)
            self._emit(TurnRouted(t=clock(), result=result))
        except CockpitError as err:
            self._emit(LoopError(t=clock(), kind=type(err).__name__, message=str(err)))
        finally:
            self.playback.settle()

    def _emit(self, event: LoopEvent) -> None:
        self._events.put(event)

    def _drain(self) -> list[LoopEvent]:
        drained: list[LoopEvent] = []
        while True:
            try:
                drained.append(self._events.get_nowait())
            except queue.Empty:
                return drained
