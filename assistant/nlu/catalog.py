"""The compiled intents, loaded once at start-up from a cache when the files have not changed.

Compiling ~30 template files with hassil takes about a second; unpickling the warmed result takes
~20 ms, which is what lets ``cockpit ask`` start, match and answer within its 400 ms budget.
"""

from __future__ import annotations

import hashlib
import pickle
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from hassil import Intents, recognize_best

from assistant import __version__
from assistant.cache import write_atomically
from assistant.errors import IntentFileError
from assistant.nlu.warm import TrieKey, build_range_tries, install_range_tries

#: Slot values that come from data files rather than templates: list name -> (spoken, value) pairs.
ExtraLists = Mapping[str, Sequence[tuple[str, str]]]
#: The name asides match under: not an intent of the car's, so no handler or tool has it.
ASIDE = "_Aside"
#: A request for equipment the assistant does not control (slot ``equipment``, as said): never a handler's.
NOT_OURS = "_NotOurs"
#: The code whose output the cache holds: any edit to these files makes a new cache.
_COMPILER_SOURCES = ("catalog.py", "compile.py", "schema.py", "warm.py")


@dataclass(frozen=True)
class IntentCatalog:
    """Compiled templates plus what the router and replies need from the same files."""

    language: str
    intents: Intents
    responses: Mapping[str, Mapping[str, str]]
    descriptions: Mapping[str, str]
    list_descriptions: Mapping[str, str]
    conjunctions: tuple[str, ...]
    replacements: tuple[tuple[str, str], ...]
    files: tuple[Path, ...]
    skip_words: tuple[str, ...] = ()
    #: Written without spaces (Chinese): tokens are characters, and hassil ignores whitespace.
    unspaced: bool = False
    #: The language's name for the LLM, its words for reply values, and how it lists names.
    language_name: str = ""
    terms: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    joiner: str = " and "
    singulars: tuple[tuple[str, str], ...] = ()
    question_words: tuple[str, ...] = ()
    descriptive_words: tuple[str, ...] = ()
    negations: tuple[str, ...] = ()
    deferrals: tuple[str, ...] = ()
    purposes: tuple[str, ...] = ()
    particles: tuple[str, ...] = ()
    corrections: tuple[str, ...] = ()
    not_ours: tuple[str, ...] = ()
    classifiers: tuple[str, ...] = ()
    courtesies: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    claims: tuple[str, ...] = ()
    done_questions: tuple[str, ...] = ()
    request_words: tuple[str, ...] = ()
    query_prefixes: tuple[str, ...] = ()
    how_to: tuple[str, ...] = ()
    question_openers: tuple[str, ...] = ()
    auxiliaries: tuple[str, ...] = ()
    do_support: str = ""
    trip_ends: tuple[str, ...] = ()
    go_verb: str = ""
    topic_pronouns: tuple[str, ...] = ()
    stand_ins: tuple[str, ...] = ()
    #: Unspaced languages: the words their templates are written in (the router's test for context).
    vocabulary: frozenset[str] = frozenset()
    #: One pseudo-intent (``ASIDE``) whose templates are the language's asides; None when it has none.
    asides: Intents | None = None
    range_tries: Mapping[TrieKey, Any] = field(default_factory=dict)
    key: str = ""  # names the sources it was compiled from; caches built on top of it use it

    @property
    def intent_names(self) -> list[str]:
        return sorted(self.intents.intents)


def intent_files(directory: Path) -> list[Path]:
    if not directory.is_dir():
        raise IntentFileError(directory, None, "intents directory does not exist")
    return sorted(directory.glob("*.yaml"))


def cache_key(directory: Path, extra_lists: ExtraLists) -> str:
    digest = hashlib.sha256()
    digest.update(f"{__version__}|{sys.version}|{_hassil_version()}".encode())
    here = Path(__file__).parent
    for name in _COMPILER_SOURCES:
        digest.update((here / name).read_bytes())
    for path in intent_files(directory):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    digest.update(repr(sorted((k, list(v)) for k, v in extra_lists.items())).encode())
    return digest.hexdigest()[:32]


def _hassil_version() -> str:
    from importlib.metadata import version  # already imported by hassil itself

    return version("hassil")


def load_catalog(
    directory: Path, extra_lists: ExtraLists | None = None, cache_dir: Path | None = None
) -> IntentCatalog:
    """The compiled catalog for ``directory``: from ``cache_dir`` when fresh, else compiled and cached."""
    extra = extra_lists or {}
    key = cache_key(directory, extra)
    cache_file = None
    if cache_dir is not None:
        cache_file = cache_dir / f"intents-{key}.pickle"
        try:
            with cache_file.open("rb") as handle:
                cached = pickle.load(handle)
            if isinstance(cached, IntentCatalog):
                install_range_tries(cached.range_tries)
                return cached
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError):
            pass  # a missing, stale or damaged cache only costs a recompile
    from assistant.nlu.compile import compile_catalog

    catalog = compile_catalog(directory, extra)
    catalog = replace(catalog, range_tries=build_range_tries(catalog.intents, catalog.language), key=key)
    install_range_tries(catalog.range_tries)
    _warm(catalog)
    if cache_file is not None:
        write_atomically(cache_file, pickle.dumps(catalog, protocol=pickle.HIGHEST_PROTOCOL))
    return catalog


def _warm(catalog: IntentCatalog) -> None:
    """Make hassil parse every template and build its indexes now, so the cache holds them."""
    recognize_best("warm up", catalog.intents, language=catalog.language)
