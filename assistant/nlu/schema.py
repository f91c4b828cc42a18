"""The shape of an intent file: hassil's template format plus our descriptions and replies."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class DataBlock(_Strict):
    sentences: list[str] = Field(min_length=1)
    slots: dict[str, Any] = Field(default_factory=dict)
    requires_context: dict[str, Any] = Field(default_factory=dict)
    excludes_context: dict[str, Any] = Field(default_factory=dict)
    response: str | None = None
    metadata: dict[str, Any] | None = None
    expansion_rules: dict[str, str] = Field(default_factory=dict)
    lists: dict[str, dict[str, Any]] = Field(default_factory=dict)


class IntentSpec(_Strict):
    description: str = Field(min_length=1, description="One line for people and for the LLM tool schema.")
    data: list[DataBlock] = Field(min_length=1)


class ListSpec(_Strict):
    description: str = ""
    values: list[str | dict[str, Any]] | None = None
    range: dict[str, Any] | None = None
    wildcard: bool = False

    @model_validator(mode="after")
    def _one_kind(self) -> ListSpec:
        kinds = [self.values is not None, self.range is not None, self.wildcard]
        if sum(kinds) != 1:
            raise ValueError("a list needs exactly one of 'values', 'range' or 'wildcard: true'")
        return self


def _words(description: str) -> Any:
    """A list of words or phrases in a language's file, empty unless given."""
    return Field(default_factory=list, description=description)


class LanguageSpec(_Strict):
    """Language data the router and the replies need beyond hassil's templates."""

    name: str = Field("", description="The language's name, as the LLM is told to answer in it.")
    conjunctions: list[str] = _words("Split points between commands.")
    replacements: dict[str, str] = Field(
        default_factory=dict, description="Applied before matching; a key that starts with ^ only at the start."
    )
    terms: dict[str, dict[str, str]] = Field(
        default_factory=dict, description="Words for the values replies name: zone.driver, gear.P, ..."
    )
    joiner: str = Field(" and ", description="Between two or more names in a reply.")
    singulars: dict[str, str] = Field(
        default_factory=dict, description="A unit said after 1 in a reply: 'minutes' -> 'minute' ('about 1 minute')."
    )
    question_words: list[str] = _words(
        "Free text holding one of these is a question, not a name (播放器怎么用 is no song).",
    )
    descriptive_words: list[str] = _words(
        "Free text that starts or ends with one of these describes a kind of place rather than naming one "
        "(个安静的地方, 'somewhere quiet'): it is no destination, and the sentence goes to the LLM.",
    )
    negations: list[str] = _words(
        "A sentence that starts with one of these is not cut into clauses: 别导航到外滩 is not "
        "'cancel the route' and 'go to the Bund'.",
    )
    deferrals: list[str] = _words(
        "Context holding one of these puts a command off or makes it conditional (等会儿再开空调, "
        "到了再说): such a command is not done now.",
    )
    purposes: list[str] = _words(
        "Words of intent: context said after a command that holds one and a deferral is the command's "
        "reason, not its condition (后备箱打开，等下要放行李; 'open the trunk, I'll put my bags in later').",
    )
    done_questions: list[str] = _words(
        "Endings that ask whether something is already done (车门关好了吗, 空调开了没有): the "
        "sentence asks about the car, so only a question intent may answer it, unless it holds a request word.",
    )
    request_words: list[str] = _words(
        "Words that make a done-question a polite request: 可以开空调了吗 asks for the AC.",
    )
    query_prefixes: list[str] = _words(
        "Words that put a question to the car through a request (帮我看看胎压正常吗, 'tell me how much "
        "battery is left'): a sentence that starts with one is tried as the question alone, for intents "
        "that only answer.",
    )
    how_to: list[str] = _words(
        "Words that ask how to do something the car does (空调怎么开, 'how do I turn on the seat heating'): "
        "said before a request that sets something, the request itself. Not before a negation (怎么不制冷).",
    )
    question_openers: list[str] = _words(
        "Words a question starts with: context beside a command that asks something is no idle context "
        "('I'm hungry, what's a good recipe for pasta' asks the LLM).",
    )
    auxiliaries: list[str] = _words(
        "Verbs a question puts before its subject and a question said inside a request puts after it "
        "('tell me how far it is' asks 'how far is it').",
    )
    do_support: str = Field(
        "", description="The auxiliary a question adds when it has none ('how much range I have left': 'do')."
    )
    trip_ends: list[str] = _words(
        "Words between a stop and where the trip ends ('find me a coffee place on the way home'): the stop is "
        "the words up to them, and the route's end is what follows, said after ``go_verb``.",
    )
    go_verb: str = Field("", description="The verb that makes a trip's end a request ('home': 'go home').")
    stand_ins: list[str] = _words(
        "Things the car controls, each tried in place of equipment in ``not_ours`` ('open the sunroof' as "
        "'open the window'): a sentence that is a request then asks for what the car cannot do, and the "
        "car says so.",
    )
    topic_pronouns: list[str] = _words(
        "Pronouns that stand for a topic said first, before a comma, that no template holds alone: "
        "'the fan, turn it up' is 'turn the fan up'.",
    )
    particles: list[str] = _words(
        "Words said at either end of a command that add nothing to it ('go home instead', "
        "'close it again', 'and warm my seat too'): a sentence that does not match is tried without them.",
    )
    not_ours: list[str] = _words(
        "Equipment the car has that the assistant does not control (sunroof, wipers, 天窗): a sentence is never "
        "cut inside one to leave a command (天 + 窗开一下 must not open a window).",
    )
    classifiers: list[str] = _words(
        "Measure words that belong to the noun after them: a sentence is never cut right after one "
        "(下个 | 服务区还有多远 is 'the next service area', not 'next track' and a question).",
    )
    corrections: list[str] = _words(
        "Words that open a correction of the turn before ('I meant ...', 我说的是...): the command after "
        "them replaces what that turn did, which is taken back first.",
    )
    courtesies: dict[str, list[str]] = Field(
        default_factory=dict,
        description="Kinds of courtesy (greeting, thanks, ...) and how they are said ('thank you', 谢谢): a "
        "sentence of courtesies alone is answered with the reply of the first one's kind, under _system's "
        "courtesy_<kind>, and goes to no model.",
    )
    claims: list[str] = _words(
        "How a sentence saying the car did something begins, beside how the car's own replies begin (已把, "
        '"I\'ve set"): an LLM answer that starts so with no tool called claims what nothing did.',
    )
    asides: list[str] = _words(
        "Templates of clauses that give a reason and ask for nothing (太烫了): said beside a "
        "command, they are not commands of their own.",
    )


class MatchSettings(_Strict):
    """hassil's own settings. ``ignore_whitespace`` is for languages written without spaces."""

    ignore_whitespace: bool = False


class IntentFile(_Strict):
    language: str
    intents: dict[str, IntentSpec] = Field(default_factory=dict)
    lists: dict[str, ListSpec] = Field(default_factory=dict)
    expansion_rules: dict[str, str] = Field(default_factory=dict)
    skip_words: list[str] = Field(default_factory=list)
    responses: dict[str, dict[str, str]] = Field(default_factory=dict)
    settings: MatchSettings | None = None
    cockpit: LanguageSpec | None = None


class IntentTest(_Strict):
    sentences: list[str] = Field(min_length=1)
    intent: str
    slots: dict[str, Any] = Field(default_factory=dict)
    seat: str | None = None


class IntentTestFile(_Strict):
    language: str
    tests: list[IntentTest] = Field(min_length=1)
