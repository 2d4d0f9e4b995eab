"""Load every file of the data contract, validate it, and check the records
against each other. All problems of a run are collected and raised together.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path

from .fields import KEBAB
from .messages import DataError, Problem
from .schema import VOCABULARY_ENTRIES, Centre, Event, Exhibitor, Festival, Partner
from .validation import validate_document
from .vocab import Vocabularies
from .yaml_source import YamlDocument, YamlSourceError, read_yaml

# data/<folder>/**/<slug>.yaml -> the model of its records.
COLLECTIONS = {
    "exhibitors": Exhibitor,
    "partners": Partner,
    "centres": Centre,
    "events": Event,
}

# Slugs that would shadow a path the site generates beside the records
# (listing pages, facets, the A-Z index, the whole-fest calendar).
RESERVED_SLUGS = frozenset({"page", "kategori", "kecamatan", "kota", "a-z", "index", "agenda"})


@dataclass(frozen=True)
class Record:
    """One validated file: its slug (the file stem), where it came from, its data."""

    slug: str
    source: str
    data: object


@dataclass
class SiteData:
    vocab: Vocabularies
    festival: Festival
    exhibitors: dict = field(default_factory=dict)  # slug -> Record, sorted by slug
    partners: dict = field(default_factory=dict)
    centres: dict = field(default_factory=dict)
    events: dict = field(default_factory=dict)

    def centre_for(self, kecamatan: str) -> Record:
        return self._centre_by_kecamatan[kecamatan]

    def __post_init__(self):
        self._centre_by_kecamatan = {r.data.kecamatan: r for r in self.centres.values()}


class DataLoader:
    """Reads data/ (`data_path`) for a build whose "now" is `now`."""

    def __init__(self, data_path, images_path, now: dt.datetime):
        self.data_path = Path(data_path)
        self.images_path = Path(images_path).resolve()
        self.now = now
        self.problems: list[Problem] = []

    # -- entry point -------------------------------------------------------------

    def load(self) -> SiteData:
        vocab, regions_document = self.load_vocabularies()
        if self.problems:  # records cannot be checked against broken vocabularies
            raise DataError(self.problems)
        context = self.validation_context(vocab)
        festival, document = self.load_record(self.data_path / "festival.yaml", Festival, context)
        if festival is not None:
            self.check_festival_sources(festival, document)
        centres_by_kecamatan: dict[str, Record] = {}
        checks = {"centres": self.one_centre_check(centres_by_kecamatan)}
        collections = {
            name: self.load_collection(name, model, context, checks.get(name))
            for name, model in COLLECTIONS.items()
        }
        self.check_every_kecamatan_has_a_centre(vocab, regions_document, centres_by_kecamatan)
        if festival is not None:
            self.check_featured_exhibitors(festival, document, collections["exhibitors"])
        if self.problems:
            raise DataError(self.problems)
        return SiteData(vocab, festival.data, **collections)

    def validation_context(self, vocab: Vocabularies) -> dict:
        """What field validators may consult (see fields.py); editor tools use it too."""
        return {"vocab": vocab, "now": self.now, "image_size": self.image_size}

    # -- files -------------------------------------------------------------------

    def display(self, path: Path) -> str:
        """A path as editors see it: relative to the project when possible."""
        relative = os.path.relpath(path)
        return path.as_posix() if relative.startswith("..") else Path(relative).as_posix()

    def read(self, path: Path) -> YamlDocument | None:
        source = self.display(path)
        try:
            return read_yaml(source, path.read_bytes())
        except FileNotFoundError:
            self.problems.append(Problem(source, 1, "", "file_missing"))
        except YamlSourceError as error:
            self.problems.extend(error.problems)
        return None

    def load_record(self, path: Path, model, context) -> tuple[Record | None, YamlDocument]:
        """The record of one file, and the document for locating later problems."""
        document = self.read(path)
        if document is None:
            return None, None
        data, problems = validate_document(model, document, context)
        self.problems.extend(problems)
        if data is None:
            return None, document
        return Record(path.stem, document.source, data), document

    def image_size(self, relative: str) -> int | None:
        """Bytes of an image under content/images/; None if there is none."""
        target = (self.images_path / relative).resolve()
        if not (target.is_relative_to(self.images_path) and target.is_file()):
            return None
        return target.stat().st_size

    # -- vocabularies ------------------------------------------------------------

    def load_vocabularies(self) -> tuple[Vocabularies, YamlDocument | None]:
        tables, regions_document = {}, None
        for name, entry_model in VOCABULARY_ENTRIES.items():
            document = self.read(self.data_path / "vocab" / f"{name}.yaml")
            if document is None:
                tables[name] = {}
                continue
            if name == "regions":
                regions_document = document
            tables[name] = self.validate_vocabulary(document, entry_model)
        return Vocabularies(**tables), regions_document

    def validate_vocabulary(self, document: YamlDocument, entry_model) -> dict:
        if not isinstance(document.data, dict):
            self.problems.append(Problem(document.source, 1, "", "not_mapping"))
            return {}
        entries = {}
        for key in document.data:
            if not KEBAB.match(key):
                line = document.line_of((key,))
                self.problems.append(Problem(document.source, line, key, "key_format", value=key))
            entry, problems = validate_document(entry_model, document, {}, path=(key,))
            self.problems.extend(problems)
            if entry is not None:
                entries[key] = entry
        return entries

    # -- collections ------------------------------------------------------------

    def collection_files(self, folder: Path) -> list[Path]:
        files = []
        for root, dirs, names in os.walk(folder):
            dirs[:] = sorted(d for d in dirs if not d.startswith((".", "_")))
            for name in sorted(names):
                path = Path(root, name)
                if name.endswith(".yaml"):
                    files.append(path)
                elif name.endswith(".yml"):
                    self.problems.append(Problem(self.display(path), 1, "", "extension"))
        return sorted(files)

    def load_collection(self, name: str, model, context, check=None) -> dict:
        """slug -> Record for data/<name>/; `check(record, document)` runs on each."""
        records: dict[str, Record] = {}
        claimed: dict[str, str] = {}  # slug or alias -> the file that has it
        for path in self.collection_files(self.data_path / name):
            record, document = self.load_record(path, model, context)
            if record is None or not self.check_slug(record, document, claimed):
                continue
            if check:
                check(record, document)
            records[record.slug] = record
        return dict(sorted(records.items()))

    def check_slug(self, record: Record, document: YamlDocument, claimed: dict) -> bool:
        """The file's slug and aliases must be well-formed, free and unique."""
        names = [("slug", record.slug, 1)]
        for index, alias in enumerate(getattr(record.data, "aliases", None) or []):
            names.append((f"aliases[{index}]", alias, document.line_of(("aliases", index))))
        ok = True
        for field_name, name, line in names:
            params = {"value": name}
            if not KEBAB.match(name):
                key = "slug_format"
            elif name in RESERVED_SLUGS:
                key = "slug_reserved"
            elif name in claimed:
                key, params["other"] = "duplicate_slug", claimed[name]
            else:
                claimed[name] = record.source
                continue
            self.problems.append(Problem(record.source, line, field_name, key, **params))
            ok = False
        return ok

    # -- checks across files ---------------------------------------------------------

    def check_festival_sources(self, festival: Record, document: YamlDocument) -> None:
        for index, figure in enumerate(festival.data.figures):
            if figure.source not in festival.data.sources:
                self.problems.append(
                    Problem(
                        festival.source,
                        document.line_of(("figures", index, "source")),
                        f"figures[{index}].source",
                        "unknown_reference",
                        value=figure.source,
                        where="sources",
                    )
                )

    def check_featured_exhibitors(self, festival: Record, document, exhibitors: dict) -> None:
        for index, slug in enumerate(festival.data.featured or []):
            if slug not in exhibitors:
                self.problems.append(
                    Problem(
                        festival.source,
                        document.line_of(("featured", index)),
                        f"featured[{index}]",
                        "unknown_reference",
                        value=slug,
                        where="data/exhibitors/",
                    )
                )

    def one_centre_check(self, centres_by_kecamatan: dict):
        """A check for the centres collection: no kecamatan has two centres."""

        def check(record: Record, document: YamlDocument) -> None:
            kecamatan = record.data.kecamatan
            if kecamatan not in centres_by_kecamatan:
                centres_by_kecamatan[kecamatan] = record
                return
            self.problems.append(
                Problem(
                    record.source,
                    document.line_of(("kecamatan",)),
                    "kecamatan",
                    "centre_duplicate",
                    value=kecamatan,
                    other=centres_by_kecamatan[kecamatan].source,
                )
            )

        return check

    def check_every_kecamatan_has_a_centre(self, vocab, regions_document, centres) -> None:
        for key, kecamatan in vocab.kecamatan.items():
            if key not in centres:
                path = (kecamatan.kota, "kecamatan", key)
                self.problems.append(
                    Problem(
                        regions_document.source,
                        regions_document.line_of(path),
                        f"{kecamatan.kota}.kecamatan.{key}",
                        "centre_missing",
                        value=key,
                    )
                )
