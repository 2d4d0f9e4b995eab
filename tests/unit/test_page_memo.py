"""The page cache's key: it changes with anything a page shows, and a page
whose variables it cannot vouch for is not cached at all."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from directory.views import Link, LocalText
from markupsafe import Markup
from page_writer.jobs import Later
from page_writer.memo import UnspellableError, spell


@dataclass
class Mutable:
    value: str


def view(label, lang="id", count=3):
    return {"title": "Kopi", "links": [Link(LocalText(label, lang), "peserta/kopi/", count)],
            "date": dt.date(2021, 10, 23), "html": Markup("<p>Isi</p>"),
            "view": Later(print, Link("a", "b"), inputs="digest-1")}  # fmt: skip


def test_equal_variables_spell_alike():
    assert spell(view("Kuliner")) == spell(view("Kuliner"))


@pytest.mark.parametrize("changed", [
    view("Kriya"),  # text
    view("Kuliner", lang="en"),  # the language a text is in (equal as str)
    view("Kuliner", count=4),  # a number
    {**view("Kuliner"), "html": Markup("<p>Lain</p>")},
    {**view("Kuliner"), "view": Later(print, Link("a", "b"), inputs="digest-2")},  # the record
    {**view("Kuliner"), "view": Later(repr, Link("a", "b"), inputs="digest-1")},  # the function
])  # fmt: skip
def test_any_change_a_page_could_show_changes_the_spelling(changed):
    assert spell(changed) != spell(view("Kuliner"))


@pytest.mark.parametrize("value", [
    Mutable("x"),  # could change after the key is taken
    Later(print, 1),  # computed later from inputs it does not name
    object(),
    {"nested": [Mutable("x")]},
])  # fmt: skip
def test_what_it_cannot_vouch_for_is_refused(value):
    with pytest.raises(UnspellableError):
        spell(value)
