"""The open data under /data/: exhibitors, partners and centres as JSON and
CSV, read back as a user's program or spreadsheet would read them."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil

import pytest
from conftest import FIXED_EPOCH, ROOT, FixtureSite
from data_layer.schema import Centre, Exhibitor, Partner
from open_data.csv_safe import neutralise
from open_data.formats import JsonRecordsFile

ORIGIN = "https://fest.example"
STEMS = ("peserta", "mitra", "pusat-pendampingan")
FILES = [f"data/{stem}.{ext}" for stem in STEMS for ext in ("json", "csv")]
PRIVATE_NUMBERS = ("0215550000", "081299998888", "62215550000", "6281299998888")
FORMULA = ("=", "+", "-", "@", "\t", "\r")
NUMBER = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")
PARTNER_FILES = sorted(path.stem for path in (ROOT / "data" / "partners").glob("*.yaml"))


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    site = FixtureSite(tmp_path_factory.mktemp("open-data") / "site")
    site.write_settings(SITE_ABSOLUTE_URL=ORIGIN + "/")
    logo = site.content / "images/logos/kopi.png"
    logo.parent.mkdir(parents=True)
    shutil.copy(ROOT / "content/images/logos/3-saudara-kriya.png", logo)
    site.write("data/exhibitors/kopi-publik.yaml", """
        name: Kopi Publik Café
        category: kuliner
        kecamatan: tebet
        summary:
          id: Kedai kopi rumahan.
          en: A home coffee stall.
        description: |
          Kopi **sangrai** sendiri.
        products:
          - Kopi susu
          - Biji kopi 200 g
        booth: A-12
        phone: 0215551234
        whatsapp: +6281234567890
        contact_public: true
        instagram: kopi.publik
        website: https://kopi.example/
        marketplaces:
          - platform: shopee
            url: https://shopee.co.id/kopi-publik
        logo: logos/kopi.png
        established: 2019
        halal: false
        tags:
          - kopi
        aliases:
          - kopi-lama
        sample: true
    """)  # fmt: skip
    site.exhibitor("rahasia", name="Rahasia", category="fesyen", kecamatan="gambir",
                   extra="phone: 0215550000\nwhatsapp: 081299998888\n")  # fmt: skip
    site.exhibitor("jahat", name="""'=HYPERLINK("http://evil")'""")
    site.exhibitor("plus", summary="'+62 promo hemat'")
    site.exhibitor("minus", summary="'-50% diskon'")
    site.exhibitor("at", summary="'@kopi_publik'", sample="false")
    site.write(
        "data/partners/formula.yaml",
        """
        name: '@SUM(1+1)'
        type: komunitas
        summary: '=1+1'
    """,
    )
    site.write(
        "data/centres/tebet.yaml",
        """
        name:
          id: Pusat Pendampingan Jakpreneur Kecamatan Tebet
          en: Jakpreneur Mentoring Centre, Tebet District
        kecamatan: tebet
        address: Jl. Contoh No. 1
        lat: -6.2259
        lon: 106.8570
        phone: '0215557777'
        hours: 08.00-16.00
        services:
          - {id: Pelatihan, en: Training}
          - Pendampingan perizinan
    """,
    )
    site.build()
    return site


def read_json(site, stem: str) -> dict:
    return json.loads((site.output / "data" / f"{stem}.json").read_text(encoding="utf-8"))


def read_csv(site, stem: str) -> list[dict]:
    text = (site.output / "data" / f"{stem}.csv").read_text(encoding="utf-8-sig")
    return list(csv.DictReader(io.StringIO(text, newline="")))


def by_slug(records) -> dict:
    return {record["slug"]: record for record in records}


# -- every file, every record -------------------------------------------------------


def test_six_files_with_every_record_sorted_by_slug(built):
    expected = {
        "peserta": ["at", "jahat", "kopi-publik", "minus", "plus", "rahasia"],
        "mitra": sorted([*PARTNER_FILES, "formula"]),
        "pusat-pendampingan": sorted(p.stem for p in (built.data / "centres").glob("*.yaml")),
    }
    assert len(expected["pusat-pendampingan"]) == 44
    for stem, slugs in expected.items():
        document = read_json(built, stem)
        assert [record["slug"] for record in document["records"]] == slugs
        assert document["count"] == len(slugs)
        assert [row["slug"] for row in read_csv(built, stem)] == slugs


@pytest.mark.parametrize(
    ("stem", "model"), [("peserta", Exhibitor), ("mitra", Partner), ("pusat-pendampingan", Centre)]
)
def test_fields_are_the_data_contracts(built, stem, model):
    document = read_json(built, stem)
    fields = document["fields"]
    assert set(model.model_fields) <= set(fields)  # every field of the contract, same name
    assert {"slug", "url", "url_en"} <= set(fields)
    for record in document["records"]:
        assert list(record) == fields
    raw = (built.output / "data" / f"{stem}.csv").read_bytes()
    assert raw.decode("utf-8-sig").split("\r\n", 1)[0] == ",".join(fields)


def test_licence_source_and_date(built):
    festival = (built.data / "festival.yaml").read_text(encoding="utf-8")
    for stem in STEMS:
        document = read_json(built, stem)
        assert list(document) == ["licence", "source", "generated", "count", "fields", "records"]
        assert document["licence"] == {
            "name": "CC BY 4.0",
            "url": "https://creativecommons.org/licenses/by/4.0/",
        }
        assert "name: CC BY 4.0" in festival
        assert document["source"] == ORIGIN + "/"
        assert document["generated"] == "2026-01-01"  # SOURCE_DATE_EPOCH, Jakarta's date


# -- values ---------------------------------------------------------------------------


def test_an_exhibitor_as_json(built):
    record = by_slug(read_json(built, "peserta")["records"])["kopi-publik"]
    assert record == {
        "slug": "kopi-publik",
        "url": f"{ORIGIN}/peserta/kopi-publik/",
        "url_en": f"{ORIGIN}/en/exhibitors/kopi-publik/",
        "name": "Kopi Publik Café",
        "category": "kuliner",
        "category_label": "Kuliner",
        "category_label_en": "Food & drink",
        "kecamatan": "tebet",
        "kecamatan_label": "Tebet",
        "kecamatan_label_en": None,
        "kota": "jakarta-selatan",
        "kota_label": "Jakarta Selatan",
        "kota_label_en": "South Jakarta",
        "summary": "Kedai kopi rumahan.",
        "summary_en": "A home coffee stall.",
        "description": "Kopi **sangrai** sendiri.",
        "description_en": None,
        "products": ["Kopi susu", "Biji kopi 200 g"],
        "booth": "A-12",
        "contact_public": True,
        "whatsapp": "+6281234567890",
        "phone": "0215551234",
        "instagram": "kopi.publik",
        "website": "https://kopi.example/",
        "marketplaces": [{"platform": "shopee", "url": "https://shopee.co.id/kopi-publik"}],
        "logo": f"{ORIGIN}/images/logos/kopi.png",
        "established": 2019,
        "halal": False,
        "tags": ["kopi"],
        "aliases": ["kopi-lama"],
        "sample": True,
    }
    assert (built.output / "images/logos/kopi.png").is_file()
    assert by_slug(read_json(built, "peserta")["records"])["at"]["sample"] is False


def test_the_same_exhibitor_as_csv(built):
    row = by_slug(read_csv(built, "peserta"))["kopi-publik"]
    assert row["name"] == "Kopi Publik Café"
    assert row["products"] == "Kopi susu; Biji kopi 200 g"
    assert row["marketplaces"] == "shopee: https://shopee.co.id/kopi-publik"
    assert row["phone"] == "0215551234"
    assert row["whatsapp"] == "'+6281234567890"  # a leading + is a formula to a spreadsheet
    assert (row["established"], row["halal"], row["sample"]) == ("2019", "false", "true")
    assert (row["description_en"], row["kecamatan_label_en"]) == ("", "")
    assert row["aliases"] == "kopi-lama"


def test_numbers_only_with_the_owners_consent(built):
    record = by_slug(read_json(built, "peserta")["records"])["rahasia"]
    assert (record["contact_public"], record["phone"], record["whatsapp"]) == (False, None, None)
    row = by_slug(read_csv(built, "peserta"))["rahasia"]
    assert (row["contact_public"], row["phone"], row["whatsapp"]) == ("false", "", "")
    for path in FILES:
        raw = (built.output / path).read_bytes()
        for number in PRIVATE_NUMBERS:
            assert number.encode() not in raw, (path, number)
    assert b"0215551234" in (built.output / "data/peserta.json").read_bytes()


def test_partners_and_centres(built):
    partner = by_slug(read_json(built, "mitra")["records"])["shopee"]
    assert (partner["type"], partner["type_label"]) == ("e-commerce", "Platform e-commerce")
    assert partner["url_en"] == f"{ORIGIN}/en/partners/shopee/"
    assert partner["website"] == "https://shopee.co.id"
    assert partner["description"].startswith("Shopee disebut sebagai mitra")

    centre = by_slug(read_json(built, "pusat-pendampingan")["records"])["tebet"]
    assert centre["name_en"] == "Jakpreneur Mentoring Centre, Tebet District"
    assert (centre["lat"], centre["lon"], centre["phone"]) == (-6.2259, 106.857, "0215557777")
    assert (centre["kota"], centre["hours"]) == ("jakarta-selatan", "08.00-16.00")
    assert centre["services"] == ["Pelatihan", "Pendampingan perizinan"]
    assert centre["services_en"] == ["Training", None]
    assert centre["url"] == f"{ORIGIN}/pusat-pendampingan/tebet/"
    row = by_slug(read_csv(built, "pusat-pendampingan"))["tebet"]
    assert (row["lat"], row["lon"]) == ("-6.2259", "106.857")  # numbers stay numbers
    assert (row["services"], row["services_en"]) == ("Pelatihan; Pendampingan perizinan",
                                                     "Training; ")  # fmt: skip
    gambir = by_slug(read_csv(built, "pusat-pendampingan"))["gambir"]
    assert (gambir["address"], gambir["lat"], gambir["services"]) == ("", "", "")


# -- spreadsheets ------------------------------------------------------------------------


def test_formula_cells_are_neutralised_in_csv_only(built):
    rows = by_slug(read_csv(built, "peserta"))
    assert rows["jahat"]["name"] == """'=HYPERLINK("http://evil")"""
    assert rows["plus"]["summary"] == "'+62 promo hemat"
    assert rows["minus"]["summary"] == "'-50% diskon"
    assert rows["at"]["summary"] == "'@kopi_publik"
    partner = by_slug(read_csv(built, "mitra"))["formula"]
    assert (partner["name"], partner["summary"]) == ("'@SUM(1+1)", "'=1+1")
    # The JSON keeps what the editor wrote.
    records = by_slug(read_json(built, "peserta")["records"])
    assert records["jahat"]["name"] == """=HYPERLINK("http://evil")"""
    assert records["minus"]["summary"] == "-50% diskon"


@pytest.mark.parametrize("stem", STEMS)
def test_no_csv_cell_starts_like_a_formula(built, stem):
    for row in read_csv(built, stem):
        for name, value in row.items():
            assert not value.startswith(FORMULA) or NUMBER.fullmatch(value), (row["slug"], name)


@pytest.mark.parametrize("stem", STEMS)
def test_csv_for_excel_and_rfc_4180(built, stem):
    raw = (built.output / "data" / f"{stem}.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfslug,")  # UTF-8 with a byte-order mark
    assert raw.endswith(b"\r\n")
    # One CRLF per row; the only bare newlines are inside quoted multi-line text.
    assert raw.count(b"\r\n") == 1 + read_json(built, stem)["count"]
    if stem == "peserta":
        assert "Kopi Publik Café".encode() in raw


@pytest.mark.parametrize("stem", STEMS)
def test_json_is_utf8_indented_and_canonical(built, stem):
    text = (built.output / "data" / f"{stem}.json").read_text(encoding="utf-8")
    assert text == json.dumps(json.loads(text), ensure_ascii=False, indent=1) + "\n"
    if stem == "peserta":
        assert "Kopi Publik Café" in text


@pytest.mark.parametrize("text", ["=1+1", "+62", "-1+2", "@SUM(A1)", "\t=1", "\r=1"])
def test_every_formula_start_is_neutralised(text):
    assert neutralise(text) == "'" + text
    assert neutralise("a" + text) == "a" + text


@pytest.mark.parametrize("count", [0, 1, 3])
def test_json_written_record_by_record_is_json_dumps(tmp_path, count):
    head = {"licence": {"name": "CC BY 4.0"}, "count": count, "fields": ["a", "b"], "e": []}
    records = [{"a": f'ü{n}\n"', "b": [{"x": None}, 1.5, True], "c": {}} for n in range(count)]
    with JsonRecordsFile(tmp_path / "x.json", head) as out:
        for record in records:
            out.add(record)
    expected = json.dumps({**head, "records": records}, ensure_ascii=False, indent=1) + "\n"
    assert (tmp_path / "x.json").read_text(encoding="utf-8") == expected


# -- findable and reproducible -------------------------------------------------------


def test_every_page_links_the_download(built):
    for url in ("", "en", "peserta/kopi-publik", "en/partners"):
        assert 'href="/data/peserta.csv"' in built.page(url), url


def test_the_same_bytes_on_every_build(built):
    first = {path: (built.output / path).read_bytes() for path in FILES}
    built.build(env={"TZ": "America/New_York"})
    assert {path: (built.output / path).read_bytes() for path in FILES} == first


def cached_downloads(site) -> list:
    """The JSON and CSV files in the open data cache (not its indexes)."""
    folder = site.root / "cache" / "open-data"
    return sorted(path for path in folder.rglob("*.*") if path.suffix in (".json", ".csv"))


def test_the_files_come_from_the_cache_until_a_record_or_the_date_changes(tmp_path):
    site = FixtureSite(tmp_path / "site")
    site.exhibitor("kopi-senja", name="Kopi Senja")
    site.build()
    first = {name: (site.output / name).read_bytes() for name in FILES}
    shutil.rmtree(site.output)
    site.build()
    assert {name: (site.output / name).read_bytes() for name in FILES} == first
    assert len(cached_downloads(site)) == len(FILES)

    site.exhibitor("kopi-senja", name="Kopi Senja Baru")
    site.build()
    assert b"Kopi Senja Baru" in (site.output / "data/peserta.json").read_bytes()
    assert b"Kopi Senja Baru" in (site.output / "data/peserta.csv").read_bytes()
    # The partners' and centres' files did not change, and were not made again;
    # the exhibitors' earlier files left the cache.
    assert (site.output / "data/mitra.json").read_bytes() == first["data/mitra.json"]
    assert len(cached_downloads(site)) == len(FILES)

    later = str(int(FIXED_EPOCH) + 86400)
    site.build(env={"SOURCE_DATE_EPOCH": later})
    assert b'"generated": "2026-01-02"' in (site.output / "data/mitra.json").read_bytes()


def test_unchanged_records_text_is_taken_from_the_build_before(tmp_path):
    site = FixtureSite(tmp_path / "site")
    site.exhibitor("kopi-senja", name="Kopi Senja")
    site.exhibitor("teh-pagi", name="Teh Pagi")
    site.build()
    site.exhibitor("kopi-senja", name="Kopi Senja Baru")
    site.build()
    edited = {name: (site.output / name).read_bytes() for name in FILES}
    shutil.rmtree(site.root / "cache" / "open-data")
    site.build()
    # The same bytes as files written from scratch.
    assert {name: (site.output / name).read_bytes() for name in FILES} == edited

    # Mark the unchanged record's text in the cached files (same length):
    # the next build's files show the mark, so the text was taken, not made.
    for path in cached_downloads(site):
        if path.read_bytes().count(b"Teh Pagi"):
            path.write_bytes(path.read_bytes().replace(b"Teh Pagi", b"Teh PAGI"))
    site.exhibitor("kopi-senja", name="Kopi Senja Lagi")
    site.build()
    for name in ("data/peserta.json", "data/peserta.csv"):
        written = (site.output / name).read_bytes()
        assert b"Teh PAGI" in written and b"Kopi Senja Lagi" in written, name
