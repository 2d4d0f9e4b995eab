"""Load every file of the data contract, validate it, and check the records
against each other. All problems of a run are collected and raised together.

With a cache folder, a file whose bytes were validated before gives its
record from the cache (record_cache.py); the checks across records
(cross_checks.py) run over every record all the same.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import os
from dataclasses import dataclass, field
from pathlib import Path

from . import cross_checks
from .collector import kept_for_the_build
from .compact import share_fields_sets
from .cross_checks import RESERVED_SLUGS  # noqa: F401 - scripts/slugs.py reads it here
from .data_files import DataFile, collection_files, data_file, display, read_bytes
from .fields import KEBAB
from .messages import DataError, Problem
from .record_cache import RecordCache, cache_version, record_key
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


@dataclass(frozen=True, slots=True)
class Record:
    """One validated file: its slug (the file stem), where it came from, its
    data, and a digest of its bytes (pages made from it are cached by it)."""

    slug: str
    source: str
    data: object
    digest: bytes = b""


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


class LazyDocument:
    """A cached record's file, parsed again only if a check across records
    must name one of its lines: from the bytes its cache entry was found by,
    or, when its signature found it (record_cache.py), from the file."""

    __slots__ = ("source", "path", "raw")

    def __init__(self, source: str, path: str, raw: bytes | None):
        self.source, self.path, self.raw = source, path, raw

    def line_of(self, path) -> int:
        raw = self.raw if self.raw is not None else read_bytes(self.path)
        return read_yaml(self.source, raw).line_of(path)


@contextlib.contextmanager
def collector_paused():
    """The load's objects kept for the build (collector.py). What an earlier
    load in this process (tests, tools) froze may be garbage now, and is
    only seen unfrozen: it is unfrozen and collected first."""
    if gc.get_freeze_count():
        gc.unfreeze()
        gc.collect()
    with kept_for_the_build():
        yield


class DataLoader:
    """Reads data/ (`data_path`) for a build whose "now" is `now`; with
    `cache_path`, keeps validated records there for the next load."""

    def __init__(self, data_path, images_path, now: dt.datetime, cache_path=None):
        self.data_path = Path(data_path)
        self.images_path = Path(images_path).resolve()
        self.now = now
        self.cache_path = cache_path
        self.cache: RecordCache | None = None
        self.images_read: list | None = None  # (image, size) read by the record in hand
        self.problems: list[Problem] = []

    # -- entry point -------------------------------------------------------------

    def load(self) -> SiteData:
        with collector_paused():
            return self.load_all()

    def load_all(self) -> SiteData:
        vocab, regions_document = self.load_vocabularies()
        if self.problems:  # records cannot be checked against broken vocabularies
            raise DataError(self.problems)
        if self.cache_path is not None:
            version = cache_version(self.data_path / "vocab", self.context_key())
            self.cache = RecordCache(self.cache_path, version)
        context = self.validation_context(vocab)
        festival_file = data_file(self.data_path / "festival.yaml")
        festival, document = self.load_record(festival_file, Festival, context)
        if festival is not None:
            self.problems += cross_checks.festival_sources_exist(festival, document)
        centres = cross_checks.OneCentrePerKecamatan()
        collections = {
            name: self.load_collection(name, model, context, centres if name == "centres" else None)
            for name, model in COLLECTIONS.items()
        }
        self.problems += cross_checks.every_kecamatan_has_a_centre(
            vocab, regions_document, centres.by_kecamatan
        )
        if festival is not None:
            exhibitors = collections["exhibitors"]
            self.problems += cross_checks.featured_exhibitors_exist(festival, document, exhibitors)
        if self.cache is not None:  # valid records are kept even when others are not
            self.cache.save()
        if self.problems:
            raise DataError(self.problems)
        return SiteData(vocab, festival.data, **collections)

    def validation_context(self, vocab: Vocabularies) -> dict:
        """What field validators may consult (see fields.py); editor tools use it too."""
        return {"vocab": vocab, "now": self.now, "image_size": self.image_size}

    def context_key(self) -> str:
        """What of validation_context, besides the vocabularies and the images,
        a record depends on: part of the record cache's version. (`now` only
        gives the latest year `established` may be.)"""
        return f"year={self.now.year}"

    # -- files -------------------------------------------------------------------

    def read(self, path: Path) -> YamlDocument | None:
        source = display(path)
        raw = self.read_bytes(path, source)
        return None if raw is None else self.parse(source, raw)

    def read_bytes(self, path, source: str) -> bytes | None:
        try:
            return read_bytes(path)
        except FileNotFoundError:
            self.problems.append(Problem(source, 1, "", "file_missing"))
        return None

    def parse(self, source: str, raw: bytes) -> YamlDocument | None:
        try:
            return read_yaml(source, raw)
        except YamlSourceError as error:
            self.problems.extend(error.problems)
        return None

    def image_size(self, relative: str) -> int | None:
        """Bytes of an image under content/images/; None if there is none."""
        target = (self.images_path / relative).resolve()
        if not (target.is_relative_to(self.images_path) and target.is_file()):
            size = None
        else:
            size = target.stat().st_size
        if self.images_read is not None:  # a record is being validated: noted for the cache
            self.images_read.append((relative, size))
        return size

    # -- one record ----------------------------------------------------------------

    def load_record(self, file: DataFile, model, context):
        """The record of one file, and its document for locating later problems."""
        if self.cache is not None:
            return self.load_cached_record(file, model, context)
        raw = self.read_bytes(file.path, file.source)
        if raw is None:
            return None, None
        return self.validate_record(file, model, context, raw, record_key(model, raw))

    def load_cached_record(self, file: DataFile, model, context):
        """load_record, from the cache where it holds the file's record: found
        by the file's signature without reading it, or by its bytes."""
        try:
            stat = os.stat(file.path)
        except FileNotFoundError:
            self.problems.append(Problem(file.source, 1, "", "file_missing"))
            return None, None
        key = self.cache.known_key(file.path, stat)
        data = None if key is None else self.cached(key)
        raw = None  # not read: its lines are read from the file if asked for
        if data is None:
            raw = self.read_bytes(file.path, file.source)
            if raw is None:
                return None, None
            key = record_key(model, raw)
            self.cache.note_file(file.path, stat, key)
            data = self.cached(key)
            if data is None:
                return self.validate_record(file, model, context, raw, key)
        return Record(file.slug, file.source, data, key), LazyDocument(file.source, file.path, raw)

    def validate_record(self, file: DataFile, model, context, raw: bytes, key: bytes):
        document = self.parse(file.source, raw)
        if document is None:
            return None, None
        data = self.validate(model, document, context, key if self.cache is not None else None)
        if data is None:
            return None, document
        return Record(file.slug, file.source, data, key), document

    def validate(self, model, document: YamlDocument, context, key: bytes | None):
        """The validated data of `document` (stored in the cache), or None."""
        self.images_read = []
        data, problems = validate_document(model, document, context)
        images, self.images_read = tuple(self.images_read), None
        self.problems.extend(problems)
        if data is not None:
            share_fields_sets(data)
            if key is not None:
                self.cache.put(key, (data, images))
        return data

    def cached(self, key: bytes):
        """The cached data for `key`, if the images it names are as they were."""
        entry = self.cache.take(key)
        if entry is None:
            return None
        data, images = entry
        if images and any(self.image_size(image) != size for image, size in images):
            self.cache.discard(key)
            return None
        return data

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

    def load_collection(self, name: str, model, context, check=None) -> dict:
        """slug -> Record for data/<name>/; `check.check(record, document)` runs on each."""
        records: dict[str, Record] = {}
        slugs = cross_checks.SlugClaims()
        for file in collection_files(self.data_path / name, self.problems):
            record, document = self.load_record(file, model, context)
            if record is None:
                continue
            problems = slugs.check(record, document)
            if problems:
                self.problems += problems
                continue
            if check:
                self.problems += check.check(record, document)
            records[record.slug] = record
        return dict(sorted(records.items()))
