"""The page cache's key: it changes with anything a page shows, and a page
whose variables it cannot vouch for is not cached at all."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

import pytest
from directory.pagination import paginate
from directory.views import ExhibitorCard, Link, LocalText
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


def card(name="Kopi Kita", url="/peserta/kopi-kita/", inputs=b"digest-1"):
    category = Link(LocalText("Kuliner", "id"), "/peserta/kategori/kuliner/")
    kecamatan = Link(LocalText("Tebet", "id"), "/peserta/kecamatan/tebet/")
    return ExhibitorCard("kopi-kita", name, url, LocalText("Kopi.", "id"), category, kecamatan,
                         sample=True, inputs=inputs)  # fmt: skip


def test_a_card_is_spelled_by_its_record_and_language_not_its_fields():
    # Its fields are made of the record (its digest) and the site's inputs, in
    # the language of its URL: what the card shows follows from those.
    assert spell([card()]) == spell([card(name="Other")])
    assert spell([card()]) != spell([card(inputs=b"digest-2")])
    assert spell([card()]) != spell([card(url="/en/exhibitors/kopi-kita/")])
    # A card that does not name its record is spelled by its fields.
    assert spell([card(inputs=b"")]) != spell([card(name="Other", inputs=b"")])


class Untouchable(list):
    """Items a spelling must not go through."""

    def __iter__(self):
        raise AssertionError("the listing's items were read")


def listing(*cards, number=1):
    return list(paginate(list(cards), 2, lambda n: f"/peserta/hal/{n}/"))[number - 1]


def test_a_listing_of_cards_is_spelled_by_its_cards_inputs_taken_once():
    first = listing(card(), card(url="/peserta/lain/", inputs=b"digest-3"))
    # Taken where the page is recorded: the worker that spells it does not
    # go through its items (their memory stays shared with the build).
    untouched = replace(first, items=Untouchable(first.items))
    assert spell([untouched]) == spell([first])
    # Any card's record or URL, the page's place in the listing: another spelling.
    assert spell([first]) != spell(
        [listing(card(inputs=b"digest-2"), card(url="/peserta/lain/", inputs=b"digest-3"))]
    )
    assert spell([first]) != spell([listing(card(), card(url="/peserta/x/", inputs=b"digest-3"))])
    assert spell([first]) != spell([listing(card(), card(url="/peserta/lain/", inputs=b"digest-3"),
                                            card(url="/peserta/z/"))])  # fmt: skip
    # Items that do not name their inputs: spelled by the items themselves.
    plain = listing(card(inputs=b""), card(url="/peserta/lain/", inputs=b""))
    assert plain.items_inputs == b""
    assert spell([plain]) != spell(
        [listing(card(inputs=b"", name="Other"), card(url="/peserta/lain/", inputs=b""))]
    )


@pytest.mark.parametrize("value", [
    Mutable("x"),  # could change after the key is taken
    Later(print, 1),  # computed later from inputs it does not name
    object(),
    {"nested": [Mutable("x")]},
])  # fmt: skip
def test_what_it_cannot_vouch_for_is_refused(value):
    with pytest.raises(UnspellableError):
        spell(value)


def test_entries_no_build_used_for_a_week_are_pruned(tmp_path):
    from page_writer.memo import PageMemo

    page = tmp_path / "index.html"
    page.write_text("<p>a</p>")
    first = PageMemo(str(tmp_path / "pages"), "site")
    used, unused = first.key("t", {"page": 1}), first.key("t", {"page": 2})
    first.keep(used, str(page))
    first.cache.store(unused, b"<p>b</p>")

    later = PageMemo(str(tmp_path / "pages"), "site")
    assert later.cache.keys() == {used, unused}
    this_build = [later.key("t", {"page": 1})]  # this build has only the first page
    assert later.prune(this_build) == 0  # both were linked or written moments ago
    assert later.prune(this_build, unused_for=-1) == 1  # as if a week had passed
    assert PageMemo(str(tmp_path / "pages"), "site").cache.keys() == {used}


def test_pruning_runs_at_most_once_a_day(tmp_path):
    from derived_files.cache import FileCache

    cache = FileCache(tmp_path / "cache", ".html")
    for key in ("a" * 64, "b" * 64):
        cache.store(key, b"<p></p>")
    assert cache.prune_if_due({"a" * 64}, unused_for=-1) == 1
    cache.store("c" * 64, b"<p></p>")
    assert cache.prune_if_due({"a" * 64}, unused_for=-1) == 0  # pruned moments ago
    assert cache.keys() == {"a" * 64, "c" * 64}
    assert cache.prune_if_due({"a" * 64}, unused_for=-1, every=0) == 1


def test_bundles_no_build_used_for_a_week_are_pruned(tmp_path):
    from search.bundle_cache import BundleCache

    cache = BundleCache(tmp_path / "search")
    for key in ("aa11", "bb22"):
        bundle = tmp_path / key
        bundle.mkdir()
        (bundle / "pagefind-entry.json").write_text("{}")
        cache.keep(key, bundle)
    later = BundleCache(tmp_path / "search")
    assert later.place("aa11", tmp_path / "output")
    assert later.prune() == 0
    assert later.prune(unused_for=-1) == 1
    assert later.place("aa11", tmp_path / "again") and not later.place("bb22", tmp_path / "b")


def test_a_declared_key_changes_with_each_of_its_inputs(tmp_path):
    from page_writer.memo import PageMemo

    def key(site="site-1", template="exhibitor.html", name="peserta/kopi/index.html",
            inputs=("id", "kopi", "ab12")):  # fmt: skip
        return PageMemo(str(tmp_path), site).declared_key(template, name, inputs)

    keys = {
        key(), key(site="site-2"), key(template="booth_card.html"),
        key(name="en/exhibitors/kopi/index.html"), key(inputs=("id", "kopi", "ab13")),
        key(inputs=("id", "kopi", "ab", "12")), key(inputs=("id", "kopi")),
    }  # fmt: skip
    assert len(keys) == 7
    assert key() == key()
