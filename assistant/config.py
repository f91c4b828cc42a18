"""Typed settings, loaded once at the edge and passed inward.

Precedence, highest first: ``COCKPIT_*`` environment variables (``__`` separates nesting, e.g.
``COCKPIT_ROUTER__MAX_COMMANDS=3``), the ``--config FILE``, then ``config/default.toml``.

This is a small loader over a pydantic model rather than pydantic-settings: importing
pydantic-settings alone costs ~65 ms, a sixth of the 400 ms budget for a whole ``cockpit ask``.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from assistant import PROJECT_ROOT
from assistant.cockpit.paths import describe_validation_error
from assistant.cockpit.state import Zone
from assistant.errors import ConfigError

DEFAULT_CONFIG = PROJECT_ROOT / "config" / "default.toml"
LLM_PRESETS = PROJECT_ROOT / "config" / "llm_presets.toml"
ENV_PREFIX = "COCKPIT_"
#: Short names users expect, for settings that live in a section.
_ENV_ALIASES = {"COCKPIT_VOSK_MODEL": "COCKPIT_ASR__VOSK_MODEL"}


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class RouterSettings(_Section):
    max_commands: int = Field(4, ge=1, le=10, description="Most commands taken from one sentence.")
    max_input_chars: int = Field(1000, ge=10, description="Longer text is not matched locally.")


class LlmSettings(_Section):
    """Where the LLM route sends what no local intent matches. A preset fills the endpoint fields."""

    preset: str = Field("embedded", description="A table of config/llm_presets.toml, or 'custom'.")
    base_url: str = Field("", description="OpenAI-compatible endpoint; overrides the preset.")
    model: str = Field("", description="Model name; overrides the preset.")
    api_key_env: str = Field("", description="Name of the environment variable that holds the API key.")
    managed: bool = Field(False, description="cockpit starts the embedded llama.cpp server itself.")
    port: int = Field(8765, ge=1024, le=65535, description="Loopback port of the embedded server.")
    connect_timeout_s: float = Field(3.0, gt=0)
    first_token_timeout_s: float = Field(20.0, gt=0)
    total_timeout_s: float = Field(60.0, gt=0)
    languages: list[Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}$")]] = Field(
        default_factory=list,
        description="Languages the model can answer in, as codes (en, zh); empty: any. A turn in another gets "
        "the car's own apology: SmolLM2-135M writes no usable Chinese.",
    )
    max_tool_rounds: int = Field(3, ge=1, le=10)
    max_tokens: int = Field(200, ge=16, le=4096)
    max_sentences: int = Field(
        3, ge=1, le=50, description="Sentences of an answer said at most; the model is stopped after them."
    )
    history_turns: int = Field(10, ge=0, le=100)
    history_tokens: int = Field(1500, ge=100, le=32000)
    breaker_failures: int = Field(3, ge=1, description="Consecutive failures that open the circuit.")
    breaker_reset_s: float = Field(30.0, gt=0, description="How long an open circuit fails fast.")
    server_start_timeout_s: float = Field(120.0, gt=0)


class AsrSettings(_Section):
    """Speech in: which engine, how it decodes, and the endpointing around it."""

    engine: Literal["auto", "pocketsphinx", "vosk"] = Field(
        "auto", description="auto: Vosk when a model is installed, else the embedded PocketSphinx."
    )
    mode: Literal["hybrid", "constrained", "open"] = "hybrid"
    open_engine: Literal["auto", "whisper", "same"] = Field(
        "auto", description="The open pass beside PocketSphinx: auto (Whisper when installed), whisper, same."
    )
    whisper_model: Path | None = Field(None, description="A Whisper model in CTranslate2 format (tiny.en).")
    vosk_model: Path | None = Field(None, description="A Vosk model directory (or COCKPIT_VOSK_MODEL).")
    models_dir: Path | None = Field(None, description="Where `cockpit models install` puts models.")
    garbage_words: int = Field(1500, ge=0, le=20000, description="Common words that absorb out-of-grammar speech.")
    garbage_mass: float = Field(0.02, ge=0.0, lt=1.0, description="Their share of the command model.")
    min_confidence: float = Field(0.0, ge=0.0, le=1.0, description="Below this a constrained result goes open.")
    verify_below_db: float = Field(
        16.0, ge=0.0, le=60.0, description="Below this SNR a command the grammar heard is checked by the open pass."
    )
    denoise: Literal["auto", "deepfilter", "off"] = Field(
        "auto", description="Noise suppression before the grammar: auto (DeepFilterNet3 when installed), off."
    )
    denoise_below_db: float = Field(
        30.0, ge=0.0, le=90.0, description="Below this SNR the grammar's pass over the cleaned audio is taken."
    )
    wake_word: str = Field("hey cockpit", min_length=1)
    silence_ms: int = Field(600, ge=100, le=5000, description="Silence that ends a turn.")
    early_commit_ms: int = Field(150, ge=0, le=2000, description="A complete, stable command ends it this soon.")
    chunk_ms: int = Field(100, ge=10, le=1000, description="Audio fed to the recogniser at a time.")
    max_utterance_s: float = Field(20.0, ge=2.0, le=120.0, description="Longer speech (or noise) is cut here.")


class TtsSettings(_Section):
    """Speech out: the synthesiser and its voice."""

    engine: Literal["pyttsx3", "espeak-ng"] = Field("pyttsx3", description="pyttsx3 (espeak-ng on Linux) or the CLI.")
    voice: str = Field("", description="A voice id, name or language (`espeak-ng --voices`); empty: the default.")
    rate_wpm: int = Field(175, ge=80, le=450, description="Speaking rate in words per minute.")
    volume: float = Field(1.0, ge=0.0, le=1.0)


class LiveSettings(_Section):
    """The spoken conversation: activation, the follow-up window, barge-in."""

    follow_up_s: float = Field(5.0, ge=0.0, le=60.0, description="After a reply, listen this long without a wake word.")
    barge_in: bool = Field(True, description="Speech over the assistant's reply stops it.")
    barge_in_ms: int = Field(90, ge=30, le=1000, description="Speech over the reply for this long is a barge-in.")
    stop_words: tuple[str, ...] = Field(
        ("stop", "stop it", "cancel", "be quiet", "quiet", "shut up", "enough"),
        description="Said over a reply, these only silence it.",
    )


class ReplSettings(_Section):
    history_file: Path = Path("~/.cache/cockpit/repl_history")


def _default_cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or "~/.cache"
    return Path(base).expanduser() / "cockpit"


class Settings(_Section):
    """Everything configurable. Frozen: nothing changes settings after start-up."""

    language: str = Field("en", description="The default language: speech, and text that does not show its own.")
    languages: list[str] = Field(
        default_factory=lambda: ["en", "zh"],
        description="Languages a typed turn may be in; each turn's is read from its text (ideographs: zh).",
    )
    intents_dir: Path | None = Field(None, description="Defaults to intents/<language> in the project.")
    default_seat: Zone = "driver"
    cache_dir: Path = Field(default_factory=_default_cache_dir, description="Compiled intents live here.")
    router: RouterSettings = Field(default_factory=RouterSettings)
    llm: LlmSettings = Field(default_factory=LlmSettings)
    repl: ReplSettings = Field(default_factory=ReplSettings)
    asr: AsrSettings = Field(default_factory=AsrSettings)
    tts: TtsSettings = Field(default_factory=TtsSettings)
    live: LiveSettings = Field(default_factory=LiveSettings)

    @property
    def intents_path(self) -> Path:
        return self.intents_dir or PROJECT_ROOT / "intents" / self.language

    @property
    def turn_languages(self) -> tuple[str, ...]:
        """The default language first; with an ``intents_dir`` of its own, only that one."""
        if self.intents_dir is not None:
            return (self.language,)
        return (self.language, *(lang for lang in self.languages if lang != self.language))

    def intents_path_for(self, language: str) -> Path:
        return self.intents_path if language == self.language else PROJECT_ROOT / "intents" / language


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError:
        raise ConfigError(f"config file {path} does not exist") from None
    except tomllib.TOMLDecodeError as err:
        raise ConfigError(f"config file {path} is not valid TOML: {err}") from None


def _merge(base: dict[str, Any], extra: Mapping[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in extra.items():
        if isinstance(value, Mapping) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def env_overrides(environ: Mapping[str, str]) -> dict[str, Any]:
    """``COCKPIT_ROUTER__MAX_COMMANDS=3`` -> ``{"router": {"max_commands": "3"}}``.

    Values stay strings; the pydantic model converts them to each setting's type."""
    values: dict[str, Any] = {}
    for name, value in environ.items():
        name = _ENV_ALIASES.get(name, name)
        if not name.startswith(ENV_PREFIX):
            continue
        *parents, leaf = name[len(ENV_PREFIX) :].lower().split("__")
        _check_not_a_section(name, [*parents, leaf])
        node = values
        for part in parents:
            node = node.setdefault(part, {})
        node[leaf] = value
    return values


def _check_not_a_section(name: str, path: list[str]) -> None:
    """``COCKPIT_LLM=off`` names the whole ``[llm]`` table: say which of its settings may be set, rather
    than fail deep inside the loader. Unknown names are left to the model's own check."""
    model: type[BaseModel] = Settings
    for depth, part in enumerate(path):
        field = model.model_fields.get(part)
        kind = None if field is None else field.annotation
        if not (isinstance(kind, type) and issubclass(kind, BaseModel)):
            return
        if depth == len(path) - 1:
            fields = ", ".join(f"{name}__{f.upper()}" for f in kind.model_fields)
            raise ConfigError(
                f"{name} names the settings table [{'.'.join(path)}], not one setting; set one of {fields}"
            )
        model = kind


def _apply_llm_preset(values: dict[str, Any]) -> dict[str, Any]:
    """Fill the endpoint fields from the named preset where the user left them empty."""
    llm = dict(values.get("llm", {}))
    name = str(llm.get("preset", "embedded"))
    if name == "custom":
        return values
    presets = _read_toml(LLM_PRESETS) if LLM_PRESETS.exists() else {}
    if name not in presets:
        known = ", ".join([*presets, "custom"])
        raise ConfigError(f"invalid setting llm.preset: unknown preset {name!r} (known: {known})")
    preset = dict(presets[name])
    port = llm.get("port", LlmSettings.model_fields["port"].default)
    preset["base_url"] = str(preset.get("base_url", "")).replace("{port}", str(port))
    explicit = {k: v for k, v in llm.items() if v not in ("", None)}
    return {**values, "llm": {**preset, **explicit}}


def load_settings(config_file: Path | None = None, environ: Mapping[str, str] | None = None) -> Settings:
    """Read the defaults, the optional user file and the environment into one ``Settings``."""
    values = _read_toml(DEFAULT_CONFIG) if DEFAULT_CONFIG.exists() else {}
    sources = ["config/default.toml"]
    if config_file is not None:
        values = _merge(values, _read_toml(config_file))
        sources.append(str(config_file))
    env = env_overrides(os.environ if environ is None else environ)
    if env:
        values = _merge(values, env)
        sources.append("COCKPIT_* variables")
    values = _apply_llm_preset(values)
    try:
        return Settings.model_validate(values)
    except ValidationError as err:
        raise ConfigError(f"invalid setting in {', '.join(sources)}: {describe_validation_error(err)}") from None


def with_engine(settings: Settings, engine: str | None = None, mode: str | None = None) -> Settings:
    """Settings with a command line's ``--engine``/``--mode`` applied."""
    update = {k: v for k, v in (("engine", engine), ("mode", mode)) if v}
    if not update:
        return settings
    return settings.model_copy(update={"asr": settings.asr.model_copy(update=update)})
