"""A page to render later, and values that are computed only when it is."""

from __future__ import annotations

from dataclasses import dataclass


class Later:
    """A template variable computed when the page is rendered, in the worker
    that renders it: the generator that writes the page keeps no more than
    the function and its arguments, and the cost runs on every core.
    `content_written` receivers see this object, not its value."""

    __slots__ = ("function", "args")

    def __init__(self, function, *args):
        self.function, self.args = function, args

    def value(self):
        return self.function(*self.args)


def later(writer, function, *args):
    """`Later(function, *args)` for a writer that renders later, the value
    itself for any other (Pelican's own writer renders at once)."""
    if getattr(writer, "renders_later", False):
        return Later(function, *args)
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

    def local_context(self) -> dict:
        resolved = {
            key: value.value() if isinstance(value, Later) else value
            for key, value in self.variables.items()
        }
        return {**self.snapshot, **resolved}

    def render(self) -> str:
        # As Pelican's writer: Content objects read `localsiteurl` to adjust links.
        if self.variables["localsiteurl"]:
            self.context["localsiteurl"] = self.variables["localsiteurl"]
        return self.template.render(self.local_context())
