"""Problems found in the data, and how they read to an editor.

Every problem is one line, `file:line: field: what is wrong, what is expected`
(`file:line:column:` for files that cannot be parsed at all). Editors are
programme staff who read Indonesian first, so messages are in Indonesian by
default; `DATA_ERRORS_LANG=en` in the environment switches them to English.
"""

from __future__ import annotations

import os

ERRORS_LANG_VARIABLE = "DATA_ERRORS_LANG"
ERRORS_LANGUAGES = ("id", "en")

# key: (Indonesian, English). Placeholders come from Problem.params.
MESSAGES = {
    "yaml_syntax": (
        "YAML tidak valid: {detail}; periksa indentasi dan tanda titik dua",
        "invalid YAML: {detail}; check the indentation and the colons",
    ),
    "not_utf8": (
        "berkas bukan UTF-8; simpan ulang dengan pengodean UTF-8",
        "the file is not UTF-8; save it again with UTF-8 encoding",
    ),
    "empty_file": ("berkas kosong", "the file is empty"),
    "bad_key": (
        "nama kolom harus berupa teks biasa",
        "field names must be plain text",
    ),
    "duplicate_key": (
        "kolom ini ditulis dua kali (pertama di baris {first_line}); hapus salah satunya",
        "this field is written twice (first at line {first_line}); remove one",
    ),
    "not_mapping": (
        "harus berupa daftar `kolom: nilai`",
        "must be a mapping of `field: value`",
    ),
    "unknown_key": (
        "kolom tidak dikenal{hint}; kolom yang boleh: {allowed}",
        "unknown field{hint}; allowed fields: {allowed}",
    ),
    "missing": ("wajib diisi", "is required"),
    "expected_text": ("harus berupa teks", "must be text"),
    "expected_list": (
        "harus berupa daftar (baris yang diawali `- `)",
        "must be a list (lines starting with `- `)",
    ),
    "expected_bool": (
        "'{value}' bukan nilai ya/tidak; tulis true atau false",
        "'{value}' is not a yes/no value; write true or false",
    ),
    "translatable": (
        "harus berupa teks, atau {{id: ..., en: ...}} dengan teks Indonesia wajib",
        "must be text, or {{id: ..., en: ...}} with the Indonesian text required",
    ),
    "vocab": (
        "'{value}' bukan {vocab_id}{hint_id}",
        "'{value}' is not {vocab_en}{hint_en}",
    ),
    "url_scheme": (
        "'{value}' bukan alamat web yang diizinkan; tulis alamat lengkap yang diawali https://",
        "'{value}' is not an allowed web address; write a full address starting with https://",
    ),
    "url_malformed": (
        "'{value}' bukan alamat web yang utuh; contoh: https://contoh.id/toko",
        "'{value}' is not a complete web address; e.g. https://example.id/shop",
    ),
    "url_host": (
        "'{value}' bukan alamat {platform}; alamat harus di {hosts} dengan https://",
        "'{value}' is not a {platform} address; it must be on {hosts} with https://",
    ),
    "logo_missing": (
        "berkas '{value}' tidak ada di content/images/",
        "file '{value}' does not exist in content/images/",
    ),
    "image_format": (
        "'{value}' bukan gambar yang didukung; pakai {formats}",
        "'{value}' is not a supported image; use {formats}",
    ),
    "image_too_large": (
        "'{value}' berukuran {size} MB; batasnya {limit} MB, perkecil gambarnya dulu",
        "'{value}' is {size} MB; the limit is {limit} MB, make the image smaller first",
    ),
    "slug_format": (
        "nama berkas '{value}' harus huruf kecil, angka dan tanda hubung (contoh: kopi-senja)",
        "file name '{value}' must be lowercase letters, digits and hyphens (e.g. kopi-senja)",
    ),
    "slug_reserved": (
        "nama '{value}' bentrok dengan halaman buatan situs; pilih nama lain",
        "name '{value}' clashes with a page the site generates; choose another name",
    ),
    "key_format": (
        "'{value}' harus huruf kecil, angka dan tanda hubung (contoh: kopi-susu)",
        "'{value}' must be lowercase letters, digits and hyphens (e.g. kopi-susu)",
    ),
    "duplicate_slug": (
        "'{value}' sudah dipakai oleh {other}; dua data akan menulis halaman yang sama",
        "'{value}' is already used by {other}; two records would write the same page",
    ),
    "file_missing": ("berkas ini wajib ada", "this file is required"),
    "extension": (
        "akhiran nama berkas harus .yaml, bukan .yml",
        "the file name must end in .yaml, not .yml",
    ),
    "choice": (
        "'{value}' tidak dikenal; pilih salah satu: {expected}",
        "'{value}' is not known; choose one of: {expected}",
    ),
    "invalid": ("nilai tidak valid: {detail}", "invalid value: {detail}"),
    "centre_missing": (
        "kecamatan '{value}' belum punya pusat pendampingan; buat data/centres/{value}.yaml",
        "kecamatan '{value}' has no mentoring centre; create data/centres/{value}.yaml",
    ),
    "centre_duplicate": (
        "kecamatan '{value}' sudah punya pusat pendampingan di {other}; harus tepat satu",
        "kecamatan '{value}' already has a mentoring centre in {other}; there must be exactly one",
    ),
    "phone": (
        "'{value}' bukan nomor telepon Indonesia; contoh: 0215551234 atau +62215551234",
        "'{value}' is not an Indonesian phone number; e.g. 0215551234 or +62215551234",
    ),
    "whatsapp": (
        "'{value}' bukan nomor WhatsApp Indonesia; contoh: 081234567890 atau +6281234567890",
        "'{value}' is not an Indonesian WhatsApp number; e.g. 081234567890 or +6281234567890",
    ),
    "instagram": (
        "'{value}' bukan nama akun Instagram; tulis tanpa @, misalnya kopisenja.id",
        "'{value}' is not an Instagram handle; write it without @, e.g. kopisenja.id",
    ),
    "year": (
        "'{value}' bukan tahun; tulis empat angka antara 1900 dan {max_year}",
        "'{value}' is not a year; write four digits between 1900 and {max_year}",
    ),
    "date": (
        "'{value}' bukan tanggal; tulis seperti 2021-10-24",
        "'{value}' is not a date; write it like 2021-10-24",
    ),
    "datetime": (
        "'{value}' bukan tanggal dan jam WIB; tulis seperti 2021-10-24 19:30 "
        "(atau 2021-10-24 saja untuk sehari penuh)",
        "'{value}' is not a date and time in WIB; write it like 2021-10-24 19:30 "
        "(or just 2021-10-24 for a whole day)",
    ),
    "time_kinds": (
        "mulai dan selesai harus sama-sama memakai jam, atau sama-sama tanpa jam",
        "start and end must both have a time, or both have none",
    ),
    "end_before_start": (
        "selesai ({value}) harus sesudah mulai ({start})",
        "the end ({value}) must come after the start ({start})",
    ),
    "coordinate": (
        "'{value}' bukan {axis_id} di wilayah DKI Jakarta (antara {low} dan {high})",
        "'{value}' is not a {axis_en} within DKI Jakarta (between {low} and {high})",
    ),
    "booth": (
        "'{value}' bukan nomor stan; tulis huruf, tanda hubung dan angka, seperti A-12",
        "'{value}' is not a booth number; write a letter, a hyphen and digits, like A-12",
    ),
    "number": (
        "'{value}' bukan bilangan bulat; tulis angka tanpa titik atau koma",
        "'{value}' is not a whole number; write digits without dots or commas",
    ),
    "one_line": (
        "harus satu baris teks",
        "must be a single line of text",
    ),
    "unknown_reference": (
        "'{value}' tidak ada di {where}",
        "'{value}' does not exist in {where}",
    ),
}


def errors_language() -> str:
    """The language editors chose for data errors (`id` unless told)."""
    chosen = os.environ.get(ERRORS_LANG_VARIABLE, "id").strip().lower()
    return chosen if chosen in ERRORS_LANGUAGES else "id"


class Problem:
    """One thing wrong with the data, located in a file.

    `key` names a message of MESSAGES; `params` fill its placeholders.
    """

    __slots__ = ("source", "line", "field", "key", "column", "params")

    def __init__(self, source, line, field, key, column=None, **params):
        self.source = source
        self.line = line
        self.field = field
        self.key = key
        self.column = column
        self.params = params

    def __repr__(self):
        return f"Problem({self.format('en')!r})"

    def message(self, lang: str | None = None) -> str:
        lang = lang or errors_language()
        template = MESSAGES[self.key][ERRORS_LANGUAGES.index(lang)]
        return template.format(**self.params)

    def format(self, lang: str | None = None) -> str:
        where = f"{self.source}:{self.line}"
        if self.column is not None:
            where += f":{self.column}"
        field_part = f" {self.field}:" if self.field else ""
        return f"{where}:{field_part} {self.message(lang)}"

    def sort_key(self):
        return (self.source, self.line, self.column or 0, self.field)


class DataError(Exception):
    """Raised once, with every problem of the run, when the data is invalid."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems, key=Problem.sort_key)
        super().__init__(self.report())

    def report(self, lang: str | None = None) -> str:
        return "\n".join(problem.format(lang) for problem in self.problems)
