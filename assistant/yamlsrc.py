"""YAML that remembers where each value came from, so errors can name the file and the line."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from assistant.errors import SourceError

Key = tuple[str | int, ...]


class StrictBoolLoader(yaml.SafeLoader):
    """YAML 1.2 booleans: only true/false. In YAML 1.1 a key like ``off:`` or ``on:`` turns into a bool."""


StrictBoolLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
StrictBoolLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


@dataclass(frozen=True)
class YamlDoc:
    path: Path
    data: Any
    lines: dict[Key, int] = field(default_factory=dict)

    def line(self, *key: str | int) -> int | None:
        """Line of the deepest known prefix of ``key`` (1-based)."""
        for end in range(len(key), -1, -1):
            found = self.lines.get(tuple(key[:end]))
            if found is not None:
                return found
        return None


def dotted_location(loc: tuple[str | int, ...]) -> str:
    """A validation error's location as people write it: ``turns.0.expect.route``."""
    return ".".join(str(part) for part in loc) or "(top level)"


def validation_problems(doc: YamlDoc, err: ValidationError) -> list[tuple[int | None, str]]:
    """Each problem pydantic found in ``doc`` as (line in the file, "where: what")."""
    return [
        (doc.line(*problem["loc"]), f"{dotted_location(tuple(problem['loc']))}: {problem['msg']}")
        for problem in err.errors()
    ]


def load_yaml(
    path: Path, error: type[SourceError] = SourceError, loader_class: type[yaml.SafeLoader] = yaml.SafeLoader
) -> YamlDoc:
    """Parse one YAML document; any failure raises ``error`` with the file and line."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise error(path, None, "file does not exist") from None
    except UnicodeDecodeError as err:
        raise error(path, None, f"not UTF-8 text ({err.reason})") from None
    except OSError as err:
        raise error(path, None, f"cannot read: {err.strerror}") from None
    loader = loader_class(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line = mark.line + 1 if mark is not None else None
        raise error(path, line, f"invalid YAML: {err.problem or err.context}") from None
    except yaml.YAMLError as err:
        raise error(path, None, f"invalid YAML: {err}") from None
    finally:
        loader.dispose()
    lines: dict[Key, int] = {}
    if node is not None:
        _index(node, (), lines)
    return YamlDoc(path, data, lines)


def _index(node: yaml.Node, key: Key, lines: dict[Key, int]) -> None:
    lines.setdefault(key, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            child = (*key, str(key_node.value))
            lines[child] = key_node.start_mark.line + 1
            _index(value_node, child, lines)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _index(item, (*key, index), lines)
