"""Write /data/peserta, /data/mitra and /data/pusat-pendampingan, each as
.json and .csv, sorted by slug, the same bytes for the same data and "now".

With OPEN_DATA_CACHE_PATH set (not in publish builds), each collection's two
files are kept under a hash of the site's inputs (page_writer's site key),
the date they carry and their records' digests, and copied from there when
none of these changed: at the full membership they take tens of seconds to
write."""

from __future__ import annotations

import os
from pathlib import Path

from derived_files.cache import FileCache, content_key
from derived_files.placing import place
from page_writer.memo import site_key
from pelican.generators import Generator
from theme_i18n.formatting import JAKARTA

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
            key = self.key(name, records) if cache is not None else None
            if key is not None and all(
                os.path.isfile(cache.path(f"{key}{f.suffix}")) for f in files
            ):
                for file in files:
                    place(cache.path(f"{key}{file.suffix}"), str(file))
                continue
            head = self.head(site_data.festival.licence, absolute, len(records), fields)
            with (
                JsonRecordsFile(files[0], head) as json_file,
                CsvRecordsFile(files[1], fields) as csv_file,
            ):
                for slug in sorted(records):
                    record = build(builder, records[slug])
                    if tuple(record) != fields:  # a builder out of step with its field list
                        raise ValueError(f"{name}: fields {tuple(record)} != {fields}")
                    json_file.add(record)
                    csv_file.add(record)
            if key is not None:
                for file in files:
                    cache.store(f"{key}{file.suffix}", file.read_bytes())

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
