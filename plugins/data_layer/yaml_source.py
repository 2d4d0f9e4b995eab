"""Type-faithful YAML reading with a line number for every value.

PyYAML's usual loaders apply YAML 1.1 rules: `0215551234` becomes an octal
integer, `19:30` a sexagesimal number, `no` a boolean, and a repeated key
silently keeps its last value. An editor's phone number or opening time must
reach the page exactly as written, so we compose the node tree with the
libyaml-backed base loader (no implicit types at all) and turn it into plain
Python ourselves: every scalar stays a string, and the schema decides what a
string means for each field. The document keeps its node tree, so that every
later error can name the line where its value was written.
"""

from __future__ import annotations

from dataclasses import dataclass

import yaml
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

try:  # libyaml is several times faster; the pure-Python loader is the fallback.
    from yaml import CBaseLoader as _BaseLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import BaseLoader as _BaseLoader

from .messages import Problem

Path = tuple  # a path into the document: ("marketplaces", 0, "url")


class _NodeLoader(_BaseLoader):
    """Composes nodes without resolving their tags: no tag is ever read (every
    scalar stays a string), and the resolver is Python code run for every node."""

    def descend_resolver(self, current_node, current_index):
        pass

    def ascend_resolver(self):
        pass

    def resolve(self, kind, value, implicit):
        return None


@dataclass
class YamlDocument:
    """A parsed file: plain data, and its node tree to say where a path was written."""

    source: str
    data: object
    node: object = None  # the root node; None for a file without data

    def line_of(self, path: Path) -> int:
        """The line of `path`, or of its nearest written ancestor.

        Found on demand: only problems need lines, and most records have none.
        A mapping entry's line is its key's; a list item's, the item's own.
        """
        node = self.node
        if node is None:
            return 1
        line = node.start_mark.line + 1
        for part in path:
            found = _child(node, part)
            if found is None:
                break
            line, node = found
        return line


def _child(node, part):
    """(line, node) of `part` under `node`, as the data holds it; None if absent."""
    if isinstance(node, SequenceNode):
        if isinstance(part, int) and 0 <= part < len(node.value):
            item = node.value[part]
            return item.start_mark.line + 1, item
        return None
    if isinstance(node, MappingNode):
        for key_node, value_node in node.value:  # the first of repeated keys is kept
            if isinstance(key_node, ScalarNode) and key_node.value == part:
                return key_node.start_mark.line + 1, value_node
    return None


class YamlSourceError(Exception):
    """A file that cannot be read as YAML at all; carries its problems."""

    def __init__(self, problems: list[Problem]):
        super().__init__("; ".join(p.key for p in problems))
        self.problems = problems


def read_yaml(source: str, raw: bytes) -> YamlDocument:
    """Parse `raw` (the bytes of file `source`) into a YamlDocument."""
    node = _compose(source, _decode_utf8(source, raw))
    if node is None:
        raise YamlSourceError([Problem(source, 1, "", "empty_file")])
    try:
        data = _plain(node)
    except _IrregularKeyError:
        problems: list[Problem] = []
        _key_problems(node, (), source, problems)
        raise YamlSourceError(problems) from None
    return YamlDocument(source, data, node)


def _compose(source: str, text: str):
    try:
        return yaml.compose(text, Loader=_NodeLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        reason = error.problem or error.context or "invalid YAML"
        raise YamlSourceError(
            [
                Problem(
                    source,
                    mark.line + 1,
                    "",
                    "yaml_syntax",
                    column=mark.column + 1,
                    detail=reason,
                )
            ]
        ) from None
    except yaml.YAMLError as error:  # reader errors, e.g. control characters
        raise YamlSourceError([Problem(source, 1, "", "yaml_syntax", detail=str(error))]) from None


def _decode_utf8(source: str, raw: bytes) -> str:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        before = raw[: error.start]
        line = before.count(b"\n") + 1
        column = error.start - (before.rfind(b"\n") + 1) + 1
        raise YamlSourceError([Problem(source, line, "", "not_utf8", column=column)]) from None
    return text.removeprefix("\ufeff")


class _IrregularKeyError(Exception):
    """A mapping has a repeated or non-text key: _key_problems says where."""


def _plain(node) -> object:
    """The node as plain Python: strings, lists, dicts and None.

    The composer builds exactly these node classes, so `type(...) is` holds
    (and is quicker than isinstance on the hundreds of thousands of nodes).
    """
    kind = type(node)
    if kind is ScalarNode:
        # An empty plain scalar (`key:`) means "nothing written here".
        # (libyaml reports the plain style as "", the Python parser as None.)
        if node.value == "" and not node.style:
            return None
        return node.value
    if kind is SequenceNode:
        return [_plain(item) for item in node.value]
    result: dict = {}
    for key_node, value_node in node.value:
        if type(key_node) is not ScalarNode or key_node.value in result:
            raise _IrregularKeyError
        result[key_node.value] = _plain(value_node)
    return result


def _key_problems(node, path: Path, source: str, problems: list) -> None:
    """Every repeated or non-text key under `node`, in reading order."""
    if isinstance(node, SequenceNode):
        for index, item in enumerate(node.value):
            _key_problems(item, (*path, index), source, problems)
    elif isinstance(node, MappingNode):
        first_lines: dict = {}
        for key_node, value_node in node.value:
            line = key_node.start_mark.line + 1
            if not isinstance(key_node, ScalarNode):
                problems.append(Problem(source, line, dotted_path(path), "bad_key"))
                continue
            key = key_node.value
            if key in first_lines:
                problems.append(
                    Problem(
                        source,
                        line,
                        dotted_path((*path, key)),
                        "duplicate_key",
                        first_line=first_lines[key],
                    )
                )
                continue
            first_lines[key] = line
            _key_problems(value_node, (*path, key), source, problems)


def dotted_path(path: Path) -> str:
    """`("marketplaces", 0, "url")` -> `marketplaces[0].url`."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text
