"""Speech-to-intent accuracy, following Picovoice's public speech-to-intent benchmark.

- labels: ``{"file.wav": {"intent": "name", "slots": {"slot": "value"}}}``
- noise: mixed at an SNR measured on peak frame energy (2048-sample frames), from a random offset
  in the noise file, then peak-normalised (``audio.noise.mix_at_snr``)
- scoring: a file is correct only if the intent and every labelled slot match exactly (values compared
  as whitespace-trimmed strings). An empty result is an error.

Works with any intents directory in our template format: the grammar and the router are built from it.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from assistant.audio.convert import for_asr
from assistant.audio.noise import cabin_noise, mix_at_snr
from assistant.audio.wav import Samples, read_wav, write_wav
from assistant.config import Settings
from assistant.errors import InputError
from assistant.events import RouteDecision
from assistant.pipeline import Assistant
from assistant.yamlsrc import load_yaml

CLEAN = None  # an SNR of "clean": no noise mixed in


@dataclass(frozen=True)
class Label:
    intent: str
    slots: dict[str, str]


def load_labels(path: Path) -> dict[str, Label]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(f"{path}: labels file does not exist") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
        raise InputError(f"{path}: not a JSON labels file: {err}") from None
    if not isinstance(data, dict):
        raise InputError(f'{path}: labels are an object {{"file.wav": {{"intent": ..., "slots": {{...}}}}}}')
    labels = {}
    for name, entry in data.items():
        if not isinstance(entry, dict) or not isinstance(entry.get("intent"), str):
            raise InputError(f"{path}: {name!r} needs an 'intent' string")
        slots = entry.get("slots") or {}
        if not isinstance(slots, dict):
            raise InputError(f"{path}: {name!r}: 'slots' must be an object")
        labels[name] = Label(entry["intent"], {str(k): str(v).strip() for k, v in slots.items()})
    return labels


def parse_snrs(text: str) -> list[float | None]:
    """``6:24:3`` -> 6, 9, ..., 24; ``clean,12`` -> clean and 12 dB; ``clean`` alone is no noise."""
    found: list[float | None] = []
    for part in (p.strip() for p in text.split(",") if p.strip()):
        if part == "clean":
            found.append(CLEAN)
            continue
        try:
            numbers = [float(x) for x in part.split(":")]
        except ValueError:
            raise InputError(f"--snr {text!r}: {part!r} is not a number, start:stop:step or 'clean'") from None
        if len(numbers) == 1:
            found.append(numbers[0])
        elif len(numbers) == 3 and numbers[2] > 0 and numbers[0] <= numbers[1]:
            found += [float(v) for v in np.arange(numbers[0], numbers[1] + 1e-9, numbers[2])]
        else:
            raise InputError(f"--snr {text!r}: use start:stop:step with start <= stop and a positive step")
    if not found:
        raise InputError("--snr: nothing to measure")
    return found


def _text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, bool):
        value = str(value).lower()
    return str(value).strip()


def score(label: Label, decision: RouteDecision) -> str | None:
    """None when correct, else what went wrong."""
    if not decision.commands:
        return f"no intent ({decision.route}: {decision.reason})"
    command = decision.commands[0]
    if command.intent != label.intent:
        return f"intent {command.intent}, expected {label.intent}"
    for slot, wanted in label.slots.items():
        got = command.slots.get(slot)
        if got is None or _text(got) != wanted:
            return f"slot {slot}={got!r}, expected {wanted!r}"
    return None


@dataclass
class SnrResult:
    snr: float | None
    correct: int = 0
    errors: list[tuple[str, str, str]] = field(default_factory=list)  # file, heard, why

    @property
    def total(self) -> int:
        return self.correct + len(self.errors)

    @property
    def accuracy(self) -> float:
        return self.correct / self.total if self.total else 0.0


def run_accuracy(
    settings: Settings,
    intents_dir: Path,
    audio_dir: Path,
    labels: dict[str, Label],
    noise: Samples | None,
    snrs: list[float | None],
) -> list[SnrResult]:
    missing = [name for name in labels if not (audio_dir / name).is_file()]
    if missing:
        raise InputError(f"{audio_dir}: {len(missing)} labelled files are missing, e.g. {missing[0]}")
    noise_samples = noise if noise is not None else cabin_noise(30.0, 16000)
    assistant = Assistant(settings.model_copy(update={"intents_dir": intents_dir}))
    assistant.start()
    results = [SnrResult(snr) for snr in snrs]
    try:
        # One condition at a time, as separate runs of the protocol would be: the recogniser's channel
        # normalisation and the noise suppressor adapt to what they hear, and a cabin does not jump
        # from quiet to 6 dB between two requests.
        for result in results:
            for index, (name, label) in enumerate(sorted(labels.items())):
                speech = for_asr(read_wav(audio_dir / name))
                snr = result.snr
                samples = speech if snr is None else mix_at_snr(speech, noise_samples, snr, seed=index)
                heard = " ".join(u.transcript.text for u in _listen(assistant, samples) if u.transcript.text)
                why = score(label, assistant.route(heard)) if heard else "empty result"
                if why is None:
                    result.correct += 1
                else:
                    result.errors.append((name, heard, why))
    finally:
        assistant.stop()
    return results


def _listen(assistant: Assistant, samples: Samples) -> list[Any]:
    from assistant.asr.listen import listen_to

    return listen_to(assistant.speech, samples, assistant.accepts, assistant.settings.asr, assistant.denoiser)


#: Who speaks the cockpit set. espeak-ng is formant synthesis, far from a human voice; festival's
#: voices are built from recordings of people (diphones, and an HTS voice trained on CMU ARCTIC), so
#: they are the nearer stand-in for human speech. (program, voice, words per minute or None)
VOICES: dict[str, tuple[tuple[str, str, int | None], ...]] = {
    "espeak": tuple(
        ("espeak-ng", v, s)
        for v, s in (("en-us", 140), ("en-us", 170), ("en-us+m3", 150), ("en-gb", 160), ("en-us+f3", 150))
    ),
    "festival": tuple(("text2wave", v, None) for v in ("cmu_us_slt_arctic_hts", "kal_diphone", "ked_diphone")),
}


def _speak(program: str, voice: str, speed: int | None, sentence: str, path: Path) -> None:
    import shutil
    import subprocess

    if shutil.which(program) is None:
        raise InputError(f"{program} is not installed: it speaks this accuracy set (install.sh installs it)")
    if program == "text2wave":
        command = [program, "-eval", f"(voice_{voice})", "-o", str(path)]
        subprocess.run(command, input=sentence.encode(), check=True, capture_output=True)
    else:
        subprocess.run([program, "-v", voice, "-s", str(speed), "-w", str(path), sentence], check=True)


#: A sentence of the intent tests with its intent and slots.
Case = tuple[str, str, dict[str, Any]]


def team_cases(tests_dir: Path, count: int) -> list[Case]:
    """``count`` sentences of the intent test files, with their intent and slots, chosen by a hash of
    each sentence: a test added later changes the set only where it hashes in, so results measured
    before and after stay comparable (a random sample had changed whole whenever a test was added)."""
    cases: dict[str, Case] = {}
    for path in sorted(tests_dir.glob("*.yaml")):
        for test in load_yaml(path).data.get("tests", []):
            if test.get("intent") and not any(isinstance(v, dict) for v in (test.get("slots") or {}).values()):
                for sentence in test["sentences"]:
                    cases.setdefault(sentence, (sentence, test["intent"], test.get("slots") or {}))
    return sorted(cases.values(), key=lambda case: hashlib.sha256(case[0].encode()).hexdigest())[:count]


def team_set_id(cases: list[Case]) -> str:
    """A short name for a set of cases: the cache keeps one folder per set."""
    return hashlib.sha256("\n".join(case[0] for case in cases).encode()).hexdigest()[:8]


def make_team_set(directory: Path, cases: list[Case], seed: int = 0, voices: str = "espeak") -> Path:
    """The cockpit accuracy set: ``cases`` spoken by ``VOICES[voices]`` (several voices and speeds),
    written with ``labels.json`` and a cabin ``noise.wav``. Returns the labels file. Generated, never
    committed."""
    speakers = VOICES[voices]
    directory.mkdir(parents=True, exist_ok=True)
    labels = {}
    for index, (sentence, intent, slots) in enumerate(cases):
        program, voice, speed = speakers[index % len(speakers)]
        name = f"{index:04d}_{'_'.join(sentence.lower().split())[:60]}.wav".replace("/", "_").replace("'", "")
        raw = directory / f".raw-{name}"
        _speak(program, voice, speed, sentence, raw)
        speech = for_asr(read_wav(raw))
        raw.unlink()
        pad = np.zeros(4000, np.float32)
        write_wav(directory / name, np.concatenate([pad, speech, pad]), 16000)
        labels[name] = {"intent": intent, "slots": {k: _text(v) for k, v in slots.items()}}
    write_wav(directory / "noise.wav", cabin_noise(60.0, 16000, seed=seed + 1), 16000)
    labels_path = directory / "labels.json"
    labels_path.write_text(json.dumps(labels, indent=1, ensure_ascii=False), encoding="utf-8")
    return labels_path
