"""Checks of records against each other: they depend on the whole set, so
they run on every load, over every record, cached or not.

`document` is whatever can say where a path was written (a YamlDocument, or
the loader's LazyDocument for a cached record); it is asked only for the
line of a problem.
"""

from __future__ import annotations

from .fields import KEBAB
from .messages import Problem

# Slugs that would shadow a path the site generates beside the records
# (listing pages, facets, the A-Z index, the whole-fest calendar).
RESERVED_SLUGS = frozenset({"page", "kategori", "kecamatan", "kota", "a-z", "index", "agenda"})


class SlugClaims:
    """Within a collection, each slug or alias names one file."""

    def __init__(self):
        self.claimed: dict[str, str] = {}  # slug or alias -> the file that has it

    def check(self, record, document) -> list[Problem]:
        """The file's slug and aliases must be well-formed, free and unique."""
        aliases = getattr(record.data, "aliases", None)
        slug = record.slug
        # The usual case, for nearly every record of every build, in short:
        if (
            not aliases
            and slug not in self.claimed
            and slug not in RESERVED_SLUGS
            and KEBAB.match(slug)
        ):
            self.claimed[slug] = record.source
            return []
        names = [("slug", slug, None)]
        for index, alias in enumerate(aliases or []):
            names.append((f"aliases[{index}]", alias, ("aliases", index)))
        problems = []
        for field_name, name, path in names:
            params = {"value": name}
            if not KEBAB.match(name):
                key = "slug_format"
            elif name in RESERVED_SLUGS:
                key = "slug_reserved"
            elif name in self.claimed:
                key, params["other"] = "duplicate_slug", self.claimed[name]
            else:
                self.claimed[name] = record.source
                continue
            line = 1 if path is None else document.line_of(path)
            problems.append(Problem(record.source, line, field_name, key, **params))
        return problems


class OneCentrePerKecamatan:
    """A check for the centres collection: no kecamatan has two centres."""

    def __init__(self):
        self.by_kecamatan: dict = {}  # kecamatan -> its centre's record

    def check(self, record, document) -> list[Problem]:
        kecamatan = record.data.kecamatan
        if kecamatan not in self.by_kecamatan:
            self.by_kecamatan[kecamatan] = record
            return []
        return [
            Problem(
                record.source,
                document.line_of(("kecamatan",)),
                "kecamatan",
                "centre_duplicate",
                value=kecamatan,
                other=self.by_kecamatan[kecamatan].source,
            )
        ]


def every_kecamatan_has_a_centre(vocab, regions_document, centres: dict) -> list[Problem]:
    problems = []
    for key, kecamatan in vocab.kecamatan.items():
        if key not in centres:
            path = (kecamatan.kota, "kecamatan", key)
            problems.append(
                Problem(
                    regions_document.source,
                    regions_document.line_of(path),
                    f"{kecamatan.kota}.kecamatan.{key}",
                    "centre_missing",
                    value=key,
                )
            )
    return problems


def festival_sources_exist(festival, document) -> list[Problem]:
    return [
        Problem(
            festival.source,
            document.line_of(("figures", index, "source")),
            f"figures[{index}].source",
            "unknown_reference",
            value=figure.source,
            where="sources",
        )
        for index, figure in enumerate(festival.data.figures)
        if figure.source not in festival.data.sources
    ]


def featured_exhibitors_exist(festival, document, exhibitors: dict) -> list[Problem]:
    return [
        Problem(
            festival.source,
            document.line_of(("featured", index)),
            f"featured[{index}]",
            "unknown_reference",
            value=slug,
            where="data/exhibitors/",
        )
        for index, slug in enumerate(festival.data.featured or [])
        if slug not in exhibitors
    ]
