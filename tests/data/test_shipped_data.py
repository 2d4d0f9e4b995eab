"""The real data/ is valid and says what the project promises it says."""

from __future__ import annotations

import pytest
from build_time.now import build_now
from conftest import ROOT
from data_layer.loader import DataLoader


@pytest.fixture(scope="module")
def shipped(tmp_path_factory):
    import os

    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        return DataLoader("data", "content/images", build_now()).load()
    finally:
        os.chdir(cwd)


def test_one_centre_for_each_of_the_44_kecamatan_in_6_kota(shipped):
    assert len(shipped.vocab.regions) == 6
    assert len(shipped.vocab.kecamatan) == 44
    assert sorted(r.data.kecamatan for r in shipped.centres.values()) == sorted(
        shipped.vocab.kecamatan
    )


def test_centres_invent_no_address_or_phone(shipped):
    for record in shipped.centres.values():
        assert (record.data.address, record.data.phone, record.data.lat, record.data.lon) == (
            None,
        ) * 4


def test_sample_exhibitors_are_labelled_and_spread(shipped):
    exhibitors = [r.data for r in shipped.exhibitors.values()]
    assert len(exhibitors) >= 30
    assert all(e.sample for e in exhibitors)
    assert {e.category for e in exhibitors} == set(shipped.vocab.categories)
    assert len({e.kecamatan for e in exhibitors}) >= 15
    # Invented contact details could belong to real people: samples have none.
    assert not any(e.phone or e.whatsapp or e.instagram or e.website for e in exhibitors)


def test_partners_named_by_the_programme(shipped):
    names = {r.data.name for r in shipped.partners.values()}
    assert {
        "Perumda Pasar Jaya",
        "Shopee",
        "Himpunan Pengelola Pusat Perbelanjaan Indonesia",
    } <= names


def test_programme_figures_carry_their_source(shipped):
    festival = shipped.festival
    figures = {f.key: f.value for f in festival.figures}
    assert figures == {"members": 281000, "inducted": 176000, "mentored": 155000,
                       "centres": 44, "target": 200000}  # fmt: skip
    for figure in festival.figures:
        source = festival.sources[figure.source]
        assert source.publisher and source.date and source.url.startswith("https://")
