"""The parts around the recogniser: wake word, seat estimate, the microphone hand-off, settings, pronunciations."""

from __future__ import annotations

import numpy as np
import pytest

from assistant.asr.engine import Capabilities, Hypothesis, Mode, Paired
from assistant.asr.hybrid import HybridListener, take_constrained, voice_survived
from assistant.asr.listen import snr_db
from assistant.asr.pronounce import arpabet, espeak_pronunciations
from assistant.asr.wake import WakeGate, WakeSettings
from assistant.audio.mic import ChunkQueue
from assistant.audio.seat import estimate_seat
from assistant.audio.wav import AudioClip
from assistant.config import load_settings
from assistant.errors import ConfigError


def test_the_wake_word_gates_turns() -> None:
    gate = WakeGate(WakeSettings("hey cockpit", armed_s=5))
    assert gate.hear("open the window", 0.0) is None
    assert gate.hear("hey cockpit open the window", 1.0) == "open the window"
    assert gate.hear("hey cockpit", 2.0) is None and gate.armed
    assert gate.hear("close it", 4.0) == "close it" and not gate.armed
    assert gate.hear("hey cockpit", 10.0) is None
    assert gate.hear("too late", 16.0) is None and not gate.armed
    assert gate.hear("um cockpit what's the range", 20.0) == "what's the range"
    with pytest.raises(ValueError):
        WakeGate(WakeSettings("  "))


def _voice(seconds: float = 1.0, rate: int = 16000) -> np.ndarray:
    rng = np.random.default_rng(3)
    t = np.arange(int(seconds * rate)) / rate
    return (
        0.3 * np.sin(2 * np.pi * 180 * t) * (1 + 0.5 * np.sin(2 * np.pi * 3 * t)) + 0.05 * rng.normal(size=t.size)
    ).astype(np.float32)


@pytest.mark.parametrize(
    ("delay", "gain_db", "seat"),
    [(6, 4.0, "driver"), (-6, -4.0, "passenger"), (0, 0.0, None), (6, 0.0, "driver"), (0, 3.0, "driver")],
)
def test_seat_from_level_and_arrival_time(delay: int, gain_db: float, seat: str | None) -> None:
    voice = _voice()
    shifted = np.roll(voice, abs(delay))
    left, right = (voice, shifted) if delay >= 0 else (shifted, voice)
    right = right * 10 ** (-gain_db / 20)
    estimate = estimate_seat(AudioClip(np.stack([left, right], axis=1), 16000))
    assert estimate.seat == seat, estimate


def test_mono_has_no_seat() -> None:
    assert estimate_seat(AudioClip(_voice()[:, None], 16000)).seat is None


def test_the_microphone_queue_never_blocks_and_counts_what_it_drops() -> None:
    queue = ChunkQueue(max_chunks=3)
    for i in range(5):
        queue.put(np.full(4, i, np.float32))  # the audio thread: never waits
    assert queue.dropped == 2
    got = [queue.get(timeout=0.01) for _ in range(4)]
    assert [int(c[0]) for c in got if c is not None] == [2, 3, 4] and got[-1] is None


def test_hybrid_takes_only_confident_in_grammar_commands() -> None:
    def accepts(text: str) -> bool:
        return text == "open the window"

    good = Hypothesis("open the window", 0.8, True, "constrained")
    assert take_constrained(good, accepts, 0.5)
    assert not take_constrained(good, accepts, 0.9)
    assert not take_constrained(Hypothesis("open the window", 0.8, True, "constrained", in_grammar=False), accepts, 0)
    assert not take_constrained(Hypothesis("open the door", 0.8, True, "constrained"), accepts, 0)


class _Scripted:
    """An engine that hears what its script says for the audio fed (keyed by the audio's bytes)."""

    def __init__(self, name: str, script: dict[bytes, str], mode: Mode) -> None:
        self.name, self._script, self._mode = name, script, mode
        self.capabilities = Capabilities(True, False, mode == "constrained", mode == "open")
        self.streams = 0

    def stream(self, mode: Mode) -> _Scripted:
        self.streams += 1
        self._audio = b""
        return self

    def feed(self, pcm: bytes) -> None:
        self._audio += pcm

    def partial(self) -> Hypothesis | None:
        return None

    def finish(self) -> Hypothesis:
        return Hypothesis(self._script.get(self._audio, ""), 0.5, True, self._mode)

    def close(self) -> None:
        pass


COMMANDS = {"fan down", "turn the sound off", "turn it down", "turn down"}


@pytest.mark.parametrize(
    ("grammar", "open_text", "verify", "heard", "open_runs"),
    [
        ("fan down", "Turn the sound off.", False, "fan down", 0),  # clean: the grammar's command stands
        ("fan down", "Turn the sound off.", True, "Turn the sound off.", 1),  # noisy: another command wins
        ("fan down", "Fan down.", True, "fan down", 1),  # the same words: the grammar's stand
        ("turn down", "What's the weather?", True, "turn down", 1),  # no command: the grammar's stand
        ("turn down", "", True, "turn down", 1),
    ],
)
def test_in_noise_the_open_pass_checks_the_grammars_command(
    grammar: str, open_text: str, verify: bool, heard: str, open_runs: int
) -> None:
    audio = b"\x01\x00" * 1600
    commands = _Scripted("grammar", {audio: grammar}, "constrained")
    transcripts = _Scripted("open", {audio: open_text}, "open")
    listener = HybridListener(Paired(commands, transcripts), lambda text: text.lower().strip(".") in COMMANDS)
    listener.feed(audio)
    assert listener.finish(verify=verify).text == heard
    assert transcripts.streams == open_runs


def test_signal_to_noise_is_loud_frames_over_quiet_ones() -> None:
    noise_and_speech = [-50.0] * 30 + [-30.0] * 70
    assert snr_db(noise_and_speech) == pytest.approx(20.0)
    assert snr_db([-40.0] * 5) == float("inf")  # too short to tell
    assert snr_db([-180.0] * 20 + [-30.0] * 5) == float("inf")  # digital silence: clean, not noisy
    # soft sounds in clean speech are not noise when the line was silent before it
    assert snr_db([-180.0] * 10 + noise_and_speech, lead=10) == float("inf")
    assert snr_db([-50.0] * 10 + noise_and_speech, lead=10) == pytest.approx(20.0)


@pytest.mark.parametrize(("noisy", "heard", "open_runs"), [(False, "fan down", 0), (True, "turn the sound off", 0)])
def test_in_noise_the_grammar_hears_the_cleaned_audio_and_whisper_the_original(
    noisy: bool, heard: str, open_runs: int
) -> None:
    audio, cleaned = b"\x01\x00" * 1600, b"\x02\x00" * 1600
    commands = _Scripted("grammar", {audio: "fan down", cleaned: "turn the sound off"}, "constrained")
    transcripts = _Scripted("open", {audio: "Turn the sound off.", cleaned: "Fan down."}, "open")
    listener = HybridListener(Paired(commands, transcripts), lambda text: text.lower().strip(".") in COMMANDS)
    listener.feed(audio, cleaned=cleaned)
    assert listener.finish(noisy=noisy).text == heard
    assert transcripts.streams == open_runs
    # verified, Whisper hears what was said, not what suppression left of it: the same command stands
    listener = HybridListener(Paired(commands, transcripts), lambda text: text.lower().strip(".") in COMMANDS)
    listener.feed(audio, cleaned=cleaned)
    assert listener.finish(verify=True, noisy=True).text == "turn the sound off"


@pytest.mark.parametrize(
    ("verify", "cleaned_text", "heard", "open_runs"),
    [
        (True, "Turn the sound off.", "Turn the sound off.", 2),  # heavy noise: the cleaned audio holds it
        (True, "Is the tram open?", "Is the tram open?", 2),  # no command there either: the original's
        (False, "Turn the sound off.", "Is the tram open?", 1),  # milder noise: Whisper hears the original
    ],
)
def test_in_heavy_noise_whisper_hears_the_cleaned_audio_when_the_original_holds_no_command(
    verify: bool, cleaned_text: str, heard: str, open_runs: int
) -> None:
    audio, cleaned = b"\x01\x00" * 1600, b"\x02\x00" * 1600
    commands = _Scripted("grammar", {audio: "turn it", cleaned: "turn it"}, "constrained")  # no command
    transcripts = _Scripted("open", {audio: "Is the tram open?", cleaned: cleaned_text}, "open")
    listener = HybridListener(Paired(commands, transcripts), lambda text: text.lower().strip(".") in COMMANDS)
    listener.feed(audio, cleaned=cleaned)
    assert listener.finish(verify=verify, noisy=True).text == heard
    assert transcripts.streams == open_runs


class _Adapting(_Scripted):
    """Hears its script only for audio it heard just before, as PocketSphinx's running cepstral mean
    is set by what it heard last; otherwise the grammar forces a mumble into the nearest command."""

    def stream(self, mode: Mode) -> _Scripted:
        self._before = getattr(self, "_audio", b"")
        return super().stream(mode)

    def finish(self) -> Hypothesis:
        adapted = self._before == self._audio
        return Hypothesis(self._script[self._audio] if adapted else "fan down", 0.5, True, self._mode)


@pytest.mark.parametrize("verify", [False, True])
def test_in_noise_the_grammar_hears_the_cleaned_audio_twice(verify: bool) -> None:
    audio, cleaned = b"\x01\x00" * 1600, b"\x02\x00" * 1600
    commands = _Adapting("grammar", {audio: "turn it down", cleaned: "turn the sound off"}, "constrained")
    transcripts = _Scripted("open", {audio: ""}, "open")
    listener = HybridListener(Paired(commands, transcripts), lambda text: text.lower().strip(".") in COMMANDS)
    listener.feed(audio, cleaned=cleaned)  # the streaming pass hears the original as it comes
    assert listener.finish(verify=verify, noisy=True).text == "turn the sound off"
    assert commands.streams == 3  # the first pass over the cleaned audio only sets the mean


def test_speech_settings_are_checked_and_the_vosk_variable_is_understood() -> None:
    settings = load_settings(environ={"COCKPIT_VOSK_MODEL": "/models/en", "COCKPIT_ASR__MODE": "open"})
    assert str(settings.asr.vosk_model) == "/models/en" and settings.asr.mode == "open"
    with pytest.raises(ConfigError, match=r"asr\.engine"):
        load_settings(environ={"COCKPIT_ASR__ENGINE": "whisper"})


def test_listen_without_a_microphone_says_so(settings_env: None, capsys: pytest.CaptureFixture[str]) -> None:
    import sounddevice

    if any(int(d["max_input_channels"]) > 0 for d in sounddevice.query_devices()):
        pytest.skip("this machine has a microphone")
    from assistant.cli import main

    assert main(["listen"]) == 2
    assert "no microphone found" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("ipa", "phones"),
    [
        ("d_ᵻ_s_p_ɐ_s_ˈiː_ɾ_oʊ", "D IH S P AH S IY T OW"),  # despacito
        ("m_ˈæ_ɹ_iə_n_p_l_ˌæ_t_s", "M AE R IY AH N P L AE T S"),  # marienplatz
        ("b_ˌiː__ˈɑːɹ t_w_ˈɛ_n_t_i", "B IY AA R T W EH N T IY"),  # br twenty: tokens hold several phones
        ("dʒ_ˈɪ_ŋ_ə_n", "JH IH NG AH N"),  # jing'an
    ],
)
def test_espeak_ipa_becomes_the_acoustic_models_phones(ipa: str, phones: str) -> None:
    assert arpabet(ipa) == tuple(phones.split())


def test_an_unknown_symbol_leaves_the_word_unpronounced() -> None:
    assert arpabet("k_ʘ_a") is None
    assert arpabet("ˈ") is None


def test_espeak_spells_names_the_dictionary_lacks() -> None:
    found = espeak_pronunciations(["despacito", "motorway", "bayern"])
    assert found["motorway"] == ("M", "OW", "T", "ER", "W", "EY")
    assert set(found) == {"despacito", "motorway", "bayern"}
    assert espeak_pronunciations([]) == {}


def test_noise_that_suppression_takes_out_whole_is_nobody_speaking() -> None:
    rng = np.random.default_rng(0)
    noise = (rng.normal(0, 0.1, 16000) * 32767).astype("<i2").tobytes()
    voice = (np.sin(np.arange(16000) / 5) * 0.3 * 32767).astype("<i2").tobytes()
    assert not voice_survived(noise, bytes(len(noise)))  # all of it taken out
    assert voice_survived(noise, voice[: len(noise)])
    commands = _Scripted("grammar", {noise: "turn it down", bytes(len(noise)): "turn down"}, "constrained")
    listener = HybridListener(commands, lambda text: text in COMMANDS)
    listener.feed(noise, cleaned=bytes(len(noise)))
    assert listener.finish(noisy=True).text == ""
