"""Write /data/peserta, /data/mitra and /data/pusat-pendampingan, each as
.json and .csv, sorted by slug, the same bytes for the same data and "now".

With OPEN_DATA_CACHE_PATH set (not in publish builds), each collection's two
files are kept under a hash of the site's inputs (page_writer's site key),
the date they carry and their records' digests, and copied from there when
none of these changed: at the full membership they take tens of seconds to
write. When some record changed, the others' text is taken from the files
of the build before (fragments.py)."""

from __future__ import annotations

import os
from functools import partial
from pathlib import Path

from derived_files.cache import FileCache, content_key
from derived_files.placing import place
from page_writer.memo import site_key
from pelican.generators import Generator
from theme_i18n.formatting import JAKARTA

from . import fragments
from .formats import CsvRecordsFile, JsonRecordsFile
from .records import COLLECTIONS, OpenDataRecords

FOLDER = "data"  # DESIGN.md, URLs: /data/<name>.json and .csv


class OpenDataGenerator(Generator):
    def generate_output(self, writer):
        site_data = self.context["site_data"]
        absolute = self.settings["SITE_ABSOLUTE_URL"].rstrip("/")
        builder = OpenDataRecords(site_data, absolute)
        folder = Path(self.output_path) / FOLDER
        folder.mkdir(parents=True, exist_ok=True)
        cache = self.cache()
        for name, (collection, fields, build) in COLLECTIONS.items():
            records = getattr(site_data, collection)
            files = [folder / f"{name}.json", folder / f"{name}.csv"]
            if cache is None:
                self.write(files, name, records, fields, partial(build, builder), absolute)
                continue
            key = self.key(name, records)
            if all(os.path.isfile(cache.path(f"{key}{f.suffix}")) for f in files):
                for file in files:
                    place(cache.path(f"{key}{file.suffix}"), str(file))
                continue
            text_key = content_key(site_key(self.settings), absolute, name)
            with fragments.EarlierTexts(cache, name, text_key) as earlier:
                index = self.write(files, name, records, fields, partial(build, builder),
                                   absolute, earlier)  # fmt: skip
            for file in files:
                cache.store_copy(f"{key}{file.suffix}", str(file))
            fragments.keep(cache, name, text_key, key, index, earlier.files_key)

    def write(self, files, name, records, fields, flatten, absolute,
              earlier=None) -> fragments.TextIndex:  # fmt: skip
        """Write one collection's JSON and CSV, taking each record's text from
        `earlier` where it holds it; where each record's text lies."""
        site_data = self.context["site_data"]
        head = self.head(site_data.festival.licence, absolute, len(records), fields)
        index = fragments.TextIndex()
        with (
            JsonRecordsFile(files[0], head) as json_file,
            CsvRecordsFile(files[1], fields) as csv_file,
        ):
            for slug in sorted(records):
                digest = records[slug].digest
                texts = earlier.texts(slug, digest) if earlier is not None else None
                if texts is None:
                    record = flatten(records[slug])
                    if tuple(record) != fields:  # a builder out of step with its field list
                        raise ValueError(f"{name}: fields {tuple(record)} != {fields}")
                    texts = json_file.text_of(record), csv_file.text_of(record)
                index.add(slug, digest, json_file.add_text(texts[0]), csv_file.add_text(texts[1]))
        return index

    def cache(self) -> FileCache | None:
        folder = self.settings.get("OPEN_DATA_CACHE_PATH")
        if not folder:
            return None
        return FileCache(folder, "")

    def key(self, name: str, records: dict) -> str:
        """Everything the collection's files are made of."""
        generated = self.settings["BUILD_NOW"].astimezone(JAKARTA).date().isoformat()
        digests = b"".join(records[slug].digest for slug in sorted(records))
        return content_key(site_key(self.settings), generated, name, digests)

    def head(self, licence, absolute: str, count: int, fields: tuple[str, ...]) -> dict:
        """What the JSON says before its records."""
        generated = self.settings["BUILD_NOW"].astimezone(JAKARTA).date()
        return {
            "licence": {"name": licence.name, "url": licence.url},
            "source": f"{absolute}/",
            "generated": generated.isoformat(),
            "count": count,
            "fields": list(fields),
        }
