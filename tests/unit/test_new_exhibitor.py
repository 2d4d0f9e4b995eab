"""`make new-exhibitor` and the templates in data/_templates/: run as editors
run them, then read back by the loader the build uses."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest
from conftest import FIXED_EPOCH, FIXED_NOW, ROOT
from data_layer.loader import DataLoader
from data_layer.schema import Centre, Event, Exhibitor, Partner
from data_layer.validation import validate_document
from data_layer.yaml_source import read_yaml

SCRIPTS = ROOT / "scripts"


def run(site, script: str, *args: str, lang: str = "en") -> subprocess.CompletedProcess:
    environment = {**os.environ, "DATA_ERRORS_LANG": lang, "SOURCE_DATE_EPOCH": FIXED_EPOCH}
    return subprocess.run(
        [sys.executable, str(SCRIPTS / script), *args, "--settings", str(site.settings)],
        cwd=site.root, env=environment, capture_output=True, text=True, timeout=120,
    )  # fmt: skip


def exhibitors(site, monkeypatch) -> dict:
    monkeypatch.chdir(site.root)
    return DataLoader(site.data, site.content / "images", FIXED_NOW).load().exhibitors


def test_scaffold_is_valid_and_loads(site, monkeypatch):
    result = run(site, "new_exhibitor.py", "Kopi & Teh Señor", "--category", "kuliner",
                 "--kecamatan", "tebet")  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "Written: data/exhibitors/kopi-dan-teh-senor.yaml"
    assert "(still to fill in: summary)" in result.stdout
    assert "make check" in result.stdout and "make devserver" in result.stdout
    record = exhibitors(site, monkeypatch)["kopi-dan-teh-senor"]
    assert (record.data.name, record.data.category, record.data.kecamatan) == (
        "Kopi & Teh Señor", "kuliner", "tebet",
    )  # fmt: skip
    assert record.data.sample is False  # real exhibitors leave `sample` out
    text = (site.data / "exhibitors" / "kopi-dan-teh-senor.yaml").read_text(encoding="utf-8")
    assert not re.search(r"^sample:", text, flags=re.MULTILINE)


def test_scaffold_speaks_indonesian_by_default(site):
    result = run(site, "new_exhibitor.py", "Kopi Senja", lang="id")
    assert result.stdout.startswith("Ditulis: data/exhibitors/kopi-senja.yaml\nLangkah berikutnya:")


def test_placeholders_left_are_what_make_check_reports(site):
    assert run(site, "new_exhibitor.py", "Kopi Senja").returncode == 0
    check = run(site, "check.py")
    assert check.returncode == 1
    assert [re.sub(r":\d+:", ":N:", line) for line in check.stdout.splitlines()] == [
        "data/exhibitors/kopi-senja.yaml:N: category: 'GANTI' is not a known category; "
        "see data/vocab/categories.yaml",
        "data/exhibitors/kopi-senja.yaml:N: kecamatan: 'GANTI' is not a kecamatan of DKI "
        "Jakarta; see data/vocab/regions.yaml",
    ]


def test_refuses_a_slug_that_exists_in_any_subfolder(site):
    existing = site.exhibitor("kopi-senja")
    moved = site.data / "exhibitors" / "tebet" / "kopi-senja.yaml"
    moved.parent.mkdir()
    existing.rename(moved)
    before = moved.read_bytes()
    result = run(site, "new_exhibitor.py", "Kopi Senja", "--category", "kuliner")
    assert result.returncode == 1
    assert result.stdout == (
        "'kopi-senja' already exists: data/exhibitors/tebet/kopi-senja.yaml; "
        "edit that file or choose another name\n"
    )
    assert moved.read_bytes() == before
    assert not (site.data / "exhibitors" / "kopi-senja.yaml").exists()


def test_refuses_a_reserved_slug(site):
    result = run(site, "new_exhibitor.py", "Kategori")
    assert result.returncode == 1
    assert result.stdout == (
        "name 'kategori' clashes with a page the site generates; choose another name\n"
    )
    assert list((site.data / "exhibitors").iterdir()) == []


def test_a_mistyped_option_is_named_and_nothing_written(site):
    result = run(site, "new_exhibitor.py", "Kopi Senja", "--kecamatan", "tebett")
    assert result.returncode == 1
    assert result.stdout == (
        "--kecamatan: 'tebett' is not a kecamatan of DKI Jakarta (did you mean 'tebet'?)\n"
    )
    assert list((site.data / "exhibitors").iterdir()) == []


# -- the templates ----------------------------------------------------------------------

TEMPLATES = [("exhibitor", Exhibitor), ("partner", Partner), ("centre", Centre), ("event", Event)]


@pytest.mark.parametrize(("name", "model"), TEMPLATES)
def test_template_shows_every_field_and_fills_the_required_ones(name, model):
    text = (ROOT / "data" / "_templates" / f"{name}.yaml").read_text(encoding="utf-8")
    filled = list(read_yaml(name, text.encode()).data)
    commented = re.findall(r"^# ([a-z_]+):", text, flags=re.MULTILINE)
    required = [key for key, info in model.model_fields.items() if info.is_required()]
    assert filled == required
    assert filled + commented == list(model.model_fields)  # every field, in schema order


@pytest.mark.parametrize(("name", "model"), TEMPLATES)
def test_template_placeholders_are_marked_and_only_they_fail(name, model):
    loader = DataLoader(ROOT / "data", ROOT / "content" / "images", FIXED_NOW)
    vocab, _ = loader.load_vocabularies()
    context = loader.validation_context(vocab)
    text = (ROOT / "data" / "_templates" / f"{name}.yaml").read_text(encoding="utf-8")
    document = read_yaml(name, text.encode())
    assert all(str(value).startswith("GANTI") for value in document.data.values())
    _, problems = validate_document(model, document, context)
    assert problems, "a template copied unchanged must not pass make check"
    assert all("'GANTI" in problem.message("en") for problem in problems)
