"""``cockpit intents list|check|sample``."""

from __future__ import annotations

import argparse
import random
import sys

from assistant.cockpit.world import World
from assistant.config import Settings
from assistant.errors import InputError
from assistant.nlu.catalog import load_catalog
from assistant.nlu.compile import check_intents
from assistant.nlu.sample import Sampler


def run_list(args: argparse.Namespace, settings: Settings) -> int:
    catalog = load_catalog(settings.intents_path, World().slot_lists(settings.language), settings.cache_dir)
    width = max(len(n) for n in catalog.intent_names)
    for name in catalog.intent_names:
        print(f"{name:<{width}}  {catalog.descriptions.get(name, '')}")
    return 0


def run_check(args: argparse.Namespace, settings: Settings) -> int:
    directory = args.dir or settings.intents_path
    problems = check_intents(directory, World().slot_lists())
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print(f"{len(problems)} problem(s) in {directory}", file=sys.stderr)
        return 1
    catalog = load_catalog(directory, World().slot_lists(), settings.cache_dir)
    templates = sum(len(d.sentence_texts) for i in catalog.intents.intents.values() for d in i.data)
    print(
        f"OK: {len(catalog.files)} files, {len(catalog.intent_names)} intents, {templates} templates, "
        f"{len(catalog.intents.slot_lists)} lists, {len(catalog.intents.expansion_rules)} rules "
        f"in {directory}"
    )
    return 0


def run_sample(args: argparse.Namespace, settings: Settings) -> int:
    catalog = load_catalog(settings.intents_path, World().slot_lists(settings.language), settings.cache_dir)
    names = [args.intent] if args.intent else catalog.intent_names
    unknown = [n for n in names if n not in catalog.intents.intents]
    if unknown:
        raise InputError(f"unknown intent {unknown[0]!r}; see `cockpit intents list`")
    sampler = Sampler(catalog.intents, random.Random(args.seed))
    for name in names:
        for _ in range(args.n):
            print(f"{name}\t{sampler.sentence(name)}")
    return 0
