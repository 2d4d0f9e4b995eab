"""Validate one YAML document against a model, and turn pydantic's errors
into located problems an editor can act on."""

from __future__ import annotations

import typing

from pydantic import BaseModel, ValidationError

from .fields import suggest
from .messages import MESSAGES, Problem
from .yaml_source import YamlDocument, dotted_path

# pydantic's own error types -> our message keys.
PYDANTIC_ERRORS = {
    "missing": "missing",
    "string_type": "expected_text",
    "list_type": "expected_list",
    "dict_type": "not_mapping",
    "model_type": "not_mapping",
    "model_attributes_type": "not_mapping",
    "literal_error": "choice",
}


def validate_document(model, document: YamlDocument, context: dict, path: tuple = ()):
    """(instance or None, problems) for the value at `path` of `document`."""
    value = document.data
    for part in path:
        value = value[part]
    if not isinstance(value, dict):
        line = document.line_of(path)
        return None, [Problem(document.source, line, dotted_path(path), "not_mapping")]
    try:
        return model.model_validate(value, context=context), []
    except ValidationError as error:
        problems = [
            _problem(model, document, (*path, *details["loc"]), details, len(path))
            for details in error.errors(include_url=False)
        ]
        return None, problems


def _problem(model, document: YamlDocument, loc: tuple, details: dict, skip: int) -> Problem:
    kind = details["type"]
    field = dotted_path(loc)
    line = document.line_of(loc)
    params = dict(details.get("ctx") or {})
    if kind == "extra_forbidden":
        allowed = list(_model_at(model, loc[skip:-1]).model_fields)
        match = suggest(str(loc[-1]), allowed)
        hint = f" ('{match}'?)" if match else ""
        return Problem(
            document.source, line, field, "unknown_key", hint=hint, allowed=", ".join(allowed)
        )
    key = PYDANTIC_ERRORS.get(kind, kind)
    if key == "choice":
        params["value"] = details.get("input")
    if key not in MESSAGES:
        key, params = "invalid", {"detail": details.get("msg", kind)}
    return Problem(document.source, line, field, key, **params)


def _model_at(model, loc: tuple):
    """The model class that validates the mapping found at `loc`."""
    for part in loc:
        if isinstance(part, int) or part not in model.model_fields:
            continue  # a list index, or a key of a dict field
        model = _inner_model(model.model_fields[part].annotation)
    return model


def _inner_model(annotation):
    """The BaseModel inside `X | None`, `list[X]` or `dict[str, X]`."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for argument in typing.get_args(annotation):
        found = _inner_model(argument)
        if found is not None:
            return found
    return None
