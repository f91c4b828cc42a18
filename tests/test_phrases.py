"""The router's word-level helpers, on their own."""

from __future__ import annotations

from assistant.nlu.phrases import as_asked, holds, opening, said_once, without_particles


def words(text: str) -> tuple[str, ...]:
    return tuple(text.split(" "))


PARTICLES = [("and", "then"), ("ok",), ("you", "can"), ("and",), ("too",)]


def test_a_phrase_is_held_as_whole_words() -> None:
    assert holds(("if", "it", "rains"), [("if",)])
    assert not holds(("a", "gift", "for", "you"), [("if",)])
    assert holds(("turn", "on", "and", "then", "off"), [("and", "then")])


def test_the_longest_opening_phrase_comes_first() -> None:
    assert opening(("and", "then", "go"), PARTICLES) == ("and", "then")
    assert opening(("go", "home"), PARTICLES) is None


def test_particles_go_from_the_start_and_one_from_the_end() -> None:
    assert without_particles(words("ok you can close it now"), PARTICLES) == ("close", "it", "now")
    assert without_particles(words("and my seat too"), PARTICLES) == ("my", "seat")
    assert without_particles(("ok",), PARTICLES) == ("ok",)  # a particle alone is left as it is


def test_a_question_inside_a_request_is_tried_as_asked() -> None:
    tried = list(as_asked(words("how far it is"), ["is", "are"], "do"))
    assert ("how", "far", "is", "it") in tried
    tried = list(as_asked(words("how much range i have left"), ["is"], "do"))
    assert ("how", "much", "range", "do", "i", "have", "left") in tried


def test_a_word_said_twice_in_a_row_is_said_once() -> None:
    assert said_once("open the the window") == "open the window"
    assert said_once("Turn turn on the AC") == "Turn on the AC"
