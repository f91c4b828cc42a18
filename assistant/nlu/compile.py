"""Validate an intents directory and compile it with hassil; every problem names its file and line.

A directory holds ``<domain>_<Intent>.yaml`` files, one intent each, and shared ``_*.yaml`` files
(lists, expansion rules, skip words, language data).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from hassil import Intents, parse_sentence
from hassil.expression import Expression, Group, ListReference, RuleReference, Sentence
from pydantic import ValidationError

from assistant.errors import IntentFileError
from assistant.nlu.catalog import ASIDE, ExtraLists, IntentCatalog, intent_files
from assistant.nlu.schema import IntentFile, LanguageSpec
from assistant.yamlsrc import StrictBoolLoader, YamlDoc, load_yaml, validation_problems


@dataclass
class _Loaded:
    docs: list[tuple[YamlDoc, IntentFile]] = field(default_factory=list)
    problems: list[IntentFileError] = field(default_factory=list)


def _load_files(directory: Path) -> _Loaded:
    loaded = _Loaded()
    for path in intent_files(directory):
        try:
            doc = load_yaml(path, IntentFileError, StrictBoolLoader)
        except IntentFileError as err:
            loaded.problems.append(err)
            continue
        try:
            spec = IntentFile.model_validate(doc.data)
        except ValidationError as err:
            loaded.problems += [IntentFileError(path, line, what) for line, what in validation_problems(doc, err)]
            continue
        loaded.problems.extend(_check_file(doc, spec))
        loaded.docs.append((doc, spec))
    return loaded


def _check_file(doc: YamlDoc, spec: IntentFile) -> Iterator[IntentFileError]:
    path = doc.path
    if not path.name.startswith("_"):
        expected = path.stem.partition("_")[2]
        if list(spec.intents) != [expected]:
            yield IntentFileError(
                path, doc.line("intents"), f"file must define exactly the intent {expected!r} its name gives"
            )
    for name, intent in spec.intents.items():
        if "default" not in spec.responses.get(name, {}):
            yield IntentFileError(path, doc.line("responses"), f"intent {name!r} has no 'default' response")
        for b, block in enumerate(intent.data):
            for s, text in enumerate(block.sentences):
                problem = _parse_problem(text)
                if problem:
                    yield IntentFileError(path, doc.line("intents", name, "data", b, "sentences", s), problem)
            for rule, body in block.expansion_rules.items():
                problem = _parse_problem(body)
                if problem:
                    yield IntentFileError(path, doc.line("intents", name, "data", b, "expansion_rules", rule), problem)
    for rule, body in spec.expansion_rules.items():
        problem = _parse_problem(body)
        if problem:
            yield IntentFileError(path, doc.line("expansion_rules", rule), problem)
    for a, text in enumerate(spec.cockpit.asides if spec.cockpit else ()):
        problem = _parse_problem(text)
        if problem:
            yield IntentFileError(path, doc.line("cockpit", "asides", a), problem)


@lru_cache(maxsize=4096)
def _parse(template: str) -> Sentence | str:
    """The parsed template, or why it does not parse. Cached: the checks and the compiler share it."""
    try:
        return parse_sentence(template)
    except Exception as err:  # hassil raises several unrelated types for bad templates
        detail = getattr(err, "chunk", None)
        return f"bad template {template!r}: {detail.text if detail is not None else err}"


def _parse_problem(template: str) -> str | None:
    if "?" in template:  # regex habit: hassil reads it as a literal "?", which no normalised text holds
        return f"bad template {template!r}: '?' does not make anything optional; use [...]"
    parsed = _parse(template)
    return parsed if isinstance(parsed, str) else None


def _references(expression: Expression) -> Iterator[tuple[str, str]]:
    if isinstance(expression, ListReference):
        yield "list", expression.list_name
    elif isinstance(expression, RuleReference):
        yield "rule", expression.rule_name
    elif isinstance(expression, Group):
        for item in expression.items:
            yield from _references(item)


def _check_references(loaded: _Loaded, extra_lists: ExtraLists) -> Iterator[IntentFileError]:
    lists = set(extra_lists)
    rules: set[str] = set()
    for _, spec in loaded.docs:
        lists.update(spec.lists)
        rules.update(spec.expansion_rules)
    for doc, spec in loaded.docs:
        for name, intent in spec.intents.items():
            for b, block in enumerate(intent.data):
                known = (lists | set(block.lists) | set(block.slots), rules | set(block.expansion_rules))
                for s, text in enumerate(block.sentences):
                    where = doc.line("intents", name, "data", b, "sentences", s)
                    yield from _unknown_references(doc.path, where, text, *known)
        for a, text in enumerate(spec.cockpit.asides if spec.cockpit else ()):
            yield from _unknown_references(doc.path, doc.line("cockpit", "asides", a), text, lists, rules)


def _unknown_references(
    path: Path, line: int | None, text: str, lists: set[str], rules: set[str]
) -> Iterator[IntentFileError]:
    parsed = _parse(text)
    if isinstance(parsed, str):
        return  # reported as a bad template
    for kind, ref in _references(parsed.expression):
        if ref not in (lists if kind == "list" else rules):
            name = "{" + ref + "}" if kind == "list" else "<" + ref + ">"
            yield IntentFileError(path, line, f"unknown {kind} {name} in {text!r}")


def check_intents(directory: Path, extra_lists: ExtraLists | None = None) -> list[IntentFileError]:
    """Every problem in the directory; an empty list means it compiles."""
    loaded = _load_files(directory)
    problems = list(loaded.problems)
    problems.extend(_check_references(loaded, extra_lists or {}))
    if not loaded.docs and not problems:
        problems.append(IntentFileError(directory, None, "no intent files (*.yaml) found"))
    return problems


def compile_catalog(directory: Path, extra_lists: ExtraLists | None = None) -> IntentCatalog:
    """Compile a directory into an ``IntentCatalog``; raises the first ``IntentFileError`` found."""
    extra = extra_lists or {}
    loaded = _load_files(directory)
    problems = loaded.problems or list(_check_references(loaded, extra))
    if problems:
        raise problems[0]
    if not loaded.docs:
        raise IntentFileError(directory, None, "no intent files (*.yaml) found")
    merged: dict[str, Any] = {"intents": {}, "lists": {}, "expansion_rules": {}, "skip_words": [], "settings": {}}
    responses: dict[str, dict[str, str]] = {}
    descriptions: dict[str, str] = {}
    list_descriptions: dict[str, str] = {}
    language_spec = LanguageSpec()
    languages = {spec.language for _, spec in loaded.docs}
    if len(languages) != 1:
        raise IntentFileError(directory, None, f"files disagree on the language: {sorted(languages)}")
    for _, spec in loaded.docs:
        dumped = spec.model_dump(exclude_none=True)
        for name, intent in dumped["intents"].items():
            descriptions[name] = intent.pop("description")
            merged["intents"][name] = intent
        for name, list_spec in dumped["lists"].items():
            list_descriptions[name] = list_spec.pop("description", "")
            if not list_spec.get("wildcard"):
                list_spec.pop("wildcard", None)
            merged["lists"][name] = list_spec
        merged["expansion_rules"].update(spec.expansion_rules)
        merged["skip_words"].extend(spec.skip_words)
        responses.update(spec.responses)
        if spec.settings is not None:
            merged["settings"].update(spec.settings.model_dump())
        if spec.cockpit is not None:
            language_spec = spec.cockpit
    vocabulary = _vocabulary(merged) if merged["settings"].get("ignore_whitespace") else frozenset()
    for name, pairs in extra.items():
        merged["lists"][name] = {"values": [{"in": spoken, "out": value} for spoken, value in pairs]}
    merged["language"] = languages.pop()
    intents = Intents.from_dict(merged)
    asides = None
    if language_spec.asides:
        only_asides = {**merged, "intents": {ASIDE: {"data": [{"sentences": language_spec.asides}]}}}
        asides = Intents.from_dict(only_asides)
    return IntentCatalog(
        language=merged["language"],
        intents=intents,
        responses=responses,
        descriptions=descriptions,
        list_descriptions=list_descriptions,
        conjunctions=tuple(language_spec.conjunctions),
        replacements=tuple(language_spec.replacements.items()),
        files=tuple(doc.path for doc, _ in loaded.docs),
        skip_words=tuple(merged["skip_words"]),
        unspaced=bool(merged["settings"].get("ignore_whitespace")),
        language_name=language_spec.name,
        terms=language_spec.terms,
        joiner=language_spec.joiner,
        singulars=tuple(language_spec.singulars.items()),
        asides=asides,
        question_words=tuple(language_spec.question_words),
        descriptive_words=tuple(language_spec.descriptive_words),
        negations=tuple(language_spec.negations),
        deferrals=tuple(language_spec.deferrals),
        purposes=tuple(language_spec.purposes),
        particles=tuple(language_spec.particles),
        corrections=tuple(language_spec.corrections),
        not_ours=tuple(language_spec.not_ours),
        classifiers=tuple(language_spec.classifiers),
        courtesies={kind: tuple(said) for kind, said in language_spec.courtesies.items()},
        done_questions=tuple(language_spec.done_questions),
        claims=tuple(language_spec.claims),
        request_words=tuple(language_spec.request_words),
        query_prefixes=tuple(language_spec.query_prefixes),
        how_to=tuple(language_spec.how_to),
        question_openers=tuple(language_spec.question_openers),
        auxiliaries=tuple(language_spec.auxiliaries),
        do_support=language_spec.do_support,
        trip_ends=tuple(language_spec.trip_ends),
        go_verb=language_spec.go_verb,
        topic_pronouns=tuple(language_spec.topic_pronouns),
        stand_ins=tuple(language_spec.stand_ins),
        vocabulary=vocabulary,
    )


_SYNTAX = re.compile(r"\{[^}]*\}|<[^>]*>|[()\[\]|\s]+")
_LIST_REF = re.compile(r"\{(\w+)(?::\w+)?\}")


def _vocabulary(merged: dict[str, Any]) -> frozenset[str]:
    """The words the templates, their rules and the lists they use are written in (two characters or
    more): what the router knows a sentence is about. A list only reasons use (爷爷 who says he is
    cold) leaves its words unknown, so "爷爷 | 想听京剧" is still context beside a request."""
    texts = [
        sentence for intent in merged["intents"].values() for data in intent["data"] for sentence in data["sentences"]
    ]
    texts += merged["expansion_rules"].values()
    used = {m.group(1) for text in texts for m in _LIST_REF.finditer(text)}
    texts += [
        str(v["in"])
        for name, spec in merged["lists"].items()
        if name in used
        for v in spec.get("values", [])
        if isinstance(v, dict)
    ]
    return frozenset(chunk for text in texts for chunk in _SYNTAX.split(text) if len(chunk) >= 2)
