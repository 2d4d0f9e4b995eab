"""Write /data/peserta, /data/mitra and /data/pusat-pendampingan, each as
.json and .csv, sorted by slug, the same bytes for the same data and "now"."""

from __future__ import annotations

from pathlib import Path

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
        for name, (collection, fields, build) in COLLECTIONS.items():
            records = getattr(site_data, collection)
            head = self.head(site_data.festival.licence, absolute, len(records), fields)
            with (
                JsonRecordsFile(folder / f"{name}.json", head) as json_file,
                CsvRecordsFile(folder / f"{name}.csv", fields) as csv_file,
            ):
                for slug in sorted(records):
                    record = build(builder, records[slug])
                    if tuple(record) != fields:  # a builder out of step with its field list
                        raise ValueError(f"{name}: fields {tuple(record)} != {fields}")
                    json_file.add(record)
                    csv_file.add(record)

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
