"""Validated records kept small in memory and quick to unpickle.

A pydantic instance carries, besides its fields, the set of field names the
editor wrote: a set of its own per record (about 730 bytes for an
exhibitor), though many records wrote the same fields. Records are frozen,
so instances with the same combination can share one set.

Pickled the usual way, each model is rebuilt by `BaseModel.__setstate__` and
each Translatable by the named tuple's `__new__`, both Python code;
RecordPickler writes them so that a Translatable is rebuilt in C and a model
by one short function that finds the shared set.
"""

from __future__ import annotations

import functools
import io
import pickle
import typing

from pydantic import BaseModel

from .fields import Translatable

_new = object.__new__
_set = object.__setattr__
_shared_sets: dict = {}  # (model class, frozenset of names) -> the one set


def shared_set(model_class, names: frozenset) -> set:
    key = (model_class, names)
    found = _shared_sets.get(key)
    if found is None:
        found = _shared_sets[key] = set(names)
    return found


def share_fields_sets(model: BaseModel) -> None:
    """Make `model`, and the models in its fields, share their sets."""
    names = frozenset(model.__pydantic_fields_set__)
    _set(model, "__pydantic_fields_set__", shared_set(type(model), names))
    fields = model.__dict__
    for name in _fields_of_models(type(model)):
        value = fields[name]
        if isinstance(value, BaseModel):
            share_fields_sets(value)
        elif value:
            for item in value.values() if isinstance(value, dict) else value:
                share_fields_sets(item)


@functools.cache
def _fields_of_models(model_class) -> tuple[str, ...]:
    """The fields of `model_class` that hold a model, or a list or dict of them."""
    fields = model_class.model_fields.items()
    return tuple(name for name, info in fields if _names_a_model(info.annotation))


def _names_a_model(annotation) -> bool:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return True
    return any(_names_a_model(argument) for argument in typing.get_args(annotation))


def _rebuild(model_class, fields: dict, names: frozenset):
    """A model as validation left it (see RecordPickler)."""
    model = _new(model_class)
    _set(model, "__dict__", fields)
    _set(model, "__pydantic_fields_set__", shared_set(model_class, names))
    _set(model, "__pydantic_extra__", None)
    _set(model, "__pydantic_private__", None)
    return model


class RecordPickler(pickle.Pickler):
    def __init__(self, file):
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
        # One frozenset per set of names (shared by many records), pickled once;
        # by id, as the sets live as long as the records being pickled.
        self.names: dict[int, frozenset] = {}

    def reducer_override(self, value):
        if type(value) is Translatable:
            return tuple.__new__, (Translatable, tuple(value))
        # The schema forbids extra fields and has no private attributes: a
        # model that had either would need pydantic's own pickling.
        if (
            isinstance(value, BaseModel)
            and value.__pydantic_extra__ is None
            and value.__pydantic_private__ is None
        ):
            fields_set = value.__pydantic_fields_set__
            names = self.names.get(id(fields_set))
            if names is None:
                names = self.names[id(fields_set)] = frozenset(fields_set)
            return _rebuild, (type(value), value.__dict__, names)
        return NotImplemented


def dumps(value) -> bytes:
    buffer = io.BytesIO()
    RecordPickler(buffer).dump(value)
    return buffer.getvalue()


loads = pickle.loads
