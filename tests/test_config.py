"""Settings: defaults, file, environment; errors that name the key."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.config import env_overrides, load_settings
from assistant.errors import ConfigError


def test_defaults() -> None:
    settings = load_settings(environ={})
    assert settings.language == "en" and settings.default_seat == "driver"
    assert settings.router.max_commands == 4
    assert settings.intents_path.name == "en"


def test_environment_beats_the_file(tmp_path: Path) -> None:
    config = tmp_path / "c.toml"
    config.write_text('default_seat = "passenger"\n[router]\nmax_commands = 2\n')
    settings = load_settings(config, environ={"COCKPIT_ROUTER__MAX_COMMANDS": "3"})
    assert settings.default_seat == "passenger"
    assert settings.router.max_commands == 3


def test_env_overrides_nest() -> None:
    assert env_overrides({"COCKPIT_A__B": "1", "OTHER": "x", "COCKPIT_C": "2"}) == {"a": {"b": "1"}, "c": "2"}


@pytest.mark.parametrize(
    ("environ", "key"),
    [
        ({"COCKPIT_DEFAULT_SEAT": "roof"}, "default_seat"),
        ({"COCKPIT_ROUTER__MAX_COMMANDS": "many"}, "router.max_commands"),
        ({"COCKPIT_ROUTR__MAX_COMMANDS": "2"}, "routr"),
    ],
)
def test_bad_values_name_the_key(environ: dict[str, str], key: str) -> None:
    with pytest.raises(ConfigError, match=key.replace(".", r"\.")):
        load_settings(environ=environ)


@pytest.mark.parametrize("name", ["COCKPIT_LLM", "COCKPIT_ASR", "COCKPIT_LIVE"])
def test_a_variable_naming_a_whole_table_says_which_settings_it_holds(name: str) -> None:
    with pytest.raises(ConfigError, match=rf"{name} names the settings table .*{name}__"):
        load_settings(environ={name: "off"})


def test_the_llm_languages_are_language_codes(tmp_path: Path) -> None:
    config = tmp_path / "cockpit.toml"
    config.write_text('[llm]\nlanguages = ["English"]\n')
    with pytest.raises(ConfigError, match=r"llm\.languages"):
        load_settings(config, environ={})
    config.write_text('[llm]\nlanguages = ["en", "zh"]\n')
    assert load_settings(config, environ={}).llm.languages == ["en", "zh"]


def test_missing_and_broken_files(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="does not exist"):
        load_settings(tmp_path / "none.toml", environ={})
    broken = tmp_path / "broken.toml"
    broken.write_text("[router\n")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_settings(broken, environ={})
