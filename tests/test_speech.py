"""The speech path with the real embedded recogniser on synthetic speech, clean and in cabin noise.

These sentences were written for this file and never used to tune the recogniser. Known failures
are listed with what the recogniser hears, not hidden: each is a strict xfail, so a fix shows up.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant.asr.hybrid import HybridListener
from assistant.audio.wav import read_wav
from assistant.cli import main
from assistant.config import Settings
from assistant.pipeline import Assistant
from tests.speech_audio import pan, speak, transcript_of

COMMANDS = [
    "open the driver window",
    "close all the windows",
    "set the temperature to twenty one degrees",
    "turn on the seat heating",
    "next track",
    "mute the radio",
    "turn the fan up",
    "navigate home",
    "volume up",
    "turn off the air conditioning",
    "lock the doors",
    "how much fuel do I have left",
]
OUT_OF_DOMAIN = [
    "tell me a joke",
    "who won the football game yesterday",
    "what is the meaning of life",
    "how do you make pancakes",
    "i had a strange dream last night",
    "what does my calendar look like",
]
VOICES = [("en-us", 150), ("en-gb+f3", 170)]
#: (sentence, voice, snr) -> what goes wrong. Measured on this recogniser, not guessed.
KNOWN_FAILURES: dict[tuple[str, str, int | None], str] = {
    ("next track", "en-gb+f3", None): "heard 'the next drop'",
    ("turn the fan up", "en-us", None): "heard 'turn the fan low'",
    ("turn the fan up", "en-gb+f3", None): "heard 'turn the fan low'",
    ("navigate home", "en-gb+f3", None): "heard 'on the guy tell you'",
    ("open the driver window", "en-us", 12): "heard 'both of them right where they go'",
    ("mute the radio", "en-gb+f3", None): "heard 'nuke the radio' after the clips before it (alone: right)",
    ("how much fuel do I have left", "en-gb+f3", None): "grammar heard 'how much fuel do i got left'",
}
#: Clips on a knife edge: heard right or wrong as the English command model changes anywhere, so a strict
#: mark would flip with unrelated templates. The module's first clip, heard before the cepstral mean has
#: fitted any voice, is one: "open driver window" or "open right rear window". In session 20 each of three
#: disjoint thirds of that session's English templates moved it to "right rear" alone, and the rest of
#: the session moved it back (sessions 18 and 19 saw it move with one template each).
UNSTABLE: dict[tuple[str, str, int | None], str] = {
    ("open the driver window", "en-us", None): "sometimes heard 'open right rear window' (first clip, cold CMN)",
}


@pytest.fixture(scope="module")
def started(settings: Settings) -> Iterator[Assistant]:
    """This module's own assistant. PocketSphinx carries its cepstral mean from one utterance to the
    next, so what was heard before changes what is heard now: the known failures below hold for this
    module's order of clips, whatever other test files ran first."""
    assistant = Assistant(settings)
    assistant.start()
    yield assistant
    assistant.stop()


@pytest.fixture(scope="module")
def audio_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("speech")


def _meaning(assistant: Assistant, text: str) -> list[tuple[str, dict[str, object]]]:
    return [(c.intent, c.slots) for c in assistant.route(text).commands]


def _case(sentence: str, voice: str, snr: int | None) -> object:
    reason = KNOWN_FAILURES.get((sentence, voice, snr))
    marks = [pytest.mark.xfail(reason=reason, strict=True)] if reason else []
    if (sentence, voice, snr) in UNSTABLE:
        marks = [pytest.mark.xfail(reason=UNSTABLE[(sentence, voice, snr)], strict=False)]
    return pytest.param(sentence, voice, snr, marks=marks, id=f"{sentence}-{voice}-{snr}")


@pytest.mark.parametrize(
    ("sentence", "voice", "snr"),
    [_case(s, v, None) for s in COMMANDS for v, _ in VOICES] + [_case(s, "en-us", 12) for s in COMMANDS],
)
def test_a_spoken_command_means_what_was_said(
    started: Assistant, audio_dir: Path, sentence: str, voice: str, snr: int | None
) -> None:
    speed = dict(VOICES)[voice]
    path = speak(sentence, audio_dir, voice, speed, snr)
    heard = " ".join(u.transcript.text for u in started.listen(read_wav(path)))
    assert _meaning(started, heard) == _meaning(started, transcript_of(path)), heard


@pytest.mark.parametrize("sentence", OUT_OF_DOMAIN)
def test_out_of_domain_speech_is_not_forced_into_a_command(started: Assistant, audio_dir: Path, sentence: str) -> None:
    path = speak(sentence, audio_dir)
    heard = " ".join(u.transcript.text for u in started.listen(read_wav(path)))
    assert started.route(heard).route != "local", heard


def test_a_clear_command_commits_early_and_quickly(started: Assistant, audio_dir: Path) -> None:
    (utterance,) = started.listen(read_wav(speak("next track", audio_dir)))
    assert utterance.early and utterance.transcript.mode == "constrained"
    # Audio time from the end of speech to the commit; no wall clock is involved in this part.
    assert utterance.committed_s - utterance.speech_end_s < 0.6


def test_hybrid_falls_back_to_the_open_vocabulary(started: Assistant, audio_dir: Path) -> None:
    (utterance,) = started.listen(read_wav(speak("tell me a joke", audio_dir)))
    assert utterance.transcript.mode == "open"
    assert utterance.transcript.constrained != ""  # the grammar pass heard something, and it was not taken


def test_whisper_writes_what_the_grammar_does_not_hold(started: Assistant, audio_dir: Path) -> None:
    """install.sh installs Whisper tiny.en, so the open pass is Whisper's: a request for the LLM comes
    out as said (PocketSphinx's grammar pass forced it into command words)."""
    assert started.speech.name == "pocketsphinx+whisper"
    for sentence in ("what is the capital of france", "tell me a joke about cars"):
        (utterance,) = started.listen(read_wav(speak(sentence, audio_dir)))
        assert utterance.transcript.engine == "whisper" and utterance.transcript.mode == "open"
        assert utterance.transcript.text.lower().rstrip("?!.") == sentence
        assert started.route(utterance.transcript.text).route == "llm"


def test_whisper_hears_the_same_noisy_audio_the_same_way_every_time(started: Assistant, audio_dir: Path) -> None:
    """No sampling when a decode looks unsure: in heavy noise it made runs of the benchmark differ."""
    from assistant.audio.convert import for_asr, to_pcm16

    whisper = started.speech.transcripts  # type: ignore[attr-defined]
    pcm = to_pcm16(for_asr(read_wav(speak("turn the sound off", audio_dir, snr=0))))
    assert len({whisper.transcribe(pcm).text for _ in range(3)}) == 1


def test_the_open_pass_can_be_chosen(settings: Settings, tmp_path: Path) -> None:
    from assistant.asr.factory import whisper_engine
    from assistant.asr.whisper import WhisperEngine
    from assistant.errors import AsrError

    asr = settings.asr
    assert whisper_engine(asr.model_copy(update={"open_engine": "same"})) is None
    assert isinstance(whisper_engine(asr), WhisperEngine)  # auto, and installed
    with pytest.raises(AsrError, match="no Whisper model"):
        whisper_engine(asr.model_copy(update={"open_engine": "whisper", "whisper_model": tmp_path}))


def test_partials_arrive_while_audio_streams(started: Assistant, audio_dir: Path) -> None:
    from assistant.audio.convert import for_asr, to_pcm16

    pcm = to_pcm16(for_asr(read_wav(speak("turn on the seat heating", audio_dir))))
    listener = HybridListener(started.speech, started.accepts)
    partials = []
    for i in range(0, len(pcm), 3200):
        listener.feed(pcm[i : i + 3200])
        if (partial := listener.refresh()) is not None:
            partials.append(partial)
    assert partials and not partials[0].final
    assert listener.finish().text


@pytest.mark.parametrize(("toward", "seat"), [("left", "driver"), ("right", "passenger")])
def test_stereo_input_tells_the_seat_and_the_turn_uses_it(
    started: Assistant, audio_dir: Path, toward: str, seat: str
) -> None:
    started.session.reset()
    stereo = pan(speak("turn on the seat heating", audio_dir), audio_dir / f"seat_{toward}.wav", toward)
    result = started.hear(read_wav(stereo))
    assert result.heard is not None and result.heard.seat_from_audio == seat
    assert result.seat == seat
    assert [a.path for a in result.actions] == [f"climate.zones.{seat}.seat_heat"]


def test_transcribe_and_ask_wav_from_the_command_line(
    settings_env: None, audio_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = speak("next track", audio_dir)
    assert main(["transcribe", str(path), "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)["utterances"]
    assert [r["text"] for r in rows] == ["next track"] and rows[0]["engine"] == "pocketsphinx"
    assert main(["ask", "--wav", str(path), "--json"]) == 0
    turn = json.loads(capsys.readouterr().out)
    assert turn["intent"] == "MediaNext" and turn["heard"]["mode"] == "constrained"


def test_bad_audio_is_refused_clearly(settings_env: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bogus = tmp_path / "notes.wav"
    bogus.write_text("this is not audio")
    assert main(["ask", "--wav", str(bogus)]) == 2
    assert "notes.wav" in capsys.readouterr().err
    assert main(["ask"]) == 2
    assert "either TEXT or --wav" in capsys.readouterr().err


def test_a_scenario_turn_can_be_spoken(started: Assistant, audio_dir: Path, tmp_path: Path) -> None:
    from assistant.scenario.model import load_scenario
    from assistant.scenario.runner import run_scenario

    speak("next track", tmp_path)
    scenario = tmp_path / "spoken.yaml"
    name = next(tmp_path.glob("next_track*.wav")).name
    scenario.write_text(
        f"name: spoken\nturns:\n  - audio: {name}\n    expect: {{intent: MediaNext}}\n  - say: volume up\n"
    )
    outcome = run_scenario(started, load_scenario(scenario))
    assert outcome.passed, [t.failures for t in outcome.turns]


def test_the_speech_benchmark_runs_in_smoke_mode(settings_env: None, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["bench", "asr", "--smoke", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    # the engine's own passes, then the hybrid with the noise suppressor in front
    assert [r["mode"] for r in rows] == ["constrained", "open", "hybrid", "hybrid+deepfilternet3"]
    assert all(r["files"] == 2 and r["rtf_median"] > 0 and r["peak_rss_mb"] > 0 for r in rows)


def test_an_abandoned_utterance_does_not_block_the_next(started: Assistant, audio_dir: Path) -> None:
    started.speech.stream("constrained").feed(bytes(3200))  # never finished, as after an interrupt
    (utterance,) = started.listen(read_wav(speak("next track", audio_dir)))
    assert utterance.transcript.text == "next track"


def test_a_damaged_command_model_in_the_cache_is_rebuilt(started: Assistant, tmp_path: Path) -> None:
    from assistant.asr.sphinx import PocketSphinxEngine

    catalog = started.catalog

    def decode_silence() -> None:
        stream = PocketSphinxEngine(catalog, tmp_path, catalog.key, 1500, 0.02).stream("constrained")
        stream.feed(bytes(3200))
        assert stream.finish().text == ""

    decode_silence()  # builds the model in a cache of its own (others hold other tests' models)
    (cached,) = tmp_path.glob("command-lm-*.arpa")
    cached.write_text("\\data\\\nngram 1=oops\n")
    decode_silence()
    assert "\\1-grams:" in cached.read_text()
