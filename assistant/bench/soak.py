"""Soak: many mixed turns in one process, watching memory, threads and open files for leaks.

Turns cycle through every intent test sentence (local commands, several at once, follow-ups, refusals),
out-of-domain questions answered by a scripted OpenAI-compatible endpoint over real HTTP (the LLM
route's client, history and tool loop), and now and then a spoken turn through the recogniser.
"""

from __future__ import annotations

import gc
import os
import threading
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from assistant import PROJECT_ROOT
from assistant.bench.router import intent_test_sentences
from assistant.config import Settings
from assistant.errors import CockpitError, InputError
from assistant.llm.scripted import Reply, ScriptedEndpoint
from assistant.pipeline import Assistant

SPOKEN_EVERY = 200  # one spoken turn in this many
LLM_EVERY = 10


@dataclass(frozen=True)
class Sample:
    turns: int
    rss_mb: float
    threads: int
    open_files: int


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def sample(turns: int) -> Sample:
    gc.collect()
    return Sample(turns, round(_rss_mb(), 1), threading.active_count(), len(os.listdir("/proc/self/fd")))


def run_soak(settings: Settings, turns: int, samples: int = 10) -> list[Sample]:
    """Samples after a warm-up, every ``turns / samples`` turns, and at the end."""
    if turns < 1:
        raise InputError("--turns must be at least 1")
    sentences = intent_test_sentences(settings)
    questions = [line.strip() for line in (PROJECT_ROOT / "tests" / "data" / "out_of_domain_en.txt").open()]
    questions = [q for q in questions if q and not q.startswith("#")]
    with ScriptedEndpoint(script={}, default=Reply(text="Here is a short answer. Anything else?")) as endpoint:
        llm = settings.llm.model_copy(update={"preset": "custom", "base_url": endpoint.base_url, "managed": False})
        assistant = Assistant(settings.model_copy(update={"llm": llm}))
        assistant.start()
        try:
            from assistant.audio.wav import AudioClip

            speech = _spoken_clip(settings)

            def turn(index: int) -> None:
                if index % SPOKEN_EVERY == 0 and speech is not None:
                    assistant.hear(AudioClip(speech, 16000))
                elif index % LLM_EVERY == LLM_EVERY - 1:
                    assistant.ask(questions[index // LLM_EVERY % len(questions)], "passenger")
                    endpoint.requests.clear()  # the endpoint shares our process: its log is not our leak
                    endpoint.headers.clear()
                else:
                    assistant.ask(sentences[index % len(sentences)], ("driver", "passenger", "rear_left")[index % 3])
                if index % 500 == 499:
                    assistant.reset()  # a new drive now and then, as a long-running process would see

            # Warm-up, not counted: every sentence once (the gazetteer, the handlers, the match caches
            # load on first use), both recogniser passes, the LLM client.
            for sentence in sentences:
                assistant.ask(sentence)
            if speech is not None:
                assistant.hear(AudioClip(speech, 16000))
                assistant.speech.stream("open").finish()
            assistant.reset()
            every = max(1, turns // samples)
            found = [sample(0)]
            for index in range(turns):
                turn(index)
                if index % every == every - 1 and index < turns - 1:
                    found.append(sample(index + 1))
            found.append(sample(turns))
        finally:
            assistant.stop()
    return found


def _spoken_clip(settings: Settings) -> np.ndarray | None:
    try:
        from assistant.live.drive import Voices

        return Voices(settings, settings.cache_dir / "demo-voices").speech("open the trunk", "en-us")[:, None]
    except (CockpitError, OSError):  # no espeak-ng: the soak runs text turns only
        return None
