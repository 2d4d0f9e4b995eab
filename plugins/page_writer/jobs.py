"""A page to render later, and values that are computed only when it is."""

from __future__ import annotations

from dataclasses import dataclass


class Later:
    """A template variable computed when the page is rendered, in the worker
    that renders it: the generator that writes the page keeps no more than
    the function and its arguments, and the cost runs on every core.
    `content_written` receivers see this object, not its value.

    `inputs` names what the value is made of besides its arguments and the
    site's inputs (an exhibitor's record digest): given, a page showing it
    can be kept in the page cache (memo.py)."""

    __slots__ = ("function", "args", "inputs")

    def __init__(self, function, *args, inputs=None):
        self.function, self.args, self.inputs = function, args, inputs

    def value(self):
        return self.function(*self.args)


def later(writer, function, *args, inputs=None):
    """`Later(function, *args)` for a writer that renders later, the value
    itself for any other (Pelican's own writer renders at once)."""
    if getattr(writer, "renders_later", False):
        return Later(function, *args, inputs=inputs)
    return function(*args)


@dataclass(slots=True)
class Job:
    """One `write_file` call: Pelican's local context, kept as the context it
    was copied from (shared by every page written while it did not change)
    and the page's own variables."""

    path: str  # absolute, in the writer's output folder
    name: str  # relative to it, as the generator gave it
    template: object  # a jinja2.Template
    context: dict  # the generator's context, whose `localsiteurl` Pelican updates
    snapshot: dict  # a copy of `context` as it was when the page was written
    variables: dict  # output_file, localsiteurl, the generator's keyword arguments
    cacheable: bool = False  # may come from the page cache (memo.py)
    key: str | None = None  # in the page cache, set where the page is placed; None: rendered

    def local_context(self) -> dict:
        resolved = {
            key: value.value() if isinstance(value, Later) else value
            for key, value in self.variables.items()
        }
        context = {**self.snapshot, **resolved}
        if self.key is not None:
            context.pop("BUILD_NOW", None)  # not in the key: see memo.py
        return context

    def render(self) -> str:
        # As Pelican's writer: Content objects read `localsiteurl` to adjust links.
        if self.variables["localsiteurl"]:
            self.context["localsiteurl"] = self.variables["localsiteurl"]
        return self.template.render(self.local_context())
