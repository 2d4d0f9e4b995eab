"""What the editors' tools (new_exhibitor.py, import_exhibitors.py) share.

Editors read these tools' output the way they read data errors, so the tools
speak the same languages: Indonesian by default, English with
DATA_ERRORS_LANG=en (see plugins/data_layer/messages.py; only texts the data
layer does not already have live here). The tools find data/ through the
same Pelican settings as the build, and check a record with the very
validation the build applies, so a file they write cannot surprise
`make check` later.
"""

from __future__ import annotations

import argparse
import os
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))

from build_time.now import build_now  # noqa: E402
from data_layer.loader import DataLoader  # noqa: E402
from data_layer.messages import ERRORS_LANGUAGES, Problem, errors_language  # noqa: E402
from data_layer.schema import Exhibitor  # noqa: E402
from data_layer.validation import validate_document  # noqa: E402
from data_layer.yaml_source import YamlSourceError, read_yaml  # noqa: E402

TEMPLATES = ROOT / "data" / "_templates"

# key: (Indonesian, English); placeholders are filled by say().
MESSAGES = {
    "empty_name": (
        'tulis nama usaha, misalnya: make new-exhibitor NAME="Kopi Senja"',
        'give the business name, e.g. make new-exhibitor NAME="Kopi Senja"',
    ),
    "no_slug": (
        "'{value}' tidak menghasilkan nama berkas; pakai huruf latin atau angka",
        "'{value}' gives no file name; use Latin letters or digits",
    ),
    "slug_exists": (
        "'{value}' sudah ada: {other}; ubah berkas itu atau pilih nama lain",
        "'{value}' already exists: {other}; edit that file or choose another name",
    ),
    "written": ("Ditulis: {path}", "Written: {path}"),
    "next_steps": (
        "Langkah berikutnya:\n"
        "  1. Buka {path} dan isi kolomnya; ganti setiap GANTI{left}.\n"
        "  2. make check          (memeriksa data, menyebut baris yang salah)\n"
        "  3. make devserver      (pratinjau di http://127.0.0.1:8000/peserta/{slug}/)",
        "Next steps:\n"
        "  1. Open {path} and fill in its fields; replace every GANTI{left}.\n"
        "  2. make check          (checks the data, names any wrong line)\n"
        "  3. make devserver      (preview at http://127.0.0.1:8000/peserta/{slug}/)",
    ),
    "still_to_fill": (" (masih harus diisi: {fields})", " (still to fill in: {fields})"),
    "csv_needed": (
        "sebutkan berkas CSV, misalnya: make import-exhibitors CSV=pendaftaran.csv",
        "name the CSV file, e.g. make import-exhibitors CSV=pendaftaran.csv",
    ),
    "csv_missing": ("berkas tidak ditemukan", "file not found"),
    "csv_encoding": (
        "berkas bukan UTF-8 atau Windows-1252; simpan ulang sebagai 'CSV UTF-8'",
        "the file is neither UTF-8 nor Windows-1252; save it again as 'CSV UTF-8'",
    ),
    "csv_empty": (
        "berkas kosong; baris 1 harus berisi nama kolom",
        "the file is empty; row 1 must hold the column names",
    ),
    "csv_syntax": (
        "CSV tidak valid: {detail}; periksa tanda kutip",
        "invalid CSV: {detail}; check the quotes",
    ),
    "unknown_column": (
        "kolom tidak dikenal{hint}; kolom yang diterima: {accepted}",
        "unknown column{hint}; accepted columns: {accepted}",
    ),
    "duplicate_column": (
        "kolom ini sama dengan kolom '{other}'; hapus salah satunya",
        "this column means the same as column '{other}'; remove one",
    ),
    "no_key_column": (
        "harus ada kolom nama (name, nama) atau slug",
        "there must be a name column (name, nama) or a slug column",
    ),
    "no_header": (
        "sel berisi di kolom tanpa nama; beri nama kolom di baris 1",
        "a filled cell in a column without a name; name the column in row 1",
    ),
    "csv_duplicate_slug": (
        "'{value}' sudah dipakai baris {other} di berkas ini; satu baris per peserta",
        "'{value}' is already used by row {other} of this file; one row per exhibitor",
    ),
    "created": ("dibuat {path}", "created {path}"),
    "would_create": ("akan dibuat {path}", "would create {path}"),
    "updated": ("diperbarui {path}", "updated {path}"),
    "would_update": ("akan diperbarui {path}", "would update {path}"),
    "unchanged": ("tidak berubah {path}", "unchanged {path}"),
    "skipped": (
        "{path} sudah ada, dilewati (pakai --update)",
        "{path} exists, skipped (use --update)",
    ),
    "summary": (
        "dibuat {created}, diperbarui {updated}, tidak berubah {unchanged}, "
        "dilewati {skipped}, baris bermasalah {bad}",
        "created {created}, updated {updated}, unchanged {unchanged}, "
        "skipped {skipped}, bad rows {bad}",
    ),
    "dry_run": (
        "uji coba (--dry-run): tidak ada berkas yang ditulis",
        "dry run (--dry-run): no file was written",
    ),
}


def say(key: str, **params) -> str:
    """The message `key` in the editors' language."""
    return MESSAGES[key][ERRORS_LANGUAGES.index(errors_language())].format(**params)


def display(path: Path) -> str:
    """A path as editors see it: relative to where they are when possible."""
    relative = os.path.relpath(path)
    return Path(path).as_posix() if relative.startswith("..") else Path(relative).as_posix()


# -- the project's paths, from the build's settings ------------------------------------


@dataclass(frozen=True)
class Project:
    data: Path
    images: Path

    @property
    def exhibitors(self) -> Path:
        return self.data / "exhibitors"


def add_project_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--settings",
        default=str(ROOT / "pelicanconf.py"),
        help="Pelican settings file giving DATA_PATH and CONTENT_IMAGES_PATH",
    )
    parser.add_argument("--data", help="the data folder (default: DATA_PATH of the settings)")


def read_project(arguments) -> Project:
    """Paths of the settings are relative to the settings file, as for `make`."""
    from pelican.settings import read_settings

    settings_file = Path(arguments.settings).resolve()
    settings = read_settings(str(settings_file))
    base = settings_file.parent
    data = Path(arguments.data).resolve() if arguments.data else base / settings["DATA_PATH"]
    return Project(data, base / settings["CONTENT_IMAGES_PATH"])


# -- the build's own validation of one exhibitor ------------------------------------------


class VocabularyError(Exception):
    """The vocabularies themselves are broken: nothing can be checked."""

    def __init__(self, problems: list[Problem]):
        super().__init__("\n".join(p.format() for p in problems))


class ExhibitorValidator:
    """Checks an exhibitor's YAML text exactly as the loader checks a file."""

    def __init__(self, project: Project):
        loader = DataLoader(project.data, project.images, build_now())
        vocab, _ = loader.load_vocabularies()
        if loader.problems:
            raise VocabularyError(loader.problems)
        # The context DataLoader.load gives every record.
        self.context = loader.validation_context(vocab)

    def problems(self, source: str, text: str) -> list[Problem]:
        try:
            document = read_yaml(source, text.encode("utf-8"))
        except YamlSourceError as error:
            return error.problems
        return validate_document(Exhibitor, document, self.context)[1]


def top_field(problem: Problem) -> str:
    """`products[2]` or `summary.en` -> the record's field, `products`, `summary`."""
    return problem.field.split("[")[0].split(".")[0]
