"""Every interface string of the templates and plugins is translated in the
Indonesian catalog, and Babel formats dates and numbers per language."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

from conftest import ROOT
from theme_i18n.formatting import format_date, format_number, format_time


def test_indonesian_catalog_translates_every_interface_string():
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "i18n_catalogs.py"), "check"],
        capture_output=True, text=True,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout


def test_an_untranslated_string_is_caught(tmp_path, monkeypatch):
    sys.path.insert(0, str(ROOT / "scripts"))
    import i18n_catalogs

    template = i18n_catalogs.extract()
    template.add("A brand-new interface string")
    assert i18n_catalogs.untranslated("id", template) == ["A brand-new interface string"]


def test_dates_times_and_numbers_per_language():
    day = dt.date(2021, 10, 24)
    assert format_date(day, "id") == "24 Oktober 2021"
    assert format_date(day, "en") == "October 24, 2021"
    evening = dt.datetime(2021, 10, 24, 12, 30, tzinfo=dt.UTC)
    assert format_time(evening, "id") == "19.30 WIB"
    assert format_number(281000, "id") == "281.000"
    assert format_number(281000, "en") == "281,000"
