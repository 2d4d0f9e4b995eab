"""`make import-exhibitors CSV=pendaftaran.csv [ARGS="--update --dry-run"]`:
exhibitors from a registration spreadsheet, one data/exhibitors/<slug>.yaml
file per row.

Exhibitor lists reach the programme as spreadsheets; typing them into YAML by
hand loses rows and adds typos. Every row is checked with the build's own
validation and reported as `file.csv:row N: column: message`; a bad row
writes nothing, good rows are still written. Running the same file again
changes nothing. An existing file is only changed with `--update`, and then
only in the columns the spreadsheet has: the editor's other fields and
comments stay. `--dry-run` shows what would happen (a diff for each update)
and writes nothing. Save the sheet as CSV (UTF-8, or Excel's plain CSV),
with `,` or `;` between cells and the column names in row 1.

| column (English) | also accepted (Indonesian) | what to write |
|---|---|---|
| `name` | `nama`, `nama usaha` | business name (required for a new exhibitor) |
| `slug` | | file name, e.g. `kopi-senja`; when absent it is made from the name |
| `category` | `kategori` | key of data/vocab/categories.yaml, e.g. `kuliner` (required) |
| `kecamatan` | | key of data/vocab/regions.yaml, e.g. `tebet` (required) |
| `summary` | `ringkasan`, `deskripsi singkat` | one sentence (required) |
| `summary_en` | `ringkasan en`, `ringkasan inggris` | the summary in English |
| `description` | `deskripsi` | longer text; Markdown, may hold several lines |
| `description_en` | `deskripsi en`, `deskripsi inggris` | the description in English |
| `products` | `produk` | products separated by `;`, `\\|` or new lines in the cell |
| `booth` | `stan` | booth number, e.g. `A-12` |
| `whatsapp` | `wa`, `no wa` | WhatsApp number, e.g. `081234567890` |
| `phone` | `telepon`, `telp`, `no telepon`, `no telp` | phone number, e.g. `0215551234` |
| `instagram` | | handle; a leading `@` is dropped |
| `website` | `situs` | full address starting with https:// |
| `contact_public` | `izin kontak`, `kontak publik` | owner agrees to publish phone and WhatsApp: `ya`/`tidak` |
| `established` | `tahun berdiri` | year, e.g. `2019` |
| `halal` | | `ya`/`tidak` |
| `tags` | `tag` | keys such as `pesan-antar`, separated by `,`, `;`, `\\|` or new lines |

Column names ignore case, spaces, `_`, `-`, `.` and brackets (`Nama Usaha`,
`contact_public`, `Ringkasan (EN)` all work). Yes/no cells accept `ya`/`tidak`,
`yes`/`no`, `true`/`false`, `1`/`0`. An empty cell leaves the field as it is
in an existing file. Logos, marketplaces and aliases are added in the YAML
file by hand.
"""

from __future__ import annotations

import argparse
import difflib
import os
import re
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))

import exhibitor_yaml  # noqa: E402
import spreadsheet  # noqa: E402
from data_layer.messages import Problem  # noqa: E402
from data_layer.schema import Exhibitor  # noqa: E402
from data_layer.yaml_source import YamlSourceError, read_yaml  # noqa: E402
from editor_tools import (  # noqa: E402
    ExhibitorValidator,
    VocabularyError,
    add_project_arguments,
    display,
    read_project,
    say,
    top_field,
)
from slugs import KEBAB, RESERVED_SLUGS, existing_files, slugify  # noqa: E402

# field: the column names accepted for it (compared by `normalise`).
COLUMNS = {
    "name": ("name", "nama", "nama usaha"),
    "slug": ("slug",),
    "category": ("category", "kategori"),
    "kecamatan": ("kecamatan",),
    "summary": ("summary", "ringkasan", "deskripsi singkat"),
    "summary_en": ("summary en", "ringkasan en", "ringkasan inggris"),
    "description": ("description", "deskripsi"),
    "description_en": ("description en", "deskripsi en", "deskripsi inggris"),
    "products": ("products", "produk"),
    "booth": ("booth", "stan"),
    "whatsapp": ("whatsapp", "wa", "no wa"),
    "phone": ("phone", "telepon", "telp", "no telepon", "no telp"),
    "instagram": ("instagram",),
    "website": ("website", "situs"),
    "contact_public": ("contact_public", "izin kontak", "kontak publik"),
    "established": ("established", "tahun berdiri"),
    "halal": ("halal",),
    "tags": ("tags", "tag"),
}
ENGLISH = {"summary_en": "summary", "description_en": "description"}  # column -> field
TRANSLATABLE = ("summary", "description")
LISTS = {"products": r"[;|\n]", "tags": r"[,;|\n]"}
YES_NO_FIELDS = ("contact_public", "halal")
YES_NO = {"ya": "true", "yes": "true", "true": "true", "1": "true",
          "tidak": "false", "no": "false", "false": "false", "0": "false"}  # fmt: skip
TYPED = ("contact_public", "established", "halal")  # written plain: `true`, `2019`
ORDER = list(Exhibitor.model_fields)


def normalise(header: str) -> str:
    return re.sub(r"[\s_.()\[\]-]+", "", header.casefold())


ACCEPTED = {normalise(name): key for key, names in COLUMNS.items() for name in names}
SPELLED = {normalise(name): name for names in COLUMNS.values() for name in names}


@dataclass
class Row:
    """One spreadsheet row: values per field, and the header each came from."""

    number: int
    values: dict = field(default_factory=dict)
    labels: dict = field(default_factory=dict)
    errors: list = field(default_factory=list)  # (column label, message)


class Importer:
    def __init__(self, arguments, project, validator):
        self.arguments = arguments
        self.csv_shown = arguments.csv
        self.csv_name = Path(arguments.csv).name
        self.project = project
        self.validator = validator
        self.files = existing_files(project.exhibitors)
        self.slug_rows: dict[str, int] = {}
        self.counts = dict.fromkeys(("created", "updated", "unchanged", "skipped", "bad"), 0)

    def say_row(self, number: int, text: str) -> None:
        print(f"{self.csv_shown}:row {number}: {text}")

    # -- the header ----------------------------------------------------------------------

    def columns(self, headers: list[str]) -> list[str | None] | None:
        """The key of each column, or None after reporting the header's problems."""
        keys, seen, errors = [], {}, []
        for header in headers:
            key = ACCEPTED.get(normalise(header)) if header else None
            if header and key is None:
                match = difflib.get_close_matches(normalise(header), SPELLED, n=1, cutoff=0.75)
                hint = f" ('{SPELLED[match[0]]}'?)" if match else ""
                errors.append((header, say("unknown_column", hint=hint, accepted=accepted())))
            elif key in seen:
                errors.append((header, say("duplicate_column", other=seen[key])))
            elif key:
                seen[key] = header
            keys.append(key)
        if not errors and not {"name", "slug"} & set(seen):
            errors.append((headers[0], say("no_key_column")))
        for label, message in errors:
            self.say_row(1, f"{label}: {message}")
        return None if errors else keys

    # -- one row ---------------------------------------------------------------------------

    def read_row(self, number: int, cells: list[str], keys, headers) -> Row:
        row = Row(number)
        for key, header in sorted(zip(keys, headers, strict=False), key=lambda c: c[0] in ENGLISH):
            if key:  # the Indonesian text's column names the field
                row.labels.setdefault(ENGLISH.get(key, key), header)
        for index, cell in enumerate(cells):
            key = keys[index] if index < len(keys) else None
            if not cell:
                continue
            if key is None:
                row.errors.append((spreadsheet.column_letter(index), say("no_header")))
                continue
            target = ENGLISH.get(key, key)
            if target in TRANSLATABLE:
                language = "en" if key in ENGLISH else "id"
                row.values.setdefault(target, {})[language] = cell
            elif target in LISTS:
                items = [item.strip() for item in re.split(LISTS[target], cell)]
                row.values[target] = [item for item in items if item]
            elif target in YES_NO_FIELDS:
                row.values[target] = YES_NO.get(cell.lower(), cell)
            elif target == "instagram":
                row.values[target] = cell.removeprefix("@")
            else:
                row.values[target] = cell
        return row

    def slug_of(self, row: Row) -> str | None:
        slug = row.values.pop("slug", None)
        label = row.labels.get("slug") or row.labels.get("name", "name")
        if slug is None:
            name = row.values.get("name")
            if name is None:
                row.errors.append((label, Problem("", 0, "", "missing").message()))
                return None
            slug = slugify(name)
            if not slug:
                row.errors.append((label, say("no_slug", value=name)))
                return None
        key = None
        if not KEBAB.match(slug):
            key = "slug_format"
        elif slug in RESERVED_SLUGS:
            key = "slug_reserved"
        if key:
            row.errors.append((label, Problem("", 0, "", key, value=slug).message()))
            return None
        if slug in self.slug_rows:
            other = self.slug_rows[slug]
            row.errors.append((label, say("csv_duplicate_slug", value=slug, other=other)))
            return None
        self.slug_rows[slug] = row.number
        return slug

    def import_row(self, row: Row) -> None:
        slug = self.slug_of(row)
        if row.errors:
            return self.bad(row)
        path = self.files.get(slug, self.project.exhibitors / f"{slug}.yaml")
        shown = display(path)
        old_text = path.read_bytes() if path.is_file() else None
        try:
            new_text, changed = self.render(row, shown, old_text)
        except YamlSourceError as error:  # the existing file is broken
            row.errors += [("", problem.format()) for problem in error.problems]
            return self.bad(row)
        for problem in self.validator.problems(shown, new_text):
            # A field the sheet does not have is the file's: name the file.
            column = row.labels.get(top_field(problem)) or f"{problem.field} ({shown})".lstrip()
            row.errors.append((column, problem.message()))
        if row.errors:
            return self.bad(row)
        if old_text is not None and not changed:
            self.counts["unchanged"] += 1
            return self.say_row(row.number, say("unchanged", path=shown))
        if old_text is not None and not self.arguments.update:
            self.counts["skipped"] += 1
            return self.say_row(row.number, say("skipped", path=shown))
        self.write(row, path, old_text, new_text)

    def bad(self, row: Row) -> None:
        self.counts["bad"] += 1
        for column, message in row.errors:
            self.say_row(row.number, f"{column}: {message}" if column else message)

    # -- the file ----------------------------------------------------------------------------

    def render(self, row: Row, shown: str, old_raw: bytes | None) -> tuple[str, bool]:
        """The file's text after the import, and whether any imported field changed."""
        header = exhibitor_yaml.header(self.csv_name, row.number)
        if old_raw is None:
            document = exhibitor_yaml.CommentedMap()
            for key in ORDER:
                if key in row.values:
                    document[key] = value_node(key, merged(key, row.values[key], None))
            return header + exhibitor_yaml.dump(document), True
        old = read_yaml(shown, old_raw).data
        if not isinstance(old, dict):
            raise YamlSourceError([Problem(shown, 1, "", "not_mapping")])
        changes = {}
        for key, value in row.values.items():
            value = merged(key, value, old.get(key))
            if comparable(value) != comparable(old.get(key)):
                changes[key] = value
        old_text = old_raw.decode("utf-8").removeprefix("\ufeff")
        if not changes:
            return old_text, False
        document = exhibitor_yaml.load(exhibitor_yaml.without_header(old_text))
        for key, value in changes.items():
            current = document.get(key)
            if isinstance(current, dict) and isinstance(value, dict):
                edits = {k: v for k, v in value.items() if v and comparable(current.get(k)) != v}
                for language, text in edits.items():  # the mapping and its comments stay
                    exhibitor_yaml.put(current, language, exhibitor_yaml.scalar(text), ["id", "en"])
            else:
                exhibitor_yaml.put(document, key, value_node(key, value), ORDER)
        return header + exhibitor_yaml.dump(document), True

    def write(self, row: Row, path: Path, old_raw: bytes | None, new_text: str) -> None:
        shown = display(path)
        kind = "created" if old_raw is None else "updated"
        self.counts[kind] += 1
        if self.arguments.dry_run:
            would = "would_create" if old_raw is None else "would_update"
            self.say_row(row.number, say(would, path=shown))
            if old_raw is not None:
                old_lines = old_raw.decode("utf-8").splitlines(keepends=True)
                diff = difflib.unified_diff(
                    old_lines, new_text.splitlines(keepends=True), shown, shown
                )
                sys.stdout.writelines(diff)
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(path, new_text)
        self.files[path.stem] = path
        self.say_row(row.number, say(kind, path=shown))

    # -- the whole sheet -----------------------------------------------------------------------

    def run(self, sheet: spreadsheet.Sheet) -> int:
        keys = self.columns(sheet.headers)
        if keys is None:
            return 1
        for number, cells in sheet.rows:
            self.import_row(self.read_row(number, cells, keys, sheet.headers))
        print(say("summary", **self.counts))
        if self.arguments.dry_run:
            print(say("dry_run"))
        return 1 if self.counts["bad"] else 0


def merged(key: str, new, old):
    """The field's value after the import: English or Indonesian text missing
    from the sheet is kept from the file."""
    if key not in TRANSLATABLE:
        return new
    old_id, old_en = (old.get("id"), old.get("en")) if isinstance(old, dict) else (old, None)
    text_id, text_en = new.get("id", old_id), new.get("en", old_en)
    return text_id if text_en is None else {"id": text_id, "en": text_en}


def comparable(value):
    """A value as the build reads it: trimmed, `{id: x}` the same as `x`."""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, list):
        return [comparable(item) for item in value]
    if isinstance(value, dict):
        value = {k: comparable(v) for k, v in value.items() if v is not None}
        return value["id"] if set(value) == {"id"} else value
    return value


def value_node(key: str, value):
    return exhibitor_yaml.typed(value) if key in TYPED else exhibitor_yaml.node(value)


def accepted() -> str:
    return "; ".join(", ".join(names) for names in COLUMNS.values())


def write_atomically(path: Path, text: str) -> None:
    """A reader (the devserver) never sees half a file."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".import-", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
        os.chmod(temporary, path.stat().st_mode if path.exists() else _default_mode())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _default_mode() -> int:
    """What `open()` would give a new file (mkstemp's are private)."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("csv", help="the spreadsheet saved as CSV")
    parser.add_argument("--update", action="store_true", help="change existing files too")
    parser.add_argument(
        "--dry-run", action="store_true", help="show what would change; write nothing"
    )
    add_project_arguments(parser)
    arguments = parser.parse_args(argv)
    if not arguments.csv.strip():
        print(say("csv_needed"))
        return 1
    try:
        raw = Path(arguments.csv).read_bytes()
    except OSError as error:
        missing = isinstance(error, FileNotFoundError)
        print(f"{arguments.csv}: {say('csv_missing') if missing else error.strerror}")
        return 1
    try:
        sheet = spreadsheet.read_sheet(raw)
    except spreadsheet.SheetError as error:
        print(f"{arguments.csv}:row {error.row}: {say(error.key, **error.params)}")
        return 1
    project = read_project(arguments)
    try:
        validator = ExhibitorValidator(project)
    except VocabularyError as error:
        print(error)
        return 1
    return Importer(arguments, project, validator).run(sheet)


if __name__ == "__main__":
    sys.exit(main())
