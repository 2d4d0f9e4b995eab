"""Type-faithful YAML reading with a line number for every value.

PyYAML's usual loaders apply YAML 1.1 rules: `0215551234` becomes an octal
integer, `19:30` a sexagesimal number, `no` a boolean, and a repeated key
silently keeps its last value. An editor's phone number or opening time must
reach the page exactly as written, so we compose the node tree with the
libyaml-backed base loader (no implicit types at all) and turn it into plain
Python ourselves: every scalar stays a string, and the schema decides what a
string means for each field. Along the way we record where each value was
written, so that every later error can name its line.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import yaml

try:  # libyaml is several times faster; the pure-Python loader is the fallback.
    from yaml import CBaseLoader as _NodeLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import BaseLoader as _NodeLoader

from .messages import Problem

Path = tuple  # a path into the document: ("marketplaces", 0, "url")


@dataclass
class YamlDocument:
    """A parsed file: plain data plus the line where each path was written."""

    source: str
    data: object
    lines: dict = field(default_factory=dict)

    def line_of(self, path: Path) -> int:
        """The line of `path`, or of its nearest written ancestor."""
        path = tuple(path)
        while path not in self.lines and path:
            path = path[:-1]
        return self.lines.get(path, 1)


class YamlSourceError(Exception):
    """A file that cannot be read as YAML at all; carries its problems."""

    def __init__(self, problems: list[Problem]):
        super().__init__("; ".join(p.key for p in problems))
        self.problems = problems


def read_yaml(source: str, raw: bytes) -> YamlDocument:
    """Parse `raw` (the bytes of file `source`) into a YamlDocument."""
    text = _decode_utf8(source, raw)
    try:
        node = yaml.compose(text, Loader=_NodeLoader)
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
    document = YamlDocument(source, None)
    problems: list[Problem] = []
    if node is None:
        problems.append(Problem(source, 1, "", "empty_file"))
    else:
        document.data = _to_python(node, (), document, problems)
    if problems:
        raise YamlSourceError(problems)
    return document


def _decode_utf8(source: str, raw: bytes) -> str:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        before = raw[: error.start]
        line = before.count(b"\n") + 1
        column = error.start - (before.rfind(b"\n") + 1) + 1
        raise YamlSourceError([Problem(source, line, "", "not_utf8", column=column)]) from None
    return text.removeprefix("\ufeff")


def _to_python(node, path: Path, document: YamlDocument, problems: list) -> object:
    document.lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.ScalarNode):
        # An empty plain scalar (`key:`) means "nothing written here".
        # (libyaml reports the plain style as "", the Python parser as None.)
        if node.value == "" and not node.style:
            return None
        return node.value
    if isinstance(node, yaml.SequenceNode):
        return [
            _to_python(item, (*path, index), document, problems)
            for index, item in enumerate(node.value)
        ]
    return _mapping_to_python(node, path, document, problems)


def _mapping_to_python(node, path: Path, document: YamlDocument, problems: list):
    result: dict = {}
    for key_node, value_node in node.value:
        line = key_node.start_mark.line + 1
        if not isinstance(key_node, yaml.ScalarNode):
            problems.append(Problem(document.source, line, dotted_path(path), "bad_key"))
            continue
        key = key_node.value
        if key in result:
            first = document.lines[(*path, key)]
            problems.append(
                Problem(
                    document.source,
                    line,
                    dotted_path((*path, key)),
                    "duplicate_key",
                    first_line=first,
                )
            )
            continue
        document.lines[(*path, key)] = line
        result[key] = _to_python(value_node, (*path, key), document, problems)
    return result


def dotted_path(path: Path) -> str:
    """`("marketplaces", 0, "url")` -> `marketplaces[0].url`."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text
