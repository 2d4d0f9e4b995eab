"""Each rule of the data contract: a broken fixture, and the exact line that
names its file, line and field."""

from __future__ import annotations

import pytest
from conftest import FIXED_NOW
from data_layer.loader import DataLoader
from data_layer.messages import DataError


@pytest.fixture
def data(site, monkeypatch):
    monkeypatch.chdir(site.root)  # messages name files relative to the project
    return site


def problems(site, lang="en") -> list[str]:
    loader = DataLoader(site.data, site.content / "images", FIXED_NOW)
    with pytest.raises(DataError) as caught:
        loader.load()
    return caught.value.report(lang).splitlines()


def test_unknown_kecamatan_suggests_the_nearest(data):
    data.write(
        "data/exhibitors/kopi-senja.yaml",
        """
        # Kopi Senja
        name: Kopi Senja
        category: kuliner
        summary: Kopi.
        sample: true

        kecamatan: gambirr
    """,
    )
    assert problems(data) == [
        "data/exhibitors/kopi-senja.yaml:7: kecamatan: 'gambirr' is not a kecamatan of "
        "DKI Jakarta (did you mean 'gambir'?)"
    ]
    assert problems(data, "id") == [
        "data/exhibitors/kopi-senja.yaml:7: kecamatan: 'gambirr' bukan kecamatan di "
        "DKI Jakarta (maksud Anda 'gambir'?)"
    ]


def test_repeated_key_is_an_error(data):
    data.write(
        "data/exhibitors/dua-kali.yaml",
        """
        name: Dua Kali
        category: kuliner
        kecamatan: tebet
        summary: Pertama.
        summary: Kedua.
    """,
    )
    assert problems(data) == [
        "data/exhibitors/dua-kali.yaml:5: summary: this field is written twice "
        "(first at line 4); remove one"
    ]


def test_malformed_yaml_reports_line_and_column(data):
    data.write(
        "data/exhibitors/rusak.yaml",
        """
        name: Rusak
        category: [kuliner
        kecamatan: tebet
    """,
    )
    [line] = problems(data)
    assert line.startswith(
        "data/exhibitors/rusak.yaml:3:10: invalid YAML: did not find expected ',' or ']'"
    )


def test_file_that_is_not_utf8_reports_line_and_column(data):
    path = data.data / "exhibitors" / "latin.yaml"
    path.write_bytes("name: Kopi\nsummary: Caf\xe9 enak\n".encode("cp1252"))
    assert problems(data) == [
        "data/exhibitors/latin.yaml:2:13: the file is not UTF-8; save it again with UTF-8 encoding"
    ]


def test_unknown_key_names_the_likely_field(data):
    data.exhibitor("salah-ketik", extra="sumary: typo\n")
    [line] = problems(data)
    assert line.startswith(
        "data/exhibitors/salah-ketik.yaml:6: sumary: unknown field ('summary'?); allowed fields: name, category"
    )


def test_missing_required_fields_and_empty_values(data):
    data.write(
        "data/exhibitors/kosong.yaml",
        """
        name:
        category: kuliner
        kecamatan: tebet
    """,
    )
    assert problems(data) == [
        "data/exhibitors/kosong.yaml:1: name: is required",
        "data/exhibitors/kosong.yaml:1: summary: is required",
    ]


def test_wrong_types(data):
    data.exhibitor("tipe-salah", name="[satu, dua]", extra="products: Kopi\n")
    assert problems(data) == [
        "data/exhibitors/tipe-salah.yaml:1: name: must be text",
        "data/exhibitors/tipe-salah.yaml:6: products: must be a list (lines starting with `- `)",
    ]


@pytest.mark.parametrize("value", ["yes", "NO", "1", "True"])
def test_booleans_are_only_true_or_false(data, value):
    data.exhibitor("boolean", halal=value)
    assert problems(data) == [
        f"data/exhibitors/boolean.yaml:6: halal: '{value}' is not a yes/no value; write true or false"
    ]


@pytest.mark.parametrize(
    ("url", "key"),
    [
        ("javascript:alert(1)", "is not an allowed web address"),
        ("data:text/html;base64,PHNjcmlwdD4=", "is not an allowed web address"),
        ("//evil.example/x", "is not an allowed web address"),
        ("jav&#x61;script:alert(1)", "is not an allowed web address"),
        ("https://", "is not a complete web address"),
        ("https://exa mple.com", "is not a complete web address"),
        ("http://localhost", "is not a complete web address"),
    ],
)
def test_unsafe_or_malformed_urls(data, url, key):
    data.exhibitor("tautan", website=f"'{url}'")
    [line] = problems(data)
    assert line.startswith(f"data/exhibitors/tautan.yaml:6: website: '{url}' {key}")


def test_marketplace_url_must_be_on_the_platform(data):
    data.exhibitor(
        "toko",
        extra="""
        marketplaces:
          - platform: shopee
            url: https://evil.example/kopi
          - platform: tokopediaa
            url: https://www.tokopedia.com/kopi
    """,
    )
    assert problems(data) == [
        "data/exhibitors/toko.yaml:9: marketplaces[0].url: 'https://evil.example/kopi' is not "
        "a Shopee address; it must be on shopee.co.id with https://",
        "data/exhibitors/toko.yaml:10: marketplaces[1].platform: 'tokopediaa' is not a known "
        "marketplace (did you mean 'tokopedia'?)",
    ]


def test_missing_logo_file(data):
    data.exhibitor("berlogo", logo="logos/tidak-ada.png")
    assert problems(data) == [
        "data/exhibitors/berlogo.yaml:6: logo: file 'logos/tidak-ada.png' does not exist in content/images/"
    ]


def test_logo_may_not_escape_the_images_folder(data):
    data.exhibitor("keluar", logo="../../settings.py")
    assert problems(data)[0].startswith("data/exhibitors/keluar.yaml:6: logo: file")


@pytest.mark.parametrize(
    ("stem", "message"),
    [
        ("Kopi_Senja", "file name 'Kopi_Senja' must be lowercase letters, digits and hyphens"),
        ("kopi--senja", "file name 'kopi--senja' must be lowercase letters, digits and hyphens"),
        ("kategori", "name 'kategori' clashes with a page the site generates"),
        ("page", "name 'page' clashes with a page the site generates"),
        ("a-z", "name 'a-z' clashes with a page the site generates"),
    ],
)
def test_bad_or_reserved_slugs(data, stem, message):
    data.exhibitor(stem)
    [line] = problems(data)
    assert line.startswith(f"data/exhibitors/{stem}.yaml:1: slug: {message}")


def test_two_records_that_would_write_the_same_page(data):
    data.exhibitor("kopi")
    data.write("data/exhibitors/tebet/kopi.yaml", (data.data / "exhibitors/kopi.yaml").read_text())
    data.exhibitor("teh", extra="aliases:\n  - teh-lama\n  - kopi\n")
    assert problems(data) == [
        "data/exhibitors/tebet/kopi.yaml:1: slug: 'kopi' is already used by "
        "data/exhibitors/kopi.yaml; two records would write the same page",
        "data/exhibitors/teh.yaml:8: aliases[1]: 'kopi' is already used by "
        "data/exhibitors/kopi.yaml; two records would write the same page",
    ]


def test_each_kecamatan_has_exactly_one_centre(data):
    (data.data / "centres" / "gambir.yaml").unlink()
    data.write(
        "data/centres/tebet2.yaml",
        """
        name: Pusat Kedua
        kecamatan: tebet
    """,
    )
    assert problems(data) == [
        "data/centres/tebet2.yaml:2: kecamatan: kecamatan 'tebet' already has a mentoring "
        "centre in data/centres/tebet.yaml; there must be exactly one",
        "data/vocab/regions.yaml:9: jakarta-pusat.kecamatan.gambir: kecamatan 'gambir' has no "
        "mentoring centre; create data/centres/gambir.yaml",
    ]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("phone", "'021-abc'", "'021-abc' is not an Indonesian phone number"),
        ("whatsapp", "'0215551234'", "'0215551234' is not an Indonesian WhatsApp number"),
        ("instagram", "'@kopi'", "'@kopi' is not an Instagram handle"),
        ("established", "'3.10'", "'3.10' is not a year"),
        ("established", "2999", "'2999' is not a year; write four digits between 1900 and 2026"),
        ("booth", "'<b>A</b>'", "'<b>A</b>' is not a booth number"),
        ("tags", "['Bad Tag']", "'Bad Tag' must be lowercase letters"),
    ],
)
def test_constrained_fields(data, field, value, message):
    data.exhibitor("terbatas", **{field: value})
    [line] = problems(data)
    assert message in line
    assert line.startswith(f"data/exhibitors/terbatas.yaml:6: {field}")


def test_event_must_end_after_it_starts(data):
    data.write(
        "data/events/malam.yaml",
        """
        title: Malam
        start: 2021-10-24 19:30
        end: 2021-10-24 19:00
        venue: Museum
        type: apresiasi
    """,
    )
    assert problems(data) == [
        "data/events/malam.yaml:3: end: the end (2021-10-24 19:00) must come after the start "
        "(2021-10-24 19:30)"
    ]


def test_yml_extension_is_reported(data):
    data.write("data/exhibitors/kopi.yml", "name: Kopi\n")
    assert problems(data) == [
        "data/exhibitors/kopi.yml:1: the file name must end in .yaml, not .yml"
    ]


def test_every_problem_of_a_run_is_reported_at_once(data):
    data.exhibitor("satu", kecamatan="tebett")
    data.exhibitor("dua", category="minuman")
    data.exhibitor("tiga", extra="warna: merah\n")
    lines = problems(data)
    assert [line.split(":")[0] for line in lines] == [
        "data/exhibitors/dua.yaml",
        "data/exhibitors/satu.yaml",
        "data/exhibitors/tiga.yaml",
    ]
