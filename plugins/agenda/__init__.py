"""The fest's agenda: a day-by-day schedule, one page per event, and
iCalendar files for each event and for the whole fest."""

from pelican import signals

from .generator import AgendaGenerator


def get_generators(pelican):
    return AgendaGenerator


def register():
    signals.get_generators.connect(get_generators)
