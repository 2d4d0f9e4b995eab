"""`make import-exhibitors`: spreadsheets as Excel and Google Sheets save them,
imported as editors run the script, and the files read back by the loader."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import textwrap

import yaml
from conftest import FIXED_EPOCH, FIXED_NOW, ROOT
from data_layer.loader import DataLoader

SCRIPT = ROOT / "scripts" / "import_exhibitors.py"
HEADER = "nama,kategori,kecamatan,ringkasan\n"


def run(site, csv_name: str, *args: str, lang: str = "en") -> subprocess.CompletedProcess:
    environment = {**os.environ, "DATA_ERRORS_LANG": lang, "SOURCE_DATE_EPOCH": FIXED_EPOCH}
    return subprocess.run(
        [sys.executable, str(SCRIPT), csv_name, *args, "--settings", str(site.settings)],
        cwd=site.root, env=environment, capture_output=True, text=True, timeout=120,
    )  # fmt: skip


def sheet(site, text: str, name: str = "pendaftaran.csv", encoding: str = "utf-8") -> str:
    """Write a CSV the way a spreadsheet does: CRLF line ends."""
    body = textwrap.dedent(text).lstrip("\n").replace("\n", "\r\n")
    (site.root / name).write_bytes(body.encode(encoding))
    return name


def exhibitors(site, monkeypatch) -> dict:
    monkeypatch.chdir(site.root)
    loaded = DataLoader(site.data, site.content / "images", FIXED_NOW).load().exhibitors
    return {slug: record.data for slug, record in loaded.items()}


def snapshot(site) -> dict:
    """Every file of data/exhibitors/ with its bytes and modification time."""
    return {
        path.relative_to(site.data).as_posix(): (path.read_bytes(), path.stat().st_mtime_ns)
        for path in sorted((site.data / "exhibitors").rglob("*"))
        if path.is_file()
    }


def test_excel_utf8_with_bom_semicolons_and_indonesian_headers(site, monkeypatch):
    csv_name = sheet(
        site,
        """
        Nama Usaha;Kategori;Kecamatan;Ringkasan;Produk;Izin Kontak;Halal;Tahun Berdiri;WA
        Warung Bu Sri;kuliner;tebet;Nasi uduk pagi.;Nasi uduk | Lontong sayur;Ya;tidak;2019;0812 3456 7890
        """,
        encoding="utf-8-sig",
    )
    result = run(site, csv_name)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.splitlines() == [
        "pendaftaran.csv:row 2: created data/exhibitors/warung-bu-sri.yaml",
        "created 1, updated 0, unchanged 0, skipped 0, bad rows 0",
    ]
    record = exhibitors(site, monkeypatch)["warung-bu-sri"]
    assert record.name == "Warung Bu Sri"
    assert record.products == ["Nasi uduk", "Lontong sayur"]
    assert (record.contact_public, record.halal, record.established) == (True, False, 2019)
    assert record.whatsapp == "0812 3456 7890"
    text = (site.data / "exhibitors" / "warung-bu-sri.yaml").read_text(encoding="utf-8")
    assert text.startswith(
        "# Diimpor dari pendaftaran.csv, baris 2.\n# Imported from pendaftaran.csv, row 2.\n"
        "name: Warung Bu Sri\ncategory: kuliner\nkecamatan: tebet\nsummary: Nasi uduk pagi.\n"
        "products:\n  - Nasi uduk\n  - Lontong sayur\n"
    )
    assert "contact_public: true\nestablished: 2019\nhalal: false\n" in text


def test_excel_windows_1252_commas_and_an_accented_name(site, monkeypatch):
    csv_name = sheet(site, HEADER + "Café Señor,kuliner,tebet,Kopi.\n", encoding="cp1252")
    assert (site.root / csv_name).read_bytes().count(b"\xe9") == 1  # really not UTF-8
    result = run(site, csv_name)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "created data/exhibitors/cafe-senor.yaml" in result.stdout
    assert exhibitors(site, monkeypatch)["cafe-senor"].name == "Café Señor"


def test_values_keep_the_type_the_editor_meant(site, monkeypatch):
    csv_name = sheet(
        site,
        HEADER.rstrip("\n") + ",telepon,produk,stan\n"
        "Kopi Senja,kuliner,tebet,19:30,0215551234,3.10; no,A-12\n",
    )
    assert run(site, csv_name).returncode == 0
    record = exhibitors(site, monkeypatch)["kopi-senja"]
    assert record.phone == "0215551234"
    assert record.products == ["3.10", "no"]
    assert record.summary.id == "19:30"
    text = (site.data / "exhibitors" / "kopi-senja.yaml").read_text(encoding="utf-8")
    assert "summary: '19:30'\n" in text and "phone: '0215551234'\n" in text
    assert "  - '3.10'\n  - 'no'\n" in text
    # Any YAML reader, YAML 1.1 ones included, sees the strings as written.
    plain = yaml.safe_load(text)
    assert (plain["phone"], plain["products"], plain["summary"]) == (
        "0215551234",
        ["3.10", "no"],
        "19:30",
    )


def test_bad_row_is_reported_with_its_column_and_not_written(site):
    csv_name = sheet(
        site, HEADER + "Kopi Senja,kuliner,tebet,Kopi.\nKopi Salah,kuliner,gambirr,Kopi.\n"
    )
    result = run(site, csv_name)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "pendaftaran.csv:row 2: created data/exhibitors/kopi-senja.yaml",
        "pendaftaran.csv:row 3: kecamatan: 'gambirr' is not a kecamatan of DKI Jakarta "
        "(did you mean 'gambir'?)",
        "created 1, updated 0, unchanged 0, skipped 0, bad rows 1",
    ]
    assert not (site.data / "exhibitors" / "kopi-salah.yaml").exists()
    indonesian = run(site, csv_name, lang="id")
    assert (
        "pendaftaran.csv:row 3: kecamatan: 'gambirr' bukan kecamatan di DKI Jakarta "
        "(maksud Anda 'gambir'?)" in indonesian.stdout.splitlines()
    )


def test_a_cell_of_several_lines_is_still_one_row(site, monkeypatch):
    csv_name = sheet(
        site,
        """
        nama,kategori,kecamatan,ringkasan,deskripsi
        Kopi Senja,kuliner,tebet,Kopi.,"Paragraf satu.

        Paragraf dua, baris ""tiga""."
        Kopi Salah,kuliner,tebet,,
        """,
    )
    result = run(site, csv_name)
    assert result.stdout.splitlines()[1] == "pendaftaran.csv:row 3: ringkasan: is required"
    description = exhibitors(site, monkeypatch)["kopi-senja"].description.id
    assert description == 'Paragraf satu.\n\nParagraf dua, baris "tiga".'


def test_running_the_same_sheet_again_changes_nothing(site):
    csv_name = sheet(
        site, HEADER + "Kopi Senja,kuliner,tebet,Kopi.\nTeh Sore,kuliner,menteng,Teh.\n"
    )
    assert run(site, csv_name).returncode == 0
    before = snapshot(site)
    for args in ((), ("--update",)):
        result = run(site, csv_name, *args)
        assert result.stdout.splitlines() == [
            "pendaftaran.csv:row 2: unchanged data/exhibitors/kopi-senja.yaml",
            "pendaftaran.csv:row 3: unchanged data/exhibitors/teh-sore.yaml",
            "created 0, updated 0, unchanged 2, skipped 0, bad rows 0",
        ]
        assert snapshot(site) == before


def test_an_existing_record_is_not_touched_without_update(site):
    site.exhibitor("kopi-senja", summary="Ditulis editor.")
    moved = site.data / "exhibitors" / "tebet" / "kopi-senja.yaml"
    moved.parent.mkdir()
    (site.data / "exhibitors" / "kopi-senja.yaml").rename(moved)
    before = snapshot(site)
    result = run(site, sheet(site, HEADER + "Kopi Senja,kuliner,tebet,Dari formulir.\n"))
    assert result.returncode == 0
    assert result.stdout.splitlines() == [
        "pendaftaran.csv:row 2: data/exhibitors/tebet/kopi-senja.yaml exists, skipped (use --update)",
        "created 0, updated 0, unchanged 0, skipped 1, bad rows 0",
    ]
    assert snapshot(site) == before


EDITED = """\
# Catatan editor: stan dekat pintu masuk.
name: Kopi Senja
category: kuliner
kecamatan: tebet
summary: Ringkasan lama.
# Nomor stan dari panitia.
booth: A-12
sample: true
"""


def test_update_changes_only_the_imported_fields(site, monkeypatch):
    site.write("data/exhibitors/kopi-senja.yaml", EDITED)
    csv_name = sheet(site, "nama,ringkasan,produk\nKopi Senja,Ringkasan baru.,Kopi susu\n")
    result = run(site, csv_name, "--update")
    assert (
        result.stdout.splitlines()[0]
        == "pendaftaran.csv:row 2: updated data/exhibitors/kopi-senja.yaml"
    )
    assert (site.data / "exhibitors" / "kopi-senja.yaml").read_text(encoding="utf-8") == (
        "# Diimpor dari pendaftaran.csv, baris 2.\n"
        "# Imported from pendaftaran.csv, row 2.\n"
        "# Catatan editor: stan dekat pintu masuk.\n"
        "name: Kopi Senja\n"
        "category: kuliner\n"
        "kecamatan: tebet\n"
        "summary: Ringkasan baru.\n"
        "products:\n"
        "  - Kopi susu\n"
        "# Nomor stan dari panitia.\n"
        "booth: A-12\n"
        "sample: true\n"
    )
    record = exhibitors(site, monkeypatch)["kopi-senja"]
    assert (record.summary.id, record.booth, record.products) == (
        "Ringkasan baru.",
        "A-12",
        ["Kopi susu"],
    )


def test_update_keeps_the_english_text_when_the_sheet_has_none(site, monkeypatch):
    site.exhibitor("kopi-senja", summary="{id: Lama., en: Old.}")
    csv_name = sheet(site, "nama,ringkasan\nKopi Senja,Baru.\n")
    assert run(site, csv_name, "--update").returncode == 0
    summary = exhibitors(site, monkeypatch)["kopi-senja"].summary
    assert (summary.id, summary.en) == ("Baru.", "Old.")


def test_dry_run_shows_a_diff_and_writes_nothing(site):
    site.write("data/exhibitors/kopi-senja.yaml", EDITED)
    before = snapshot(site)
    csv_name = sheet(
        site, HEADER + "Kopi Senja,kuliner,tebet,Ringkasan baru.\nTeh Sore,kuliner,menteng,Teh.\n"
    )
    result = run(site, csv_name, "--update", "--dry-run")
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "pendaftaran.csv:row 2: would update data/exhibitors/kopi-senja.yaml"
    assert lines[1:3] == [
        "--- data/exhibitors/kopi-senja.yaml",
        "+++ data/exhibitors/kopi-senja.yaml",
    ]
    assert "-summary: Ringkasan lama." in lines and "+summary: Ringkasan baru." in lines
    assert "pendaftaran.csv:row 3: would create data/exhibitors/teh-sore.yaml" in lines
    assert lines[-1] == "dry run (--dry-run): no file was written"
    assert snapshot(site) == before


def test_unknown_column_is_named_with_the_accepted_names(site):
    result = run(site, sheet(site, "nama,kategory,alamat\nKopi Senja,kuliner,Jl. Tebet\n"))
    assert result.returncode == 1
    first, second = result.stdout.splitlines()
    assert first.startswith(
        "pendaftaran.csv:row 1: kategory: unknown column ('kategori'?); accepted columns: "
        "name, nama, nama usaha; slug; category, kategori; kecamatan;"
    )
    assert second.startswith("pendaftaran.csv:row 1: alamat: unknown column; accepted columns:")
    assert snapshot(site) == {}


def test_two_rows_for_the_same_slug(site):
    csv_name = sheet(
        site, HEADER + "Kopi Senja,kuliner,tebet,Satu.\nKOPI  SENJA!,kuliner,tebet,Dua.\n"
    )
    result = run(site, csv_name)
    assert result.returncode == 1
    assert (
        "pendaftaran.csv:row 3: nama: 'kopi-senja' is already used by row 2 of this file; "
        "one row per exhibitor" in result.stdout.splitlines()
    )
    assert list(snapshot(site)) == ["exhibitors/kopi-senja.yaml"]


def test_update_of_a_scaffolded_file_fills_in_the_template_examples(site):
    subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "new_exhibitor.py"), "Kopi Senja",
         "--category", "kuliner", "--kecamatan", "tebet", "--settings", str(site.settings)],
        cwd=site.root, check=True, capture_output=True,
    )  # fmt: skip
    result = run(site, sheet(site, "nama,stan,halal\nKopi Senja,B-7,ya\n"), "--update")
    assert result.returncode == 0, result.stdout
    text = (site.data / "exhibitors" / "kopi-senja.yaml").read_text(encoding="utf-8")
    # Each value takes the place of its commented-out example, under its explanation.
    assert re.search(r"\n# Nomor stan[^\n]*\nbooth: B-7\n# Nomor WhatsApp", text)
    assert re.search(r"\n# Halal:[^\n]*\nhalal: true\n# Tag:", text)
    assert "# booth:" not in text and "# halal:" not in text
    assert "#   - kopi-senja-lama\n" in text  # the other examples stay
