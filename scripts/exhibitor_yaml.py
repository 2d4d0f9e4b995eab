"""Writing exhibitor files that editors will go on editing by hand.

ruamel.yaml's round trip keeps an editor's comments, key order and quoting
when a tool changes a few fields of an existing file. Two things it does not
do for us:

- Quote the way a human reads YAML. The loader keeps every scalar a string,
  but an editor who sees `phone: 0215551234` or `halal: no` may think it a
  number or a boolean (as YAML 1.1 tools, PyYAML among them, would). So a
  string is quoted whenever YAML 1.1 or 1.2 would read its plain form as
  anything but that same string.
- Keep a comment with the field it describes. ruamel stores the comment lines
  above a key as the tail of the value before it; inserting or replacing a
  value would carry them off. `_detach`/`_attach` move them along.
"""

from __future__ import annotations

import io
import re

import yaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import CommentMark
from ruamel.yaml.scalarstring import LiteralScalarString, SingleQuotedScalarString
from ruamel.yaml.tokens import CommentToken

HEADER_LINE = re.compile(r"# (?:Diimpor dari|Imported from) .*\n")


def round_trip() -> YAML:
    """The one ruamel configuration: the project's style (2-space maps,
    `  - ` lists), no line wrapping, the editor's quotes kept."""
    handler = YAML()
    handler.preserve_quotes = True
    handler.width = 4096
    handler.indent(mapping=2, sequence=4, offset=2)
    return handler


def load(text: str):
    return round_trip().load(text)


def dump(document) -> str:
    stream = io.StringIO()
    round_trip().dump(document, stream)
    return stream.getvalue()


def scalar(text: str):
    """`text` as a node that reads back, to any YAML reader, as `text`."""
    if "\n" in text:
        return LiteralScalarString(text.rstrip("\n") + "\n")
    try:
        as_yaml_11 = yaml.safe_load(text)
    except yaml.YAMLError:
        as_yaml_11 = None
    if as_yaml_11 != text:  # 0215551234, no, 19:30, 3.10, "#x", "a: b", ...
        return SingleQuotedScalarString(text)
    return text  # ruamel still quotes what YAML 1.2 would not read as text


def typed(text: str):
    """A boolean or year field's value, written plain as `true` or `2019`
    (anything else stays a string, for the validation to report)."""
    if text in ("true", "false"):
        return text == "true"
    if re.fullmatch(r"[1-9][0-9]{3}", text):
        return int(text)
    return scalar(text)


def node(value):
    """A plain value (str, list of str, {"id", "en"}) as a ruamel node."""
    if isinstance(value, list):
        return CommentedSeq(scalar(item) for item in value)
    if isinstance(value, dict):
        mapping = CommentedMap()
        for key, item in value.items():
            if item is not None:
                mapping[key] = scalar(item)
        return mapping
    return scalar(value)


def header(csv_name: str, row: int) -> str:
    return f"# Diimpor dari {csv_name}, baris {row}.\n# Imported from {csv_name}, row {row}.\n"


def without_header(text: str) -> str:
    """`text` without the import header at its top (replaced on every update)."""
    while match := HEADER_LINE.match(text):
        text = text[match.end() :]
    return text


# -- changing a loaded document ---------------------------------------------------------


def put(mapping: CommentedMap, key: str, value, order: list[str]) -> None:
    """Set `mapping[key]` to node `value`. A key already there changes in
    place; a new key replaces its commented-out example (`# booth: A-12`, as
    the template leaves them) or else follows the nearest key that comes
    before it in `order` (the schema's)."""
    if key in mapping:
        tail = _detach(mapping, key)
        if not _is_plain(value):  # an end-of-line comment kept for a scalar
            mapping.ca.items.pop(key, None)
        mapping[key] = value
        _attach(mapping, key, tail)
        return
    previous, split = _example_of(mapping, key)
    if previous is None:
        rank = {name: index for index, name in enumerate(order)}
        earlier = [k for k in mapping if rank.get(k, len(order)) < rank.get(key, len(order))]
        previous = earlier[-1] if earlier else None
    position = list(mapping).index(previous) + 1 if previous is not None else 0
    if split is None and position < len(mapping) and previous is not None:
        # The comment lines after the previous value describe the next key:
        # they stay above it, below the new one.
        split = ("", _detach(mapping, previous))
    elif split is not None:
        _detach(mapping, previous)
        _attach(mapping, previous, split[0])
    mapping.insert(position, key, value)
    _attach(mapping, key, split[1] if split else "")


def _example_of(mapping: CommentedMap, key: str):
    """(the key whose trailing comment holds a `# key: ...` example, and that
    comment split into the lines before and after the example), or (None, None)."""
    example = re.compile(rf"# ?{re.escape(key)}:(?:\s|$)")
    for previous in mapping:
        lines = _detach(mapping, previous, remove=False).splitlines(keepends=True)
        for index, line in enumerate(lines):
            if example.match(line):
                end = index + 1
                while end < len(lines) and re.match(r"#\s{2,}\S", lines[end]):
                    end += 1  # the example's own indented lines
                return previous, ("".join(lines[:index]), "".join(lines[end:]))
    return None, None


def _is_plain(value) -> bool:
    return isinstance(value, str) and not isinstance(value, LiteralScalarString)


def _last(container, key):
    """Where the comment after `container[key]` is kept: (holder, item, slot)."""
    value = container[key]
    while isinstance(value, (CommentedMap, CommentedSeq)) and len(value):
        container = value
        key = list(value)[-1] if isinstance(value, CommentedMap) else len(value) - 1
        value = container[key]
    return container, key, (2 if isinstance(container, CommentedMap) else 0)


def _detach(container, key, remove: bool = True) -> str:
    """Remove and return the comment lines after `container[key]`; an
    end-of-line comment on the value's own line stays where it is."""
    holder, item, slot = _last(container, key)
    entry = holder.ca.items.get(item)
    token = entry[slot] if entry and len(entry) > slot else None
    if token is None:
        return ""
    text = token.value
    column = getattr(token.start_mark, "column", 0)
    if text.startswith("#") and column > 0:  # `key: value  # note`
        own_line, _, tail = text.partition("\n")
        if remove:
            token.value = own_line + "\n"
        return tail
    if remove:
        entry[slot] = None
    # After a plain value the text starts with the end of that value's line;
    # a block scalar (`|`) has ended its line already.
    return text if isinstance(holder[item], LiteralScalarString) else text.removeprefix("\n")


def _attach(container, key, tail: str) -> None:
    """Put comment lines `tail` after `container[key]`."""
    if not tail:
        return
    holder, item, slot = _last(container, key)
    block = isinstance(holder[item], LiteralScalarString)
    entry = holder.ca.items.setdefault(item, [None, None, None, None])
    token = entry[slot]
    if token is not None and token.value.startswith("#") and not block:
        token.value += tail  # below the end-of-line comment
    else:
        entry[slot] = CommentToken(("" if block else "\n") + tail, CommentMark(0))
