"""Signal handlers and wrappers that feed the recorder.

Render and write are interleaved page by page inside Pelican's writer, so
they are split page by page: a template's `render()` is timed by giving each
generator's Jinja environment a timed Template class, and the write is the
time from the end of that render to the writer's `content_written` signal
(makedirs, open, write, close; and the few `content_written` handlers
connected before this plugin's, which only note the path). This leaves the
`get_writer` signal free for a writer of the site's own (with one, writes
are not split out: it may render after `content_written`). Pages rendered in
other processes (worker pools) are not seen page by page: their time is in
the step that runs the pool, and their CPU in the phase in which the pool's
workers are reaped.

Each `finalized` handler (search index, publish steps, atomic publish) is a
phase of its own: once every plugin is registered, the handlers are
reconnected in their order with a mark after each.
"""

from __future__ import annotations

import atexit
import functools
import os

from jinja2 import Template
from pelican import signals

from .recorder import ENVIRONMENT_VARIABLE, RECORDER, page_clock, phase_clock


class TimedTemplate(Template):
    def render(self, *args, **kwargs):
        if RECORDER.rendering:  # a render inside a render counts once, in the outer one
            return super().render(*args, **kwargs)
        RECORDER.rendering = True
        start = page_clock()
        try:
            return super().render(*args, **kwargs)
        finally:
            RECORDER.rendering = False
            RECORDER.rendered(self.name or "(string)", start)


def start_recording(pelican) -> None:
    RECORDER.mark("initialized")
    RECORDER.plugins = list(pelican.settings["PLUGINS"])
    # A writer of the site's own may send `content_written` before it renders
    # the page: the time since the last render is then no write.
    RECORDER.split_writes = not any(True for _ in signals.get_writer.receivers_for(pelican))
    atexit.register(RECORDER.save, os.environ[ENVIRONMENT_VARIABLE])
    mark_each_finalized_handler(pelican)


def generator_name(generator) -> str:
    cls = type(generator)
    return f"{cls.__module__.split('.')[0]}.{cls.__name__}"


def instrument_generator(generator) -> None:
    """Time the generator's two steps; time its templates' renders."""
    name = generator_name(generator)
    for step, label in (("generate_context", "context"), ("generate_output", "output")):
        method = getattr(generator, step, None)
        if method is not None:
            setattr(generator, step, timed_step(name, label, method))
    generator.env.template_class = TimedTemplate


def timed_step(name: str, label: str, method):
    @functools.wraps(method)
    def run(*args, **kwargs):
        RECORDER.current_generator = name
        start = phase_clock()
        try:
            return method(*args, **kwargs)
        finally:
            end = phase_clock()
            RECORDER.generators[name][label].add(start, end)
            if label == "output":  # the last generator's output step ends the phase
                RECORDER.marks["output_done"] = end
            RECORDER.current_generator = "(none)"

    return run


def mark_context_done(generators) -> None:
    RECORDER.mark("context_done")


def note_written(path, context=None) -> None:
    RECORDER.written(str(path))


def mark_each_finalized_handler(pelican) -> None:
    """Reconnect the `finalized` handlers in their order, each followed by a
    mark named after its plugin. The first handler keeps its place (a plugin
    may check that it runs first); Pelican sends `finalized` right after the
    last generator's output step, which opens the first handler's phase."""
    handlers = list(signals.finalized.receivers_for(pelican))
    for handler in handlers:
        signals.finalized.disconnect(handler)
    for handler in handlers:
        signals.finalized.connect(handler)
        # Kept here, as the signal holds its receivers by weak reference.
        RECORDER.markers.append(finalized_marker(handler.__module__.split(".")[0]))
        signals.finalized.connect(RECORDER.markers[-1])


def finalized_marker(plugin: str):
    def mark(sender) -> None:
        RECORDER.finalized.append((plugin, phase_clock()))

    return mark
