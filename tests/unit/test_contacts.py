"""WhatsApp and phone numbers: checked with phonenumbers, linked in E.164."""

from __future__ import annotations

import pytest
from directory.contacts import whatsapp_link


@pytest.mark.parametrize("written", ["081234567890", "+6281234567890", "0812-3456-7890",
                                     "62 812 3456 7890"])  # fmt: skip
def test_whatsapp_link_is_e164_with_a_prefilled_greeting(written):
    assert whatsapp_link(written, "Kopi & Teh", "id") == (
        "https://wa.me/6281234567890?text=Halo%20Kopi%20%26%20Teh%2C%20saya%20melihat%20"
        "usaha%20Anda%20di%20situs%20Jakpreneur%20Fest."
    )


def test_greeting_follows_the_page_language():
    assert "text=Hello%20Kopi%2C%20I%20found" in whatsapp_link("081234567890", "Kopi", "en")


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("whatsapp", "0812345", "'0812345' is not an Indonesian WhatsApp number"),
        ("whatsapp", "0215551234", "'0215551234' is not an Indonesian WhatsApp number"),
        ("whatsapp", "+6581234567", "'+6581234567' is not an Indonesian WhatsApp number"),
        ("phone", "12345", "'12345' is not an Indonesian phone number"),
    ],
)
def test_bad_numbers_are_located_data_errors(site, monkeypatch, field, value, message):
    from test_data_errors import problems

    monkeypatch.chdir(site.root)
    site.exhibitor("kontak", **{field: f"'{value}'"})
    [line] = problems(site)
    assert line.startswith(f"data/exhibitors/kontak.yaml:6: {field}: {message}")
